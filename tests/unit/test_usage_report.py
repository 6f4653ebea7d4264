"""agentcore-finops usage: the window, the metric reads (batched, paginated, percentiles), the config
table and log groups joined per agent and tier, the outputs, denied and empty reads."""

from __future__ import annotations

import datetime as dt
import json

import boto3
import pytest
from botocore.stub import ANY, Stubber

from agentcore_finops import aws, cli, usage_report
from agentcore_finops.errors import FieldError
from agentcore_finops.usage_report import AgentUsage, UsageReadError, Window

NOW = dt.datetime(2026, 12, 3, 15, 30, tzinfo=dt.UTC)
DAY1 = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
DAY2 = dt.datetime(2026, 12, 2, tzinfo=dt.UTC)


def _client(service: str):
    return boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    ).client(service)


# ------------------------------------------------------------------------------------------------
# the window


def test_window_defaults_to_the_seven_whole_days_before_today():
    w = Window.parse(now=NOW)
    assert (w.start, w.end, w.days) == (
        dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 3, tzinfo=dt.UTC),
        7,
    )


def test_window_from_dates():
    w = Window.parse(start="2026-11-01", end="2026-12-01", now=NOW)
    assert w.days == 30


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"days": "0"}, "--days"),
        ({"days": "abc"}, "--days"),
        ({"days": "456"}, "--days"),
        ({"days": "3", "start": "2026-11-01"}, "--days"),
        ({"end": "2026-11-01"}, "--start"),
        ({"start": "2026-13-01"}, "--start"),
        ({"start": "2026-11-02", "end": "2026-11-02"}, "--end"),
        ({"start": "2026-11-02", "end": "2026-12-25"}, "--end"),
    ],
)
def test_bad_windows_name_the_option(kwargs, field):
    with pytest.raises(FieldError) as exc:
        Window.parse(now=NOW, **kwargs)
    assert exc.value.field == field


# ------------------------------------------------------------------------------------------------
# reading, with Stubber: exact requests, pages, percentiles


def _metric(name: str, agent: str, tier: str, service: str = "tier-router") -> dict:
    return {
        "Namespace": "AgentCoreFinOps",
        "MetricName": name,
        "Dimensions": [
            {"Name": "AgentId", "Value": agent},
            {"Name": "Tier", "Value": tier},
            {"Name": "service", "Value": service},
        ],
    }


def test_collect_joins_metrics_config_and_log_bytes_per_agent_and_tier():
    cw, ddb, logs = _client("cloudwatch"), _client("dynamodb"), _client("logs")
    window = Window(DAY1, DAY1 + dt.timedelta(days=2))
    with Stubber(cw) as c, Stubber(ddb) as d, Stubber(logs) as lg:
        d.add_response(
            "scan",
            {
                "Items": [{"agent_id": {"S": "triage"}, "tier": {"N": "1"}, "max_tokens": {"N": "2048"}}],
                "LastEvaluatedKey": {"agent_id": {"S": "triage"}},
            },
            {"TableName": "cfg"},
        )
        d.add_response(
            "scan",
            {"Items": [{"agent_id": {"S": "idle"}, "tier": {"N": "3"}}]},
            {"TableName": "cfg", "ExclusiveStartKey": {"agent_id": {"S": "triage"}}},
        )
        c.add_response(
            "list_metrics",
            {
                "Metrics": [_metric("ModelCalls", "triage", "1"), _metric("Unrelated", "triage", "1")],
                "NextToken": "p2",
            },
            {"Namespace": "AgentCoreFinOps"},
        )
        c.add_response(
            "list_metrics",
            {
                "Metrics": [
                    _metric("ToolCalls", "triage", "1", "agent-guards"),
                    {
                        "Namespace": "AgentCoreFinOps",
                        "MetricName": "ClientErrors",
                        "Dimensions": [{"Name": "service", "Value": "tier-router"}],
                    },
                ]
            },
            {"Namespace": "AgentCoreFinOps", "NextToken": "p2"},
        )
        # ModelCalls Sum (q0); ToolCalls Sum (q1), p50 (q2), p99 (q3), SampleCount (q4)
        c.add_response(
            "get_metric_data",
            {
                "MetricDataResults": [
                    {"Id": "q0", "Timestamps": [DAY1, DAY2], "Values": [10.0, 5.0]},
                    {"Id": "q1", "Timestamps": [DAY1], "Values": [30.0]},
                ],
                "NextToken": "more",
            },
            {
                "MetricDataQueries": ANY,
                "StartTime": DAY1,
                "EndTime": window.end,
                "ScanBy": "TimestampAscending",
            },
        )
        c.add_response(
            "get_metric_data",
            {
                "MetricDataResults": [
                    {"Id": "q2", "Timestamps": [DAY1], "Values": [2.0]},
                    {"Id": "q3", "Timestamps": [DAY1], "Values": [7.0]},
                    {"Id": "q4", "Timestamps": [DAY1], "Values": [12.0]},
                ]
            },
            {
                "MetricDataQueries": ANY,
                "StartTime": DAY1,
                "EndTime": window.end,
                "ScanBy": "TimestampAscending",
                "NextToken": "more",
            },
        )
        lg.add_response(
            "describe_log_groups",
            {
                "logGroups": [
                    {
                        "logGroupName": "/aws/bedrock-agentcore/runtimes/triage-abc-DEFAULT",
                        "storedBytes": 1234,
                    },
                    {"logGroupName": "/other", "storedBytes": 9},
                ]
            },
            {"logGroupNamePrefix": "/aws/bedrock-agentcore/"},
        )
        lines = []
        report = usage_report.collect(
            window,
            cloudwatch=cw,
            dynamodb=ddb,
            table="cfg",
            logs=logs,
            log_group_prefix="/aws/bedrock-agentcore/",
            progress=lines.append,
        )
    [triage] = report.agents
    assert triage.daily == {
        "2026-12-01": {"ModelCalls": 10.0, "ToolCalls": 30.0},
        "2026-12-02": {"ModelCalls": 5.0},
    }
    assert triage.percentiles == {"ToolCalls.p50": 2.0, "ToolCalls.p99": 7.0, "ToolCalls.SampleCount": 12.0}
    assert triage.config == {"agent_id": "triage", "tier": 1, "max_tokens": 2048}
    assert triage.log_stored_bytes == 1234
    assert report.unread_agents == ["idle"]
    assert any("batch 1/1 (5 queries)" in line for line in lines)


def test_queries_ask_daily_sums_and_window_percentiles():
    window = Window(DAY1, DAY1 + dt.timedelta(days=7))
    queries = usage_report._queries([_metric("OutputTokens", "a", "2"), _metric("CostUSD", "a", "2")], window)
    stats = [
        (q["MetricStat"]["Metric"]["MetricName"], q["MetricStat"]["Stat"], q["MetricStat"]["Period"])
        for q, _ in queries
    ]
    assert stats == [
        ("OutputTokens", "Sum", 86400),
        ("OutputTokens", "p50", 7 * 86400),
        ("OutputTokens", "p99", 7 * 86400),
        ("CostUSD", "Sum", 86400),
    ]
    assert len({q["Id"] for q, _ in queries}) == 4


class _RecordingCloudWatch:
    """Answers every query with one value on DAY1 and records the batch sizes."""

    def __init__(self, series):
        self.series = series
        self.batches = []

    def list_metrics(self, **_):
        return {"Metrics": self.series}

    def get_metric_data(self, MetricDataQueries, **_):
        self.batches.append(len(MetricDataQueries))
        return {
            "MetricDataResults": [
                {"Id": q["Id"], "Timestamps": [DAY1], "Values": [1.0]} for q in MetricDataQueries
            ]
        }


def test_more_than_500_queries_go_in_batches_of_500():
    series = [_metric("InputTokens", f"agent-{i:03d}", "3") for i in range(620)]
    cw = _RecordingCloudWatch(series)
    report = usage_report.collect(Window(DAY1, DAY2), cloudwatch=cw)
    assert cw.batches == [500, 120]
    assert len(report.agents) == 620 and all(a.total("InputTokens") == 1.0 for a in report.agents)


@pytest.mark.parametrize("code", ["AccessDenied", "AccessDeniedException"])
def test_access_denied_names_the_iam_action(code):
    cw = _client("cloudwatch")
    with Stubber(cw) as c:
        c.add_response("list_metrics", {"Metrics": [_metric("ModelCalls", "a", "1")]})
        c.add_client_error("get_metric_data", service_error_code=code, http_status_code=403)
        with pytest.raises(UsageReadError) as exc:
            usage_report.collect(Window(DAY1, DAY2), cloudwatch=cw)
    assert exc.value.denied
    assert "cloudwatch:GetMetricData" in str(exc.value)


def test_a_server_error_after_retries_is_reported_with_the_call():
    cw = _client("cloudwatch")
    with Stubber(cw) as c:
        c.add_client_error("list_metrics", service_error_code="InternalServiceError", http_status_code=500)
        with pytest.raises(UsageReadError) as exc:
            usage_report.collect(Window(DAY1, DAY2), cloudwatch=cw)
    assert not exc.value.denied and str(exc.value).startswith("list_metrics failed")


@pytest.mark.parametrize("command", ["usage", "recommend"])
def test_a_failed_metric_query_is_exit_4_not_a_zero_figure(capsys, monkeypatch, command):
    cw = _client("cloudwatch")
    monkeypatch.setattr(aws, "client", lambda *a, **k: cw)
    failed = {"Id": "q0", "StatusCode": "InternalError", "Timestamps": [], "Values": []}
    with Stubber(cw) as c:
        c.add_response("list_metrics", {"Metrics": [_metric("Escalations", "triage", "1")]})
        c.add_response(
            "get_metric_data",
            {
                "MetricDataResults": [
                    {**failed, "Messages": [{"Code": "InternalError", "Value": "try later"}]}
                ]
            },
        )
        assert cli.main([command, "--days", "2"]) == cli.EXIT_AWS_ERROR
    out, err = capsys.readouterr()
    assert out == ""
    assert (
        f"agentcore-finops {command}: error: get_metric_data failed: Escalations Sum of triage (tier 1) "
        "'q0': status InternalError (try later)"
    ) in err


def test_an_answer_to_no_query_asked_is_an_error():
    cw = _client("cloudwatch")
    with Stubber(cw) as c:
        c.add_response("list_metrics", {"Metrics": [_metric("ModelCalls", "a", "1")]})
        c.add_response(
            "get_metric_data",
            {
                "MetricDataResults": [
                    {"Id": "q9", "StatusCode": "Complete", "Timestamps": [DAY1], "Values": [1.0]}
                ]
            },
        )
        with pytest.raises(UsageReadError) as exc:
            usage_report.collect(Window(DAY1, DAY2), cloudwatch=cw)
    assert "an unknown query 'q9'" in str(exc.value)


def test_log_group_goes_to_the_longest_agent_id_it_names():
    ids = ["support", "support-bot"]
    assert usage_report.owner("/aws/bedrock-agentcore/runtimes/support-bot-x1-DEFAULT", ids) == "support-bot"
    assert usage_report.owner("/aws/bedrock-agentcore/runtimes/support-x1-DEFAULT", ids) == "support"
    assert usage_report.owner("/aws/bedrock-agentcore/runtimes/supporter-x1", ids) is None


def test_derived_figures():
    entry = AgentUsage("a", "2")
    entry.daily = {
        "2026-12-01": {
            "Decisions": 100,
            "Escalations": 4,
            "InputTokens": 600,
            "CacheReadInputTokens": 300,
            "CacheWriteInputTokens": 100,
            "CostUSD": 0.5,
        },
        "2026-12-02": {"Decisions": 100, "Escalations": 6, "CostUSD": 0.25},
    }
    assert entry.escalation_rate == 0.05
    assert entry.cache_hit_ratio == 0.3
    assert str(entry.cost_usd) == "0.75"


# ------------------------------------------------------------------------------------------------
# the command, on moto: what a user runs


@pytest.fixture
def moto_aws(ext_emulator, monkeypatch):
    """The emulator (moto server with emulator/ext: percentiles in GetMetricData) as the
    standard AWS settings, so the command runs as a user runs it."""
    ext_emulator.reset()
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    for key, value in ext_emulator.env().items():
        monkeypatch.setenv(key, value)
    aws.reset_clients()
    yield
    aws.reset_clients()


def _publish(agent: str, tier: str, when: dt.datetime, **values: float) -> None:
    aws.client("cloudwatch").put_metric_data(
        Namespace="AgentCoreFinOps",
        MetricData=[
            {
                "MetricName": name,
                "Dimensions": [
                    {"Name": "AgentId", "Value": agent},
                    {"Name": "Tier", "Value": tier},
                    {"Name": "service", "Value": "tier-router"},
                ],
                "Timestamp": when,
                "Value": value,
            }
            for name, value in values.items()
        ],
    )


def _today() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def test_usage_command_reports_published_figures(moto_aws, capsys):
    yesterday = _today() - dt.timedelta(days=1)
    _publish(
        "triage",
        "1",
        yesterday + dt.timedelta(hours=3),
        ModelCalls=3,
        Decisions=3,
        Escalations=0,
        InputTokens=6000,
        OutputTokens=900,
        CostUSD=0.0315,
    )
    _publish(
        "triage",
        "1",
        yesterday + dt.timedelta(hours=4),
        ModelCalls=1,
        Decisions=1,
        Escalations=1,
        InputTokens=2000,
        OutputTokens=300,
        CostUSD=0.0105,
    )
    aws.client("dynamodb").create_table(
        TableName="cfg",
        KeySchema=[{"AttributeName": "agent_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "agent_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    aws.client("dynamodb").put_item(
        TableName="cfg", Item={"agent_id": {"S": "triage"}, "tier": {"N": "1"}, "model_id": {"S": "m.x-v1:0"}}
    )
    status = cli.main(["usage", "--days", "2", "--table", "cfg", "--format", "json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    data = json.loads(out)
    [agent] = data["agents"]
    assert (agent["agent_id"], agent["tier"], agent["model_id"]) == ("triage", "1", "m.x-v1:0")
    assert (agent["model_calls"], agent["input_tokens"], agent["output_tokens"]) == (4, 8000, 1200)
    assert agent["escalation_rate"] == 0.25
    assert agent["cost_usd"] == pytest.approx(0.042)
    assert [d["day"] for d in agent["days"]] == [yesterday.date().isoformat()]
    assert "reading metrics: batch 1/1" in err

    assert cli.main(["usage", "--days", "2", "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "| triage | 1 |" in markdown and "fleet: 4 model calls" in markdown
    assert cli.main(["usage", "--days", "2", "--daily"]) == 0
    assert f"  {yesterday.date().isoformat()}" in capsys.readouterr().out


def test_empty_window_says_so_and_exits_5(moto_aws, capsys):
    _publish("triage", "1", _today() - dt.timedelta(days=20), ModelCalls=1)
    assert cli.main(["usage", "--days", "2"]) == cli.EXIT_EMPTY
    out, err = capsys.readouterr()
    assert out == "" and "no metrics in AgentCoreFinOps with AgentId and Tier" in err


def test_usage_init_still_writes_the_template(capsys, tmp_path):
    fleet = tmp_path / "fleet.yaml"
    fleet.write_text("agents:\n  a-agent: {tier: 2}\n")
    assert cli.main(["usage", "init", "--fleet", str(fleet)]) == 0
    assert "a-agent" in capsys.readouterr().out


def test_bad_window_is_exit_2_before_any_aws_call(capsys, monkeypatch):
    monkeypatch.setattr(aws, "client", lambda *a, **k: pytest.fail("no AWS call on bad input"))
    assert cli.main(["usage", "--days", "0"]) == cli.EXIT_BAD_INPUT
    assert "--days: invalid value '0'" in capsys.readouterr().err


def test_percentiles_come_from_the_published_values(moto_aws, capsys):
    yesterday = _today() - dt.timedelta(days=1)
    for i, calls in enumerate([1, 2, 2, 3, 9]):  # five agent invocations
        _publish("triage", "1", yesterday + dt.timedelta(minutes=i), ToolCalls=calls)
    assert cli.main(["usage", "--days", "1", "--format", "json"]) == 0
    [agent] = json.loads(capsys.readouterr().out)["agents"]
    assert (agent["tool_calls"], agent["invocations"]) == (17, 5)
    assert (agent["tool_calls_p50"], agent["tool_calls_p99"]) == (2.0, 9.0)


def _table(records: list[dict]) -> None:
    ddb = aws.client("dynamodb")
    ddb.create_table(
        TableName="cfg",
        KeySchema=[{"AttributeName": "agent_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "agent_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    for record in records:
        ddb.put_item(
            TableName="cfg",
            Item={k: ({"N": str(v)} if isinstance(v, int) else {"S": v}) for k, v in record.items()},
        )


def test_recommend_command_finds_the_oversized_agent_and_writes_the_patch(moto_aws, capsys, tmp_path):
    from agentcore_finops.fleet import builtin_tier_defaults

    tiers = builtin_tier_defaults()
    _table(
        [
            {
                "agent_id": "big-triage",
                "tier": 1,
                "model_id": tiers["1"]["model_id"],
                "max_tokens": tiers["1"]["max_tokens"],
                "step_budget": tiers["1"]["step_budget"],
            },
            {
                "agent_id": "sized-worker",
                "tier": 2,
                "model_id": tiers["2"]["model_id"],
                "max_tokens": tiers["2"]["max_tokens"],
                "step_budget": tiers["2"]["step_budget"],
            },
        ]
    )
    from agentcore_finops.pricing import load_catalogue

    catalogue = load_catalogue()
    yesterday = _today() - dt.timedelta(days=1)
    for i in range(30):  # one model call per agent invocation, as the router and the guards publish them
        minute = yesterday + dt.timedelta(minutes=i)
        cost = catalogue.usage_cost(tiers["1"]["model_id"], {"inputTokens": 2000, "outputTokens": 200})
        _publish(
            "big-triage",
            "1",
            minute,
            ModelCalls=1,
            Decisions=1,
            Escalations=0,
            InputTokens=2000,
            OutputTokens=200,
            CostUSD=float(cost),
            ToolCalls=2,
        )
        cost = catalogue.usage_cost(tiers["2"]["model_id"], {"inputTokens": 2000, "outputTokens": 900})
        _publish(
            "sized-worker",
            "2",
            minute,
            ModelCalls=1,
            Decisions=1,
            Escalations=int(i % 10 == 0),
            InputTokens=2000,
            OutputTokens=900,
            CostUSD=float(cost),
            ToolCalls=5,
        )
    fleet = tmp_path / "fleet.yaml"
    fleet.write_text("agents:\n  big-triage: {tier: 1}\n  sized-worker: {tier: 2}\n")
    out = tmp_path / "fleet.auto.tfvars.json"
    args = [
        "recommend",
        "--days",
        "1",
        "--table",
        "cfg",
        "--min-calls",
        "30",
        "--fleet",
        str(fleet),
        "--apply-to",
        str(out),
        "--format",
        "json",
    ]
    assert cli.main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert {r["agent_id"] for r in data["recommendations"]} == {"big-triage"}
    assert data["patch"] == {"agents": {"big-triage": {"tier": 2, "max_tokens": 256, "step_budget": 3}}}
    assert json.loads(out.read_text())["agents"] == {
        "big-triage": {"tier": 2, "max_tokens": 256, "step_budget": 3},
        "sized-worker": {"tier": 2},
    }


def test_export_profile_is_read_by_estimate(moto_aws, capsys, tmp_path):
    yesterday = _today() - dt.timedelta(days=1)
    for i in range(10):
        _publish(
            "triage",
            "1",
            yesterday + dt.timedelta(minutes=i),
            ModelCalls=1,
            InputTokens=3000,
            OutputTokens=500,
            ToolCalls=2,
        )
    profile = tmp_path / "measured.yaml"
    assert cli.main(["usage", "--days", "1", "--export-profile", str(profile)]) == 0
    assert f"wrote {profile}" in capsys.readouterr().err
    assert "input_tokens_per_call: 3000" in profile.read_text()
    assert cli.main(["usage", "--days", "1", "--export-profile", str(profile)]) == cli.EXIT_BAD_INPUT
    assert "--export-profile: " in capsys.readouterr().err
    fleet = tmp_path / "fleet.yaml"
    fleet.write_text("agents:\n  triage: {tier: 1}\n")
    assert cli.main(["estimate", "--fleet", str(fleet), "--usage", str(profile), "--format", "json"]) == 0
    llm = json.loads(capsys.readouterr().out)["scenarios"]["configured"]["dimensions"]["llm"]["lines"]
    [inputs] = [line for line in llm if "input tokens" in line["item"]]
    # 10 sessions of one call a day -> round(10 * 730 / 24) = 304 a month, 3,000 input tokens each
    assert inputs["quantity"] == 304 * 3000


def test_against_estimate_puts_measured_beside_predicted_largest_drift_first(moto_aws, capsys, tmp_path):
    from decimal import Decimal

    from agentcore_finops import pricing
    from agentcore_finops.estimate import estimate, load_fleet, load_usage

    yesterday = _today() - dt.timedelta(days=1)
    for i in range(10):
        _publish("triage", "1", yesterday + dt.timedelta(minutes=i), ModelCalls=1, CostUSD=0.5)
    _publish("helper", "3", yesterday, ModelCalls=1, CostUSD=0.001)
    fleet = tmp_path / "fleet.yaml"
    fleet.write_text("agents:\n  triage: {tier: 1}\n  helper: {tier: 3}\n  quiet: {tier: 2}\n")
    assert (
        cli.main(["usage", "--days", "1", "--against-estimate", "--fleet", str(fleet), "--format", "json"])
        == 0
    )
    drifts = json.loads(capsys.readouterr().out)["drifts"]
    by_agent = {d["agent_id"]: d for d in drifts}
    month = Decimal(730) / Decimal(24)
    assert by_agent["triage"]["measured_usd_month"] == float(
        (Decimal("5.0") * month).quantize(Decimal("0.01"))
    )
    assert by_agent["quiet"]["measured_usd_month"] is None
    fleet_input = load_fleet(fleet)
    [quiet] = [a for a in fleet_input.agents if a.agent_id == "quiet"]
    import dataclasses

    alone = estimate(
        dataclasses.replace(fleet_input, agents=(quiet,), addresses={}),
        load_usage(None),
        pricing.load_catalogue(),
    )
    assert by_agent["quiet"]["estimated_usd_month"] == float(
        alone.configured.dimension_total("llm").quantize(Decimal("0.01"))
    )
    drift_sizes = [abs(d["drift_usd_month"]) for d in drifts]
    assert drift_sizes == sorted(drift_sizes, reverse=True)
    assert cli.main(["usage", "--days", "1", "--against-estimate"]) == cli.EXIT_BAD_INPUT
    assert "--against-estimate: needs --fleet" in capsys.readouterr().err
