"""usage_digest: the settings and the narrowing event, the digest a week of usage gives (top savings with
evidence, drifts against the week before, the RecommendedSavingUSD metric, the message on the topic),
and what each failed AWS call leaves in it. The emulator (moto server with emulator/ext, which
computes GetMetricData percentiles) for behaviour; a client wrapper for errors the emulator cannot
produce."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from agentcore_finops import aws, recommend
from agentcore_finops.env import SettingsError
from agentcore_finops.errors import FieldError, FieldErrors
from agentcore_finops.fleet import builtin_tier_defaults
from agentcore_finops.pricing import load_catalogue
from scripts import build_lambdas
from tests import harness
from usage_digest import contract, digest, handler
from usage_digest.contract import DigestSettings

TIERS = builtin_tier_defaults()
CATALOGUE = load_catalogue()
ENV = {"CONFIG_TABLE_NAME": "cfg", "SNS_TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:guardrails"}
EVENTS = Path(handler.__file__).parent / "events"


def _today() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


# -- settings and event ---------------------------------------------------------------------------------


def test_settings_defaults():
    s = contract.settings_from_env(ENV)
    assert (s.window_days, s.top_k, s.min_calls, s.lowest_tier, dict(s.tiers), s.publish) == (
        7,
        5,
        1000,
        "3",
        {},
        True,
    )


def test_bad_settings_name_every_variable():
    with pytest.raises(SettingsError) as info:
        contract.settings_from_env(
            {
                "SNS_TOPIC_ARN": "topic",
                "WINDOW_DAYS": "91",
                "TOP_K": "0",
                "LOWEST_TIER": "4",
                "TIERS": '{"9": {}}',
            }
        )
    assert [e.field for e in info.value.errors] == [
        "CONFIG_TABLE_NAME",
        "SNS_TOPIC_ARN",
        "WINDOW_DAYS",
        "TOP_K",
        "LOWEST_TIER",
        "TIERS",
    ]


SETTINGS = DigestSettings("cfg", ENV["SNS_TOPIC_ARN"], window_days=7, top_k=5, min_calls=1000)


def test_an_event_narrows_the_settings():
    s = SETTINGS.with_event({"window_days": 3, "top_k": 2, "min_calls": 5000, "publish": False})
    assert (s.window_days, s.top_k, s.min_calls, s.publish) == (3, 2, 5000, False)
    assert SETTINGS.with_event({}) == SETTINGS
    scheduled = {"detail-type": "Scheduled Event", "source": "aws.scheduler", "detail": {"top_k": 1}}
    assert SETTINGS.with_event(scheduled).top_k == 1


@pytest.mark.parametrize(
    "event, field",
    [
        ({"window_days": 8}, "event.window_days"),  # a longer window than configured
        ({"window_days": 0}, "event.window_days"),
        ({"top_k": 6}, "event.top_k"),
        ({"min_calls": 999}, "event.min_calls"),  # fewer calls would let more agents in
        ({"min_calls": True}, "event.min_calls"),
        ({"publish": "no"}, "event.publish"),
        ({"table": "other"}, "event"),
        ([], "event"),
        ({"top_k": "x" * 5000}, "event"),
    ],
)
def test_an_event_that_widens_or_is_malformed_is_refused_naming_the_field(event, field):
    with pytest.raises(FieldError) as info:
        SETTINGS.with_event(event)
    assert info.value.field == field


def test_publish_true_is_refused_when_publishing_is_off():
    off = SETTINGS.with_event({"publish": False})
    with pytest.raises(FieldError) as info:
        off.with_event({"publish": True})
    assert info.value.field == "event.publish"


def test_several_bad_fields_are_all_named():
    with pytest.raises(FieldErrors) as info:
        SETTINGS.with_event({"window_days": 30, "top_k": 50})
    assert [e.field for e in info.value.errors] == ["event.window_days", "event.top_k"]


@pytest.mark.parametrize("path", sorted(EVENTS.glob("*.json")), ids=lambda p: p.name)
def test_the_sample_events_are_accepted(path):
    SETTINGS.with_event(json.loads(path.read_text()))


def test_the_package_holds_neither_the_estimator_nor_the_sampling_history():
    packed = {str(p.relative_to(build_lambdas.SRC_ROOT)) for p in build_lambdas.closure("usage_digest")}
    assert "agentcore_finops/recommend.py" in packed and "agentcore_finops/usage_report.py" in packed
    assert not {p for p in packed if p.startswith("agentcore_finops/estimate")}
    assert not packed & {"agentcore_finops/sampling_history.py", "agentcore_finops/recommend_sampling.py"}


# -- on the emulator ------------------------------------------------------------------------------------


@pytest.fixture
def moto_aws(ext_emulator, monkeypatch):
    ext_emulator.reset()
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    for key, value in ext_emulator.env().items():
        monkeypatch.setenv(key, value)
    aws.reset_clients()
    handler.settings.cache_clear()
    yield
    aws.reset_clients()
    handler.settings.cache_clear()


def _publish(agent: str, tier: str, when: dt.datetime, **values: float) -> None:
    dims = [
        {"Name": "AgentId", "Value": agent},
        {"Name": "Tier", "Value": tier},
        {"Name": "service", "Value": "tier-router"},
    ]
    aws.client("cloudwatch").put_metric_data(
        Namespace="AgentCoreFinOps",
        MetricData=[
            {"MetricName": n, "Dimensions": dims, "Timestamp": when, "Value": v} for n, v in values.items()
        ],
    )


def _fleet() -> None:
    """Two agents: big-triage on tier 1 with short outputs that never escalates (over-provisioned);
    sized-worker on tier 2 that escalates and writes long outputs (correctly sized). A day of traffic
    this week, and a cheaper day for big-triage the week before."""
    ddb = aws.client("dynamodb")
    ddb.create_table(
        TableName="cfg",
        KeySchema=[{"AttributeName": "agent_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "agent_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    for agent, tier, max_tokens, budget in (("big-triage", 1, 2048, 15), ("sized-worker", 2, 1024, 6)):
        ddb.put_item(
            TableName="cfg",
            Item={
                "agent_id": {"S": agent},
                "tier": {"N": str(tier)},
                "model_id": {"S": TIERS[str(tier)]["model_id"]},
                "max_tokens": {"N": str(max_tokens)},
                "step_budget": {"N": str(budget)},
            },
        )
    yesterday = _today() - dt.timedelta(days=1)
    last_week = _today() - dt.timedelta(days=8)
    big = float(CATALOGUE.usage_cost(TIERS["1"]["model_id"], {"inputTokens": 2000, "outputTokens": 200}))
    sized = float(CATALOGUE.usage_cost(TIERS["2"]["model_id"], {"inputTokens": 2000, "outputTokens": 900}))
    for i in range(30):
        minute = yesterday + dt.timedelta(minutes=i)
        _publish("big-triage", "1", minute, ModelCalls=1, Decisions=1, Escalations=0, InputTokens=2000,
                 OutputTokens=200, CostUSD=big, ToolCalls=2)  # fmt: skip
        _publish("sized-worker", "2", minute, ModelCalls=1, Decisions=1, Escalations=int(i % 10 == 0),
                 InputTokens=2000, OutputTokens=900, CostUSD=sized, ToolCalls=5)  # fmt: skip
    for i in range(10):
        _publish("big-triage", "1", last_week + dt.timedelta(minutes=i), ModelCalls=1, CostUSD=big)


def _subscribed_queue() -> tuple[str, str]:
    sns, sqs = aws.client("sns"), aws.client("sqs")
    topic = sns.create_topic(Name="guardrails")["TopicArn"]
    queue = sqs.create_queue(QueueName="digest")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    return topic, queue


def _messages(queue: str) -> list[dict]:
    got = aws.client("sqs").receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1)
    return [json.loads(m["Body"]) for m in got.get("Messages", [])]


def _recommend_figures() -> list[recommend.Recommendation]:
    """What `agentcore-finops recommend` finds on the same window (its own code path)."""
    from agentcore_finops import usage_report

    window = usage_report.Window.parse(days=7)
    report = usage_report.collect(
        window, cloudwatch=aws.client("cloudwatch"), dynamodb=aws.client("dynamodb"), table="cfg"
    )
    return recommend.recommend(report, CATALOGUE, recommend.Thresholds(min_calls=30))[0]


def _env(monkeypatch, topic: str, **extra: str) -> None:
    for key, value in {**ENV, "SNS_TOPIC_ARN": topic, "MIN_CALLS": "30", **extra}.items():
        monkeypatch.setenv(key, value)


def test_the_digest_names_the_oversized_agent_its_saving_and_the_drift(moto_aws, monkeypatch):
    _fleet()
    topic, queue = _subscribed_queue()
    _env(monkeypatch, topic)
    out = handler.lambda_handler({}, harness.lambda_context("usage-digest"))

    recs = _recommend_figures()
    assert {r.agent_id for r in recs} == {"big-triage"}
    saving = float(sum(r.monthly_saving_usd for r in recs))
    assert saving > 0
    assert out["monthly_saving_usd"] == pytest.approx(saving)
    assert {s["agent_id"] for s in out["savings"]} == {"big-triage"}
    tier = next(s for s in out["savings"] if s["rule"] == "lower_tier")
    assert tier["change"] == "tier 1 -> 2" and tier["evidence"]["model_calls"] == 30
    assert (out["published"], out["metric_agents"], out["errors"]) == (True, 2, [])

    # drifts: big-triage cost 30 calls this week against 10 the week before; sized-worker is new
    drifts = {d["agent_id"]: d for d in out["drifts"]}
    assert drifts["big-triage"]["previous_cost_usd"] == pytest.approx(drifts["big-triage"]["cost_usd"] / 3)
    assert drifts["sized-worker"]["change_ratio"] is None

    [message] = _messages(queue)
    assert message["Subject"].startswith(f"AgentCore FinOps digest (7 days): {saving:,.2f} USD/month")
    text = message["Message"]
    assert "1. big-triage: " in text and "sized-worker: tier" not in text
    assert f"Recommended saving: {saving:,.2f} USD a month" in text
    assert "big-triage:" in text.split("Largest cost drifts")[1]

    got = aws.client("cloudwatch").get_metric_data(
        MetricDataQueries=[
            {
                "Id": f"m{i}",
                "MetricStat": {
                    "Metric": {
                        "Namespace": "AgentCoreFinOps",
                        "MetricName": "RecommendedSavingUSD",
                        "Dimensions": [
                            {"Name": "AgentId", "Value": agent},
                            {"Name": "service", "Value": "usage-digest"},
                        ],
                    },
                    "Period": 3600,
                    "Stat": "Maximum",
                },
            }
            for i, agent in enumerate(("big-triage", "sized-worker"))
        ],
        StartTime=_today() - dt.timedelta(days=1),
        EndTime=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
    )["MetricDataResults"]
    assert [r["Values"] for r in got] == [[pytest.approx(saving)], [0.0]]


def test_publish_false_returns_the_digest_and_sends_nothing(moto_aws, monkeypatch):
    _fleet()
    topic, queue = _subscribed_queue()
    _env(monkeypatch, topic)
    out = handler.lambda_handler({"publish": False}, harness.lambda_context("usage-digest"))
    assert out["savings"] and (out["published"], out["metric_agents"]) == (False, 0)
    assert _messages(queue) == []
    assert not aws.client("cloudwatch").list_metrics(
        Namespace="AgentCoreFinOps", MetricName="RecommendedSavingUSD"
    )["Metrics"]


def test_an_unreadable_config_table_is_named_and_no_saving_is_claimed(moto_aws, monkeypatch):
    _fleet()
    topic, queue = _subscribed_queue()
    _env(monkeypatch, topic, CONFIG_TABLE_NAME="missing-table")
    with pytest.raises(handler.DigestFailed) as info:
        handler.lambda_handler({}, harness.lambda_context("usage-digest"))
    d = info.value.digest
    assert [e["step"] for e in d.errors] == ["read the agent config table missing-table"]
    assert "scan" in d.errors[0]["error"]
    assert (d.agents, d.recommendations, d.monthly_saving_usd, d.published) == (2, 0, 0.0, True)
    [message] = _messages(queue)
    assert "read(s) failed" in message["Subject"]
    assert "read the agent config table missing-table: ResourceNotFoundException: scan" in message["Message"]


class _Failing:
    """A client whose ``operation`` fails as AWS would after retries; every other call goes through."""

    def __init__(self, client, operation: str, code: str):
        self._client, self._operation, self._code = client, operation, code

    def __getattr__(self, name):
        if name == self._operation:

            def fail(**_):
                raise ClientError({"Error": {"Code": self._code, "Message": "no"}}, name)

            return fail
        return getattr(self._client, name)


@pytest.mark.parametrize(
    "operation, code, step",
    [
        ("put_metric_data", "AccessDenied", "put RecommendedSavingUSD"),
        ("get_metric_data", "Throttling", "read the window's metrics"),
        ("list_metrics", "InternalFailure", "read the window's metrics"),
    ],
)
def test_a_failed_cloudwatch_call_is_named_in_the_published_digest(
    moto_aws, monkeypatch, operation, code, step
):
    _fleet()
    topic, queue = _subscribed_queue()
    cw = _Failing(aws.client("cloudwatch"), operation, code)
    d = digest.run(
        DigestSettings("cfg", topic, min_calls=30),
        CATALOGUE,
        cloudwatch=cw,
        dynamodb=aws.client("dynamodb"),
        sns=aws.client("sns"),
        now=dt.datetime.now(dt.UTC),
    )
    assert [e["step"] for e in d.errors] == [step] and code in d.errors[0]["error"]
    assert d.published
    [message] = _messages(queue)
    assert f"{step}: " in message["Message"]


def test_a_failed_previous_window_read_drops_the_drifts_only(moto_aws):
    _fleet()
    topic, _ = _subscribed_queue()
    real = aws.client("cloudwatch")

    class SecondListFails(_Failing):
        calls = 0

        def __getattr__(self, name):
            if name == "list_metrics":
                SecondListFails.calls += 1
                if SecondListFails.calls > 1:  # the first listing is the window's, then the drifts'
                    return super().__getattr__(name)
            return getattr(self._client, name)

    d = digest.run(
        DigestSettings("cfg", topic, min_calls=30),
        CATALOGUE,
        cloudwatch=SecondListFails(real, "list_metrics", "AccessDenied"),
        dynamodb=aws.client("dynamodb"),
        sns=aws.client("sns"),
        now=dt.datetime.now(dt.UTC),
    )
    assert [e["step"] for e in d.errors] == ["read the previous window's metrics (drifts)"]
    assert d.drifts == [] and d.savings and d.published


def test_a_failed_publish_is_reported_and_the_run_fails(moto_aws, monkeypatch):
    _fleet()
    _env(monkeypatch, "arn:aws:sns:us-east-1:123456789012:no-such-topic")
    with pytest.raises(handler.DigestFailed) as info:
        handler.lambda_handler({}, harness.lambda_context("usage-digest"))
    d = info.value.digest
    assert [e["step"] for e in d.errors] == ["publish to arn:aws:sns:us-east-1:123456789012:no-such-topic"]
    assert d.published is False and d.metric_agents == 2 and d.savings


def test_an_empty_window_still_sends_a_digest_that_says_so(moto_aws, monkeypatch):
    topic, queue = _subscribed_queue()
    aws.client("dynamodb").create_table(
        TableName="cfg",
        KeySchema=[{"AttributeName": "agent_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "agent_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    _env(monkeypatch, topic)
    out = handler.lambda_handler({}, harness.lambda_context("usage-digest"))
    assert (out["agents"], out["savings"], out["drifts"], out["metric_agents"]) == (0, [], [], 0)
    [message] = _messages(queue)
    assert "across 0 agent(s)" in message["Message"] and "none: no agent" in message["Message"]


# -- pure parts -----------------------------------------------------------------------------------------


def test_a_drift_is_the_change_and_its_ratio_none_for_a_new_agent():
    assert (contract.Drift("b", 1, 5).change_usd, contract.Drift("b", 1, 5).change_ratio) == (-4, -0.8)
    assert contract.Drift("n", 2, 0).change_ratio is None


def test_the_subject_fits_sns():
    d = contract.Digest("2026-11-26", "2026-12-03", 7, monthly_saving_usd=10**12)
    d.errors = [{"step": "x", "error": "y"}] * 3
    assert len(digest.subject(d)) <= 100


def test_metrics_go_in_batches(monkeypatch):
    sent = []

    class CW:
        def put_metric_data(self, **kw):
            sent.append(kw)

    digest.put_savings(
        CW(), {f"agent-{i}": float(i) for i in range(45)}, dt.datetime(2026, 12, 3, tzinfo=dt.UTC)
    )
    assert [len(c["MetricData"]) for c in sent] == [20, 20, 5]
    assert {c["Namespace"] for c in sent} == {"AgentCoreFinOps"}
    assert sent[0]["MetricData"][1]["Dimensions"] == [
        {"Name": "AgentId", "Value": "agent-1"},
        {"Name": "service", "Value": "usage-digest"},
    ]
