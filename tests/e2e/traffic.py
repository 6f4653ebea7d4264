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
