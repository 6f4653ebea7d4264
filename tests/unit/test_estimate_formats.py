"""The estimate's outputs: the HTML report parses, has its tables and one chart per dimension, and shows
the JSON's numbers; the Markdown is well formed; the terminal table and the JSON agree."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from agentcore_finops import pricing
from agentcore_finops.estimate import DIMENSIONS, estimate, load_fleet, load_usage, reference, render
from agentcore_finops.estimate.formats import MARKER
from agentcore_finops.estimate.model import usd

REPO = Path(__file__).resolve().parents[2]
FLEET_YAML = REPO / "examples" / "complete" / "fleet.yaml"
VOID = {"meta", "br", "rect", "img", "link", "input", "hr"}


@pytest.fixture(scope="module", params=["compare", "configured-only"])
def report(request):
    compare = request.param == "compare"
    cat = pricing.load_catalogue(overrides=reference.PRICES_FILE if compare else None)
    return estimate(
        load_fleet(FLEET_YAML), load_usage(), cat, compare_baseline=compare, reference_check=compare
    )


@pytest.fixture(scope="module")
def data(report) -> dict:
    return json.loads(render(report, "json"))


class Report(HTMLParser):
    """Collects tables (by id or class), SVG charts, every data-usd cell, and checks tag nesting."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tables: dict[str, list[list[str]]] = defaultdict(list)
        self.table_usd: dict[str, list[str]] = defaultdict(list)
        self.charts: list[dict[str, str]] = []
        self.bars: list[dict[str, str]] = []
        self.external: list[str] = []
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.external.append("script")
        for key in ("src", "href"):
            if a.get(key) and not a[key].startswith("#"):
                self.external.append(a[key])
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "table":
            self._table = (
                a.get("id") or f"{a.get('class')}:{a.get('data-scenario')}:{a.get('data-dimension')}"
            )
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            if "data-usd" in a:
                self.table_usd[self._table].append(a["data-usd"])
        elif tag == "svg":
            self.charts.append(a)
        elif tag == "rect" and "data-series" in a:
            self.bars.append(a)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, text):
        if self._cell is not None:
            self._cell.append(text)


def _parse(html: str) -> Report:
    parser = Report()
    parser.feed(html)
    parser.close()
    return parser


def _usd(value: float) -> str:
    return f"{Decimal(str(value)):.2f}"


def test_html_renders_parses_and_is_self_contained(report):
    html = render(report, "html")
    assert html.startswith("<!DOCTYPE html>")
    parsed = _parse(html)
    assert not parsed.errors and parsed.stack == []
    assert parsed.external == []  # no script, stylesheet or image from elsewhere: renders offline


def test_html_has_one_chart_per_dimension_with_the_json_totals(report, data):
    parsed = _parse(render(report, "html"))
    assert [c["data-dimension"] for c in parsed.charts] == list(DIMENSIONS)
    for chart in parsed.charts:
        key = chart["data-dimension"]
        for name, scenario in data["scenarios"].items():
            total = scenario["dimensions"][key]["total_usd"]
            assert chart[f"data-total-{name}"] == _usd(total), (key, name)
            bars = [Decimal(b["data-usd"]) for b in parsed.bars if b["data-series"] == name]
            assert bars  # every chart has a bar per scenario and label
    for name, scenario in data["scenarios"].items():
        charted = sum(Decimal(b["data-usd"]) for b in parsed.bars if b["data-series"] == name)
        # bars are rounded to cents one by one
        assert abs(charted - Decimal(str(scenario["total_usd"]))) <= Decimal("0.01") * len(parsed.bars)


def test_html_tables_show_the_json_numbers(report, data):
    parsed = _parse(render(report, "html"))
    summary = parsed.tables["summary"]
    assert [row[0] for row in summary[1:]] == [*DIMENSIONS.values(), "total"]
    configured = data["scenarios"]["configured"]
    want = [_usd(configured["dimensions"][k]["total_usd"]) for k in DIMENSIONS] + [
        _usd(configured["total_usd"])
    ]
    assert parsed.table_usd["summary"][:: 2 if "baseline" in data["scenarios"] else 1] == want
    # What a reader sees, against the report's own Decimals (not the JSON the template is fed).
    shown = [row[1] for row in summary[1:]]
    assert shown == [usd(report.configured.dimension_total(k)) for k in DIMENSIONS] + [
        usd(report.configured.total)
    ]
    for name, scenario in data["scenarios"].items():
        for key in DIMENSIONS:
            lines = scenario["dimensions"][key]["lines"]
            table = f"lines:{name}:{key}"
            assert parsed.table_usd[table] == [_usd(line["cost_usd"]) for line in lines], table
            formulas = [row[1] for row in parsed.tables[table][1:]] if lines else []
            assert formulas == [line["formula"] for line in lines]
    if "levers" in data:
        assert parsed.table_usd["levers"] == [_usd(lv["saving_usd"]) for lv in data["levers"]]
        assert [row[0] for row in parsed.tables["reference"][1:]] == [
            r["label"] for r in data["reference_check"]["rows"]
        ]
        # header, the published example's dimensions (it has no row for the project's own resources), total
        assert len(parsed.tables["architecture"]) == len(reference.PUBLISHED_ARCHITECTURE) + 2


def _cells(row: str) -> list[str]:
    assert row.startswith("| ") and row.endswith(" |"), row
    return re.split(r"(?<!\\)\|", row[1:-1])


def test_markdown_is_well_formed(report, data):
    md = render(report, "markdown")
    lines = md.splitlines()
    tables, current = [], []
    for line in [*lines, ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    assert len(tables) >= 2 + (3 if "levers" in data else 0)
    for table in tables:
        width = len(_cells(table[0]))
        assert all(re.fullmatch(r"---:?|:?---", c.strip()) for c in _cells(table[1])), table[1]
        for row in table:
            assert len(_cells(row)) == width, row
    # collapsible sections open and close, each with the blank line GitHub needs after <summary>
    assert md.count("<details>") == md.count("</details>") == len(data["scenarios"])
    for i, line in enumerate(lines):
        if line.startswith("<details>"):
            assert lines[i + 1] == ""
    assert md.startswith(f"{MARKER}\n### ") and md.endswith("\n") and "\n\n\n" not in md
    summary = tables[0]
    total = _cells(summary[-1])
    assert total[1].strip() == f"**${data['scenarios']['configured']['total_usd']:,.2f}**"


def test_markdown_escapes_pipes_in_cells():
    from agentcore_finops.estimate import formats

    row = formats._md_table(["a", "b"], [["x | y", "line1\nline2"]], set())[2]
    assert row == "| x \\| y | line1<br>line2 |"
    assert len(_cells(row)) == 2


def test_terminal_table_and_json_agree(report, data):
    text = render(report, "table")
    total = data["scenarios"]["configured"]["total_usd"]
    assert re.search(rf"^total\s+\${total:,.2f}", text, re.M)
    for key, title in DIMENSIONS.items():
        value = data["scenarios"]["configured"]["dimensions"][key]["total_usd"]
        assert re.search(rf"^{re.escape(title)}\s+\${value:,.2f}", text, re.M)
    assert "vcpu_hour $0.0895" in text and "gb_hour $0.00945" in text and "not used" in text
    with_formulas = render(report, "table", formulas=True)
    first = data["scenarios"]["configured"]["dimensions"]["llm"]["lines"][0]["formula"]
    assert first.split(" = ")[0] in with_formulas.replace("\n        ", " ")


def test_json_lines_add_up_to_the_totals(data):
    for scenario in data["scenarios"].values():
        dims = scenario["dimensions"]
        assert set(dims) == set(DIMENSIONS)
        total = sum(Decimal(str(d["total_usd"])) for d in dims.values())
        assert abs(total - Decimal(str(scenario["total_usd"]))) <= Decimal("0.01") * len(dims)
        for d in dims.values():
            for line in d["lines"]:
                assert line["formula"].endswith(f"= ${line['cost_usd']:,.2f}")
    if "levers" in data:
        saved = sum(Decimal(str(lv["saving_usd"])) for lv in data["levers"])
        assert abs(saved - Decimal(str(data["saving_usd"]))) <= Decimal("0.01") * len(data["levers"])


def test_unknown_format_is_refused(report):
    with pytest.raises(ValueError, match="format"):
        render(report, "pdf")
