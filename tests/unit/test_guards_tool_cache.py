"""Tool-list cache: one Gateway list per process and version; schemas narrowed to the agent's tools."""

from __future__ import annotations

import threading

import pytest

from agentcore_finops.guards import AgentSettings, ToolListCache
from agentcore_finops.guards.tool_cache import filter_tools, tool_allowed
from tests.unit.guards_support import emitted, records

GATEWAY_TOOLS = [
    {"name": "metrics___get_metrics", "description": "metrics", "inputSchema": {"type": "object"}},
    {"name": "tickets___open_ticket", "description": "tickets", "inputSchema": {"type": "object"}},
    {"name": "billing___refund", "description": "refunds", "inputSchema": {"type": "object"}},
    {"name": "search_docs", "description": "plain name", "inputSchema": {"type": "object"}},
]


class CountingFetcher:
    def __init__(self, tools=GATEWAY_TOOLS, gate: threading.Event | None = None):
        self.tools = tools
        self.calls = 0
        self.gate = gate

    def fetch(self):
        self.calls += 1
        if self.gate is not None:
            self.gate.wait(5)
        return list(self.tools)


def session_start(cache: ToolListCache, record: dict) -> tuple:
    """What an agent does at session start: read its settings, get its tools."""
    settings = AgentSettings.from_record(record)
    return cache.get(settings.config_version, settings.tools)


def test_100_sessions_make_one_list_call_plus_one_per_version_change():
    fetcher = CountingFetcher()
    cache = ToolListCache(fetcher)
    record = records()["sre-orchestrator"]
    for _ in range(100):
        tools = session_start(cache, record)
    assert fetcher.calls == 1 and cache.fetches == 1
    assert [t["name"] for t in tools] == ["metrics___get_metrics", "tickets___open_ticket"]

    changed = {**record, "config_version": "0123456789abcdef"}  # the record was re-applied
    for _ in range(100):
        session_start(cache, changed)
    assert fetcher.calls == 2

    for _ in range(100):  # same version again: no call
        session_start(cache, changed)
    assert fetcher.calls == 2


def test_concurrent_session_starts_share_one_fetch():
    gate = threading.Event()
    fetcher = CountingFetcher(gate=gate)
    cache = ToolListCache(fetcher)
    results: list[tuple] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("v1"))) for _ in range(16)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(10)
    assert fetcher.calls == 1 and len(results) == 16 and all(len(r) == 4 for r in results)


def test_each_agent_gets_only_its_tools_from_one_shared_list():
    fetcher = CountingFetcher()
    cache = ToolListCache(fetcher)
    recs = records()
    assert [t["name"] for t in cache.get("v1", recs["doc-specialist"]["tools"])] == ["search_docs"]
    assert cache.get("v1", recs["invoice-validator"]["tools"]) == ()
    assert cache.get("v1", []) == ()  # an agent that lists no tools is offered none
    assert len(cache.get("v1", None)) == 4  # None: no filtering
    assert fetcher.calls == 1


def test_gateway_target_prefixes_are_matched():
    assert tool_allowed("metrics___get_metrics", ["get_metrics"])
    assert tool_allowed("metrics___get_metrics", ["metrics___get_metrics"])
    assert not tool_allowed("metrics___get_metrics_v2", ["get_metrics"])
    assert not tool_allowed("get_metrics", ["metrics___get_metrics"])
    assert filter_tools(GATEWAY_TOOLS, ["refund", "search_docs"]) == (GATEWAY_TOOLS[2], GATEWAY_TOOLS[3])


def test_fetches_are_counted_as_a_metric(capsys):
    from agentcore_finops.guards.metrics import GuardMetrics

    cache = ToolListCache(CountingFetcher(), metrics=GuardMetrics("sre-orchestrator", 1))
    for _ in range(10):
        cache.get("v1")
    assert emitted(capsys.readouterr().out, "ToolListFetches") == [1.0]


def test_bad_inputs():
    with pytest.raises(TypeError):
        ToolListCache(object())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="version_key"):
        ToolListCache(CountingFetcher()).get("")


# --- the concrete MCP fetcher, against a real MCP server (stdio) standing in for a Gateway --------


@pytest.mark.slow
def test_mcp_fetcher_lists_once_and_sessions_call_tools_without_listing(mcp_gateway):
    from strands import Agent

    from agentcore_finops.guards.gateway import McpToolFetcher, tools_session
    from agentcore_finops.guards.testing import Reply, ScriptedModel

    factory = mcp_gateway.client_factory
    cache = ToolListCache(McpToolFetcher(factory))
    record = records()["sre-orchestrator"]
    answers = []
    for _ in range(2):  # two sessions, each with its own MCP connection for tools/call
        schemas = session_start(cache, record)
        assert [s["name"] for s in schemas] == ["metrics___get_metrics", "tickets___open_ticket"]
        with tools_session(factory(), schemas) as tools:
            model = ScriptedModel(
                [Reply.tool("metrics___get_metrics", {"service": "api"}), Reply.answer("ok")]
            )
            agent = Agent(model=model, tools=tools, callback_handler=None)
            agent("how is the api?")
            answers.append(agent.messages[2]["content"][0]["toolResult"])
            assert model.requests[0].tool_names == ["metrics___get_metrics", "tickets___open_ticket"]
    assert all(a["status"] == "success" and a["content"][0]["text"] == "api: 0.2% errors" for a in answers)
    assert mcp_gateway.list_calls() == 1  # the server saw exactly one tools/list


def test_sigv4_auth_signs_gateway_requests():
    import httpx
    from botocore.credentials import Credentials

    from agentcore_finops.guards.gateway import SigV4Auth

    auth = SigV4Auth("us-east-1", credentials=Credentials("AKIDEXAMPLE", "secret"))
    request = httpx.Request(
        "POST", "https://gw-1.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp", content=b"{}"
    )
    signed = next(auth.auth_flow(request))
    assert signed.headers["Authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/us-east-1/bedrock-agentcore/aws4_request" in signed.headers["Authorization"]
    assert "X-Amz-Date" in signed.headers
