"""log_retention_auditor: pagination, throttling retries, the cap, the dry-run default, bad input,
the report, metrics and notification. moto in-process for behaviour, botocore Stubber for the exact
API contract, and a transport-level hook for retries (Stubber answers before the retry logic runs)."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.stub import Stubber
from moto import mock_aws

from agentcore_finops import aws as acf_aws
from agentcore_finops.errors import FieldError, FieldErrors
from log_retention_auditor import audit, handler
from log_retention_auditor.audit import Auditor, AuditPolicy, covering_prefixes, policy_from_env
from tests import harness

PRICE = Decimal("0.03")
EVENTS = Path(audit.__file__).parent / "events"
REGION = "us-east-1"

AUDITOR_CONTEXT = harness.lambda_context("acme-log-retention-auditor")


def _policy(**kw) -> AuditPolicy:
    return AuditPolicy(include_prefixes=kw.pop("include_prefixes", ("/acme/",)), **kw).check()


def _group(name, retention=None, stored=0):
    g = {
        "logGroupName": name,
        "storedBytes": stored,
        "arn": f"arn:aws:logs:{REGION}:123456789012:log-group:{name}:*",
    }
    if retention is not None:
        g["retentionInDays"] = retention
    return g


@pytest.fixture
def moto_logs(monkeypatch):
    """In-process moto; the project's cached clients are reset around each test."""
    for k in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        acf_aws.reset_clients()
        handler.configured_policy.cache_clear()
        yield boto3.client("logs", region_name=REGION)
    acf_aws.reset_clients()
    handler.configured_policy.cache_clear()


def _retention(logs, name):
    return logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0].get("retentionInDays")


def _snapshot(logs):
    out, token = {}, None
    while True:
        page = logs.describe_log_groups(**({"nextToken": token} if token else {}))
        out.update({g["logGroupName"]: g.get("retentionInDays") for g in page["logGroups"]})
        token = page.get("nextToken")
        if not token:
            return out


# -- pagination -------------------------------------------------------------------------------------


def test_every_page_is_read_with_the_prefix_and_the_largest_page_size():
    logs = boto3.client("logs", region_name=REGION, aws_access_key_id="t", aws_secret_access_key="t")
    pages = [
        ([_group(f"/acme/a{i:03d}") for i in range(50)], "t1"),
        ([_group(f"/acme/b{i:03d}", retention=30) for i in range(50)], "t2"),
        ([_group("/acme/c000", retention=3653)], None),
    ]
    with Stubber(logs) as stub:
        previous = None
        for groups, token in pages:
            params = {"logGroupNamePrefix": "/acme/", "limit": 50}
            if previous:
                params["nextToken"] = previous
            response = {"logGroups": groups, **({"nextToken": token} if token else {})}
            stub.add_response("describe_log_groups", response, params)
            previous = token
        report = Auditor(logs, PRICE).run(_policy())
        stub.assert_no_pending_responses()
    assert report.describe_calls == 3
    assert report.scanned == 101
    assert (report.without_retention, report.compliant, report.over_maximum) == (50, 50, 1)


def test_overlapping_prefixes_are_listed_once():
    assert covering_prefixes(["/aws/lambda/acme-", "/aws/", "/acme/x", "/acme/", "/aws/"]) == [
        "/acme/",
        "/aws/",
    ]
    logs = boto3.client("logs", region_name=REGION, aws_access_key_id="t", aws_secret_access_key="t")
    with Stubber(logs) as stub:
        stub.add_response(
            "describe_log_groups",
            {"logGroups": [_group("/aws/lambda/acme-x")]},
            {"logGroupNamePrefix": "/aws/", "limit": 50},
        )
        report = Auditor(logs, PRICE).run(_policy(include_prefixes=("/aws/lambda/", "/aws/")))
        stub.assert_no_pending_responses()
    assert report.scanned == 1 and report.describe_calls == 1


def test_pagination_against_moto(moto_logs):
    for i in range(137):
        moto_logs.create_log_group(logGroupName=f"/acme/svc-{i:03d}")
    report = Auditor(acf_aws.client("logs"), PRICE).run(_policy())
    assert report.scanned == 137 and report.without_retention == 137
    assert report.describe_calls == 3  # 50 + 50 + 37


# -- throttling -------------------------------------------------------------------------------------


def _json_response(status: int, body: dict) -> AWSResponse:
    raw = SimpleNamespace(stream=lambda **_: iter([json.dumps(body).encode()]))
    return AWSResponse(
        "https://logs.us-east-1.amazonaws.com/", status, {"Content-Type": "application/x-amz-json-1.1"}, raw
    )


class Transport:
    """Answers at the HTTP layer (botocore's before-send), below the retry handler."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.sent: list[str] = []

    def __call__(self, request, **_):
        self.sent.append(request.headers.get("X-Amz-Target", b"").decode())
        status, body = self.answers.pop(0)
        return _json_response(status, body)


THROTTLED = (400, {"__type": "ThrottlingException", "message": "Rate exceeded"})


@pytest.fixture
def no_sleep(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr("time.sleep", lambda s: slept.append(s))
    return slept


def test_a_throttled_describe_is_retried_with_adaptive_retries(monkeypatch, no_sleep):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "t")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "t")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    acf_aws.reset_clients()
    logs = acf_aws.client("logs", REGION)
    assert logs.meta.config.retries["mode"] == "adaptive"
    transport = Transport([THROTTLED, THROTTLED, (200, {"logGroups": [_group("/acme/x")]})])
    logs.meta.events.register_first("before-send.cloudwatch-logs", transport)
    try:
        report = Auditor(logs, PRICE).run(_policy())
    finally:
        acf_aws.reset_clients()
    assert transport.sent == ["Logs_20140328.DescribeLogGroups"] * 3
    assert report.scanned == 1 and report.describe_calls == 1
    assert len(no_sleep) >= 2, "backed off before each retry"


def test_a_throttled_retention_change_is_retried(monkeypatch, no_sleep):
    logs = boto3.session.Session().client(
        "logs",
        region_name=REGION,
        aws_access_key_id="t",
        aws_secret_access_key="t",
        config=acf_aws.client_config(),
    )
    transport = Transport([(200, {"logGroups": [_group("/acme/x", stored=10)]}), THROTTLED, (200, {})])
    logs.meta.events.register_first("before-send.cloudwatch-logs", transport)
    report = Auditor(logs, PRICE).run(_policy(mode="enforce"))
    assert transport.sent[1:] == ["Logs_20140328.PutRetentionPolicy"] * 2
    assert report.changed == 1 and report.findings[0].action == audit.SET


def test_throttling_beyond_the_retry_budget_surfaces(no_sleep):
    logs = boto3.session.Session().client(
        "logs",
        region_name=REGION,
        aws_access_key_id="t",
        aws_secret_access_key="t",
        config=acf_aws.client_config(max_attempts=3),
    )
    transport = Transport([THROTTLED] * 3)
    logs.meta.events.register_first("before-send.cloudwatch-logs", transport)
    report = Auditor(logs, PRICE).run(_policy())
    assert len(transport.sent) == 3, "client_config(max_attempts=3) means three attempts, the first included"
    assert report.list_errors == [
        {"prefix": "/acme/", "error": "ThrottlingException", "message": "Rate exceeded"}
    ]
    assert report.scanned == 0 and report.changed == 0


# -- the cap, the dry-run default, repeat runs --------------------------------------------------------


def _fill(logs, n, prefix="/acme/svc-", retention=None, events_for=()):
    for i in range(n):
        name = f"{prefix}{i:03d}"
        logs.create_log_group(logGroupName=name)
        if retention:
            logs.put_retention_policy(logGroupName=name, retentionInDays=retention)
        if i in events_for:
            logs.create_log_stream(logGroupName=name, logStreamName="s")
            logs.put_log_events(
                logGroupName=name,
                logStreamName="s",
                logEvents=[{"timestamp": int(time.time() * 1000), "message": "x" * (100 * (i + 1))}],
            )


def test_the_cap_limits_changes_largest_groups_first(moto_logs):
    _fill(moto_logs, 30, events_for=(3, 7, 11))
    auditor = Auditor(acf_aws.client("logs"), PRICE)

    report = auditor.run(_policy(mode="enforce", max_changes=10))
    assert report.changed == 10 and report.capped == 20
    changed = [f.log_group for f in report.findings if f.action == audit.SET]
    assert changed[:3] == ["/acme/svc-011", "/acme/svc-007", "/acme/svc-003"], "largest stored bytes first"
    after = _snapshot(moto_logs)
    assert sorted(n for n, r in after.items() if r == 30) == sorted(changed)
    assert sum(r is None for r in after.values()) == 20

    again = auditor.run(_policy(mode="enforce", max_changes=10))
    assert again.without_retention == 20 and again.changed == 10
    last = auditor.run(_policy(mode="enforce", max_changes=100))
    assert last.changed == 10 and last.capped == 0
    final = auditor.run(_policy(mode="enforce"))
    assert final.non_compliant == 0 and final.changed == 0 and final.findings == []


def test_a_cap_of_zero_changes_nothing(moto_logs):
    _fill(moto_logs, 5)
    report = Auditor(acf_aws.client("logs"), PRICE).run(_policy(mode="enforce", max_changes=0))
    assert report.changed == 0 and report.capped == 5
    assert set(_snapshot(moto_logs).values()) == {None}


def test_report_mode_is_the_default_and_changes_nothing(moto_logs, monkeypatch):
    _fill(moto_logs, 12)
    _fill(moto_logs, 3, prefix="/acme/long-", retention=3653)
    monkeypatch.setenv("INCLUDE_PREFIXES", '["/acme/"]')
    monkeypatch.setenv("MAX_CHANGES", "10")
    assert policy_from_env({"INCLUDE_PREFIXES": '["/acme/"]'}).mode == "report"
    before = _snapshot(moto_logs)
    out = handler.lambda_handler({}, AUDITOR_CONTEXT)
    assert _snapshot(moto_logs) == before
    assert out["mode"] == "report" and out["changed"] == 0
    assert out["would_change"] == 10 and out["capped"] == 2, "the dry run shows exactly what enforce would do"
    actions = {f["action"] for f in out["findings"]}
    assert actions == {audit.WOULD_SET, audit.CAPPED, audit.LEFT_LONGER}


def test_longer_retention_is_left_alone_unless_shortening_is_allowed(moto_logs):
    _fill(moto_logs, 2, prefix="/acme/long-", retention=365)
    _fill(moto_logs, 1, prefix="/acme/ok-", retention=90)
    auditor = Auditor(acf_aws.client("logs"), PRICE)
    report = auditor.run(_policy(mode="enforce"))
    assert report.over_maximum == 2 and report.changed == 0 and report.compliant == 1
    assert [f.action for f in report.findings] == [audit.LEFT_LONGER] * 2
    assert "above the maximum of 90" in report.findings[0].reason
    assert _retention(moto_logs, "/acme/long-000") == 365

    shortened = auditor.run(_policy(mode="enforce", allow_shorten=True))
    assert [f.action for f in shortened.findings] == [audit.SHORTEN] * 2
    assert _retention(moto_logs, "/acme/long-000") == 30 and _retention(moto_logs, "/acme/ok-000") == 90


def test_exclude_prefixes_and_groups_outside_the_prefixes_are_untouched(moto_logs):
    _fill(moto_logs, 3, prefix="/acme/svc-")
    _fill(moto_logs, 3, prefix="/acme/keep/")
    _fill(moto_logs, 3, prefix="/other/")
    report = Auditor(acf_aws.client("logs"), PRICE).run(
        _policy(mode="enforce", exclude_prefixes=("/acme/keep/",))
    )
    assert report.scanned == 3 and report.excluded == 3 and report.changed == 3
    after = _snapshot(moto_logs)
    assert all(after[f"/acme/keep/{i:03d}"] is None and after[f"/other/{i:03d}"] is None for i in range(3))


def test_an_invocation_about_to_time_out_defers_changes(moto_logs):
    _fill(moto_logs, 4)
    report = Auditor(acf_aws.client("logs"), PRICE).run(_policy(mode="enforce"), remaining_ms=lambda: 5_000)
    assert report.deferred == 4 and report.changed == 0


# -- the report ---------------------------------------------------------------------------------------


def test_report_rows_carry_bytes_retention_target_action_and_cost():
    logs = boto3.client("logs", region_name=REGION, aws_access_key_id="t", aws_secret_access_key="t")
    gib = 1024**3
    with Stubber(logs) as stub:
        stub.add_response(
            "describe_log_groups",
            {
                "logGroups": [
                    _group("/acme/big", stored=10 * gib),
                    _group("/acme/old", retention=3653, stored=gib),
                ]
            },
        )
        report = Auditor(logs, PRICE).run(_policy(target_retention_days=14, max_retention_days=30))
    rows = [vars(f) for f in report.findings]
    assert rows == [
        {
            "log_group": "/acme/big",
            "stored_bytes": 10 * gib,
            "current_retention_days": None,
            "target_retention_days": 14,
            "action": audit.WOULD_SET,
            "reason": "no retention: kept forever",
            "estimated_monthly_storage_usd": 0.3,
            "error": None,
        },
        {
            "log_group": "/acme/old",
            "stored_bytes": gib,
            "current_retention_days": 3653,
            "target_retention_days": 14,
            "action": audit.LEFT_LONGER,
            "reason": "retention of 3653 days is above the maximum of 30",
            "estimated_monthly_storage_usd": 0.03,
            "error": None,
        },
    ]
    assert report.unmanaged_bytes == 10 * gib and report.non_compliant_bytes == 11 * gib
    assert report.estimated_monthly_storage_usd == 0.33
    json.dumps(report.to_dict())  # serialisable as the Lambda's result


def test_a_failed_change_is_reported_and_raised_after_metrics(moto_logs, monkeypatch, capsys):
    _fill(moto_logs, 2)
    logs = acf_aws.client("logs")
    real_put = logs.put_retention_policy

    def put(**kw):
        if kw["logGroupName"].endswith("001"):
            raise logs.exceptions.ClientError(
                {"Error": {"Code": "AccessDeniedException", "Message": "not allowed"}}, "PutRetentionPolicy"
            )
        return real_put(**kw)

    monkeypatch.setattr(logs, "put_retention_policy", put)
    monkeypatch.setenv("INCLUDE_PREFIXES", '["/acme/"]')
    monkeypatch.setenv("MODE", "enforce")
    with pytest.raises(handler.AuditFailed, match="1 retention change") as info:
        handler.lambda_handler({}, AUDITOR_CONTEXT)
    report = info.value.report
    by_name = {f.log_group: f for f in report.findings}
    assert by_name["/acme/svc-000"].action == audit.SET
    assert (
        by_name["/acme/svc-001"].action == audit.FAILED and "AccessDenied" in by_name["/acme/svc-001"].error
    )
    emf = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    assert emf and emf[-1]["LogGroupChangesFailed"] == [1.0] and emf[-1]["LogGroupsFixed"] == [1.0]


def test_a_group_deleted_during_the_run_is_not_a_failure(moto_logs, monkeypatch):
    _fill(moto_logs, 1)
    logs = acf_aws.client("logs")

    def put(**kw):
        raise logs.exceptions.ResourceNotFoundException(
            {"Error": {"Code": "ResourceNotFoundException", "Message": "gone"}}, "PutRetentionPolicy"
        )

    monkeypatch.setattr(logs, "put_retention_policy", put)
    report = Auditor(logs, PRICE).run(_policy(mode="enforce"))
    assert report.failed == 0 and report.findings[0].action == audit.GONE


def test_metrics_are_emf_in_the_project_namespace(moto_logs, monkeypatch, capsys):
    _fill(moto_logs, 3, events_for=(0,))
    _fill(moto_logs, 2, prefix="/acme/ok-", retention=30)
    monkeypatch.setenv("INCLUDE_PREFIXES", '["/acme/"]')
    monkeypatch.setenv("MODE", "enforce")
    handler.lambda_handler({}, AUDITOR_CONTEXT)
    emf = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line][-1]
    directive = emf["_aws"]["CloudWatchMetrics"][0]
    assert directive["Namespace"] == "AgentCoreFinOps"
    assert {m["Name"] for m in directive["Metrics"]} == set(handler.METRIC_NAMES)
    assert (emf["LogGroupsScanned"], emf["LogGroupsNonCompliant"], emf["LogGroupsFixed"]) == (
        [5.0],
        [3.0],
        [3.0],
    )
    assert emf["UnmanagedStoredBytes"] == [100.0]


def test_sns_is_told_when_non_compliant_groups_exist(moto_logs, monkeypatch):
    sns, sqs = boto3.client("sns", region_name=REGION), boto3.client("sqs", region_name=REGION)
    topic = sns.create_topic(Name="retention")["TopicArn"]
    queue = sqs.create_queue(QueueName="inbox")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    monkeypatch.setenv("INCLUDE_PREFIXES", '["/acme/"]')
    monkeypatch.setenv("SNS_TOPIC_ARN", topic)

    _fill(moto_logs, 1, prefix="/acme/ok-", retention=30)
    handler.lambda_handler({}, AUDITOR_CONTEXT)
    assert "Messages" not in sqs.receive_message(QueueUrl=queue), "nothing to say when all is compliant"

    _fill(moto_logs, 60)
    handler.lambda_handler({}, AUDITOR_CONTEXT)
    envelope = json.loads(sqs.receive_message(QueueUrl=queue)["Messages"][0]["Body"])
    assert envelope["Subject"] == "Log retention: 60 non-compliant log groups (report mode)"
    body = json.loads(envelope["Message"])
    assert body["summary"]["non_compliant"] == 60 and len(body["findings"]) == 50
    assert body["findings_not_listed"] == 10


def test_an_eventbridge_scheduled_event_runs_the_configured_policy(moto_logs, monkeypatch):
    monkeypatch.setenv("INCLUDE_PREFIXES", '["/acme/"]')
    _fill(moto_logs, 2)
    event = json.loads((EVENTS / "eventbridge-scheduled.json").read_text())
    assert handler.lambda_handler(event, AUDITOR_CONTEXT)["would_change"] == 2


# -- bad input ----------------------------------------------------------------------------------------

BASE_ENV = {"INCLUDE_PREFIXES": '["/acme/"]'}

BAD_ENV = {
    "missing include": ({}, "INCLUDE_PREFIXES", "is not set"),
    "include not json": ({"INCLUDE_PREFIXES": "/acme/"}, "INCLUDE_PREFIXES", "is not JSON"),
    "include not a list": ({"INCLUDE_PREFIXES": '"/acme/"'}, "INCLUDE_PREFIXES", "list of strings"),
    "include empty": ({"INCLUDE_PREFIXES": "[]"}, "INCLUDE_PREFIXES", "is empty"),
    "include bad chars": (
        {"INCLUDE_PREFIXES": '["/acme/*"]'},
        "INCLUDE_PREFIXES",
        "invalid log group name prefix",
    ),
    "mode": ({**BASE_ENV, "MODE": "fix"}, "MODE", "unknown mode 'fix'"),
    "target not accepted": (
        {**BASE_ENV, "TARGET_RETENTION_DAYS": "31"},
        "TARGET_RETENTION_DAYS",
        "not a retention CloudWatch accepts",
    ),
    "target above max": (
        {**BASE_ENV, "TARGET_RETENTION_DAYS": "90", "MAX_RETENTION_DAYS": "60"},
        "TARGET_RETENTION_DAYS",
        "above the maximum (MAX_RETENTION_DAYS = 60)",
    ),
    "max changes not a number": ({**BASE_ENV, "MAX_CHANGES": "ten"}, "MAX_CHANGES", "whole number"),
    "max changes too high": ({**BASE_ENV, "MAX_CHANGES": "20000"}, "MAX_CHANGES", "out of range"),
    "allow shorten": ({**BASE_ENV, "ALLOW_SHORTEN": "yes"}, "ALLOW_SHORTEN", "true or false"),
    "sns arn": ({**BASE_ENV, "SNS_TOPIC_ARN": "retention-topic"}, "SNS_TOPIC_ARN", "not an SNS topic ARN"),
}


@pytest.mark.parametrize("case", BAD_ENV, ids=list(BAD_ENV))
def test_bad_configuration_names_the_variable(case):
    env, field, problem = BAD_ENV[case]
    with pytest.raises(FieldError) as info:
        policy_from_env(env)
    assert info.value.field == field and problem in str(info.value)


def test_several_bad_variables_are_reported_together():
    with pytest.raises(FieldErrors) as info:
        policy_from_env({**BASE_ENV, "MODE": "fix", "MAX_CHANGES": "-1"})
    assert {e.field for e in info.value.errors} == {"MODE", "MAX_CHANGES"}


BAD_EVENTS = {
    "not an object": (["enforce"], "event", "must be a JSON object"),
    "a string": ("enforce", "event", "must be a JSON object"),
    "a number": (7, "event", "must be a JSON object"),
    "unknown field": ({"mode": "enforce", "dry_run": False}, "event", "unknown field(s) ['dry_run']"),
    "misspelled field": ({"maxChanges": 5}, "event", "unknown field(s) ['maxChanges']"),
    "oversize": ({"mode": "report", "x" * 20_000: 1}, "event", "at most 16,384 bytes"),
    "eventbridge detail not an object": (
        {"source": "aws.events", "detail-type": "Scheduled Event", "detail": "enforce"},
        "event.detail",
        "must be a JSON object",
    ),
    "eventbridge detail an empty string": (
        {"source": "aws.events", "detail-type": "Scheduled Event", "detail": ""},
        "event.detail",
        "must be a JSON object, got str",
    ),
    "eventbridge detail unknown field": (
        {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {"force": True}},
        "event",
        "unknown field(s) ['force']",
    ),
    "mode": ({"mode": "fix"}, "event.mode", "unknown mode 'fix'"),
    "mode null": ({"mode": None}, "event.mode", "unknown mode None"),
    "enforce from report": ({"mode": "enforce"}, "event.mode", "configured MODE=report"),
    "max_changes a string": ({"max_changes": "5"}, "event.max_changes", "whole number"),
    "max_changes a bool": ({"max_changes": True}, "event.max_changes", "whole number"),
    "max_changes a float": ({"max_changes": 5.0}, "event.max_changes", "whole number"),
    "max_changes negative": ({"max_changes": -1}, "event.max_changes", "out of range"),
    "max_changes above configured": (
        {"max_changes": 101},
        "event.max_changes",
        "above the configured MAX_CHANGES",
    ),
    "target not accepted": (
        {"target_retention_days": 45},
        "event.target_retention_days",
        "not a retention CloudWatch accepts",
    ),
    "target above configured max": (
        {"target_retention_days": 180},
        "event.target_retention_days",
        "above the maximum (MAX_RETENTION_DAYS = 90)",
    ),
    "allow_shorten a string": ({"allow_shorten": "true"}, "event.allow_shorten", "true or false"),
    "allow_shorten when not allowed": ({"allow_shorten": True}, "event.allow_shorten", "ALLOW_SHORTEN=false"),
    "include outside configured": (
        {"include_prefixes": ["/other/"]},
        "event.include_prefixes",
        "outside the configured INCLUDE_PREFIXES",
    ),
    "include wider than configured": (
        {"include_prefixes": ["/"]},
        "event.include_prefixes",
        "outside the configured INCLUDE_PREFIXES",
    ),
    "include empty": ({"include_prefixes": []}, "event.include_prefixes", "is empty"),
    "include with a wildcard": (
        {"include_prefixes": ["/acme/*"]},
        "event.include_prefixes",
        "invalid log group",
    ),
    "include too many": (
        {"include_prefixes": [f"/acme/{i}" for i in range(101)]},
        "event.include_prefixes",
        "at most 100",
    ),
    "exclude not a list": ({"exclude_prefixes": "/acme/x"}, "event.exclude_prefixes", "list of strings"),
    "exclude of numbers": ({"exclude_prefixes": [1]}, "event.exclude_prefixes", "list of strings"),
}
ENFORCE_ENV = {**BASE_ENV, "MODE": "enforce", "MAX_RETENTION_DAYS": "90", "TARGET_RETENTION_DAYS": "30"}
BAD_ENFORCE_EVENTS = {
    "a shorter maximum in enforce mode": (
        {"max_retention_days": 30},
        "event.max_retention_days",
        "below the configured MAX_RETENTION_DAYS (90) in enforce mode",
    ),
    "a shorter target in enforce mode": (
        {"target_retention_days": 1},
        "event.target_retention_days",
        "below the configured TARGET_RETENTION_DAYS (30) in enforce mode",
    ),
}


@pytest.mark.parametrize("case", BAD_EVENTS, ids=list(BAD_EVENTS))
def test_a_malformed_event_names_the_field(case):
    event, field, problem = BAD_EVENTS[case]
    with pytest.raises(FieldError) as info:
        policy_from_env(BASE_ENV).with_event(event)
    assert info.value.field == field and problem in str(info.value)


@pytest.mark.parametrize("case", BAD_ENFORCE_EVENTS, ids=list(BAD_ENFORCE_EVENTS))
def test_an_event_cannot_make_enforce_mode_more_destructive(case):
    event, field, problem = BAD_ENFORCE_EVENTS[case]
    with pytest.raises(FieldError) as info:
        policy_from_env(ENFORCE_ENV).with_event(event)
    assert info.value.field == field and problem in str(info.value)
    # The same values in report mode change nothing, so they are allowed there.
    policy_from_env(ENFORCE_ENV).with_event({**event, "mode": "report"})


@pytest.mark.filterwarnings("ignore:No application metrics:UserWarning")  # nothing was measured
@pytest.mark.parametrize("case", [*BAD_EVENTS, *BAD_ENFORCE_EVENTS])
def test_a_malformed_event_fails_the_invocation_before_any_call(monkeypatch, case):
    event, field, _problem = {**BAD_EVENTS, **BAD_ENFORCE_EVENTS}[case]
    for key, value in (ENFORCE_ENV if case in BAD_ENFORCE_EVENTS else BASE_ENV).items():
        monkeypatch.setenv(key, value)
    handler.configured_policy.cache_clear()
    calls = []
    monkeypatch.setattr(acf_aws, "client", lambda *a, **k: calls.append(a))
    try:
        with pytest.raises(FieldError) as info:
            handler.lambda_handler(event, AUDITOR_CONTEXT)
    finally:
        handler.configured_policy.cache_clear()
    assert info.value.field == field
    assert calls == [], "no AWS client was even created"


def test_an_event_cannot_override_the_configured_policy(moto_logs, monkeypatch):
    """Reproduction (issue #12): with MODE=report, ALLOW_SHORTEN=false and an excluded prefix, one event
    asking for enforce, shortening, 1-day retention and no exclusions set every group to 1 day."""
    moto_logs.create_log_group(logGroupName="/aws/lambda/acme-keep-audit")
    moto_logs.put_retention_policy(logGroupName="/aws/lambda/acme-keep-audit", retentionInDays=3653)
    moto_logs.create_log_group(logGroupName="/aws/lambda/acme-api")
    moto_logs.put_retention_policy(logGroupName="/aws/lambda/acme-api", retentionInDays=365)
    moto_logs.create_log_group(logGroupName="/aws/lambda/acme-worker")
    monkeypatch.setenv("INCLUDE_PREFIXES", '["/aws/lambda/acme-"]')
    monkeypatch.setenv("EXCLUDE_PREFIXES", '["/aws/lambda/acme-keep-"]')
    monkeypatch.setenv("MODE", "report")
    monkeypatch.setenv("ALLOW_SHORTEN", "false")
    before = _snapshot(moto_logs)
    hostile = {
        "mode": "enforce",
        "allow_shorten": True,
        "max_retention_days": 1,
        "target_retention_days": 1,
        "exclude_prefixes": [],
    }
    with pytest.raises(FieldErrors) as info:
        handler.lambda_handler(hostile, AUDITOR_CONTEXT)
    assert {e.field for e in info.value.errors} == {
        "event.mode",
        "event.allow_shorten",
        "event.max_retention_days",
        "event.target_retention_days",
    }
    assert _snapshot(moto_logs) == before

    # Asking for less is fine, and an empty exclusion list does not lift the configured one.
    report = handler.lambda_handler(
        {"mode": "report", "max_retention_days": 30, "exclude_prefixes": []}, AUDITOR_CONTEXT
    )
    assert report["policy"]["exclude_prefixes"] == ["/aws/lambda/acme-keep-"]
    assert report["excluded"] == 1 and report["changed"] == 0
    assert _snapshot(moto_logs) == before


def test_a_good_event_narrows_the_policy():
    policy = policy_from_env(
        {
            "INCLUDE_PREFIXES": '["/aws/bedrock-agentcore/", "/aws/lambda/acme-"]',
            "EXCLUDE_PREFIXES": '["/aws/lambda/acme-keep-"]',
            "MAX_CHANGES": "7",
            "MODE": "enforce",
            "ALLOW_SHORTEN": "true",
        }
    )
    narrowed = policy.with_event(
        {
            "mode": "report",
            "include_prefixes": ["/aws/bedrock-agentcore/runtimes/"],
            "exclude_prefixes": ["/aws/bedrock-agentcore/runtimes/test-"],
            "allow_shorten": False,
            "max_changes": 3,
            "max_retention_days": 180,
            "target_retention_days": 60,
        }
    )
    assert narrowed.mode == "report" and not narrowed.allow_shorten and narrowed.max_changes == 3
    assert narrowed.include_prefixes == ("/aws/bedrock-agentcore/runtimes/",)
    assert narrowed.exclude_prefixes == ("/aws/lambda/acme-keep-", "/aws/bedrock-agentcore/runtimes/test-")
    longer = policy.with_event({"max_retention_days": 365, "target_retention_days": 90})
    assert (longer.mode, longer.max_retention_days, longer.target_retention_days) == ("enforce", 365, 90)
    assert policy.with_event(None) == policy == policy.with_event({})


def test_every_shipped_example_event_is_accepted_by_a_matching_configuration():
    env = {**BASE_ENV, "INCLUDE_PREFIXES": '["/aws/bedrock-agentcore/"]', "MODE": "enforce"}
    for path in sorted(EVENTS.glob("*.json")):
        policy_from_env(env).with_event(json.loads(path.read_text()))


def test_a_failed_notification_after_enforce_still_reports_then_fails(moto_logs, monkeypatch, capsys, caplog):
    """Reproduction (issue #12): the SNS publish failed after enforce changed retention, and the run
    raised before it logged the report."""
    _fill(moto_logs, 2)
    monkeypatch.setenv("INCLUDE_PREFIXES", '["/acme/"]')
    monkeypatch.setenv("MODE", "enforce")
    monkeypatch.setenv("SNS_TOPIC_ARN", f"arn:aws:sns:{REGION}:123456789012:missing-topic")
    with pytest.raises(handler.AuditFailed, match="could not notify the SNS topic") as info:
        handler.lambda_handler({}, AUDITOR_CONTEXT)
    assert info.value.report.changed == 2
    assert set(_snapshot(moto_logs).values()) == {30}
    logged = [r for r in caplog.records if r.getMessage() == "log retention audit"]
    assert logged and logged[0].report["changed"] == 2
    lines = capsys.readouterr().out.splitlines()
    emf = [json.loads(line) for line in lines if '"_aws"' in line]
    assert emf and emf[-1]["LogGroupsFixed"] == [2.0]


def test_access_denied_on_describe_is_reported_and_fails_the_run(moto_logs, monkeypatch, caplog):
    """Reproduction (issue #12): DescribeLogGroups AccessDenied escaped as a raw botocore error."""
    monkeypatch.setenv("INCLUDE_PREFIXES", '["/acme/"]')
    logs = acf_aws.client("logs")
    stub = Stubber(logs)
    stub.add_client_error("describe_log_groups", "AccessDeniedException", "not authorized", 400)
    with (
        stub,
        pytest.raises(
            handler.AuditFailed, match=r"could not list log groups under /acme/ \(AccessDeniedException\)"
        ) as info,
    ):
        handler.lambda_handler({}, AUDITOR_CONTEXT)
    assert info.value.report.list_errors[0]["error"] == "AccessDeniedException"
    assert any(r.getMessage() == "log retention audit" for r in caplog.records)
