"""examples/agent-guards/agent.py run offline: scripted model, Stubber clients, a local MCP server as
the Gateway. Every guard acts: tool list fetched once, step budget, one memory event per turn, gated
long-term memory, rolling summary, session end."""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from boto3.dynamodb.types import TypeSerializer
from botocore.stub import ANY, Stubber

from agentcore_finops import fleet
from agentcore_finops.config_store import ConfigStore
from agentcore_finops.errors import FieldError
from agentcore_finops.guards.testing import Reply, ScriptedModel
from tests.unit.guards_support import MEMORY_ID, RUNTIME_ARN, aws_client, emitted

REPO = Path(__file__).resolve().parents[2]
SESSION = "session-0b7c1a52-3f7e-4c59-9d5c-1f0e2a4b6c8d"


def load_example():
    spec = importlib.util.spec_from_file_location(
        "agent_guards_example", REPO / "examples/agent-guards/agent.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def table_item(record: dict) -> dict:
    serializer = TypeSerializer()
    return {
        k: serializer.serialize(Decimal(str(v)) if isinstance(v, float) else v) for k, v in record.items()
    }


def event(request_session: str) -> dict:
    return {
        "event": {
            "memoryId": MEMORY_ID,
            "actorId": "user-7",
            "sessionId": request_session,
            "eventId": "1#abc",
            "eventTimestamp": "2027-01-01T00:00:00Z",
            "payload": [],
        }
    }


@pytest.mark.slow
def test_the_example_runs_offline_with_every_guard(mcp_gateway, capsys):
    example = load_example()
    record = fleet.resolve(
        {"sre-orchestrator": {"tier": 1, "tools": ["get_metrics", "open_ticket"], "step_budget": 2}}
    )["sre-orchestrator"]
    env = example.Environment.from_env(
        {
            "AGENT_ID": "sre-orchestrator",
            "AGENT_CONFIG_TABLE": "acme-agent-config",
            "MEMORY_ID": MEMORY_ID,
            "GATEWAY_URL": "https://gw.example/mcp",
            "GATEWAY_BEARER_TOKEN": "t",
            "AGENT_RUNTIME_ARN": RUNTIME_ARN,
            "ACTOR_ID": "user-7",
            "KEEP_TURNS": "1",
        }
    )
    dynamodb, agentcore, bedrock = (
        aws_client("dynamodb"),
        aws_client("bedrock-agentcore"),
        aws_client("bedrock-runtime"),
    )
    model = ScriptedModel(
        [
            Reply.tool("metrics___get_metrics", {"service": "checkout"}),
            Reply.tool("remember", {"fact": "checkout error budget is 0.5%", "importance": 0.8}),
            Reply.answer("Checkout is healthy."),
            Reply.tool("metrics___get_metrics", {"service": "payments"}),  # repeats: never stops asking
        ]
    )
    with Stubber(dynamodb) as ddb, Stubber(agentcore) as ac, Stubber(bedrock) as br:
        ddb.add_response("get_item", {"Item": table_item(record)})  # one read: the TTL cache serves the rest
        service = example.GuardedAgentService(
            env,
            store=ConfigStore(env.config_table, dynamodb_client=dynamodb),
            mcp_client_factory=mcp_gateway.client_factory,
            agentcore_client=agentcore,
            bedrock_client=bedrock,
            model_factory=lambda settings: model,
        )
        # turn 1: a tool call, a remembered fact (tier 1, 0.8 >= 0.4), an answer -> one event
        ac.add_response(
            "batch_create_memory_records",
            {
                "successfulRecords": [
                    {"memoryRecordId": f"mem-{'a' * 40}", "status": "SUCCEEDED", "requestIdentifier": "r"}
                ],
                "failedRecords": [],
            },
            {"memoryId": MEMORY_ID, "records": ANY},
        )
        ac.add_response(
            "create_event",
            event(SESSION),
            {
                "memoryId": MEMORY_ID,
                "actorId": "user-7",
                "sessionId": SESSION,
                "eventTimestamp": ANY,
                "payload": ANY,
                "clientToken": ANY,
            },
        )
        first = service.handle("Is checkout healthy?", SESSION)
        # turn 2: the model keeps calling tools; budget 2 stops it; one event; then the summary
        ac.add_response("create_event", event(SESSION))
        br.add_response(
            "converse",
            {
                "output": {"message": {"role": "assistant", "content": [{"text": "Checkout was healthy."}]}},
                "stopReason": "end_turn",
                "usage": {"inputTokens": 10, "outputTokens": 5, "totalTokens": 15},
                "metrics": {"latencyMs": 1},
            },
            {"modelId": "amazon.nova-micro-v1:0", "system": ANY, "messages": ANY, "inferenceConfig": ANY},
        )
        second = service.handle("And payments?", SESSION)
        ac.add_response(
            "stop_runtime_session",
            {"statusCode": 200},
            {"agentRuntimeArn": RUNTIME_ARN, "runtimeSessionId": SESSION, "clientToken": ANY},
        )
        assert service.end_session(SESSION) is True
        assert service.end_session(SESSION) is False
        for stub in (ddb, ac, br):
            stub.assert_no_pending_responses()

    assert first["answer"] == "Checkout is healthy."
    assert first["tools_offered"] == [
        "metrics___get_metrics",
        "tickets___open_ticket",
    ]  # not billing___refund
    assert first["step_budget"] == {"budget": 2, "tool_calls": 2, "cancelled": 0, "exhausted": False}
    assert second["step_budget"] == {"budget": 2, "tool_calls": 2, "cancelled": 2, "exhausted": True}
    assert "limit of 2 tool calls" in second["answer"] and "payments: 0.2% errors" in second["answer"]
    assert second["summary"] == "Checkout was healthy."
    assert sorted(model.requests[0].tool_names) == [
        "metrics___get_metrics",
        "remember",
        "tickets___open_ticket",
    ]
    assert mcp_gateway.list_calls() == 1  # one Gateway tools/list for the whole process
    assert emitted(capsys.readouterr().out, "ToolListFetches") == [1.0]


def test_missing_environment_variables_are_named():
    example = load_example()
    with pytest.raises(FieldError) as info:
        example.Environment.from_env({"AGENT_ID": "a-b"})
    assert info.value.field == "AGENT_CONFIG_TABLE"
    with pytest.raises(FieldError) as info:
        example.Environment.from_env(
            {
                "AGENT_ID": "a",
                "AGENT_CONFIG_TABLE": "t",
                "MEMORY_ID": "m",
                "GATEWAY_URL": "u",
                "KEEP_TURNS": "0",
            }
        )
    assert info.value.field == "KEEP_TURNS"
