"""The figures of an estimate: each monthly cost is a ``Line`` that carries its own formula.

A line's quantity is a product of ``Factor``s (10 agents x 1,000 sessions x 10 calls x 2,000 tokens),
and its cost is that quantity times a catalogue price (USD per ``per`` units). ``Line.formula`` prints
the whole chain, so any figure can be checked by hand:

    10 agents x 1,000 sessions x 10 calls x 2,000 input tokens = 200,000,000 tokens
    x $3 per 1M tokens = $600.00

Amounts are exact ``Decimal``s; rounding to cents happens only when a figure is displayed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..pricing import round_cents as cents

DIMENSIONS: dict[str, str] = {
    "llm": "LLM tokens",
    "runtime": "Runtime",
    "gateway": "Gateway",
    "policy": "Policy",
    "memory": "Memory",
    "observability": "Observability",
    "network": "Network",
    "platform": "Project resources",
}
TIMES = "\u00d7"  # the multiplication sign of every printed formula
DIVIDE = "\u00f7"
ONE = Decimal(1)
ZERO = Decimal(0)
HOURS_PER_MONTH = Decimal(730)  # the estimator's month


def usd(amount: Decimal | float) -> str:
    """``$1,234.56`` (a minus sign before the dollar for negative amounts)."""
    rounded = cents(amount if isinstance(amount, Decimal) else Decimal(str(amount)))
    return f"{'-' if rounded < 0 else ''}${abs(rounded):,.2f}"


def num(value: Decimal | int | float) -> str:
    """A number as a reader would write it: thousands separators, no trailing zeros (1,000; 0.25)."""
    d = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if d == d.to_integral_value():
        return f"{int(d):,}"
    text = f"{d.normalize():,f}"
    return text


def rate(value: Decimal) -> str:
    """A price as printed in a formula: ``$3``, ``$0.00945``, ``$0.000025``."""
    return f"${num(value)}"


@dataclass(frozen=True)
class Factor:
    """One term of a quantity: ``value`` with what it counts, or a divisor (``/ 3,600 s/h``)."""

    value: Decimal
    label: str
    divide: bool = False

    def text(self) -> str:
        return f"{DIVIDE + ' ' if self.divide else ''}{num(self.value)} {self.label}".rstrip()


def product(factors: Sequence[Factor]) -> Decimal:
    total = ONE
    for f in factors:
        total = total / f.value if f.divide else total * f.value
    return total


@dataclass(frozen=True)
class Price:
    """The catalogue price a line uses: ``value`` USD per ``per`` ``unit``, found at ``ref``."""

    value: Decimal
    per: Decimal
    unit: str
    ref: str  # e.g. models["amazon.nova-micro-v1:0"].output, services.agentcore_runtime.gb_hour

    def text(self) -> str:
        per = {Decimal(1): "", Decimal(1000): "1,000 ", Decimal(1_000_000): "1M "}.get(
            self.per, f"{num(self.per)} "
        )
        return f"{rate(self.value)} per {per}{self.unit}"


@dataclass(frozen=True)
class Line:
    """One monthly cost: ``quantity`` (the product of ``factors``) x ``price``."""

    dimension: str
    group: str  # "tier 1", "fleet"
    item: str  # "input tokens", "NAT gateway-hours"
    factors: tuple[Factor, ...]
    unit: str  # what the quantity counts: "tokens", "GB-h"
    price: Price
    agents: int = 0  # how many agents the line covers (0 for fleet-wide lines)
    note: str | None = None
    quantity: Decimal = field(init=False)
    cost: Decimal = field(init=False)

    def __post_init__(self) -> None:
        quantity = product(self.factors)
        object.__setattr__(self, "quantity", quantity)
        object.__setattr__(self, "cost", quantity * self.price.value / self.price.per)

    @property
    def label(self) -> str:
        return f"{self.group} · {self.item}"

    @property
    def formula(self) -> str:
        chain = f" {TIMES} ".join(f.text() for f in self.factors).replace(f"{TIMES} {DIVIDE}", DIVIDE)
        quantity = f"{num(_display(self.quantity))} {self.unit}"
        head = quantity if len(self.factors) == 1 and not self.factors[0].divide else f"{chain} = {quantity}"
        return f"{head} {TIMES} {self.price.text()} = {usd(self.cost)}"


def _display(quantity: Decimal) -> Decimal:
    """Quantities are shown to at most 6 decimal places (the cost uses the exact value)."""
    if quantity == quantity.to_integral_value():
        return quantity
    return quantity.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP).normalize()


@dataclass(frozen=True)
class ScenarioResult:
    """Every line of one scenario (the configured fleet, or the unoptimised baseline)."""

    name: str
    title: str
    lines: tuple[Line, ...]
    notes: tuple[str, ...] = ()

    def dimension_total(self, dimension: str) -> Decimal:
        return sum((line.cost for line in self.lines if line.dimension == dimension), ZERO)

    @property
    def total(self) -> Decimal:
        return sum((line.cost for line in self.lines), ZERO)

    def of(self, dimension: str) -> list[Line]:
        return [line for line in self.lines if line.dimension == dimension]

    def by_key(self, dimension: str, key: Callable[[Line], str]) -> dict[str, Decimal]:
        """Cost of one dimension summed per ``key(line)``, in first-seen order (a chart's bars)."""
        out: dict[str, Decimal] = {}
        for line in self.of(dimension):
            out[key(line)] = out.get(key(line), ZERO) + line.cost
        return out


def chart_key(results: Iterable[ScenarioResult], dimension: str) -> Callable[[Line], str]:
    """Bars by group (tier 1, tier 2, ..., fleet), or by item where every line is fleet-wide."""
    results = list(results)
    fleet_only = all(line.group == "fleet" for r in results for line in r.of(dimension))
    return (lambda line: line.item) if fleet_only else (lambda line: line.group)


def merge_keys(results: Iterable[ScenarioResult], dimension: str, key: Callable[[Line], str]) -> list[str]:
    """The union of chart bars of one dimension over several scenarios, in first-seen order."""
    labels: list[str] = []
    for result in results:
        for label in result.by_key(dimension, key):
            if label not in labels:
                labels.append(label)
    return labels
