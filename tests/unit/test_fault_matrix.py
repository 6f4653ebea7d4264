"""The fault matrix (issue #12): every AWS call each Lambda makes x {throttling, 5xx, AccessDenied,
timeout/connection reset}, each with its asserted outcome.

Two layers, each tested here:

* the client: ``test_the_client_retries_what_is_transient`` sends each fault through a real botocore
  client configured as the Lambdas configure theirs (``agentcore_finops.aws.client_config``) and
  counts the attempts: throttling, 5xx and connection errors are retried, AccessDenied is not;
* the Lambda: ``test_fault_outcome`` makes the call fail for good (what is left after the client's
  retries) and asserts what the function does: what it reports, which error it fails with and what
  state is left.

``MATRIX`` is the single source: the tests run its rows and each Lambda's README carries the table
``render`` makes from it, between ``<!-- BEGIN_FAULT_MATRIX -->`` and ``<!-- END_FAULT_MATRIX -->``
(``test_each_readme_carries_the_matrix``; ``python -m tests.unit.test_fault_matrix`` rewrites them).
"""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import ClientError, ReadTimeoutError
from moto import mock_aws

from agentcore_finops import aws as acf_aws
from agentcore_finops.memory_records import record_metadata
from tests import harness

ROOT = Path(__file__).resolve().parents[2]
REGION = "us-east-1"

AUDITOR_CONTEXT = harness.lambda_context("acme-log-retention-auditor")
FAULTS = ("throttling", "5xx", "AccessDenied", "timeout/connection reset")
# The service's own code for each fault (what the service model lists for the operation).
CODES = {
    "logs": {"throttling": "ThrottlingException", "5xx": "ServiceUnavailableException"},
    "sns": {"throttling": "Throttled", "5xx": "InternalError"},
    "bedrock-agentcore": {"throttling": "ThrottledException", "5xx": "ServiceException"},
    "dynamodb": {"throttling": "ThrottlingException", "5xx": "InternalServerError"},
    "bedrock-runtime": {"throttling": "ThrottlingException", "5xx": "InternalServerException"},
    "appconfigdata": {"throttling": "ThrottlingException", "5xx": "InternalServerException"},
    "cloudwatch": {"throttling": "Throttling", "5xx": "InternalServiceFault"},
}
STATUS = {"throttling": 400, "5xx": 500, "AccessDenied": 403}
CLIENT_RETRIES = "client retries (adaptive, 8 attempts), then:"
NOT_RETRIED = "not retried:"

# lambda -> [(call, service, {fault: outcome}), ...]
MATRIX: dict[str, list[tuple[str, str, dict[str, str]]]] = {
    "log-retention-auditor": [
        (
            "DescribeLogGroups",
            "logs",
            dict.fromkeys(
                FAULTS,
                "the prefix is listed in `list_errors`; groups listed before it are still audited; the run "
                "fails (`AuditFailed`) after the report and metrics; nothing under that prefix is changed",
            ),
        ),
        (
            "PutRetentionPolicy",
            "logs",
            dict.fromkeys(
                FAULTS,
                "that group's finding is `failed` with the error code; the other groups are changed; the "
                "run fails (`AuditFailed`) after the report and metrics; the next run retries it",
            ),
        ),
        (
            "sns:Publish",
            "sns",
            dict.fromkeys(
                FAULTS,
                "the report is logged and the metrics emitted first; retention changes stay made; the run "
                "fails (`AuditFailed`: could not notify the SNS topic)",
            ),
        ),
    ],
    "ltm-pruner": [
        (
            "ListMemoryRecords",
            "bedrock-agentcore",
            dict.fromkeys(
                FAULTS,
                "the scope is listed in `scope_errors` and gets no cap deletions; other scopes go on; the "
                "run fails (`PruneIncomplete`) after the report and metrics",
            ),
        ),
        (
            "GetMemoryRecord",
            "bedrock-agentcore",
            dict.fromkeys(
                FAULTS,
                "as a listing failure: the scope is in `scope_errors`, nothing in it is deleted for the "
                "cap; the run fails (`PruneIncomplete`) after the report and metrics",
            ),
        ),
        (
            "BatchDeleteMemoryRecords",
            "bedrock-agentcore",
            dict.fromkeys(
                FAULTS,
                "the batch's records count as failed and are retried in batches (`DELETE_RETRIES`), then "
                "one by one with DeleteMemoryRecord; nothing is counted deleted without an answer",
            ),
        ),
        (
            "DeleteMemoryRecord",
            "bedrock-agentcore",
            dict.fromkeys(
                FAULTS,
                "the record is reported in `failed_records` with the error code (`RecordsFailed` metric) "
                "and kept; the next run tries it again",
            ),
        ),
    ],
    "tier-router": [
        (
            "dynamodb:Scan",
            "dynamodb",
            dict.fromkeys(
                FAULTS,
                "with a cached copy: the request is served from it (`ConfigStaleReads`), unknown agents "
                "still 404, the refresh is retried a second later; with none yet: the invocation fails "
                "(`ConfigUnavailable` naming the table and the error)",
            ),
        ),
        (
            "appconfig:GetLatestConfiguration",
            "appconfigdata",
            dict.fromkeys(
                FAULTS,
                "the request is served with the last good sampling document, or each agent's "
                "`trace_sample_rate`; a warning is logged; the read is tried again after "
                "`SAMPLING_CACHE_TTL_SECONDS`",
            ),
        ),
        (
            "bedrock:Converse",
            "bedrock-runtime",
            {
                "throttling": "retried by the router (full jitter, `CONVERSE_MAX_ATTEMPTS`, within the "
                "deadline), then 429 `ModelThrottled` with the decision; `ModelThrottles` metric",
                "5xx": "retried by the router (full jitter, `CONVERSE_MAX_ATTEMPTS`, within the deadline), "
                "then 503 `ModelUnavailable` naming the code; `ModelUnavailable` metric",
                "AccessDenied": "not retried: the invocation fails with the AccessDeniedException (the "
                "error alarm fires)",
                "timeout/connection reset": "retried by the router (full jitter, `CONVERSE_MAX_ATTEMPTS`, "
                "within the deadline), then 503 `ModelUnavailable` naming the error",
            },
        ),
    ],
    "usage-digest": [
        (
            "dynamodb:Scan",
            "dynamodb",
            dict.fromkeys(
                FAULTS,
                "named in the digest's `errors`; the usage is read without the agents' config, so every "
                "agent is skipped and no saving is claimed; the digest is published, then the run fails "
                "(`DigestFailed`)",
            ),
        ),
        (
            "cloudwatch:ListMetrics",
            "cloudwatch",
            dict.fromkeys(
                FAULTS,
                "no figures, savings or metric: the digest names the unread metrics and is published; the "
                "run fails (`DigestFailed`)",
            ),
        ),
        (
            "cloudwatch:GetMetricData",
            "cloudwatch",
            dict.fromkeys(
                FAULTS,
                "as ListMetrics for the window (for the window before it: no drifts, the rest is sent); "
                "the run fails (`DigestFailed`)",
            ),
        ),
        (
            "cloudwatch:PutMetricData",
            "cloudwatch",
            dict.fromkeys(
                FAULTS,
                "the digest is published naming the metric that was not put; the run fails (`DigestFailed`)",
            ),
        ),
        (
            "sns:Publish",
            "sns",
            dict.fromkeys(
                FAULTS,
                "the digest is logged and returned in the error, the metric is put; the run fails "
                "(`DigestFailed`)",
            ),
        ),
    ],
}
READMES = {
    "usage-digest": ROOT / "modules/usage-digest/README.md",
    "log-retention-auditor": ROOT / "modules/log-retention-auditor/README.md",
    "ltm-pruner": ROOT / "modules/ltm-pruner/README.md",
    "tier-router": ROOT / "lambda_src/tier_router/README.md",
}
BEGIN, END = "<!-- BEGIN_FAULT_MATRIX -->", "<!-- END_FAULT_MATRIX -->"


def retry_note(service: str, fault: str) -> str:
    if service == "bedrock-runtime":
        return ""  # one attempt per call: the router is the retry layer, said in the outcome
    if service == "appconfigdata":
        return "Powertools' client retries, then:" if fault != "AccessDenied" else NOT_RETRIED
    return NOT_RETRIED if fault == "AccessDenied" else CLIENT_RETRIES


def render(name: str) -> str:
    lines = [
        "| call | fault | outcome |",
        "|---|---|---|",
    ]
    for call, service, outcomes in MATRIX[name]:
        for fault in FAULTS:
            note = retry_note(service, fault)
            lines.append(f"| `{call}` | {fault} | {(note + ' ') if note else ''}{outcomes[fault]} |")
    return "\n".join(lines)


def fault_error(service: str, fault: str, operation: str) -> Exception:
    """The exception a call ends with once the client's retries are spent."""
    if fault == "timeout/connection reset":
        return ReadTimeoutError(endpoint_url=f"https://{service}.{REGION}.amazonaws.com/")
    code = "AuthorizationError" if (fault == "AccessDenied" and service == "sns") else None
    code = code or ("AccessDeniedException" if fault == "AccessDenied" else CODES[service][fault])
    return ClientError(
        {
            "Error": {"Code": code, "Message": f"{fault} injected"},
            "ResponseMetadata": {"HTTPStatusCode": STATUS[fault]},
        },
        operation,
    )


def code_of(error: Exception) -> str:
    return error.response["Error"]["Code"] if isinstance(error, ClientError) else type(error).__name__


def fail_call(client: Any, operation: str, error: Exception, monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Make ``operation`` on ``client`` fail with ``error`` until the test ends (the project's clients
    outlive a case, see ``warm_clients``); returns the list of its attempts' params."""
    real = client._make_api_call
    attempts: list[dict] = []

    def call(name, params):
        if name == operation:
            attempts.append(params)
            raise error
        return real(name, params)

    monkeypatch.setattr(client, "_make_api_call", call)
    return attempts


CASES = [
    (name, call, service, fault)
    for name, rows in MATRIX.items()
    for call, service, _ in rows
    for fault in FAULTS
]


# -- the README tables ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", READMES)
def test_each_readme_carries_the_matrix(name):
    text = READMES[name].read_text()
    found = re.search(re.escape(BEGIN) + r"\n(.*?)\n" + re.escape(END), text, re.S)
    assert found, f"{READMES[name]} has no {BEGIN} ... {END} block"
    assert found.group(1) == render(name), "out of date: run python -m tests.unit.test_fault_matrix"


def test_the_matrix_covers_every_fault_of_every_call():
    assert len(CASES) == sum(len(rows) for rows in MATRIX.values()) * len(FAULTS)
    for rows in MATRIX.values():
        for _call, _service, outcomes in rows:
            assert set(outcomes) == set(FAULTS)


# -- the client layer ----------------------------------------------------------------------------------


def _response(status: int, body: dict) -> AWSResponse:
    raw = SimpleNamespace(stream=lambda **_: iter([json.dumps(body).encode()]))
    return AWSResponse("https://example.amazonaws.com/", status, {"Content-Type": "application/json"}, raw)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize(
    ("service", "operation", "kwargs"),
    [
        ("logs", "describe_log_groups", {}),
        ("dynamodb", "scan", {"TableName": "t"}),
        (
            "bedrock-agentcore",
            "list_memory_records",
            {"memoryId": "acme_memory-a1b2c3d4e5", "namespace": "/f"},
        ),
    ],
)
def test_the_client_retries_what_is_transient(monkeypatch, service, operation, kwargs, fault):
    monkeypatch.setattr("time.sleep", lambda _s: None)
    client = boto3.session.Session().client(
        service,
        region_name=REGION,
        aws_access_key_id="t",
        aws_secret_access_key="t",
        # Standard mode: adaptive mode's retry rules (what the Lambdas use) without its client-side rate
        # limiter, which would really wait after throttles.
        config=acf_aws.client_config(max_attempts=3).merge(
            Config(retries={"mode": "standard", "total_max_attempts": 3})
        ),
    )
    sent = []

    def transport(request, **_):
        sent.append(request.url)
        if fault == "timeout/connection reset":
            raise ReadTimeoutError(endpoint_url=request.url)
        code = "AccessDeniedException" if fault == "AccessDenied" else CODES[service][fault]
        return _response(STATUS[fault], {"__type": code, "message": "injected"})

    client.meta.events.register_first("before-send", transport)
    with pytest.raises((ClientError, ReadTimeoutError)):
        getattr(client, operation)(**kwargs)
    assert len(sent) == (1 if fault == "AccessDenied" else 3)


def test_the_lambdas_clients_are_the_retrying_kind():
    config = acf_aws.client_config()
    assert config.retries == {"mode": "adaptive", "total_max_attempts": 8}


# -- the Lambda layer ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def warm_clients():
    """The project's cached clients and boto3's default session, kept across the module's Lambda
    cases as a warm Lambda keeps its clients (``fail_call`` undoes its fault when a case ends). Made
    afresh for each case, every client read its service model from disk again: most of a case's cost."""
    with pytest.MonkeyPatch.context() as mp:
        for k in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
            mp.delenv(k, raising=False)
        mp.setenv("AWS_ACCESS_KEY_ID", "testing")
        mp.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        mp.setenv("AWS_DEFAULT_REGION", REGION)
        mp.setattr(boto3, "DEFAULT_SESSION", None)  # this module's own, made on first use
        acf_aws.reset_clients()
        yield
        acf_aws.reset_clients()


@pytest.fixture
def aws_env(warm_clients):
    """An empty in-process moto for the case; it keeps boto3's default session (see ``warm_clients``)."""
    with mock_aws(config={"core": {"reset_boto3_session": False}}):
        yield


def _auditor(monkeypatch, call: str, error: Exception, capsys) -> None:
    from log_retention_auditor import audit, handler

    logs, sns = boto3.client("logs", region_name=REGION), boto3.client("sns", region_name=REGION)
    topic = sns.create_topic(Name="retention")["TopicArn"]
    for name in ("/acme/a", "/acme/b"):
        logs.create_log_group(logGroupName=name)
    for key, value in {
        "INCLUDE_PREFIXES": '["/acme/"]',
        "MODE": "enforce",
        "SNS_TOPIC_ARN": topic,
    }.items():
        monkeypatch.setenv(key, value)
    handler.configured_policy.cache_clear()
    logged: list[str] = []
    monkeypatch.setattr(handler.logger, "info", lambda message, **_: logged.append(message))
    service, operation = ("sns", "Publish") if call == "sns:Publish" else ("logs", call)
    attempts = fail_call(acf_aws.client(service), operation, error, monkeypatch)
    try:
        with pytest.raises(handler.AuditFailed) as info:
            handler.lambda_handler({}, AUDITOR_CONTEXT)
    finally:
        handler.configured_policy.cache_clear()
    report, code = info.value.report, code_of(error)
    retention = {g["logGroupName"]: g.get("retentionInDays") for g in logs.describe_log_groups()["logGroups"]}
    assert attempts, "the call was made"
    assert "LogGroupsScanned" in capsys.readouterr().out, "metrics emitted on every exit path"
    assert logged == ["log retention audit"], "the report is logged on every exit path"
    if call == "DescribeLogGroups":
        assert report.list_errors[0]["error"] == code and report.changed == 0
        assert retention == {"/acme/a": None, "/acme/b": None}
    elif call == "PutRetentionPolicy":
        assert report.failed == 2 and all(
            f.action == audit.FAILED and f.error.startswith(code) for f in report.findings
        )
        assert retention == {"/acme/a": None, "/acme/b": None}
    else:
        assert "could not notify the SNS topic" in str(info.value) and code in str(info.value)
        assert report.changed == 2 and retention == {"/acme/a": 30, "/acme/b": 30}


MEMORY = "acme_agents_memory-a1b2c3d4e5"
NOW = datetime.now(UTC)


def _pruner_client(with_metadata: bool, batch_fails: bool) -> Any:
    """A bedrock-agentcore client answering for one memory of three expired records."""
    client = boto3.client("bedrock-agentcore", region_name=REGION)
    metadata = record_metadata("sre-orchestrator", 3, 0.5)

    def summary(i: int) -> dict:
        s = {
            "memoryRecordId": f"mem-{i:036d}",
            "namespaces": ["/facts/u1"],
            "createdAt": NOW - timedelta(days=100),
        }
        return {**s, "metadata": metadata} if with_metadata else s

    def call(name, params):
        if name == "ListMemoryRecords":
            return {"memoryRecordSummaries": [summary(i) for i in range(3)]}
        if name == "GetMemoryRecord":
            return {"memoryRecord": {"memoryRecordId": params["memoryRecordId"], "metadata": metadata}}
        if name == "BatchDeleteMemoryRecords":
            ids = [r["memoryRecordId"] for r in params["records"]]
            if batch_fails:
                return {
                    "successfulRecords": [],
                    "failedRecords": [
                        {"memoryRecordId": i, "status": "FAILED", "errorCode": 500, "errorMessage": "x"}
                        for i in ids
                    ],
                }
            return {
                "successfulRecords": [{"memoryRecordId": i, "status": "SUCCEEDED"} for i in ids],
                "failedRecords": [],
            }
        if name == "DeleteMemoryRecord":
            return {"memoryRecordId": params["memoryRecordId"]}
        raise AssertionError(name)

    client._make_api_call = call
    return client


def _pruner(monkeypatch, call: str, error: Exception, capsys) -> None:
    from ltm_pruner import handler

    client = _pruner_client(with_metadata=call != "GetMemoryRecord", batch_fails=call == "DeleteMemoryRecord")
    attempts = fail_call(client, call, error, monkeypatch)
    scopes = json.dumps([{"memory_id": MEMORY, "namespace_paths": ["/facts/"]}])
    for key, value in {
        "MEMORY_SCOPES": scopes,
        "TTL_DAYS": '{"1": 90, "2": 30, "3": 7}',
        "DRY_RUN": "false",
        "DELETE_RETRIES": "1",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(handler, "aws", SimpleNamespace(client=lambda service: client))
    handler.settings.cache_clear()
    context = SimpleNamespace(
        function_name="p",
        memory_limit_in_mb=256,
        invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:p",
        aws_request_id="r",
    )
    code = code_of(error)
    try:
        if call in ("ListMemoryRecords", "GetMemoryRecord"):
            with pytest.raises(handler.PruneIncomplete, match=code) as info:
                handler.lambda_handler({}, context)
            report = info.value.report
            assert report["scope_errors"][0]["error"] == code and report["deleted"] == 0
        else:
            report = handler.lambda_handler({}, context)
            if call == "BatchDeleteMemoryRecords":
                assert len(attempts) == 2  # the first try and DELETE_RETRIES = 1
                assert report["deleted"] == 3 and report["calls"] == {"batch_delete": 2, "single_delete": 3}
            else:
                assert report["deleted"] == 0 and report["failed"] == 3 and report["kept"] == 0
                assert {r["error"].split(":")[0] for r in report["failed_records"]} == {code}
    finally:
        handler.settings.cache_clear()
    assert attempts, "the call was made"
    assert "RecordsScanned" in capsys.readouterr().out, "metrics emitted on every exit path"


def _router(request, call: str, error: Exception, capsys) -> None:
    from tier_router import handler, sampling_source
    from tier_router.settings import Settings

    from .tier_router.conftest import RECORDS, Clock, Context, emitted, event, item

    handler.metrics.clear_metrics()
    ddb = boto3.client("dynamodb", region_name=REGION)
    ddb.create_table(
        TableName="unit-agent-config",
        KeySchema=[{"AttributeName": "agent_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "agent_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    for record in RECORDS.values():
        ddb.put_item(TableName="unit-agent-config", Item=item(record))
    clock = Clock()
    monkeypatch = request.getfixturevalue("monkeypatch")
    bedrock = boto3.client("bedrock-runtime", region_name=REGION)
    attempts = fail_call(bedrock, "Converse", error, monkeypatch) if call == "bedrock:Converse" else []
    fetch, warned = None, []
    if call == "appconfig:GetLatestConfiguration":
        monkeypatch.setattr(sampling_source._log, "warning", warned.append)

        def fetch():
            attempts.append({})
            raise error

    router = handler.build_router(
        Settings(table_name="unit-agent-config", config_ttl_seconds=60),
        clock=clock,
        dynamodb=ddb,
        bedrock=bedrock,
        sampling_fetch=fetch,
        sleep=lambda _s: None,
    )
    handler.use_router(router)
    try:
        if call == "dynamodb:Scan":
            assert handler.lambda_handler(event("email-classifier"), Context())["status"] == 200
            attempts = fail_call(ddb, "Scan", error, monkeypatch)
            clock.now += 61
            assert handler.lambda_handler(event("email-classifier"), Context())["status"] == 200
            assert handler.lambda_handler(event("no-such-agent"), Context())["status"] == 404
            assert emitted(capsys.readouterr().out)["ConfigStaleReads"] == [1.0]
            assert len(attempts) == 1, "no second refresh within the retry interval"
            clock.now += 1
            assert handler.lambda_handler(event("email-classifier"), Context())["status"] == 200
            assert len(attempts) == 2, "the refresh is tried again a second later"
            cold = handler.build_router(Settings(table_name="unit-agent-config"), clock=clock, dynamodb=ddb)
            handler.use_router(cold)
            with pytest.raises(Exception, match=rf"unit-agent-config \({code_of(error)}\)"):
                handler.lambda_handler(event("email-classifier"), Context())
        elif call == "appconfig:GetLatestConfiguration":
            out = handler.lambda_handler(event("email-classifier"), Context())
            assert out["status"] == 200 and out["decision"]["sampling_source"] == "agent_config"
            assert len(warned) == 1 and "cannot read the sampling document" in warned[0]
            handler.lambda_handler(event("email-classifier"), Context())
            assert len(attempts) == 1, "no second read within SAMPLING_CACHE_TTL_SECONDS"
            clock.now += 60
            handler.lambda_handler(event("email-classifier"), Context())
            assert len(attempts) == 2, "the read is tried again after the TTL"
        else:
            code = code_of(error)
            if isinstance(error, ClientError) and code == "AccessDeniedException":
                with pytest.raises(ClientError, match="AccessDenied"):
                    handler.lambda_handler(event("email-classifier", mode="invoke"), Context())
                assert len(attempts) == 1
            else:
                out = handler.lambda_handler(event("email-classifier", mode="invoke"), Context())
                throttled = code == CODES["bedrock-runtime"]["throttling"]
                assert out["status"] == (429 if throttled else 503) and out["error"]["code"] == code
                assert out["error"]["attempts"] == len(attempts) == 4 and out["decision"]["model_id"]
                metrics = emitted(capsys.readouterr().out)
                assert metrics["ModelUnavailable"] == [1.0]
                assert metrics.get("ModelThrottles") == ([4.0] if throttled else None)
        assert attempts, "the call was made"
    finally:
        handler.use_router(None)
        handler.metrics.clear_metrics()


def _digest(monkeypatch, call: str, error: Exception, capsys) -> None:
    from usage_digest import handler

    ddb, sns = boto3.client("dynamodb", region_name=REGION), boto3.client("sns", region_name=REGION)
    queue = boto3.client("sqs", region_name=REGION).create_queue(QueueName="digest")["QueueUrl"]
    topic = sns.create_topic(Name="guardrails")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:123456789012:digest")
    ddb.create_table(
        TableName="cfg",
        KeySchema=[{"AttributeName": "agent_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "agent_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    ddb.put_item(TableName="cfg", Item={"agent_id": {"S": "triage"}, "tier": {"N": "1"}})
    dims = [
        {"Name": n, "Value": v} for n, v in (("AgentId", "triage"), ("Tier", "1"), ("service", "tier-router"))
    ]
    yesterday = datetime.now(UTC) - timedelta(days=1)
    boto3.client("cloudwatch", region_name=REGION).put_metric_data(
        Namespace="AgentCoreFinOps",
        MetricData=[{"MetricName": "CostUSD", "Dimensions": dims, "Timestamp": yesterday, "Value": 2.5}],
    )
    monkeypatch.setenv("CONFIG_TABLE_NAME", "cfg")
    monkeypatch.setenv("SNS_TOPIC_ARN", topic)
    handler.settings.cache_clear()
    service, operation = call.split(":")
    attempts = fail_call(acf_aws.client(service), operation, error, monkeypatch)
    try:
        with pytest.raises(handler.DigestFailed) as info:
            handler.lambda_handler({}, harness.lambda_context("acme-usage-digest"))
    finally:
        handler.settings.cache_clear()
        handler.metrics.clear_metrics()
    digest = info.value.digest
    code = code_of(error)
    [failed] = digest.errors
    assert code in failed["error"] and attempts, "the call was made and its error is named"
    sent = boto3.client("sqs", region_name=REGION).receive_message(QueueUrl=queue).get("Messages", [])
    if call == "sns:Publish":
        assert not digest.published and not sent and digest.metric_agents == 1
        return
    assert digest.published and len(sent) == 1 and failed["step"] in json.loads(sent[0]["Body"])["Message"]
    if call == "dynamodb:Scan":
        assert digest.agents == 1 and digest.recommendations == 0 and digest.skipped
    elif call == "cloudwatch:PutMetricData":
        assert digest.metric_agents == 0 and digest.cost_usd == 2.5
    else:
        assert failed["step"] == "read the window's metrics" and digest.agents == 0


@pytest.mark.filterwarnings("ignore:No application metrics to publish")
@pytest.mark.parametrize(
    ("name", "call", "service", "fault"), CASES, ids=[f"{n}-{c}-{f}" for n, c, _s, f in CASES]
)
def test_fault_outcome(request, monkeypatch, aws_env, capsys, name, call, service, fault):
    operation = call.split(":")[-1]
    error = fault_error(service, fault, operation)
    if name == "log-retention-auditor":
        _auditor(monkeypatch, call, error, capsys)
    elif name == "ltm-pruner":
        _pruner(monkeypatch, call, error, capsys)
    elif name == "usage-digest":
        _digest(monkeypatch, call, error, capsys)
    else:
        _router(request, call, error, capsys)


def main() -> int:
    """Rewrite each README's matrix block from MATRIX."""
    for name, path in READMES.items():
        text = path.read_text()
        block = f"{BEGIN}\n{render(name)}\n{END}"
        if BEGIN in text:
            text = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _m, b=block: b, text, flags=re.S)
        else:
            raise SystemExit(f"{path}: add a {BEGIN} / {END} pair under a 'Faults' heading first")
        path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
