"""The estimator's calculators, one dimension at a time, against values worked out by hand.

A three-agent fleet and a usage profile that switches on every branch (caching, batch, escalation,
sessions stopped early, ListTools every session, search, unbatched events, a custom LTM strategy,
Infrequent Access logs, NAT with cross-AZ traffic) are priced with the packaged list prices. Each test
writes out the arithmetic it expects, so a reader can follow it without running anything.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from agentcore_finops import fleet, pricing
from agentcore_finops.estimate import dimensions, inputs, usage
from agentcore_finops.estimate.model import Factor, Line, Price

AGENTS = {
    # tier 1: global. Sonnet 4.5 (in 3, out 15, cache write 3.75, read 0.30), max_tokens 2048, step budget
    # 15, LTM on (threshold 0.4), sampled 0.25, idle 300 s / lifetime 3600 s, no escalation model
    "orch": {"tier": 1, "tools": ["a", "b"]},
    # tier 2: global. Haiku 4.5 (in 1, out 5, write 1.25, read 0.10, batch 0.5 / 2.5), max_tokens 1024,
    # step budget 6, escalates to global. Sonnet 4.5, sampled 0.1, idle 120 s / lifetime 1800 s; async
    "spec": {"tier": 2, "tools": ["b", "c"], "async": True},
    # tier 3: Nova Micro (in 0.035, out 0.14, write 0.035, read 0.00875), step budget 3, escalates to
    # global. Haiku 4.5, sampled 0.03, idle 60 s / lifetime 300 s; no tools; output capped at 50
    "util": {"tier": 3, "max_tokens": 50},
}
PROFILE = {
    "extends": "reference",
    "sessions_per_agent_month": 100,
    "llm": {
        "calls_per_session": 4,
        "input_tokens_per_call": 1000,
        "output_tokens_per_call": 200,
        "cache_hit_ratio": 0.5,
        "batch_share": 0.5,
        "escalation_share": 0.25,
    },
    "runtime": {
        "session_seconds": 30,
        "cpu_active_share": 0.5,
        "vcpus": 2,
        "memory_gb": 0.1,
        "stopped_when_done_share": 0.5,
    },
    "gateway": {
        "tool_calls_per_session": 10,
        "list_tools_every_session": True,
        "search_calls_per_session": 2,
    },
    "memory": {
        "turns_per_session": 2,
        "messages_per_turn": 3,
        "events_batched": False,
        "ltm_records_per_session": 2,
        "ltm_retrievals_per_session": 3,
        "ltm_retention_days": 60,
        "ltm_strategy": "custom",
    },
    "observability": {
        "trace_kb_per_session": 500,
        "log_kb_per_session": 1000,
        "log_class": "infrequent_access",
        "log_retention_days": 90,
    },
    "network": {"mode": "nat", "nat_gateways": 2, "traffic_mb_per_session": 10, "cross_az_share": 0.25},
}


@pytest.fixture(scope="module")
def ctx() -> dimensions.Context:
    records = fleet.resolve(AGENTS)
    agents = tuple(inputs.Agent.from_record(records[k]) for k in sorted(records))
    profile = usage.parse(PROFILE)
    deployment = inputs.Deployment.resolve(profile, inputs.PlanSettings())
    return dimensions.Context(agents, profile, deployment, pricing.load_catalogue(), [])


def _total(lines: list[Line]) -> D:
    return sum((line.cost for line in lines), D(0))


def _by_item(lines: list[Line]) -> dict[str, D]:
    out: dict[str, D] = {}
    for line in lines:
        out[line.label] = out.get(line.label, D(0)) + line.cost
    return out


def test_llm_tokens_by_hand(ctx):
    lines = dimensions.llm(ctx)
    # orch (tier 1): 100 sessions, 4 calls, half of each call's 1,000 input tokens is a cached prefix
    orch = (
        D(100 * 4 * 1000) * D("0.5") * 3  # uncached input: 200,000 tokens at $3/1M = $0.60
        + D(100 * 1 * 500) * D("3.75")  # one cache write per session: 50,000 at $3.75 = $0.1875
        + D(100 * 3 * 500) * D("0.30")  # three reads per session: 150,000 at $0.30 = $0.045
        + D(100 * 4 * 200) * 15  # output: 80,000 at $15 = $1.20
    ) / 1_000_000
    assert orch == D("2.0325")
    # spec (tier 2, async): half the sessions on demand (50), half batched (50); a quarter of the
    # on-demand calls escalate to Sonnet; the rest (3 per session) write once and read twice
    spec = (
        D(50 * 4) * D("0.75") * 1000 * D("0.5") * 1  # uncached input: 75,000 at $1 = $0.075
        + D(50 * 1 * 500) * D("1.25")  # cache write: 25,000 at $1.25 = $0.03125
        + D(50 * 2 * 500) * D("0.10")  # cache reads: 50,000 at $0.10 = $0.005
        + D(50 * 4) * D("0.75") * 200 * 5  # output: 30,000 at $5 = $0.15
        + D(50 * 4 * 1000) * D("0.5")  # batch input: 200,000 at $0.50 = $0.10
        + D(50 * 4 * 200) * D("2.5")  # batch output: 40,000 at $2.50 = $0.10
        + D(50 * 4) * D("0.25") * 1000 * 3  # escalated input: 50,000 at Sonnet's $3 = $0.15
        + D(50 * 4) * D("0.25") * 200 * 15  # escalated output: 10,000 at $15 = $0.15
    ) / 1_000_000
    assert spec == D("0.76125")
    # util (tier 3): output capped at max_tokens 50; a quarter escalates to Haiku 4.5 (1 / 5)
    util = (
        D(100 * 4) * D("0.75") * 1000 * D("0.5") * D("0.035")  # uncached: 150,000 = $0.00525
        + D(100 * 1 * 500) * D("0.035")  # cache write at the input price: 50,000 = $0.00175
        + D(100 * 2 * 500) * D("0.00875")  # cache reads: 100,000 = $0.000875
        + D(100 * 4) * D("0.75") * 50 * D("0.14")  # output: 15,000 = $0.0021
        + D(100 * 4) * D("0.25") * 1000 * 1  # escalated input: 100,000 at $1 = $0.10
        + D(100 * 4) * D("0.25") * 50 * 5  # escalated output: 5,000 at $5 = $0.025
    ) / 1_000_000
    assert util == D("0.134975")
    groups = {g: _total([x for x in lines if x.group == g]) for g in ("tier 1", "tier 2", "tier 3")}
    assert groups == {"tier 1": orch, "tier 2": spec, "tier 3": util}
    assert _total(lines) == D("2.928725")


def test_llm_formula_reads_like_the_arithmetic(ctx):
    line = next(
        x
        for x in dimensions.llm(ctx)
        if x.label == "tier 3 · Amazon Nova Micro output tokens (max_tokens 50)"
    )
    assert line.formula == (
        "1 agent \u00d7 100 sessions/agent \u00d7 4 calls/session \u00d7 0.75 not escalated \u00d7 50 output tokens/call "
        "= 15,000 tokens \u00d7 $0.14 per 1M tokens = $0.00"
    )
    assert line.cost == D("0.0021")
    assert line.price.ref == 'models["amazon.nova-micro-v1:0"].output'


def test_runtime_by_hand(ctx):
    lines = dimensions.runtime(ctx)
    # vCPU: 3 agents x 100 sessions x 30 s x 0.5 busy x 2 vCPU ÷ 3,600 = 2.5 vCPU-h x $0.0895
    cpu = D(3 * 100 * 30) * D("0.5") * 2 / 3600 * D("0.0895")
    assert cpu == D("0.22375")
    # memory is billed at the 128 MB floor (0.1 GB asked). Half the sessions run into the idle tail
    # (30 s + idle 300 / 120 / 60 s), half are stopped by the agent after their 30 s.
    gb_seconds = D("0.125") * (
        100 * D("0.5") * (30 + 300)
        + 100 * D("0.5") * (30 + 120)
        + 100 * D("0.5") * (30 + 60)
        + 3 * 100 * D("0.5") * 30
    )
    assert gb_seconds == D("4125")  # 33,000 billed session-seconds x 0.125 GB
    memory = gb_seconds / 3600 * D("0.00945")
    assert _total([x for x in lines if "vCPU" in x.item]) == cpu
    assert _total([x for x in lines if "memory" in x.item]) == memory
    assert _total(lines) == D("0.234578125")


def test_gateway_and_policy_by_hand(ctx):
    # orch: min(10 tool calls, step budget 15) = 10; spec: min(10, 6) = 6; util has no tools: none
    invocations = 100 * 10 + 100 * 6
    list_tools = 100 + 100  # every session, for the two agents with tools
    searches = 2 * 100 * 2
    gateway = (
        D(invocations + list_tools) * D("0.005") / 1000  # 1,800 operations = $0.009
        + D(searches) * D("0.025") / 1000  # 400 searches = $0.01
        + D(3) * D("0.02") / 100  # 3 distinct tools (a, b, c) indexed = $0.0006
    )
    assert gateway == D("0.0196") == _total(dimensions.gateway(ctx))
    assert _total(dimensions.policy(ctx)) == D(invocations) * D("0.000025") == D("0.04")
    assert (
        "1 agent lists no tools: it makes no Gateway calls and needs no Policy authorisations." in ctx.notes
    )


def test_policy_off_costs_nothing(ctx):
    off = dimensions.Context(
        ctx.agents, ctx.usage.with_("policy", enabled=False), ctx.deployment, ctx.catalogue, []
    )
    assert dimensions.policy(off) == []


def test_memory_by_hand(ctx):
    lines = dimensions.memory(ctx)
    # short-term, one event per message: 3 agents x 100 sessions x 2 turns x 3 messages = 1,800 events
    short = D(3 * 100 * 2 * 3) * D("0.25") / 1000
    assert short == D("0.45")
    # long-term, orch only (tier 1): 100 x 2 records x 0.6 kept (threshold 0.4) x 2 months (60 days)
    # = 240 record-months at the custom strategy's $0.25 per 1,000; retrievals 100 x 3 at $0.50 per 1,000
    stored = D(100 * 2) * D("0.6") * (D(60) / 30) * D("0.25") / 1000
    retrieved = D(100 * 3) * D("0.50") / 1000
    assert (stored, retrieved) == (D("0.06"), D("0.15"))
    assert _by_item(lines) == {
        "tier 1 · short-term events": D("0.15"),
        "tier 2 · short-term events": D("0.15"),
        "tier 3 · short-term events": D("0.15"),
        "tier 1 · long-term records stored": stored,
        "tier 1 · long-term retrievals": retrieved,
    }
    assert _total(lines) == short + stored + retrieved == D("0.66")
    assert any("Custom long-term memory" in n for n in ctx.notes)


def test_observability_by_hand(ctx):
    lines = dimensions.observability(ctx)
    # spans: 100 sessions x 500 KB x sample rate (0.25, 0.1, 0.03) = 19,000 KB = 0.019 GB at $0.35
    span_gb = D(100 * 500) * (D("0.25") + D("0.1") + D("0.03")) / 1_000_000
    assert span_gb == D("0.019")
    # logs, Infrequent Access: 3 agents x 100 sessions x 1,000 KB = 0.3 GB at $0.25
    log_gb = D(3 * 100 * 1000) / 1_000_000
    # storage: (0.019 + 0.3) GB a month kept 90 days = 3 months, at $0.03 per GB-month
    storage = (span_gb + log_gb) * 3 * D("0.03")
    expected = span_gb * D("0.35") + log_gb * D("0.25") + storage
    assert expected == D("0.11036")
    assert _total(lines) == expected
    assert next(x for x in lines if x.item == "log and span storage").quantity == D("0.957")


def test_network_nat_by_hand(ctx):
    lines = dimensions.network(ctx)
    # 2 NAT gateways x 730 h x $0.045 = $65.70; 3 agents x 100 sessions x 10 MB = 3 GB at $0.045;
    # a quarter of it crosses AZs, charged in both directions at $0.01
    expected = 2 * 730 * D("0.045") + 3 * D("0.045") + 3 * D("0.25") * 2 * D("0.01")
    assert expected == D("65.85") == _total(lines)
    assert [x.item for x in lines] == ["NAT gateway-hours", "data through NAT", "cross-AZ transfer"]


def test_network_endpoints_and_public():
    profile = usage.reference()  # 4 interface endpoints in 1 AZ, 1 MB per session, one AZ
    agents = (TWO_AGENTS := _agents({"a-b": {"tier": 3}, "c-d": {"tier": 3}}))
    ctx = dimensions.Context(
        agents,
        profile,
        inputs.Deployment.resolve(profile, inputs.PlanSettings()),
        pricing.load_catalogue(),
        [],
    )
    # 4 ENIs x 730 h x $0.01 = $29.20; 2 agents x 1,000 sessions x 1 MB = 2 GB x $0.01 = $0.02
    assert _total(dimensions.network(ctx)) == D("29.22")
    public = profile.with_("network", mode="public")
    ctx = dimensions.Context(
        TWO_AGENTS,
        public,
        inputs.Deployment.resolve(public, inputs.PlanSettings()),
        pricing.load_catalogue(),
        [],
    )
    assert dimensions.network(ctx) == []
    assert any("public" in n for n in ctx.notes)


def _agents(spec: dict) -> tuple[inputs.Agent, ...]:
    records = fleet.resolve(spec)
    return tuple(inputs.Agent.from_record(records[k]) for k in sorted(records))


def test_never_expiring_retention_keeps_the_baseline_age():
    profile = usage.reference().with_("observability", log_retention_days=D(0))
    agents = _agents({"a-b": {"tier": 1}})
    ctx = dimensions.Context(
        agents,
        profile,
        inputs.Deployment.resolve(profile, inputs.PlanSettings()),
        pricing.load_catalogue(),
        [],
    )
    storage = next(x for x in dimensions.observability(ctx) if x.item == "log and span storage")
    # 1,000 sessions x (0.25 x 200 KB spans + 100 KB logs) = 0.15 GB a month, kept 12 months
    assert storage.quantity == D("0.15") * 12
    assert "never expires" in storage.formula


def test_cache_on_a_model_without_cache_prices_is_priced_uncached_with_a_note():
    profile = usage.reference().with_("llm", cache_hit_ratio=D("0.5"))
    agents = _agents({"a-b": {"tier": 2, "model_id": "anthropic.claude-3-haiku-20240307-v1:0"}})
    ctx = dimensions.Context(
        agents,
        profile,
        inputs.Deployment.resolve(profile, inputs.PlanSettings()),
        pricing.load_catalogue(),
        [],
    )
    # 1,000 sessions x 10 calls x (2,000 x $0.25 + 300 x $1.25) / 1M = $8.75
    assert _total(dimensions.llm(ctx)) == D("8.75")
    assert any("no prompt-cache prices" in n for n in ctx.notes)


def test_formula_text_and_cost_come_from_the_same_factors():
    line = Line(
        "runtime",
        "tier 1",
        "memory",
        (
            Factor(D(10), "agents"),
            Factor(D(3600), "s"),
            Factor(D(2), "GB"),
            Factor(D(3600), "s/h", divide=True),
        ),
        "GB-h",
        Price(D("0.00945"), D(1), "GB-h", "services.agentcore_runtime.gb_hour"),
    )
    assert line.quantity == 20 and line.cost == D("0.189")
    assert (
        line.formula
        == "10 agents \u00d7 3,600 s \u00d7 2 GB ÷ 3,600 s/h = 20 GB-h \u00d7 $0.00945 per GB-h = $0.19"
    )
