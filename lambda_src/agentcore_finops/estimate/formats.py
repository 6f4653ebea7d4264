"""Render a ``Report``: a terminal table, JSON, Markdown (for a pull-request comment) or HTML.

All four show the same figures, rounded to cents from the same exact amounts; the JSON carries every
line with its formula, and is what the tests compare the other formats against.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .model import DIMENSIONS, ZERO, Line, ScenarioResult, cents, chart_key, merge_keys, num, usd
from .reference import PUBLISHED_ARCHITECTURE, PUBLISHED_ARCHITECTURE_TOTAL

if TYPE_CHECKING:
    from . import Report
    from .diff import Diff
    from .gate import Check

FORMATS = ("table", "json", "markdown", "html")
# The version of the JSON report's layout (report.schema.json, shipped beside this module): bumped when
# a field is removed or changes meaning; new fields may appear within a version.
SCHEMA_VERSION = "1"
SCHEMA_FILE = "report.schema.json"
# First line of every Markdown report: a workflow finds its earlier comment by it and edits that one.
MARKER = "<!-- agentcore-finops-estimate -->"
LEVER_ORDER = (
    "Savings are found by putting the levers back one at a time, in the order listed, starting from "
    "the baseline; they add up to the baseline minus the configured fleet. Levers interact, so the "
    "order is part of the answer."
)
COLOURS = {"configured": "#2a7f62", "baseline": "#b5543c"}


def render(
    report: Report,
    fmt: str,
    *,
    formulas: bool = False,
    detail: bool = True,
    checks: Sequence[Check] = (),
) -> str:
    """``detail=False`` leaves the line-by-line figures out of the table and Markdown (JSON and HTML
    always carry them); ``checks`` are the CI gate's results, shown when a gate was set."""
    if fmt == "json":
        data = to_dict(report)
        if checks:
            data["gate"] = _gate_dict(checks)
        return json.dumps(data, indent=2) + "\n"
    if fmt == "markdown":
        return markdown(report, detail=detail) + _md_gate(checks)
    if fmt == "html":
        return html(report)
    if fmt == "table":
        return table(report, formulas=formulas, detail=detail) + _text_gate(checks)
    raise ValueError(f"format: invalid value {fmt!r} (allowed: {', '.join(FORMATS)})")


def _gate_dict(checks: Sequence[Check]) -> dict[str, Any]:
    return {"passed": all(c.passed for c in checks), "checks": [c.to_dict() for c in checks]}


def _md_gate(checks: Sequence[Check]) -> str:
    if not checks:
        return ""
    out = ["", "#### Cost gate", ""]
    out += [f"- {'✅ passed' if c.passed else '❌ failed'}: {_cell(c.reason)}" for c in checks]
    return "\n".join(out) + "\n"


def _text_gate(checks: Sequence[Check]) -> str:
    if not checks:
        return ""
    return "\nCost gate\n" + "".join(f"  {'passed' if c.passed else 'FAILED'}: {c.reason}\n" for c in checks)


def _money(amount: Decimal) -> float:
    return float(cents(amount))


def _number(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    return float(value.quantize(Decimal("0.000001")))


def _scenarios(report: Report) -> list[ScenarioResult]:
    return [r for r in (report.configured, report.baseline) if r is not None]


def _percent(part: Decimal, whole: Decimal) -> str:
    return f"{(part / whole * 100):.1f}%" if whole else "-"


def _usage_line(report: Report, short: bool = False) -> str:
    u = report.usage
    return (
        f"{short_source(u.source) if short else u.source}: {num(u.sessions_per_agent_month)} sessions/agent a month, "
        f"{num(u.llm.calls_per_session)} LLM calls/session, {num(u.llm.input_tokens_per_call)} in / "
        f"{num(u.llm.output_tokens_per_call)} out tokens per call, "
        f"{num(u.gateway.tool_calls_per_session)} tool calls/session" + _overrides_text(u)
    )


def _overrides_text(u: Any) -> str:
    parts = [f"tier {t}" for t in sorted(u.tiers)] + [f'agents["{a}"]' for a in sorted(u.agents)]
    if not parts:
        return ""
    shown = ", ".join(parts[:6]) + (f" and {len(parts) - 6} more" if len(parts) > 6 else "")
    return f"; different usage for {shown}"


def _fleet_line(report: Report, short: bool = False) -> str:
    """``short``: the source's file name only (a PR comment should not show the runner's paths)."""
    tiers = ", ".join(f"tier {t}: {n}" for t, n in report.fleet.tier_counts.items())
    source = short_source(report.fleet.source) if short else report.fleet.source
    return f"{source}: {len(report.fleet.agents)} agents ({tiers})"


def short_source(source: str) -> str:
    """``/runner/work/repo/plan.json (module.fleet)`` -> ``plan.json (module.fleet)``."""
    path, sep, rest = source.partition(" (")
    return f"{path.rsplit('/', 1)[-1]}{sep}{rest}"


def _prices_line(report: Report, short: bool = False) -> str:
    p = report.prices
    overrides = short_source(p.overrides) if short and p.overrides else p.overrides
    extra = f" + overrides {overrides}" if overrides else ""
    return f"catalogue {p.catalogue_version} ({p.region}){extra}"


def _settings_lines(report: Report) -> list[str]:
    d = report.deployment
    plan = dict(d.from_plan)
    retention = "never expires" if d.log_retention_days == 0 else f"{num(d.log_retention_days)} days"
    network = {
        "endpoints": f"VPC interface endpoints ({num(d.interface_endpoint_enis)} ENIs)",
        "nat": f"NAT gateways ({num(d.nat_gateways)})",
        "public": "public (no VPC)",
    }[d.network_mode]
    origin = "plan" if "log retention" in plan else "usage profile"
    net_origin = "plan" if ("interface endpoints" in plan or "NAT gateways" in plan) else "usage profile"
    out = [
        f"log retention {retention}, {d.log_class.replace('_', ' ')} class (from the {origin})",
        f"network: {network}, cross-AZ share {num(d.cross_az_share)} (from the {net_origin})",
    ]
    out += [f"taken from the plan: {k}: {v}" for k, v in plan.items()]
    return out


# ------------------------------------------------------------------------------------------------
# JSON


def _line_dict(line: Line) -> dict[str, Any]:
    return {
        "group": line.group,
        "item": line.item,
        "agents": line.agents,
        "quantity": _number(line.quantity),
        "unit": line.unit,
        "price": {
            "usd": float(line.price.value),
            "per": _number(line.price.per),
            "unit": line.price.unit,
            "ref": line.price.ref,
        },
        "cost_usd": _money(line.cost),
        "formula": line.formula,
        "note": line.note,
    }


def _scenario_dict(result: ScenarioResult) -> dict[str, Any]:
    return {
        "title": result.title,
        "total_usd": _money(result.total),
        "dimensions": {
            key: {
                "title": title,
                "total_usd": _money(result.dimension_total(key)),
                "lines": [_line_dict(line) for line in result.of(key)],
            }
            for key, title in DIMENSIONS.items()
        },
        "notes": list(result.notes),
    }


def to_dict(report: Report) -> dict[str, Any]:
    d = report.deployment
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "kind": "estimate",
        "currency": "USD",
        "period": "month",
        "fleet": {
            "source": report.fleet.source,
            "agents": len(report.fleet.agents),
            "tiers": {str(t): n for t, n in report.fleet.tier_counts.items()},
            "baseline_model_id": report.fleet.tier1_model_id,
        },
        "usage": {"source": report.usage.source, "profile": report.usage.to_dict()},
        "deployment": {
            "log_retention_days": _number(d.log_retention_days),
            "log_class": d.log_class,
            "network_mode": d.network_mode,
            "interface_endpoint_enis": _number(d.interface_endpoint_enis),
            "nat_gateways": _number(d.nat_gateways),
            "cross_az_share": _number(d.cross_az_share),
            "from_plan": dict(d.from_plan),
        },
        "prices": {
            "catalogue_version": report.prices.catalogue_version,
            "region": report.prices.region,
            "overrides": report.prices.overrides,
            "runtime_rates": report.prices.runtime_rates,
        },
        "scenarios": {r.name: _scenario_dict(r) for r in _scenarios(report)},
        "notes": list(report.notes),
    }
    resources = _resources(report)
    if resources is not None:
        out["resources"] = resources
    if report.baseline is not None:
        out["saving_usd"] = _money(report.saving or ZERO)
        out["levers"] = [
            {
                "key": lever.key,
                "title": lever.title,
                "unoptimised": lever.unoptimised,
                "saving_usd": _money(lever.total),
                "by_dimension_usd": {k: _money(v) for k, v in lever.by_dimension.items() if v},
            }
            for lever in report.levers
        ]
        out["lever_order"] = LEVER_ORDER
    if report.reference is not None:
        out["reference_check"] = {
            "rows": [
                {
                    "label": row.label,
                    "formula_usd": _money(row.formula_usd),
                    "published_usd": None if row.published_usd is None else _money(row.published_usd),
                    "departs_by_usd": None if row.departs_by is None else _money(row.departs_by),
                    "verdict": row.verdict,
                    "formula": row.formula,
                }
                for row in report.reference.rows
            ],
            "architecture": _architecture_rows(report),
            "notes": list(report.reference.notes),
        }
    return out


def _resources(report: Report) -> dict[str, Any] | None:
    """What became of every resource type of the plan; None for a fleet file."""
    inv = report.deployment.platform
    if inv is None:
        return None
    from .platform import PRICED_HERE

    elsewhere, free, unpriced = inv.classify()
    here = [
        {"type": t, "count": n, "reason": "Project resources"}
        for t, n in sorted(inv.types.items())
        if t in PRICED_HERE
    ]
    return {"priced_here": here, "priced_elsewhere": elsewhere, "free": free, "not_priced": unpriced}


def _resource_lines(report: Report) -> list[str]:
    """One line per resource type that is free or not priced (a plan only)."""
    resources = _resources(report)
    if resources is None:
        return []
    out = [f"not priced: {r['type']} ({r['count']}): {r['reason']}" for r in resources["not_priced"]]
    if resources["free"]:
        out.append("free: " + ", ".join(f"{r['type']} ({r['count']})" for r in resources["free"]))
    return out


def _architecture_rows(report: Report) -> list[dict[str, Any]]:
    rows = []
    for key, (optimised, unoptimised) in PUBLISHED_ARCHITECTURE.items():
        rows.append(
            {
                "dimension": key,
                "title": DIMENSIONS[key],
                "published_optimised_usd": _money(optimised),
                "published_unoptimised_usd": _money(unoptimised),
                "configured_usd": _money(report.configured.dimension_total(key)),
                "baseline_usd": None
                if report.baseline is None
                else _money(report.baseline.dimension_total(key)),
            }
        )
    rows.append(
        {
            "dimension": "total",
            "title": "total",
            "published_optimised_usd": _money(PUBLISHED_ARCHITECTURE_TOTAL[0]),
            "published_unoptimised_usd": _money(PUBLISHED_ARCHITECTURE_TOTAL[1]),
            "configured_usd": _money(report.configured.total),
            "baseline_usd": None if report.baseline is None else _money(report.baseline.total),
        }
    )
    return rows


def _architecture_table(report: Report) -> tuple[list[str], list[list[str]]]:
    headers = ["dimension", "published optimised", "this estimate", "published unoptimised", "this baseline"]
    rows = [
        [
            r["title"],
            usd(r["published_optimised_usd"]),
            usd(r["configured_usd"]),
            usd(r["published_unoptimised_usd"]),
            "-" if r["baseline_usd"] is None else usd(r["baseline_usd"]),
        ]
        for r in _architecture_rows(report)
    ]
    return headers, rows


# ------------------------------------------------------------------------------------------------
# terminal table


def _grid(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def fmt(cells: Sequence[str]) -> str:
        return "  ".join(
            str(c).rjust(widths[i]) if i in right else str(c).ljust(widths[i]) for i, c in enumerate(cells)
        ).rstrip()

    return [fmt(headers), "  ".join("-" * w for w in widths), *[fmt(r) for r in rows]]


def _summary_rows(report: Report) -> tuple[list[str], list[list[str]]]:
    base = report.baseline
    headers = ["dimension", "configured"] + (["baseline", "saving"] if base else [])
    rows = []
    for key, title in DIMENSIONS.items():
        row = [title, usd(report.configured.dimension_total(key))]
        if base:
            diff = base.dimension_total(key) - report.configured.dimension_total(key)
            row += [usd(base.dimension_total(key)), usd(diff)]
        rows.append(row)
    total = ["total", usd(report.configured.total)]
    if base:
        saving = report.saving or ZERO
        total += [usd(base.total), f"{usd(saving)} ({_percent(saving, base.total)})"]
    rows.append(total)
    return headers, rows


def _wrap(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(text, 108, initial_indent=indent, subsequent_indent=indent + "  ")


def table(report: Report, *, formulas: bool = False, detail: bool = True) -> str:
    out = [
        "agentcore-finops estimate: monthly cost in USD",
        f"  fleet   {_fleet_line(report)}",
        f"  usage   {_usage_line(report)}",
        f"  prices  {_prices_line(report)}",
    ]
    out += _wrap(report.prices.runtime_rates, "          ")
    for setting in _settings_lines(report):
        out += _wrap(setting, "          ")
    headers, rows = _summary_rows(report)
    out += ["", *_grid(headers, rows, {1, 2, 3})]
    if report.baseline is not None:
        out += ["", "Saving per lever"]
        lever_rows = [[lv.title, lv.unoptimised, usd(lv.total)] for lv in report.levers]
        out += _grid(["lever", "baseline instead", "saving"], lever_rows, {2})
        out += _wrap(LEVER_ORDER, "")
    for result in _scenarios(report) if detail else ():
        if result.name == "baseline" and not formulas:
            continue
        out += ["", f"{result.title[0].upper()}{result.title[1:]}, line by line"]
        for key, title in DIMENSIONS.items():
            lines = result.of(key)
            out.append(f"  {title}: {usd(result.dimension_total(key))}")
            for line in lines:
                out.append(f"    {line.label:<64} {usd(line.cost):>12}")
                if formulas:
                    out += _wrap(line.formula, "        ")
    if detail and not formulas:
        out += ["", "(--formulas prints the formula of every figure, for the baseline too)"]
    if report.reference is not None:
        out += ["", "Reference check: the published worked example beside the formulas"]
        ref_rows = [
            [
                row.label,
                usd(row.formula_usd),
                "-" if row.published_usd is None else usd(row.published_usd),
                row.verdict,
            ]
            for row in report.reference.rows
        ]
        out += _grid(["figure", "formula", "published", ""], ref_rows, {1, 2})
        out += ["", "The published whole-architecture estimate beside this one"]
        out += _grid(*_architecture_table(report), {1, 2, 3, 4})
        for note in report.reference.notes:
            out += _wrap(note, "  ")
    if _resource_lines(report):
        out += ["", "Resources of the plan not priced, or free"]
        for resource in _resource_lines(report):
            out += _wrap(f"- {resource}", "  ")
    if report.notes:
        out += ["", "Notes"]
        for note in report.notes:
            out += _wrap(f"- {note}", "  ")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------------------------
# Markdown


def _cell(text: Any) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], right: set[int]) -> list[str]:
    align = ["---:" if i in right else "---" for i in range(len(headers))]
    return [
        "| " + " | ".join(_cell(h) for h in headers) + " |",
        "| " + " | ".join(align) + " |",
        *["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows],
    ]


def markdown(report: Report, *, detail: bool = True) -> str:
    out = [
        MARKER,
        "### agentcore-finops estimate (monthly, USD)",
        "",
        f"- **Fleet:** {_cell(_fleet_line(report, short=True))}",
        f"- **Usage:** {_cell(_usage_line(report, short=True))}",
        f"- **Prices:** {_cell(_prices_line(report, short=True))}. {_cell(report.prices.runtime_rates)}",
        *[f"- {_cell(line[0].upper() + line[1:])}" for line in _settings_lines(report)],
        "",
    ]
    headers, rows = _summary_rows(report)
    rows = [[f"**{c}**" for c in row] if row[0] == "total" else row for row in rows]
    out += _md_table(headers, rows, {1, 2, 3})
    if report.baseline is not None:
        out += ["", "#### Saving per lever", ""]
        out += _md_table(
            ["lever", "baseline instead", "saving"],
            [[lv.title, lv.unoptimised, usd(lv.total)] for lv in report.levers],
            {2},
        )
        out += ["", f"_{LEVER_ORDER}_"]
    for result in _scenarios(report) if detail else ():
        out += ["", f"<details><summary>Formulas: {result.title}</summary>", ""]
        out += _md_table(
            ["dimension", "line", "formula", "cost"],
            [[DIMENSIONS[line.dimension], line.label, line.formula, usd(line.cost)] for line in result.lines],
            {3},
        )
        out += ["", "</details>"]
    if report.reference is not None:
        out += ["", "#### Reference check", ""]
        out += _md_table(
            ["figure", "formula", "published", "verdict"],
            [
                [
                    row.label,
                    usd(row.formula_usd),
                    "-" if row.published_usd is None else usd(row.published_usd),
                    row.verdict,
                ]
                for row in report.reference.rows
            ],
            {1, 2},
        )
        out += ["", "The published whole-architecture estimate beside this one:", ""]
        out += _md_table(*_architecture_table(report), {1, 2, 3, 4})
        out += [""] + [f"- {_cell(note)}" for note in report.reference.notes]
    if _resource_lines(report):
        out += ["", "<details><summary>Resources of the plan not priced, or free</summary>", ""]
        out += [f"- {_cell(line)}" for line in _resource_lines(report)]
        out += ["", "</details>"]
    if report.notes:
        out += ["", "#### Notes", ""] + [f"- {_cell(note)}" for note in report.notes]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------------------------
# HTML


def charts(report: Report) -> dict[str, str]:
    """One SVG chart per dimension, keyed by dimension."""
    from .charts import Series, bar_chart

    results = _scenarios(report)
    out = {}
    for key, title in DIMENSIONS.items():
        bar = chart_key(results, key)
        labels = merge_keys(results, key, bar)
        series = [
            Series(
                r.name,
                r.title,
                [r.by_key(key, bar).get(label, ZERO) for label in labels],
                r.dimension_total(key),
                COLOURS.get(r.name, "#555"),
            )
            for r in results
        ]
        out[key] = bar_chart(key, title, labels, series)
    return out


def html(report: Report) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
    from markupsafe import Markup

    env = Environment(
        loader=PackageLoader("agentcore_finops.estimate", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["usd"] = usd
    data = to_dict(report)
    headers, rows = _summary_rows(report)
    return env.get_template("report.html.j2").render(
        report=report,
        data=data,
        dimensions=DIMENSIONS,
        scenarios=_scenarios(report),
        summary_headers=headers,
        summary_rows=rows,
        fleet_line=_fleet_line(report),
        usage_line=_usage_line(report),
        prices_line=_prices_line(report),
        settings_lines=_settings_lines(report),
        lever_order=LEVER_ORDER,
        charts={k: Markup(v) for k, v in charts(report).items()},
    )


# ------------------------------------------------------------------------------------------------
# the change between a base and a head (`--against`)


def _signed(amount: Decimal) -> str:
    return ("+" if cents(amount) > 0 else "") + usd(amount)


def _signed_percent(d: Diff) -> str:
    return "n/a (base $0.00)" if d.percent is None else f"{d.percent:+.1f}%"


def render_diff(d: Diff, fmt: str, *, detail: bool = True, checks: Sequence[Check] = ()) -> str:
    if fmt == "json":
        return json.dumps(diff_dict(d, checks), indent=2) + "\n"
    if fmt == "markdown":
        return diff_markdown(d, detail=detail) + _md_gate(checks)
    if fmt == "table":
        return diff_table(d, detail=detail) + _text_gate(checks)
    raise ValueError(f"format: {fmt!r} is not available with --against (allowed: table, json, markdown)")


def _dimension_rows(d: Diff) -> list[list[str]]:
    rows = [[DIMENSIONS[k], usd(b), usd(h), _signed(h - b)] for k, (b, h) in d.dimensions().items() if b or h]
    rows.append(["total", usd(d.base_total), usd(d.head_total), f"{_signed(d.delta)} ({_signed_percent(d)})"])
    return rows


def _group_rows(d: Diff) -> list[list[str]]:
    return [[g, usd(b), usd(h), _signed(h - b)] for g, (b, h) in d.groups().items() if cents(h - b)]


def _tier_text(tier: int | None) -> str:
    return "-" if tier is None else str(tier)


def _tiers(before: int | None, after: int | None) -> str:
    if before is None or after is None or before == after:
        return _tier_text(after if before is None else before)
    return f"{before} → {after}"


def _agent_rows(d: Diff) -> list[list[str]]:
    return [
        [
            c.agent_id,
            c.change,
            _tiers(c.tier_before, c.tier_after),
            usd(c.base),
            usd(c.head),
            _signed(c.delta),
            c.cause,
        ]
        for c in d.agents
    ]


_AGENT_HEADERS = ["agent", "change", "tier", "base", "head", "change/month", "caused by"]


def _agent_counts(d: Diff) -> str:
    counts = {k: sum(1 for c in d.agents if c.change == k) for k in ("added", "removed", "changed")}
    return ", ".join(f"{n} {k}" for k, n in counts.items())


def diff_table(d: Diff, *, detail: bool = True) -> str:
    out = [
        "agentcore-finops estimate: monthly cost change in USD",
        f"  base    {_fleet_line(d.base)}",
        f"  head    {_fleet_line(d.head)}",
        f"  usage   {_usage_line(d.head)}",
        f"  prices  {_prices_line(d.head)}",
        "",
        *_grid(["dimension", "base", "head", "change"], _dimension_rows(d), {1, 2, 3}),
    ]
    groups = _group_rows(d)
    if groups:
        out += ["", "Per tier", *_grid(["tier", "base", "head", "change"], groups, {1, 2, 3})]
    if d.agents:
        out += ["", f"Agents: {_agent_counts(d)}"]
        rows = _agent_rows(d) if detail else _agent_rows(d)[:10]
        grid = _grid(_AGENT_HEADERS[:-1], [r[:-1] for r in rows], {3, 4, 5})
        out += grid[:2]
        for line, row in zip(grid[2:], rows, strict=True):
            out += [line, *_wrap(f"caused by {row[-1]}", "    ")]
    if d.settings:
        out += ["", "Deployment settings"]
        out += [f"  {s.setting}: {s.base} → {s.head} ({s.cause})" for s in d.settings]
    if not d.agents and not d.settings and not cents(d.delta):
        out += ["", "No cost change."]
    return "\n".join(out) + "\n"


def diff_markdown(d: Diff, *, detail: bool = True) -> str:
    out = [
        MARKER,
        "### agentcore-finops: monthly cost change",
        "",
        f"**{_signed(d.delta)} a month ({_signed_percent(d)})**: {usd(d.base_total)} → {usd(d.head_total)}",
        "",
    ]
    rows = [[f"**{c}**" for c in row] if row[0] == "total" else row for row in _dimension_rows(d)]
    out += _md_table(["dimension", "base", "head", "change"], rows, {1, 2, 3})
    groups = _group_rows(d)
    if groups:
        out += ["", "<details><summary>Per tier</summary>", ""]
        out += _md_table(["tier", "base", "head", "change"], groups, {1, 2, 3})
        out += ["", "</details>"]
    if d.agents:
        shown = _agent_rows(d) if detail else _agent_rows(d)[:10]
        out += ["", f"<details><summary>Agents: {_agent_counts(d)}</summary>", ""]
        out += _md_table(_AGENT_HEADERS, [[*r[:6], f"`{r[6]}`"] for r in shown], {3, 4, 5})
        if len(shown) < len(d.agents):
            out += ["", f"_{len(d.agents) - len(shown)} more in the JSON report._"]
        out += ["", "</details>"]
    if d.settings:
        out += ["", "<details><summary>Deployment settings</summary>", ""]
        out += _md_table(
            ["setting", "base", "head", "from"],
            [[s.setting, s.base, s.head, s.cause] for s in d.settings],
            set(),
        )
        out += ["", "</details>"]
    out += [
        "",
        f"<sub>base {_cell(_fleet_line(d.base, short=True))} · head {_cell(_fleet_line(d.head, short=True))} · "
        f"usage {_cell(short_source(d.head.usage.source))} · prices {_cell(_prices_line(d.head, short=True))}</sub>",
    ]
    return "\n".join(out) + "\n"


def diff_dict(d: Diff, checks: Sequence[Check] = ()) -> dict[str, Any]:
    def side(report: Report) -> dict[str, Any]:
        return {
            "source": report.fleet.source,
            "agents": len(report.fleet.agents),
            "tiers": {str(t): n for t, n in report.fleet.tier_counts.items()},
            "total_usd": _money(report.configured.total),
        }

    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "kind": "diff",
        "currency": "USD",
        "period": "month",
        "base": side(d.base),
        "head": side(d.head),
        "total": {
            "base_usd": _money(d.base_total),
            "head_usd": _money(d.head_total),
            "delta_usd": _money(d.delta),
            "delta_percent": None if d.percent is None else float(d.percent.quantize(Decimal("0.01"))),
        },
        "dimensions": {
            k: {
                "title": DIMENSIONS[k],
                "base_usd": _money(b),
                "head_usd": _money(h),
                "delta_usd": _money(h - b),
            }
            for k, (b, h) in d.dimensions().items()
        },
        "tiers": {
            g: {"base_usd": _money(b), "head_usd": _money(h), "delta_usd": _money(h - b)}
            for g, (b, h) in d.groups().items()
        },
        "agents": [
            {
                "agent_id": c.agent_id,
                "change": c.change,
                "tier_before": c.tier_before,
                "tier_after": c.tier_after,
                "base_usd": _money(c.base),
                "head_usd": _money(c.head),
                "delta_usd": _money(c.delta),
                "address": c.address,
                "attributes": [{"name": n, "before": o, "after": v} for n, o, v in c.attributes],
                "cause": c.cause,
            }
            for c in d.agents
        ],
        "settings": [
            {"setting": s.setting, "base": s.base, "head": s.head, "cause": s.cause} for s in d.settings
        ],
        "estimates": {"base": to_dict(d.base), "head": to_dict(d.head)},
    }
    if checks:
        out["gate"] = _gate_dict(checks)
    return out
