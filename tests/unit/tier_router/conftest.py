"""Fixtures for the tier-router unit tests: a fleet resolved as Terraform resolves it, a moto table
holding it, a Stubber-wrapped bedrock-runtime client, a settable clock and a recorded sleeper."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters
from boto3.dynamodb.types import TypeSerializer
from botocore.stub import Stubber
from moto import mock_aws

from agentcore_finops import aws as acf_aws
from agentcore_finops import fleet
from tests import tier_defaults
from tier_router import handler
from tier_router.settings import Settings

# Where an agent on its tier's defaults is routed: tier-defaults.json's models, whatever they are.
TIER1_MODEL, TIER2_MODEL, TIER3_MODEL = (tier_defaults.model(tier) for tier in (1, 2, 3))
# Named models, for tests about a model's own behaviour (cache points, prices), not about the defaults.
SONNET = "global.anthropic.claude-sonnet-4-5-20250929-v1:0"
HAIKU = "global.anthropic.claude-haiku-4-5-20251001-v1:0"
NOVA = "amazon.nova-micro-v1:0"
TABLE = "unit-agent-config"

# One agent per tier on its tier's defaults, plus the variants the tests need.
AGENTS = {
    "sre-orchestrator": {"tier": 1, "tools": ["get_metrics", "open_ticket"]},
    "refund-specialist": {"tier": 2, "tools": ["get_order", "issue_refund"]},
    "email-classifier": {"tier": 3, "max_tokens": 50},
    # On Nova, escalating to Claude (cache points follow the model).
    "report-writer": {
        "tier": 3,
        "model_id": NOVA,
        "escalation_model_id": HAIKU,
        "max_tokens": 256,
        "async": True,
        "tools": ["get_order"],
    },
    # One per named model, at fixed caps: the cost tests price their calls by hand.
    "sonnet-agent": {"tier": 1, "model_id": SONNET, "max_tokens": 2048},
    "haiku-agent": {"tier": 2, "model_id": HAIKU, "max_tokens": 1024},
    # Escalates to the one catalogue model without prompt caching (it must cost more than its model).
    "plain-specialist": {
        "tier": 2,
        "model_id": NOVA,
        "escalation_model_id": "anthropic.claude-3-haiku-20240307-v1:0",
    },
}
RECORDS = fleet.resolve(AGENTS)

TOOL_CATALOGUE = [
    {
        "toolSpec": {
            "name": name,
            "description": f"The {name.replace('_', ' ')} tool.",
            "inputSchema": {"json": {"type": "object", "properties": {"id": {"type": "string"}}}},
        }
    }
    for name in ("get_metrics", "open_ticket", "get_order", "issue_refund", "page_oncall")
]


def user(text: str) -> dict:
    return {"role": "user", "content": [{"text": text}]}


def event(agent_id: str, text: str = "Classify this e-mail.", **extra) -> dict:
    return {"agent_id": agent_id, "messages": [user(text)], **extra}


class Clock:
    def __init__(self, now: float = 1_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@dataclass
class Sleeps:
    delays: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@dataclass
class Context:
    function_name: str = "unit-tier-router"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:unit-tier-router"
    aws_request_id: str = "req-0001"


def item(record: dict) -> dict:
    """A record as the agent-config module stores it (numbers as N, nulls as NULL)."""
    ser = TypeSerializer()
    return {k: ser.serialize(Decimal(str(v)) if isinstance(v, float) else v) for k, v in record.items()}


def emf(out: str) -> list[dict]:
    """EMF blobs printed by Powertools Metrics."""
    docs = []
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("{") and '"_aws"' in line:
            docs.append(json.loads(line))
    return docs


def emitted(out: str) -> dict[str, list]:
    """Metric name -> values over every EMF blob in ``out``."""
    values: dict[str, list] = {}
    for doc in emf(out):
        for directive in doc["_aws"]["CloudWatchMetrics"]:
            for metric in directive["Metrics"]:
                value = doc[metric["Name"]]
                values.setdefault(metric["Name"], []).extend(value if isinstance(value, list) else [value])
    return values


@pytest.fixture(autouse=True)
def _isolated(monkeypatch):
    """No real AWS, no leftover Powertools state or container router between tests."""
    for key in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    acf_aws.reset_clients()
    handler.metrics.clear_metrics()
    parameters.clear_caches()
    parameters.base.DEFAULT_PROVIDERS.clear()
    handler.use_router(None)
    yield
    acf_aws.reset_clients()
    handler.metrics.clear_metrics()
    parameters.clear_caches()
    parameters.base.DEFAULT_PROVIDERS.clear()
    handler.use_router(None)


@pytest.fixture
def ddb():
    """A moto DynamoDB client with the config table holding RECORDS."""
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName=TABLE,
            KeySchema=[{"AttributeName": "agent_id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "agent_id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        for record in RECORDS.values():
            client.put_item(TableName=TABLE, Item=item(record))
        yield client


@pytest.fixture
def bedrock():
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    with Stubber(client) as stub:
        yield client, stub
        stub.assert_no_pending_responses()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def sleeps():
    return Sleeps()


@pytest.fixture
def make_router(ddb, bedrock, clock, sleeps):
    def make(settings: Settings | None = None, **kwargs) -> handler.Router:
        return handler.build_router(
            settings or Settings(table_name=TABLE),
            clock=clock,
            dynamodb=ddb,
            bedrock=bedrock[0],
            sleep=sleeps,
            rng=lambda: 1.0,  # the longest delay of each backoff window
            **kwargs,
        )

    return make


def converse_response(text: str = "ok", stop: str = "end_turn", **usage) -> dict:
    counts = {"inputTokens": 100, "outputTokens": 10, **usage}
    counts["totalTokens"] = (
        counts["inputTokens"]
        + counts["outputTokens"]
        + counts.get("cacheReadInputTokens", 0)
        + counts.get("cacheWriteInputTokens", 0)
    )
    return {
        "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
        "stopReason": stop,
        "usage": counts,
        "metrics": {"latencyMs": 120},
    }
