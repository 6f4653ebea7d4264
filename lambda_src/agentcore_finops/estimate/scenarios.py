"""Scenarios: the configured fleet, the unoptimised baseline, and the saving of each lever.

The baseline is the configured fleet with every lever undone: every agent on the tier-1 model with no
``max_tokens`` cap or step budget, no prompt caching or batch inference, AgentCore's default session
lifecycle (900 s idle timeout, 8 h lifetime) and no agent stopping its own session, ListTools at every
session start, one memory event per message, long-term memory for every agent with nothing filtered
or pruned, every session traced, logs that never expire in the Standard class, and NAT gateways with
cross-AZ traffic instead of VPC endpoints.

The saving per lever is found by putting the levers back one at a time, in the order of ``LEVERS``,
starting from the baseline: a lever's saving is the cost before it minus the cost after it. The
savings therefore add up exactly to baseline minus configured. (Levers interact: caching saves less
once agents are on cheaper models, so the order is part of the answer and is printed with it.)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from ..errors import FieldError, FieldErrors
from ..pricing import Catalogue, UnknownModelError
from .dimensions import CALCULATORS, Context
from .inputs import Agent, Deployment, FleetInput
from .model import DIMENSIONS, ONE, ZERO, ScenarioResult
from .usage import UsageProfile


@dataclass(frozen=True)
class State:
    """What one scenario prices."""

    agents: tuple[Agent, ...]
    usage: UsageProfile
    deployment: Deployment


@dataclass(frozen=True)
class Unoptimised:
    """Facts the baseline needs that are not in a lever: the tier-1 model and AgentCore's defaults."""

    tier1_model_id: str
    idle_seconds: int
    lifetime_seconds: int


@dataclass(frozen=True)
class Lever:
    key: str
    title: str
    unoptimised: str  # what the baseline does instead
    undo: Callable[[State, Unoptimised], State]
    # Why the lever can save nothing under this fleet and usage profile, or None: printed as a note when
    # its saving is zero, so a $0.00 line reads as a fact about the inputs, not a broken lever.
    idle: Callable[[State], str | None] = lambda s: None


def _no_cache_hits(state: State) -> str | None:
    if state.usage.llm.cache_hit_ratio:
        return None
    return (
        "prompt caching saves nothing here: the usage profile sets llm.cache_hit_ratio to 0 (the reference "
        "workload assumes no cache hits). Set it to the share of each call's input that is a repeated "
        "prefix (system prompt, tool schemas) that the router's cache points cover."
    )


def _standard_log_class(state: State) -> str | None:
    if state.deployment.log_class != "standard":
        return None
    return (
        "the Infrequent Access log class saves nothing here: the fleet's log groups use the Standard class "
        "(modules/log-groups log_group_class). Infrequent Access halves ingestion for logs nobody queries live."
    )


def _public_network(state: State) -> str | None:
    if state.deployment.network_mode != "public":
        return None
    return (
        "private networking saves nothing here: the fleet runs without a VPC (network.mode public), "
        "so there is no NAT gateway or cross-AZ traffic to compare with."
    )


def _budgets_not_reached(state: State) -> str | None:
    calls = state.usage.gateway.tool_calls_per_session
    budgets = [a.step_budget for a in state.agents if a.tools and a.step_budget is not None]
    if not budgets or min(budgets) < calls:
        return None
    return (
        f"step budgets save nothing here: the usage profile's gateway.tool_calls_per_session ({calls}) is "
        f"within every agent's step_budget (lowest {min(budgets)}). Budgets pay off on runaway sessions; "
        "raise tool_calls_per_session to price a tool-call storm."
    )


def _agents(state: State, **changes: Any) -> State:
    return replace(state, agents=tuple(replace(a, **changes) for a in state.agents))


def _usage(state: State, section: str, **changes: object) -> State:
    return replace(state, usage=state.usage.with_(section, **changes))


def _deployment(state: State, **changes: Any) -> State:
    return replace(state, deployment=replace(state.deployment, **changes))


LEVERS: tuple[Lever, ...] = (
    Lever(
        "model_tiering",
        "model tiering",
        "every agent on the tier-1 model",
        lambda s, u: _agents(s, model_id=u.tier1_model_id, escalation_model_id=None),
    ),
    Lever("max_tokens", "max_tokens caps", "no output cap", lambda s, u: _agents(s, max_tokens=None)),
    Lever(
        "prompt_caching",
        "prompt caching",
        "no prompt caching",
        lambda s, u: _usage(s, "llm", cache_hit_ratio=ZERO),
        _no_cache_hits,
    ),
    Lever(
        "batch_inference",
        "batch inference for async agents",
        "async agents on demand",
        lambda s, u: _usage(s, "llm", batch_share=ZERO),
    ),
    Lever(
        "session_termination",
        "session termination",
        "default lifecycle, sessions left to time out",
        lambda s, u: _usage(
            _agents(
                s,
                idle_session_timeout_seconds=u.idle_seconds,
                max_session_lifetime_seconds=u.lifetime_seconds,
            ),
            "runtime",
            stopped_when_done_share=ZERO,
        ),
    ),
    Lever(
        "step_budgets",
        "step budgets",
        "no step budget",
        lambda s, u: _agents(s, step_budget=None),
        _budgets_not_reached,
    ),
    Lever(
        "list_tools_caching",
        "cached tool schemas",
        "ListTools at every session start",
        lambda s, u: _usage(s, "gateway", list_tools_every_session=True),
    ),
    Lever(
        "memory_event_batching",
        "batched memory events",
        "one short-term event per message",
        lambda s, u: _usage(s, "memory", events_batched=False),
    ),
    Lever(
        "selective_ltm",
        "selective long-term memory",
        "long-term memory for every agent, nothing filtered",
        lambda s, u: _agents(s, ltm_enabled=True, ltm_importance_threshold=ZERO),
    ),
    Lever(
        "ltm_pruning",
        "long-term memory pruning",
        "records never pruned",
        lambda s, u: _usage(s, "memory", ltm_retention_days=ZERO),
    ),
    Lever(
        "trace_sampling",
        "trace sampling",
        "every session traced",
        lambda s, u: _agents(s, trace_sample_rate=ONE),
    ),
    Lever(
        "log_retention",
        "log retention",
        "logs never expire",
        lambda s, u: _deployment(s, log_retention_days=ZERO),
    ),
    Lever(
        "log_class",
        "Infrequent Access log class",
        "Standard log class",
        lambda s, u: _deployment(s, log_class="standard"),
        _standard_log_class,
    ),
    Lever(
        "private_networking",
        "private networking (VPC endpoints, AZ-local traffic)",
        "NAT gateways, cross-AZ traffic",
        lambda s, u: (
            s
            if s.deployment.network_mode == "public"
            else _deployment(
                s,
                network_mode="nat",
                interface_endpoint_enis=ZERO,
                nat_gateways=s.usage.baseline.nat_gateways,
                cross_az_share=s.usage.baseline.cross_az_share,
            )
        ),
        _public_network,
    ),
)


@dataclass(frozen=True)
class LeverSaving:
    key: str
    title: str
    unoptimised: str
    by_dimension: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.by_dimension.values(), ZERO)


def check_models(
    agents: tuple[Agent, ...], catalogue: Catalogue, extra: dict[str, str] | None = None
) -> None:
    """Every model an estimate may price is in the catalogue; else errors naming each agent's field."""
    errors: list[FieldError] = []
    for agent in agents:
        for field in ("model_id", "escalation_model_id"):
            model_id = getattr(agent, field)
            if model_id is None:
                continue
            try:
                catalogue.model(model_id)
            except UnknownModelError as exc:
                errors.append(FieldError(f'agents["{agent.agent_id}"].{field}', exc.problem, exc.allowed))
    for where, model_id in (extra or {}).items():
        try:
            catalogue.model(model_id)
        except UnknownModelError as exc:
            errors.append(FieldError(where, exc.problem, exc.allowed))
    if errors:
        raise FieldErrors(errors)


def run(name: str, title: str, state: State, catalogue: Catalogue) -> ScenarioResult:
    """Price one scenario: every dimension's lines, and the notes the calculators made.

    Agents whose usage differs (the profile's ``tiers`` and ``agents`` overrides) are priced in groups
    of one usage each: their lines that scale with agents come from their group, tagged with the
    override (``[usage: agents["x"]]``); fleet-wide fixed lines (endpoint-hours, dashboards) are
    computed once, for the whole fleet."""
    notes: list[str] = []
    ctx = Context(state.agents, state.usage, state.deployment, catalogue, notes)
    groups = _usage_groups(state)
    if len(groups) == 1 and groups[0][0] is None:
        lines = [line for dimension in DIMENSIONS for line in CALCULATORS[dimension](ctx)]
        return ScenarioResult(name=name, title=title, lines=tuple(lines), notes=tuple(notes))
    lines = []
    for dimension in DIMENSIONS:
        for label, usage, agents in groups:
            group_notes: list[str] = []
            got = CALCULATORS[dimension](Context(agents, usage, state.deployment, catalogue, group_notes))
            lines += [replace(x, item=f"{x.item} [usage: {label}]") if label else x for x in got if x.agents]
            notes += [n for n in group_notes if n not in notes and "list no tools" not in n]
        lines += [x for x in CALCULATORS[dimension](ctx) if not x.agents]
    return ScenarioResult(name=name, title=title, lines=tuple(lines), notes=tuple(notes))


def _usage_groups(state: State) -> list[tuple[str | None, UsageProfile, tuple[Agent, ...]]]:
    """The agents by the usage profile they are priced with, the fleet-wide one first."""
    groups: dict[str | None, tuple[UsageProfile, list[Agent]]] = {}
    for agent in state.agents:
        usage, label = state.usage.for_agent(agent.agent_id, agent.tier)
        groups.setdefault(label, (usage, []))[1].append(agent)
    order = sorted(groups, key=lambda k: (k is not None, k or ""))
    return [(k, groups[k][0], tuple(groups[k][1])) for k in order]


def unoptimised_facts(fleet: FleetInput, catalogue: Catalogue) -> Unoptimised:
    return Unoptimised(
        tier1_model_id=fleet.tier1_model_id,
        idle_seconds=int(catalogue.term("agentcore_runtime", "idle_session_timeout_default_seconds").value),
        lifetime_seconds=int(catalogue.term("agentcore_runtime", "max_lifetime_default_seconds").value),
    )


def undo(state: State, levers: tuple[Lever, ...], facts: Unoptimised) -> State:
    for lever in levers:
        state = lever.undo(state, facts)
    return state


def compare(
    configured: State, priced: ScenarioResult, facts: Unoptimised, catalogue: Catalogue
) -> tuple[ScenarioResult, tuple[LeverSaving, ...]]:
    """The baseline and the saving of each lever (put back in ``LEVERS`` order, from the baseline).
    ``priced`` is ``configured`` already priced: the last step, with every lever back in place."""
    results = [
        *(run(f"step{k}", "", undo(configured, LEVERS[k:], facts), catalogue) for k in range(len(LEVERS))),
        priced,
    ]
    savings = tuple(
        LeverSaving(
            lever.key,
            lever.title,
            lever.unoptimised,
            {d: results[k].dimension_total(d) - results[k + 1].dimension_total(d) for d in DIMENSIONS},
        )
        for k, lever in enumerate(LEVERS)
    )
    baseline = dataclasses.replace(results[0], name="baseline", title="unoptimised baseline")
    return baseline, savings


def idle_lever_notes(configured: State, savings: tuple[LeverSaving, ...]) -> tuple[str, ...]:
    """A note for each lever that saved nothing and can say why (see ``Lever.idle``)."""
    by_key = {lever.key: lever for lever in LEVERS}
    notes = (by_key[s.key].idle(configured) for s in savings if s.total == ZERO)
    return tuple(n for n in notes if n)
