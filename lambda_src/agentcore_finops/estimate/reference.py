"""The published worked example this project follows, and how its figures compare with the formulas.

The example (summarised in the project's reference notes) prices a fleet of 100 agents — 10
orchestrators on Sonnet, 40 specialists on Haiku, 50 utilities on Nova Micro — at 1,000 sessions per
agent a month, 10 LLM calls per session, 2,000 input and 300 output tokens per call, with its own
prices (USD per 1M tokens in/out: Sonnet 3/15, Haiku 0.25/1.25, Nova Micro 0.04/0.14; shipped as
``data/reference-example-prices.json``). A second scenario has 10,000 sessions a month across the
fleet with 6 tool calls each.

``check()`` prices that workload with the same calculators as any estimate, and sets each result
beside the published figure. The all-Sonnet figure ($10,500) follows from the formula; the tiered
figures ($645 / $650 / $87, $1,382) do not — the formula gives $1,050 / $350 / $61, $1,461 — and the
check says so rather than bending the formula to match.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from .. import fleet
from ..pricing import Catalogue, load_catalogue
from .dimensions import Context, gateway, llm, policy
from .inputs import Agent, Deployment, PlanSettings
from .model import TIMES, Line, ScenarioResult, usd
from .usage import reference

PRICES_FILE = Path(__file__).resolve().parent.parent / "data" / "reference-example-prices.json"
SOURCE = "the published worked example, as summarised in the project's reference notes (levers.md)"

TIER_AGENTS = {1: 10, 2: 40, 3: 50}
PUBLISHED_ALL_SONNET = Decimal("10500")
PUBLISHED_TIERS = {1: Decimal("645"), 2: Decimal("650"), 3: Decimal("87")}
PUBLISHED_TIERED_TOTAL = Decimal("1382")
PUBLISHED_POLICY_SECOND_SCENARIO = Decimal("1.50")
SECOND_SCENARIO_SESSIONS = Decimal(10_000)
# Whole-architecture monthly estimate as published: dimension -> (optimised, unoptimised). The
# publication states no assumptions for the rows other than LLM inference and Policy.
PUBLISHED_ARCHITECTURE: dict[str, tuple[Decimal, Decimal]] = {
    "llm": (Decimal("1382"), Decimal("10500")),
    "runtime": (Decimal("280"), Decimal("620")),
    "gateway": (Decimal("45"), Decimal("180")),
    "policy": (Decimal("1.50"), Decimal("1.50")),
    "memory": (Decimal("90"), Decimal("380")),
    "observability": (Decimal("55"), Decimal("520")),
    "network": (Decimal("30"), Decimal("195")),
}
PUBLISHED_ARCHITECTURE_TOTAL = (Decimal("1883"), Decimal("12396"))
_TOLERANCE = Decimal("0.5")  # published figures are whole dollars (or "~")


@dataclass(frozen=True)
class Row:
    """One published figure beside what the formula gives. ``published`` None: not published."""

    label: str
    formula_usd: Decimal
    published_usd: Decimal | None
    formula: str

    @property
    def departs_by(self) -> Decimal | None:
        if self.published_usd is None:
            return None
        diff = self.published_usd - self.formula_usd
        return None if abs(diff) < _TOLERANCE else diff

    @property
    def verdict(self) -> str:
        if self.published_usd is None:
            return "not published"
        if self.departs_by is None:
            return "matches"
        side = "above" if self.departs_by > 0 else "below"
        return f"published is {usd(abs(self.departs_by))} {side} the formula"


@dataclass(frozen=True)
class ReferenceCheck:
    rows: tuple[Row, ...]
    notes: tuple[str, ...]


def reference_agents(tier_models: dict[int, str] | None = None) -> tuple[Agent, ...]:
    """The example's fleet: 10 / 40 / 50 agents on the built-in tier models, with no caps, one tool
    each and no async agents (the example states none of those)."""
    defaults = fleet.builtin_tier_defaults()
    agents = []
    for tier, count in TIER_AGENTS.items():
        d = defaults[str(tier)]
        for i in range(1, count + 1):
            agents.append(
                Agent(
                    agent_id=f"reference-t{tier}-{i:02d}",
                    tier=tier,
                    model_id=(tier_models or {}).get(tier, d["model_id"]),
                    max_tokens=None,
                    step_budget=None,
                    tools=("reference_tool",),
                    is_async=False,
                    ltm_enabled=d["ltm_enabled"],
                    ltm_importance_threshold=None,
                    trace_sample_rate=Decimal(repr(d["trace_sample_rate"])),
                    escalation_model_id=None,
                    idle_session_timeout_seconds=d["idle_session_timeout_seconds"],
                    max_session_lifetime_seconds=d["max_session_lifetime_seconds"],
                )
            )
    return tuple(agents)


def _context(agents: tuple[Agent, ...], catalogue: Catalogue, sessions: Decimal | None = None) -> Context:
    usage = reference()
    if sessions is not None:
        usage = replace(usage, sessions_per_agent_month=sessions)
    return Context(agents, usage, Deployment.resolve(usage, PlanSettings()), catalogue, [])


def _row(label: str, lines: list[Line], published: Decimal | None) -> Row:
    total = sum((line.cost for line in lines), Decimal(0))
    return Row(label, total, published, "\n".join(line.formula for line in lines))


def fleet_note(configured: ScenarioResult) -> str:
    """How the estimated fleet's LLM cost per tier compares with the example's workload."""
    by_group = configured.by_key("llm", lambda line: line.group)
    per_tier = ", ".join(f"{group} {usd(cost)}" for group, cost in by_group.items())
    return (
        f"This estimate's LLM tokens by tier: {per_tier}. Where a tier differs from the example's "
        "formula above, the fleet or the usage profile differs from the example's workload (number of "
        "agents, max_tokens caps, batch inference, caching, escalation); its lines show how."
    )


def check(catalogue: Catalogue, configured: ScenarioResult | None = None) -> ReferenceCheck:
    """The example's figures beside the formulas, priced with ``catalogue`` (the example's own prices
    for a faithful check: ``load_catalogue(overrides=PRICES_FILE)``)."""
    agents = reference_agents()
    tier1 = agents[0].model_id
    all_tier1 = tuple(replace(a, model_id=tier1) for a in agents)
    tiered = llm(_context(agents, catalogue))
    rows = [
        _row(
            "all agents on the tier-1 model (Sonnet)",
            llm(_context(all_tier1, catalogue)),
            PUBLISHED_ALL_SONNET,
        )
    ]
    for tier, count in TIER_AGENTS.items():
        lines = [line for line in tiered if line.group == f"tier {tier}"]
        rows.append(_row(f"tiered: tier {tier} ({count} agents)", lines, PUBLISHED_TIERS[tier]))
    rows.append(_row("tiered: total", tiered, PUBLISHED_TIERED_TOTAL))

    per_agent = SECOND_SCENARIO_SESSIONS / sum(TIER_AGENTS.values())
    second = _context(agents, catalogue, sessions=per_agent)
    rows.append(
        _row(
            f"second scenario: Policy (10,000 sessions {TIMES} 6 tool calls)",
            policy(second),
            PUBLISHED_POLICY_SECOND_SCENARIO,
        )
    )
    invocations = [line for line in gateway(second) if line.item == "InvokeTool"]
    rows.append(_row("second scenario: Gateway InvokeTool (60,000 operations)", invocations, None))

    list_price = load_catalogue()
    tier2_list = [line for line in llm(_context(agents, list_price)) if line.group == "tier 2"]
    model2 = list_price.model(agents[TIER_AGENTS[1]].model_id)
    rows.append(
        _row(
            f"tier 2 at the catalogue's list price ({model2.display_name} "
            f"${model2.input.value.normalize()} / ${model2.output.value.normalize()})",
            tier2_list,
            None,
        )
    )

    tier_rows = rows[1:4]
    departures = ", ".join(
        f"tier {tier} {usd(r.formula_usd)} (published {usd(r.published_usd or Decimal(0))})"
        for tier, r in zip(TIER_AGENTS, tier_rows, strict=True)
    )
    notes: tuple[str, ...] = (
        f"Reference check: {SOURCE}.",
        "The published tiered figures do not follow from the example's own assumptions. With "
        "2,000 input and 300 output tokens per call at the example's prices, the formula gives "
        f"{departures}: {usd(rows[4].formula_usd)} in total, where the example publishes "
        f"{usd(PUBLISHED_TIERED_TOTAL)}. This estimator keeps the formula.",
        "The example's whole-architecture rows other than LLM inference and Policy come without "
        "assumptions, so they are shown beside this estimate for comparison, not reproduced.",
    )
    if configured is not None:
        notes += (fleet_note(configured),)
    return ReferenceCheck(rows=tuple(rows), notes=notes)
