"""``usage --against-estimate``: the measured cost beside what ``estimate`` predicts for the same fleet,
per agent and dimension, the largest drifts first.

The measured side is what the metrics price: model calls (``CostUSD``, priced by the router at
catalogue prices), scaled from the window to a 730-hour month. The predicted side is the estimator's
``llm`` dimension for each agent alone (the fleet file's agent, priced under the usage profile given
with ``--usage``, the reference profile by default), so fleet-wide charges never blur an agent's line.
Agents measured but not in the fleet file, and fleet agents without metrics, are listed as such.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from decimal import Decimal

from .pricing import Catalogue
from .usage_report import MONTH_DAYS, UsageReport

MEASURED_DIMENSIONS = ("llm",)


@dataclass(frozen=True)
class Drift:
    agent_id: str
    dimension: str
    measured_usd: Decimal | None  # a month at the measured rate; None: no metrics for the agent
    estimated_usd: Decimal | None  # None: the agent is not in the fleet file

    @property
    def drift_usd(self) -> Decimal:
        return (self.measured_usd or Decimal(0)) - (self.estimated_usd or Decimal(0))


def compare(report: UsageReport, fleet_input, usage, catalogue: Catalogue) -> list[Drift]:
    from .estimate import estimate

    measured: dict[str, Decimal] = {}
    for entry in report.agents:
        measured[entry.agent_id] = measured.get(entry.agent_id, Decimal(0)) + entry.cost_usd
    scale = MONTH_DAYS / report.window.days
    fleet_agents = {a.agent_id: a for a in fleet_input.agents}
    out = []
    for agent_id in sorted(set(measured) | set(fleet_agents)):
        agent = fleet_agents.get(agent_id)
        predicted: dict[str, Decimal] = {}
        if agent is not None:
            one = dataclasses.replace(fleet_input, agents=(agent,), addresses={})
            result = estimate(one, usage, catalogue).configured
            predicted = {d: result.dimension_total(d) for d in MEASURED_DIMENSIONS}
        for dimension in MEASURED_DIMENSIONS:
            out.append(
                Drift(
                    agent_id,
                    dimension,
                    (measured[agent_id] * scale).quantize(Decimal("0.01")) if agent_id in measured else None,
                    predicted[dimension].quantize(Decimal("0.01")) if agent is not None else None,
                )
            )
    out.sort(key=lambda d: (-abs(d.drift_usd), d.agent_id))
    return out


def render(drifts: list[Drift], fmt: str, usage_source: str) -> str:
    def money(value: Decimal | None) -> str:
        return "-" if value is None else f"{value:,.2f}"

    if fmt == "json":
        rows = [
            {
                "agent_id": d.agent_id,
                "dimension": d.dimension,
                "measured_usd_month": None if d.measured_usd is None else float(d.measured_usd),
                "estimated_usd_month": None if d.estimated_usd is None else float(d.estimated_usd),
                "drift_usd_month": float(d.drift_usd),
            }
            for d in drifts
        ]
        return json.dumps({"usage_profile": usage_source, "drifts": rows}, indent=2) + "\n"
    headings = ["agent", "dimension", "measured USD/month", "estimated USD/month", "drift"]
    cells = [
        [d.agent_id, d.dimension, money(d.measured_usd), money(d.estimated_usd), f"{d.drift_usd:+,.2f}"]
        for d in drifts
    ]
    title = f"Measured against estimate (usage profile: {usage_source}), largest drift first"
    if fmt == "markdown":
        lines = [f"### {title}", "", "| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
        return "\n".join([*lines, *("| " + " | ".join(r) + " |" for r in cells)]) + "\n"
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headings)]
    text = [
        "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in [headings, *cells]
    ]
    return "\n".join([title, "", *text]) + "\n"
