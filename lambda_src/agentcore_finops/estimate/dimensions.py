"""One calculator per cost dimension. Each turns (agents, usage, deployment, prices) into ``Line``s.

Agents that share everything a dimension depends on are priced together, so a formula reads
"10 agents x 1,000 sessions x ..." rather than repeating itself per agent. Shares equal to 1 are left
out of a formula; lines whose quantity is zero are dropped. Conventions (stated again in docs/estimate.md):
a month is 730 hours and, for retention, 30 days; sizes are decimal (1 GB = 1,000 MB = 1,000,000 KB).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from ..pricing import Catalogue, ModelPrice
from . import platform
from .inputs import Agent, Deployment
from .model import HOURS_PER_MONTH, ONE, TIMES, ZERO, Factor, Line, Price, num
from .usage import UsageProfile

DAYS_PER_MONTH = Decimal(30)
SECONDS_PER_HOUR = Decimal(3600)
KB_PER_GB = Decimal(1_000_000)
MB_PER_GB = Decimal(1000)
MILLION = Decimal(1_000_000)
THOUSAND = Decimal(1000)


@dataclass(frozen=True)
class Context:
    """Everything a calculator needs. ``notes`` collects remarks shown under the estimate."""

    agents: tuple[Agent, ...]
    usage: UsageProfile
    deployment: Deployment
    catalogue: Catalogue
    notes: list[str]

    def service_price(self, service: str, item: str, per: Decimal, unit: str) -> Price:
        return Price(self.catalogue.price(service, item).value, per, unit, f"services.{service}.{item}")

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


K = TypeVar("K", bound=Hashable)


def _groups(agents: Iterable[Agent], key: Callable[[Agent], K]) -> list[tuple[K, list[Agent]]]:
    grouped: dict[K, list[Agent]] = defaultdict(list)
    for agent in agents:
        grouped[key(agent)].append(agent)
    return sorted(grouped.items(), key=lambda kv: (kv[1][0].tier, str(kv[0])))


def _share(value: Decimal, label: str) -> list[Factor]:
    """A share factor, left out when it is 1 (it changes nothing)."""
    return [] if value == ONE else [Factor(value, label)]


def _lines(*candidates: Line | None) -> list[Line]:
    return [line for line in candidates if line is not None and line.quantity != 0]


def _tier(agent: Agent) -> str:
    return f"tier {agent.tier}"


def _agents(n: int) -> Factor:
    return Factor(Decimal(n), "agent" if n == 1 else "agents")


def _months_kept(retention_days: Decimal, age_months: Decimal) -> Factor:
    if retention_days == 0:
        return Factor(age_months, f"months kept (never expires; the baseline's {num(age_months)}-month age)")
    return Factor(retention_days / DAYS_PER_MONTH, f"months kept ({num(retention_days)}-day retention)")


# ------------------------------------------------------------------------------------------------
# LLM tokens


def _token_price(model: ModelPrice, field: str) -> Price:
    price = getattr(model, field)
    return Price(price.value, MILLION, "tokens", f'models["{model.model_id}"].{field}')


def llm(ctx: Context) -> list[Line]:
    u, s = ctx.usage.llm, ctx.usage.sessions_per_agent_month
    lines: list[Line] = []

    def key(a: Agent) -> tuple[int, str, Decimal, bool, str | None]:
        out = (
            u.output_tokens_per_call
            if a.max_tokens is None
            else min(u.output_tokens_per_call, Decimal(a.max_tokens))
        )
        return (a.tier, a.model_id, out, a.is_async, a.escalation_model_id if u.escalation_share else None)

    for (tier, model_id, out_tokens, is_async, escalation), agents in _groups(ctx.agents, key):
        model = ctx.catalogue.model(model_id)
        name, group, n = model.display_name, f"tier {tier}", len(agents)
        capped = out_tokens < u.output_tokens_per_call
        out_label = f"output tokens (max_tokens {num(out_tokens)})" if capped else "output tokens"
        base = [_agents(n), Factor(s, "sessions/agent")]

        batch = u.batch_share if is_async else ZERO
        if batch and (model.batch_input is None or model.batch_output is None):
            ctx.note(f"{name} has no batch price in the catalogue: async agents on it are priced on demand.")
            batch = ZERO
        hit = u.cache_hit_ratio
        if hit and (
            not model.supports_prompt_cache or model.cache_read is None or model.cache_write_5m is None
        ):
            ctx.note(f"{name} has no prompt-cache prices: its input is priced uncached.")
            hit = ZERO
        esc = u.escalation_share if escalation else ZERO

        on_demand = [*base, *_share(ONE - batch, "on-demand share")]
        own_calls = u.calls_per_session * (ONE - esc)
        calls = [Factor(u.calls_per_session, "calls/session"), *_share(ONE - esc, "not escalated")]
        writes = min(ONE, own_calls) if hit else ZERO
        lines += _lines(
            Line(
                "llm",
                group,
                f"{name} input tokens" + (" (uncached)" if hit else ""),
                (
                    *on_demand,
                    *calls,
                    Factor(u.input_tokens_per_call, "input tokens/call"),
                    *_share(ONE - hit, "uncached share"),
                ),
                "tokens",
                _token_price(model, "input"),
                n,
            ),
            Line(
                "llm",
                group,
                f"{name} cache writes",
                (
                    *on_demand,
                    Factor(writes, "writes/session"),
                    Factor(u.input_tokens_per_call * hit, "prefix tokens"),
                ),
                "tokens",
                _token_price(model, "cache_write_5m"),
                n,
                "the first call of a session writes the cached prefix (5-minute TTL)",
            )
            if hit
            else None,
            Line(
                "llm",
                group,
                f"{name} cache reads",
                (
                    *on_demand,
                    Factor(own_calls - writes, "reads/session"),
                    Factor(u.input_tokens_per_call * hit, "prefix tokens"),
                ),
                "tokens",
                _token_price(model, "cache_read"),
                n,
            )
            if hit
            else None,
            Line(
                "llm",
                group,
                f"{name} {out_label}",
                (*on_demand, *calls, Factor(out_tokens, "output tokens/call")),
                "tokens",
                _token_price(model, "output"),
                n,
            ),
        )
        if batch:
            batched = [*base, *_share(batch, "batch share"), Factor(u.calls_per_session, "calls/session")]
            lines += _lines(
                Line(
                    "llm",
                    group,
                    f"{name} batch input tokens",
                    (*batched, Factor(u.input_tokens_per_call, "input tokens/call")),
                    "tokens",
                    _token_price(model, "batch_input"),
                    n,
                    "async agents: batch inference, no prompt cache",
                ),
                Line(
                    "llm",
                    group,
                    f"{name} batch {out_label}",
                    (*batched, Factor(out_tokens, "output tokens/call")),
                    "tokens",
                    _token_price(model, "batch_output"),
                    n,
                ),
            )
        if esc and escalation:
            target = ctx.catalogue.model(escalation)
            escalated = [
                *on_demand,
                Factor(u.calls_per_session, "calls/session"),
                Factor(esc, "escalated share"),
            ]
            lines += _lines(
                Line(
                    "llm",
                    group,
                    f"escalated to {target.display_name}: input tokens",
                    (*escalated, Factor(u.input_tokens_per_call, "input tokens/call")),
                    "tokens",
                    _token_price(target, "input"),
                    n,
                    "escalated calls are priced uncached",
                ),
                Line(
                    "llm",
                    group,
                    f"escalated to {target.display_name}: output tokens",
                    (*escalated, Factor(out_tokens, "output tokens/call")),
                    "tokens",
                    _token_price(target, "output"),
                    n,
                ),
            )
    return lines


# ------------------------------------------------------------------------------------------------
# Runtime


def runtime(ctx: Context) -> list[Line]:
    u, s = ctx.usage.runtime, ctx.usage.sessions_per_agent_month
    floor_gb = ctx.catalogue.term("agentcore_runtime", "min_billed_memory_gb").value
    floor_s = ctx.catalogue.term("agentcore_runtime", "min_billed_seconds").value
    memory_gb = max(u.memory_gb, floor_gb)
    cpu = ctx.service_price("agentcore_runtime", "vcpu_hour", ONE, "vCPU-h")
    mem = ctx.service_price("agentcore_runtime", "gb_hour", ONE, "GB-h")
    hour = Factor(SECONDS_PER_HOUR, "s/h", divide=True)
    lines: list[Line] = []

    def key(a: Agent) -> tuple[int, int, int]:
        return (a.tier, a.idle_session_timeout_seconds, a.max_session_lifetime_seconds)

    for (tier, idle, lifetime), agents in _groups(ctx.agents, key):
        n, group = len(agents), f"tier {tier}"
        active = max(min(u.session_seconds, Decimal(lifetime)), floor_s)
        with_tail = max(min(u.session_seconds + idle, Decimal(lifetime)), floor_s)
        stopped = u.stopped_when_done_share
        base = [_agents(n), Factor(s, "sessions/agent")]
        lines += _lines(
            Line(
                "runtime",
                group,
                "vCPU (active)",
                (
                    *base,
                    Factor(active, "s/session"),
                    *_share(u.cpu_active_share, "CPU-busy share"),
                    Factor(u.vcpus, "vCPU"),
                    hour,
                ),
                "vCPU-h",
                cpu,
                n,
                "no CPU charge while waiting on I/O or during the idle tail",
            ),
            Line(
                "runtime",
                group,
                "memory incl. idle tail",
                (
                    *base,
                    *_share(ONE - stopped, "share ended by the idle timeout"),
                    Factor(
                        with_tail,
                        f"s/session ({num(u.session_seconds)} s + {num(idle)} s idle tail, at most {num(lifetime)} s)",
                    ),
                    Factor(memory_gb, "GB"),
                    hour,
                ),
                "GB-h",
                mem,
                n,
            ),
            Line(
                "runtime",
                group,
                "memory (stopped when done)",
                (
                    *base,
                    Factor(stopped, "share stopped by the agent"),
                    Factor(active, "s/session"),
                    Factor(memory_gb, "GB"),
                    hour,
                ),
                "GB-h",
                mem,
                n,
            )
            if stopped
            else None,
        )
    return lines


# ------------------------------------------------------------------------------------------------
# Gateway and Policy


def _tool_calls(agent: Agent, ctx: Context) -> Decimal:
    """Tool calls per session: none without tools, at most the step budget."""
    if not agent.tools:
        return ZERO
    calls = ctx.usage.gateway.tool_calls_per_session
    return calls if agent.step_budget is None else min(calls, Decimal(agent.step_budget))


def _calls_label(agent_calls: Decimal, ctx: Context) -> str:
    capped = agent_calls < ctx.usage.gateway.tool_calls_per_session
    return "tool calls/session (step budget)" if capped else "tool calls/session"


def gateway(ctx: Context) -> list[Line]:
    u, s = ctx.usage.gateway, ctx.usage.sessions_per_agent_month
    ops = ctx.service_price("agentcore_gateway", "tool_calls_per_1k", THOUSAND, "operations")
    search = ctx.service_price("agentcore_gateway", "search_per_1k", THOUSAND, "searches")
    lines: list[Line] = []
    with_tools = [a for a in ctx.agents if a.tools]
    if len(with_tools) < len(ctx.agents):
        n = len(ctx.agents) - len(with_tools)
        ctx.note(
            f"{n} agents list no tools: they make no Gateway calls and need no Policy authorisations."
            if n > 1
            else "1 agent lists no tools: it makes no Gateway calls and needs no Policy authorisations."
        )
    for (tier, calls), agents in _groups(with_tools, lambda a: (a.tier, _tool_calls(a, ctx))):
        n, group = len(agents), f"tier {tier}"
        base = [_agents(n), Factor(s, "sessions/agent")]
        list_tools = (
            Line(
                "gateway",
                group,
                "ListTools (every session)",
                (*base, Factor(ONE, "ListTools/session")),
                "operations",
                ops,
                n,
            )
            if u.list_tools_every_session
            else Line(
                "gateway",
                group,
                "ListTools (cached schemas)",
                (_agents(n), Factor(u.list_tools_refreshes_per_agent_month, "refreshes/agent")),
                "operations",
                ops,
                n,
            )
        )
        lines += _lines(
            Line(
                "gateway",
                group,
                "InvokeTool",
                (*base, Factor(calls, _calls_label(calls, ctx))),
                "operations",
                ops,
                n,
            ),
            list_tools,
            Line(
                "gateway",
                group,
                "Search",
                (*base, Factor(u.search_calls_per_session, "searches/session")),
                "searches",
                search,
                n,
            ),
        )
    tools = sorted({t for a in with_tools for t in a.tools})
    if u.search_calls_per_session and tools:
        lines += _lines(
            Line(
                "gateway",
                "fleet",
                "tool indexing for search",
                (Factor(Decimal(len(tools)), "distinct tools"),),
                "tools",
                ctx.service_price(
                    "agentcore_gateway", "tool_indexing_per_100_tools_month", Decimal(100), "tools"
                ),
            )
        )
    return lines


def policy(ctx: Context) -> list[Line]:
    if not ctx.usage.policy.enabled:
        return []
    s = ctx.usage.sessions_per_agent_month
    price = ctx.service_price("agentcore_policy", "authorization_request", ONE, "authorisation")
    lines: list[Line] = []
    with_tools = [a for a in ctx.agents if a.tools]
    for (tier, calls), agents in _groups(with_tools, lambda a: (a.tier, _tool_calls(a, ctx))):
        n = len(agents)
        lines += _lines(
            Line(
                "policy",
                f"tier {tier}",
                "tool-call authorisations",
                (_agents(n), Factor(s, "sessions/agent"), Factor(calls, _calls_label(calls, ctx))),
                "authorisations",
                price,
                n,
            )
        )
    return lines


# ------------------------------------------------------------------------------------------------
# Memory


def memory(ctx: Context) -> list[Line]:
    u, s = ctx.usage.memory, ctx.usage.sessions_per_agent_month
    events = ctx.service_price("agentcore_memory", "short_term_events_per_1k", THOUSAND, "events")
    storage_item = f"long_term_storage_{u.ltm_strategy}_per_1k_records_month"
    storage = ctx.service_price("agentcore_memory", storage_item, THOUSAND, "record-months")
    retrieval = ctx.service_price("agentcore_memory", "retrieval_per_1k", THOUSAND, "retrievals")
    if u.ltm_strategy == "custom":
        ctx.note(
            "Custom long-term memory strategies also pay for their own extraction model calls (not included)."
        )
    lines: list[Line] = []
    per_turn = (
        Factor(ONE, "event/turn (batched)")
        if u.events_batched
        else Factor(u.messages_per_turn, "events/turn (one per message)")
    )
    for tier, agents in _groups(ctx.agents, lambda a: a.tier):
        n = len(agents)
        lines += _lines(
            Line(
                "memory",
                f"tier {tier}",
                "short-term events",
                (
                    _agents(n),
                    Factor(s, "sessions/agent"),
                    Factor(u.turns_per_session, "turns/session"),
                    per_turn,
                ),
                "events",
                events,
                n,
            )
        )
    ltm = [a for a in ctx.agents if a.ltm_enabled]
    kept = _months_kept(u.ltm_retention_days, ctx.usage.baseline.age_months)
    for (tier, threshold), agents in _groups(ltm, lambda a: (a.tier, a.ltm_importance_threshold or ZERO)):
        n, group = len(agents), f"tier {tier}"
        lines += _lines(
            Line(
                "memory",
                group,
                "long-term records stored",
                (
                    _agents(n),
                    Factor(s, "sessions/agent"),
                    Factor(u.ltm_records_per_session, "records/session"),
                    *_share(ONE - threshold, f"kept (importance ≥ {num(threshold)})"),
                    kept,
                ),
                "record-months",
                storage,
                n,
                "records kept = 1 - importance threshold, with importance spread evenly over 0-1",
            ),
            Line(
                "memory",
                group,
                "long-term retrievals",
                (
                    _agents(n),
                    Factor(s, "sessions/agent"),
                    Factor(u.ltm_retrievals_per_session, "retrievals/session"),
                ),
                "retrievals",
                retrieval,
                n,
            ),
        )
    return lines


# ------------------------------------------------------------------------------------------------
# Observability


def observability(ctx: Context) -> list[Line]:
    u, s, dep = ctx.usage.observability, ctx.usage.sessions_per_agent_month, ctx.deployment
    spans = ctx.service_price("cloudwatch_logs", "span_ingestion_gb", ONE, "GB")
    ingest_item = "ingestion_standard_gb" if dep.log_class == "standard" else "ingestion_infrequent_access_gb"
    ingest = ctx.service_price("cloudwatch_logs", ingest_item, ONE, "GB")
    gb = Factor(KB_PER_GB, "KB/GB", divide=True)
    lines: list[Line] = []
    for (tier, rate), agents in _groups(ctx.agents, lambda a: (a.tier, a.trace_sample_rate)):
        n = len(agents)
        lines += _lines(
            Line(
                "observability",
                f"tier {tier}",
                "spans ingested (sampled)",
                (
                    _agents(n),
                    Factor(s, "sessions/agent"),
                    *_share(rate, "sampled"),
                    Factor(u.trace_kb_per_session, "KB/session"),
                    gb,
                ),
                "GB",
                spans,
                n,
            )
        )
    for tier, agents in _groups(ctx.agents, lambda a: a.tier):
        n = len(agents)
        lines += _lines(
            Line(
                "observability",
                f"tier {tier}",
                f"logs ingested ({dep.log_class.replace('_', ' ')})",
                (_agents(n), Factor(s, "sessions/agent"), Factor(u.log_kb_per_session, "KB/session"), gb),
                "GB",
                ingest,
                n,
            )
        )
    monthly_gb = sum((line.quantity for line in lines), ZERO)
    lines += _lines(
        Line(
            "observability",
            "fleet",
            "log and span storage",
            (
                Factor(monthly_gb, "GB a month"),
                _months_kept(dep.log_retention_days, ctx.usage.baseline.age_months),
            ),
            "GB-months",
            ctx.service_price("cloudwatch_logs", "storage_gb_month", ONE, "GB-month"),
            len(ctx.agents),  # what the agents wrote: scales with them (and follows their usage)
            note="stored as ingested: CloudWatch compresses archived logs, so this is an upper bound",
        )
    )
    return lines


# ------------------------------------------------------------------------------------------------
# Network


def network(ctx: Context) -> list[Line]:
    dep, s = ctx.deployment, ctx.usage.sessions_per_agent_month
    if dep.network_mode == "public":
        ctx.note("Network mode public: agents reach AWS without a VPC, so there are no network charges.")
        return []
    n = len(ctx.agents)
    traffic = [
        _agents(n),
        Factor(s, "sessions/agent"),
        Factor(ctx.usage.network.traffic_mb_per_session, "MB/session"),
    ]
    traffic.append(Factor(MB_PER_GB, "MB/GB", divide=True))
    if dep.traffic_gb is not None:
        # The plan states the traffic (modules/vpc-endpoints monthly_traffic_gb): one figure for both.
        traffic, n = [Factor(dep.traffic_gb, "GB a month (monthly_traffic_gb, from the plan)")], 0
    hours = Factor(HOURS_PER_MONTH, "h")
    via_endpoints = dep.network_mode == "endpoints"
    lines = _lines(
        Line(
            "network",
            "fleet",
            "interface endpoint-hours",
            (Factor(dep.interface_endpoint_enis, f"endpoint ENIs (endpoints {TIMES} AZs)"), hours),
            "ENI-h",
            ctx.service_price("network", "interface_endpoint_hour_per_az", ONE, "ENI-h"),
        ),
        Line(
            "network",
            "fleet",
            "data through interface endpoints",
            tuple(traffic),
            "GB",
            ctx.service_price("network", "interface_endpoint_data_gb", ONE, "GB"),
            n,
        )
        if via_endpoints
        else None,
        Line(
            "network",
            "fleet",
            "NAT gateway-hours",
            (Factor(dep.nat_gateways, "NAT gateways"), hours),
            "NAT-h",
            ctx.service_price("network", "nat_gateway_hour", ONE, "NAT-h"),
        ),
        Line(
            "network",
            "fleet",
            "data through NAT",
            tuple(traffic),
            "GB",
            ctx.service_price("network", "nat_gateway_data_gb", ONE, "GB"),
            n,
        )
        if not via_endpoints
        else None,
        Line(
            "network",
            "fleet",
            "cross-AZ transfer",
            (
                *traffic,
                Factor(dep.cross_az_share, "cross-AZ share"),
                Factor(Decimal(2), "directions (charged each way)"),
            ),
            "GB",
            ctx.service_price("network", "cross_az_transfer_gb_each_direction", ONE, "GB"),
            n,
        )
        if dep.cross_az_share
        else None,
    )
    return lines


CALCULATORS: dict[str, Callable[[Context], list[Line]]] = {
    "llm": llm,
    "runtime": runtime,
    "gateway": gateway,
    "policy": policy,
    "memory": memory,
    "observability": observability,
    "network": network,
    "platform": platform.lines,
}
