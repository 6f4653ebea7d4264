"""Inline SVG bar charts for the HTML report: no script, no external file, so the report renders offline.

One chart per cost dimension: a row per tier (or per item, for fleet-wide dimensions such as Network),
with one bar per scenario (configured, and the baseline when compared). Every bar carries its exact
value in ``data-usd``, and the chart its totals, so a test can check the chart against the JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from .model import cents, usd

WIDTH = 760
MAX_LABEL_WIDTH = 300
CHAR_WIDTH = 7  # px per character of a 12 px label, generously
VALUE_WIDTH = 110
BAR_HEIGHT = 14
ROW_GAP = 10
TOP = 30


@dataclass(frozen=True)
class Series:
    name: str  # "configured", "baseline"
    title: str
    values: Sequence[Decimal]  # one per label
    total: Decimal
    colour: str


def bar_chart(dimension: str, title: str, labels: Sequence[str], series: Sequence[Series]) -> str:
    """SVG markup (already escaped) of a grouped horizontal bar chart."""
    label_width = min(MAX_LABEL_WIDTH, CHAR_WIDTH * max((len(x) for x in labels), default=0) + 16)
    bar_area = WIDTH - label_width - VALUE_WIDTH
    peak = max((v for s in series for v in s.values), default=Decimal(0))
    row = BAR_HEIGHT * len(series) + ROW_GAP
    legend_y = TOP + row * max(len(labels), 1) + 8
    height = legend_y + 22
    attrs = " ".join(f'data-total-{s.name}="{cents(s.total)}"' for s in series)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" data-dimension="{escape(dimension)}" {attrs}>',
        f"<title>{escape(title)}: monthly cost by line</title>",
        f'<text x="0" y="18" class="chart-title">{escape(title)}</text>',
    ]
    if not labels:
        out.append(f'<text x="0" y="{TOP + 12}" class="chart-empty">no cost in any scenario</text>')
    for i, label in enumerate(labels):
        y0 = TOP + i * row
        out.append(
            f'<text x="{label_width - 8}" y="{y0 + BAR_HEIGHT * len(series) / 2 + 4:.1f}" '
            f'text-anchor="end" class="chart-label">{escape(label)}</text>'
        )
        for j, s in enumerate(series):
            value = s.values[i]
            width = float(value / peak) * bar_area if peak > 0 else 0.0
            y = y0 + j * BAR_HEIGHT
            out.append(
                f'<rect x="{label_width}" y="{y}" width="{max(width, 0.0):.1f}" height="{BAR_HEIGHT - 2}" '
                f'fill="{s.colour}" data-series="{s.name}" data-label="{escape(label)}" '
                f'data-usd="{cents(value)}"><title>{escape(s.title)}: {usd(value)}</title></rect>'
            )
            out.append(
                f'<text x="{label_width + max(width, 0.0) + 4:.1f}" y="{y + BAR_HEIGHT - 3}" '
                f'class="chart-value">{usd(value)}</text>'
            )
    x = 0
    for s in series:
        out.append(f'<rect x="{x}" y="{legend_y}" width="12" height="12" fill="{s.colour}"/>')
        out.append(
            f'<text x="{x + 16}" y="{legend_y + 11}" class="chart-legend">'
            f"{escape(s.title)} {usd(s.total)}</text>"
        )
        x += 260
    out.append("</svg>")
    return "\n".join(out)
