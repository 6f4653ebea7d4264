"""Measure, then recommend, on the emulator: examples/minimal applied; the tier router's handler (invoke
mode, a scripted Bedrock) and the guards' metrics run for a prepared mix of agents; their EMF documents
are published with PutMetricData as CloudWatch would extract them. Then `usage` reports the prepared
figures exactly, `recommend` finds the over-provisioned agent and none of the correctly sized ones,
and its patch lowers the estimate's model cost by the saving it claims."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from agentcore_finops import cli, pricing
from agentcore_finops.estimate import estimate, load_fleet, load_usage
from agentcore_finops.guards.metrics import GuardMetrics
from tests import harness
from tier_router import handler
from tier_router.settings import Settings

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]

FLEET = """\
agents:
  support-orchestrator: {tier: 1, tools: [search_kb, open_ticket]}
  refund-specialist: {tier: 2, tools: [get_order, issue_refund]}
  email-classifier: {tier: 3}
"""
CALLS = 40
INPUT = 2000
# agent: (output tokens per call, tool calls per invocation, calls hinted complex -> escalated)
MIX = {
    "support-orchestrator": (150, 2, 0),  # over-provisioned: tier 1, 2,048 tokens, 15 steps
    "refund-specialist": (900, 5, 4),  # sized: long outputs, escalates 10 % of calls
    "email-classifier": (200, 2, 0),  # sized: tier 3, at the max_tokens floor
}


class Context:
    function_name = "e2e-tier-router"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:e2e-tier-router"
    aws_request_id = "e2e-request"


class ScriptedBedrock:
    """Converse answers with the output size the test prepared for the agent being served."""

    def __init__(self) -> None:
        self.output_tokens = 0

    def converse(self, **kwargs):
        return {
            "output": {"message": {"role": "assistant", "content": [{"text": "done"}]}},
            "stopReason": "end_turn",
            "usage": {
                "inputTokens": INPUT,
                "outputTokens": self.output_tokens,
                "totalTokens": INPUT + self.output_tokens,
            },
        }


def publish_emf(cloudwatch, text: str) -> int:
    """PutMetricData for every EMF document in ``text`` (what CloudWatch extracts from logs)."""
    count = 0
    for line in text.splitlines():
        if '"_aws"' not in line:
            continue
        doc = json.loads(line)
        meta = doc["_aws"]
        when = dt.datetime.fromtimestamp(meta["Timestamp"] / 1000, dt.UTC)
        for directive in meta["CloudWatchMetrics"]:
            dims = [{"Name": name, "Value": str(doc[name])} for name in directive["Dimensions"][0]]
            data = []
            for metric in directive["Metrics"]:
                values = doc[metric["Name"]]
                for value in values if isinstance(values, list) else [values]:
                    data.append(
                        {
                            "MetricName": metric["Name"],
                            "Dimensions": dims,
                            "Timestamp": when,
                            "Value": float(value),
                        }
                    )
            cloudwatch.put_metric_data(Namespace=directive["Namespace"], MetricData=data)
            count += len(data)
    return count


def test_usage_reports_the_prepared_mix_and_recommend_finds_the_oversized_agent(
    aws_env, aws, tmp_path, capsys
):
    tf_vars = {"name_prefix": "e2e-usage", "deletion_protection": False}
    with harness.applied("examples/minimal", tmp_path, aws_env, tf_vars) as ws:
        table = ws.outputs()["agent_config_table_name"]
        function = ws.outputs()["tier_router_function_name"]
        env = aws("lambda").get_function_configuration(FunctionName=function)["Environment"]["Variables"]
        bedrock = ScriptedBedrock()
        handler.use_router(handler.build_router(Settings.from_env(env), bedrock=bedrock))
        capsys.readouterr()
        try:
            for agent_id, (output, tools, complex_calls) in MIX.items():
                bedrock.output_tokens = output
                tier = int(FLEET.split(agent_id)[1].split("tier: ")[1][0])
                guards = GuardMetrics(agent_id, tier)
                for i in range(CALLS):
                    event = {
                        "agent_id": agent_id,
                        "mode": "invoke",
                        "messages": [{"role": "user", "content": "Handle this request."}],
                        "trace_id": f"trace-{agent_id}-{i}",
                    }
                    if i < complex_calls:
                        event["complexity"] = "high"
                    response = handler.lambda_handler(event, Context())
                    assert response["status"] == 200, response
                    guards.emit({"ToolCalls": tools, "StepBudgetExhausted": 0})
        finally:
            handler.use_router(None)
        published = publish_emf(aws("cloudwatch"), capsys.readouterr().out)
        assert published > 0

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
        for agent_id, (output, tools, complex_calls) in MIX.items():
            a = agents[agent_id]
            assert (a["model_calls"], a["input_tokens"], a["output_tokens"]) == (
                CALLS,
                CALLS * INPUT,
                CALLS * output,
            )
            assert a["escalations"] == complex_calls and a["escalation_rate"] == round(
                complex_calls / CALLS, 4
            )
            assert (a["tool_calls"], a["invocations"], a["tool_calls_p99"]) == (CALLS * tools, CALLS, tools)
            assert a["output_tokens_p99"] == output
            models = [a["config"]["escalation_model_id"]] * complex_calls + [a["config"]["model_id"]] * (
                CALLS - complex_calls
            )
            cost = sum(
                catalogue.usage_cost(m, {"inputTokens": INPUT, "outputTokens": output}) for m in models
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

    # The patch lowers the estimate (measured usage profile) by the saving claimed: the model cost.
    patched = tmp_path / "patched.json"
    patched.write_text(patch.read_text())
    usage = load_usage(profile)
    before = estimate(load_fleet(fleet), usage, catalogue).configured.dimension_total("llm")
    after = estimate(load_fleet(patched), usage, catalogue).configured.dimension_total("llm")
    # the profile rounds sessions to whole numbers: 40 a day is 1,216.67 a month, priced as 1,217
    assert abs((before - after) - claimed) <= claimed * Decimal("0.001") + Decimal("0.01")
