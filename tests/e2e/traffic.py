"""Prepared traffic for the measure-then-recommend tests (tests/e2e/test_minimal_example.py on
examples/minimal, tests/e2e/test_complete_example.py on examples/complete): each agent's calls go
through the tier router's handler, configured as its deployed function (invoke mode, a scripted
Bedrock), with the guards' metrics beside them; the EMF documents printed are then published with
PutMetricData, as CloudWatch would extract them from the logs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

import pytest

from agentcore_finops.guards.metrics import GuardMetrics
from tier_router import handler
from tier_router.settings import Settings


@dataclass(frozen=True)
class Agent:
    """One agent's prepared traffic: per call, input and output tokens; per invocation, tool calls;
    the first ``complex_calls`` calls are hinted complex (escalated where the tier can escalate)."""

    tier: int
    input_tokens: int
    output_tokens: int
    tool_calls: int
    complex_calls: int = 0


class ScriptedBedrock:
    """Converse answers with the input and output sizes prepared for the agent being served."""

    def __init__(self) -> None:
        self.input_tokens = 0
        self.output_tokens = 0

    def converse(self, **kwargs):
        return {
            "output": {"message": {"role": "assistant", "content": [{"text": "done"}]}},
            "stopReason": "end_turn",
            "usage": {
                "inputTokens": self.input_tokens,
                "outputTokens": self.output_tokens,
                "totalTokens": self.input_tokens + self.output_tokens,
            },
        }


def send(
    router_env: Mapping[str, str], mix: Mapping[str, Agent], calls: int, context, capsys, cloudwatch
) -> int:
    """``calls`` invocations per agent of ``mix`` through the router built from ``router_env`` (the
    deployed function's environment), each followed by the guards' metrics; returns how many data
    points were published. Output captured before the traffic is discarded (not part of the mix)."""
    bedrock = ScriptedBedrock()
    handler.use_router(handler.build_router(Settings.from_env(router_env), bedrock=bedrock))
    capsys.readouterr()
    try:
        for agent_id, agent in mix.items():
            bedrock.input_tokens, bedrock.output_tokens = agent.input_tokens, agent.output_tokens
            guards = GuardMetrics(agent_id, agent.tier)
            for i in range(calls):
                event = {
                    "agent_id": agent_id,
                    "mode": "invoke",
                    "messages": [{"role": "user", "content": "Handle this request."}],
                    "trace_id": f"trace-{agent_id}-{i}",
                }
                if i < agent.complex_calls:
                    event["complexity"] = "high"
                response = handler.lambda_handler(event, context)
                assert response["status"] == 200, response
                guards.emit({"ToolCalls": agent.tool_calls, "StepBudgetExhausted": 0})
    finally:
        handler.use_router(None)
    return publish_emf(cloudwatch, capsys.readouterr().out)


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


def usage_window(table: str) -> list[str]:
    """The `usage`/`recommend` arguments for today's UTC day on ``table``, where send() put the metrics."""
    today = dt.datetime.now(dt.UTC).date()
    return [
        "--start",
        today.isoformat(),
        "--end",
        (today + dt.timedelta(days=1)).isoformat(),
        "--table",
        table,
    ]


def check_measured(measured: Mapping[str, dict], mix: Mapping[str, Agent], calls: int, catalogue) -> None:
    """`usage` reports each agent of ``mix`` exactly as send() prepared it: calls, tokens, escalations
    (to the agent's escalation model, when it has one), tool calls, p99s, no cache hits, and the cost of
    those calls at catalogue prices."""
    for agent_id, agent in mix.items():
        a = measured[agent_id]
        assert (a["tier"], a["model_calls"], a["input_tokens"], a["output_tokens"]) == (
            str(agent.tier),
            calls,
            calls * agent.input_tokens,
            calls * agent.output_tokens,
        ), agent_id
        escalated = agent.complex_calls if a["config"]["escalation_model_id"] else 0
        assert a["escalations"] == escalated and a["escalation_rate"] == round(escalated / calls, 4), agent_id
        assert (a["tool_calls"], a["invocations"], a["tool_calls_p99"]) == (
            calls * agent.tool_calls,
            calls,
            agent.tool_calls,
        ), agent_id
        assert (a["output_tokens_p99"], a["cache_hit_ratio"]) == (agent.output_tokens, 0), agent_id
        models = [a["config"]["escalation_model_id"]] * escalated + [a["config"]["model_id"]] * (
            calls - escalated
        )
        tokens = {"inputTokens": agent.input_tokens, "outputTokens": agent.output_tokens}
        cost = sum(catalogue.usage_cost(m, tokens) for m in models)
        assert a["cost_usd"] == pytest.approx(float(cost), abs=1e-6), agent_id
