"""The CI gate: fail a build when a pull request raises the monthly cost by more than a threshold
(in USD or percent of the base), or when the estimate is over the monthly budget.

The budget is ``--budget`` when given, else the plan's own: the ``limit_amount`` of its monthly USD
``aws_budgets_budget`` (modules/cost-guardrails), the smallest when there are several.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import FieldError
from .model import usd

_THRESHOLD = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$")


@dataclass(frozen=True)
class Threshold:
    value: Decimal
    percent: bool

    def text(self) -> str:
        return f"{self.value.normalize():f}%" if self.percent else usd(self.value)


def parse_threshold(text: str, option: str = "--fail-on-increase") -> Threshold:
    """``10%`` (percent of the base) or ``500`` (USD a month)."""
    match = _THRESHOLD.match(text or "")
    if not match:
        raise FieldError(
            option, f"invalid value {text!r}", "a percentage such as 10% or USD a month such as 500"
        )
    return Threshold(Decimal(match.group(1)), bool(match.group(2)))


def parse_budget(text: str, option: str = "--budget") -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value <= 0:
        raise FieldError(option, f"invalid value {text!r}", "USD a month, a number > 0 such as 2500")
    return value


@dataclass(frozen=True)
class Check:
    name: str  # increase | budget
    limit: str  # as the user set it: "10%", "$500.00", "$2,500.00 (module.x.aws_budgets_budget.this)"
    passed: bool
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.name, "limit": self.limit, "passed": self.passed, "reason": self.reason}


def increase(base: Decimal, head: Decimal, threshold: Threshold) -> Check:
    delta = head - base
    if threshold.percent:
        if base:
            percent = delta / base * 100
            failed = percent > threshold.value
            shown = f"{percent:+.1f}%"
        else:
            failed, shown = delta > 0, "from $0.00"
        verb = "exceeds" if failed else "within"
        reason = (
            f"monthly cost change {usd(delta)} ({shown}) {verb} the allowed increase of {threshold.text()}"
        )
    else:
        failed = delta > threshold.value
        verb = "exceeds" if failed else "within"
        reason = f"monthly cost change {usd(delta)} {verb} the allowed increase of {threshold.text()}"
    return Check("increase", threshold.text(), not failed, reason)


def over_budget(total: Decimal, budget: Decimal, where: str) -> Check:
    failed = total > budget
    verb = "over" if failed else "within"
    return Check(
        "budget",
        f"{usd(budget)} ({where})",
        not failed,
        f"monthly estimate {usd(total)} is {verb} the budget of {usd(budget)} ({where})",
    )
