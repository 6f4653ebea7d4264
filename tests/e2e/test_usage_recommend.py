"""Measure, then recommend, on the emulator: examples/minimal applied (with the weekly usage digest on);
the tier router's handler (invoke mode, a scripted Bedrock) and the guards' metrics run for a prepared
mix of agents; their EMF documents are published with PutMetricData as CloudWatch would extract them
(tests/e2e/traffic.py).
Then `usage` reports the prepared figures exactly, `recommend` finds the over-provisioned agent and
none of the correctly sized ones, and its patch lowers the estimate's model cost by the saving it
claims; the deployed digest's handler, run with its deployed settings, publishes the same agent and
saving to the topic and puts the agent's RecommendedSavingUSD."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from agentcore_finops import cli, pricing
from agentcore_finops.estimate import estimate, load_fleet, load_usage
from tests import harness
from tests.e2e import traffic
from usage_digest import handler as digest_handler

pytestmark = [pytest.mark.e2e, pytest.mark.terraform, pytest.mark.slow]  # started first (tests/conftest.py)

FLEET = """\
agents:
  support-orchestrator: {tier: 1, tools: [search_kb, open_ticket]}
  refund-specialist: {tier: 2, tools: [get_order, issue_refund]}
  email-classifier: {tier: 3}
"""
CALLS = 40
INPUT = 2000
MIX = {
    # over-provisioned: tier 1, 2,048 tokens, 15 steps
    "support-orchestrator": traffic.Agent(tier=1, input_tokens=INPUT, output_tokens=150, tool_calls=2),
    # sized: long outputs, escalates 10 % of calls
    "refund-specialist": traffic.Agent(2, INPUT, output_tokens=900, tool_calls=5, complex_calls=4),
    # sized: tier 3, at the max_tokens floor
    "email-classifier": traffic.Agent(tier=3, input_tokens=INPUT, output_tokens=200, tool_calls=2),
}


DIGEST_TOPIC = "e2e-usage-digest"
# The digest on, publishing to a topic the test subscribes a queue to (the ARN is a literal so the
# plan knows the digest is on), with recommend's --min-calls for this traffic.
DIGEST_OVERRIDE = f"""
module "fleet" {{
  create_usage_digest = true
  usage_digest = {{
    sns_topic_arn = "arn:aws:sns:${{var.region}}:123456789012:{DIGEST_TOPIC}"
    min_calls     = {CALLS}
  }}
}}
"""
DIGEST_OUTPUT = """
output "usage_digest_function_name" {
  value = module.fleet.usage_digest_function_name
}
"""


class Context:
    function_name = "e2e-tier-router"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:e2e-tier-router"
    aws_request_id = "e2e-request"


def run_deployed_digest(aws, function: str, monkeypatch) -> dict:
    """The digest handler with the deployed function's environment, its topic subscribed by a queue;
    its return value plus the messages the queue got and support-orchestrator's RecommendedSavingUSD."""
    config = aws("lambda").get_function_configuration(FunctionName=function)
    env = config["Environment"]["Variables"]
    assert env["MIN_CALLS"] == str(CALLS) and env["SNS_TOPIC_ARN"].endswith(f":{DIGEST_TOPIC}")
    topic = aws("sns").create_topic(Name=DIGEST_TOPIC)["TopicArn"]
    assert topic == env["SNS_TOPIC_ARN"]
    queue = aws("sqs").create_queue(QueueName="e2e-digest")["QueueUrl"]
    queue_arn = aws("sqs").get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]
    aws("sns").subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn["QueueArn"])
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    run_at = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    monkeypatch.setattr(digest_handler, "now", lambda: run_at)
    digest_handler.settings.cache_clear()
    try:
        # the same one-day window as recommend's (an event may narrow WINDOW_DAYS, never widen it)
        out = digest_handler.lambda_handler({"window_days": 1}, harness.lambda_context(function))
    finally:
        digest_handler.settings.cache_clear()
    got = aws("sqs").receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1)
    out["messages"] = [json.loads(m["Body"]) for m in got.get("Messages", [])]
    [result] = aws("cloudwatch").get_metric_data(
        MetricDataQueries=[
            {
                "Id": "saving",
                "MetricStat": {
                    "Metric": {
                        "Namespace": "AgentCoreFinOps",
                        "MetricName": "RecommendedSavingUSD",
                        "Dimensions": [
                            {"Name": "AgentId", "Value": "support-orchestrator"},
                            {"Name": "service", "Value": "usage-digest"},
                        ],
                    },
                    "Period": 3600,
                    "Stat": "Maximum",
                },
            }
        ],
        StartTime=run_at - dt.timedelta(hours=1),
        EndTime=run_at + dt.timedelta(hours=1),
    )["MetricDataResults"]
    [out["saving_metric"]] = result["Values"]
    return out


def test_usage_reports_the_prepared_mix_and_recommend_finds_the_oversized_agent(
    aws_env, aws, tmp_path, capsys, monkeypatch
):
    tf_vars = {"name_prefix": "e2e-usage", "deletion_protection": False}
    files = {"digest_override.tf": DIGEST_OVERRIDE, "digest_output.tf": DIGEST_OUTPUT}
    with harness.applied("examples/minimal", tmp_path, aws_env, tf_vars, files=files) as ws:
        table = ws.outputs()["agent_config_table_name"]
        function = ws.outputs()["tier_router_function_name"]
        env = aws("lambda").get_function_configuration(FunctionName=function)["Environment"]["Variables"]
        assert traffic.send(env, MIX, CALLS, Context(), capsys, aws("cloudwatch")) > 0

        today = dt.datetime.now(dt.UTC).date()
        window = [
            "--start",
            today.isoformat(),
            "--end",
            (today + dt.timedelta(days=1)).isoformat(),
            "--table",
            table,
        ]
        profile = tmp_path / "measured.yaml"
        assert cli.main(["usage", *window, "--format", "json", "--export-profile", str(profile)]) == 0
        agents = {a["agent_id"]: a for a in json.loads(capsys.readouterr().out)["agents"]}
        catalogue = pricing.load_catalogue()
        for agent_id, mix in MIX.items():
            a = agents[agent_id]
            assert (a["tier"], a["model_calls"], a["input_tokens"], a["output_tokens"]) == (
                str(mix.tier),
                CALLS,
                CALLS * INPUT,
                CALLS * mix.output_tokens,
            )
            assert a["escalations"] == mix.complex_calls and a["escalation_rate"] == round(
                mix.complex_calls / CALLS, 4
            )
            assert (a["tool_calls"], a["invocations"], a["tool_calls_p99"]) == (
                CALLS * mix.tool_calls,
                CALLS,
                mix.tool_calls,
            )
            assert a["output_tokens_p99"] == mix.output_tokens
            models = [a["config"]["escalation_model_id"]] * mix.complex_calls + [a["config"]["model_id"]] * (
                CALLS - mix.complex_calls
            )
            cost = sum(
                catalogue.usage_cost(m, {"inputTokens": INPUT, "outputTokens": mix.output_tokens})
                for m in models
            )
            assert a["cost_usd"] == pytest.approx(float(cost), abs=1e-6)

        fleet = tmp_path / "fleet.yaml"
        fleet.write_text(FLEET)
        patch = tmp_path / "fleet.auto.tfvars.json"
        args = [
            "recommend",
            *window,
            "--min-calls",
            str(CALLS),
            "--fleet",
            str(fleet),
            "--apply-to",
            str(patch),
            "--format",
            "json",
        ]
        assert cli.main(args) == 0
        report = json.loads(capsys.readouterr().out)
        assert {r["agent_id"] for r in report["recommendations"]} == {"support-orchestrator"}
        assert report["patch"] == {
            "agents": {"support-orchestrator": {"tier": 2, "max_tokens": 256, "step_budget": 3}}
        }
        claimed = Decimal(str(report["monthly_saving_usd"]))
        assert claimed > 0

        # The deployed digest, run in-process with its deployed settings a day later (the window
        # ends at 00:00 UTC of the run's day) over recommend's window: the same agent and saving
        # reach the topic's queue.
        digest = run_deployed_digest(aws, ws.outputs()["usage_digest_function_name"], monkeypatch)
        assert {s["agent_id"] for s in digest["savings"]} == {"support-orchestrator"}
        assert Decimal(str(digest["patch_monthly_saving_usd"])) == claimed
        total = claimed + Decimal(str(report["advisory_monthly_saving_usd"]))
        assert Decimal(str(digest["monthly_saving_usd"])) == total
        assert (digest["errors"], digest["published"], digest["metric_agents"]) == ([], True, 3)
        [message] = digest["messages"]
        assert message["Subject"].startswith(f"AgentCore FinOps digest (1 day): {total:,.2f} USD/month")
        text = message["Message"]
        top = text.split("Top savings:")[1].split("Largest cost drifts")[0]
        assert "support-orchestrator: tier 1 -> 2 (lower_tier" in top
        assert "refund-specialist" not in top and "email-classifier" not in top
        assert f"({claimed:,.2f} in the agents patch)" in text
        assert digest["saving_metric"] == pytest.approx(float(total))

    # The patch lowers the estimate (measured usage profile) by the saving claimed: the model cost.
    patched = tmp_path / "patched.json"
    patched.write_text(patch.read_text())
    usage = load_usage(profile)
    before = estimate(load_fleet(fleet), usage, catalogue).configured.dimension_total("llm")
    after = estimate(load_fleet(patched), usage, catalogue).configured.dimension_total("llm")
    # the profile rounds sessions to whole numbers: 40 a day is 1,216.67 a month, priced as 1,217
    assert abs((before - after) - claimed) <= claimed * Decimal("0.001") + Decimal("0.01")
