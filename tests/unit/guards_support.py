"""Shared helpers for the agent-side guard tests: records, fake AWS clients, a fake clock."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest

from agentcore_finops import fleet

FLEET = {
    "sre-orchestrator": {"tier": 1, "tools": ["get_metrics", "open_ticket"]},
    "doc-specialist": {"tier": 2, "tools": ["search_docs"]},
    "doc-learner": {"tier": 2, "ltm_enabled": True},
    "invoice-validator": {"tier": 3, "tools": ["lookup"]},
}
MEMORY_ID = "agent_memory-a1b2c3d4e5"
RUNTIME_ARN = "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/sre_orchestrator-a1b2c3d4e5"


def records() -> dict[str, dict[str, Any]]:
    return fleet.resolve(FLEET)


def aws_client(service: str) -> Any:
    return boto3.client(
        service, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )


class Clock:
    """A settable monotonic clock."""

    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Sleeps:
    """Records the delays a backoff asked for, without sleeping."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def emf_documents(text: str) -> list[dict[str, Any]]:
    """The EMF JSON documents Powertools printed (one per line)."""
    docs = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{") and '"_aws"' in line:
            docs.append(json.loads(line))
    return docs


def emitted(text: str, name: str) -> list[float]:
    """Every value of metric ``name`` in the captured EMF output."""
    values: list[float] = []
    for doc in emf_documents(text):
        if name in doc:
            raw = doc[name]
            values.extend(raw if isinstance(raw, list) else [raw])
    return values


MCP_SERVER = Path(__file__).with_name("mcp_tool_server.py")


@dataclass
class McpGateway:
    """A local MCP server (stdio) standing in for an AgentCore Gateway."""

    client_factory: Callable[[], Any]
    list_log: Path

    def list_calls(self) -> int:
        return self.list_log.read_text().count("list") if self.list_log.exists() else 0


@pytest.fixture
def mcp_gateway(tmp_path: Path) -> Iterator[McpGateway]:
    from mcp import StdioServerParameters, stdio_client
    from strands.tools.mcp import MCPClient

    log = tmp_path / "list.log"
    params = StdioServerParameters(
        command=sys.executable, args=[str(MCP_SERVER)], env={**os.environ, "MCP_LIST_LOG": str(log)}
    )
    # The server's stderr goes to a file: under pytest (capture, xdist) sys.stderr has no fileno.
    with (tmp_path / "server.stderr").open("a") as errlog:
        yield McpGateway(lambda: MCPClient(lambda: stdio_client(params, errlog=errlog)), log)
