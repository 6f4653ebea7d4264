"""The cost estimator: the monthly bill of an agent fleet, per cost dimension, before it arrives.

    from agentcore_finops import estimate, pricing
    report = estimate.estimate(
        estimate.load_fleet("examples/complete/fleet.yaml"),   # or estimate.load_plan("plan.json")
        estimate.load_usage(),                                  # the reference workload
        pricing.load_catalogue(),
        compare=True,                                           # with the unoptimised baseline
    )
    print(estimate.render(report, "table"))

Parts: ``usage`` (the usage profile), ``inputs`` (fleet from YAML, plan or records; deployment
settings), ``dimensions`` (one calculator per cost dimension; ``platform`` prices the project's own resources
found in a plan), ``scenarios`` (baseline and savings
per lever), ``diff`` (the change from a base to a head, per dimension, tier and agent), ``gate`` (the
CI checks: increase and budget), ``reference`` (the published worked example beside the formulas), ``formats`` (table,
JSON, Markdown, HTML) and ``charts`` (inline SVG). The Lambdas never import this package; it is what ``agentcore-finops estimate``
runs, and the only part of ``agentcore_finops`` that needs jinja2 and PyYAML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from .. import pricing
from ..errors import FieldError, FieldErrors
from ..pricing import Catalogue
from .gate import Check
from .inputs import Deployment, FleetInput, from_records, load_fleet, load_plan, read_plan
from .model import DIMENSIONS, Line, ScenarioResult
from .reference import ReferenceCheck, check
from .scenarios import (
    LEVERS,
    LeverSaving,
    State,
    check_models,
    compare,
    idle_lever_notes,
    run,
    unoptimised_facts,
)
from .usage import UsageProfile, load_usage

__all__ = [
    "DIMENSIONS",
    "LEVERS",
    "Deployment",
    "FleetInput",
    "Line",
    "PriceInfo",
    "Report",
    "ScenarioResult",
    "UsageProfile",
    "estimate",
    "from_records",
    "load_fleet",
    "load_plan",
    "load_usage",
    "read_plan",
    "render",
]


@dataclass(frozen=True)
class PriceInfo:
    """Which prices an estimate used: the catalogue, its override, and the Runtime rates chosen."""

    catalogue_version: str
    region: str
    overrides: str | None
    runtime_rates: str


@dataclass(frozen=True)
class Report:
    fleet: FleetInput
    usage: UsageProfile
    deployment: Deployment
    prices: PriceInfo
    configured: ScenarioResult
    baseline: ScenarioResult | None
    levers: tuple[LeverSaving, ...]
    reference: ReferenceCheck | None
    lever_notes: tuple[str, ...] = ()  # why a lever saved nothing, when it can tell

    @property
    def notes(self) -> tuple[str, ...]:
        seen: list[str] = []
        for result in (self.configured, self.baseline):
            for note in result.notes if result else ():
                if note not in seen:
                    seen.append(note)
        return (*seen, *self.lever_notes)

    @property
    def saving(self) -> Decimal | None:
        return None if self.baseline is None else self.baseline.total - self.configured.total


def _runtime_rates(catalogue: Catalogue) -> str:
    cpu = catalogue.price("agentcore_runtime", "vcpu_hour")
    mem = catalogue.price("agentcore_runtime", "gb_hour")
    v2cpu = catalogue.price("agentcore_runtime", "v2_vcpu_hour")
    v2mem = catalogue.price("agentcore_runtime", "v2_gb_hour")
    return (
        f"Runtime priced at vcpu_hour ${cpu.value.normalize()} and gb_hour ${mem.value.normalize()} "
        f"({cpu.source.title}, {cpu.as_of}). The catalogue also holds v2_vcpu_hour "
        f"${v2cpu.value.normalize()} / v2_gb_hour ${v2mem.value.normalize()}, read from a worked example "
        "on the AgentCore pricing page that conflicts with its other figures; not used."
    )


def estimate(
    fleet: FleetInput,
    usage: UsageProfile,
    catalogue: Catalogue,
    *,
    compare_baseline: bool = False,
    reference_check: bool = False,
    overrides_label: str | None = None,
) -> Report:
    """Price ``fleet`` under ``usage``; with ``compare_baseline`` also the unoptimised baseline and the
    saving per lever; with ``reference_check`` the published worked example beside the formulas.
    Raises FieldError/FieldErrors naming the field at fault (an unknown model, for example)."""
    unknown = sorted(set(usage.agents) - {a.agent_id for a in fleet.agents})
    if unknown:
        raise FieldErrors(
            [
                FieldError(f'usage.agents["{agent_id}"]', "no such agent in the fleet", _some_ids(fleet))
                for agent_id in unknown
            ]
        )
    if fleet.prompt_routers:  # a router is priced at the split of calls between its models
        # A RoutedCatalogue is a Catalogue by delegation: its own model(), the rest from the wrapped one.
        catalogue = cast(Catalogue, pricing.RoutedCatalogue(catalogue, fleet.prompt_routers))
    facts = unoptimised_facts(fleet, catalogue)
    check_models(fleet.agents, catalogue, {"baseline tier-1 model": facts.tier1_model_id})
    deployment = Deployment.resolve(usage, fleet.settings)
    state = State(fleet.agents, usage, deployment)
    configured = run("configured", "configured fleet", state, catalogue)
    baseline, levers = compare(state, configured, facts, catalogue) if compare_baseline else (None, ())
    return Report(
        fleet=fleet,
        usage=usage,
        deployment=deployment,
        prices=PriceInfo(catalogue.version, catalogue.region, overrides_label, _runtime_rates(catalogue)),
        configured=configured,
        baseline=baseline,
        levers=levers,
        reference=check(catalogue, configured) if reference_check else None,
        lever_notes=idle_lever_notes(state, levers),
    )


def _some_ids(fleet: FleetInput) -> str:
    ids = [a.agent_id for a in fleet.agents]
    return ", ".join(ids[:10]) + (f", ... ({len(ids)} agents)" if len(ids) > 10 else "")


def render(
    report: Report,
    fmt: str = "table",
    *,
    formulas: bool = False,
    detail: bool = True,
    checks: Sequence[Check] = (),
) -> str:
    """The report as ``table`` (terminal), ``json``, ``markdown`` or ``html``; ``formulas`` prints every
    formula in the table; ``detail=False`` keeps the table and Markdown to totals and levers;
    ``checks`` are the cost gate's results (``gate``)."""
    from .formats import render as _render

    return _render(report, fmt, formulas=formulas, detail=detail, checks=checks)
