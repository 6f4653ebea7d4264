"""CloudWatch percentile statistics in GetMetricData.

moto (5.2) computes Sum, Average, Minimum, Maximum and SampleCount; any other ``Stat`` comes back as
``None`` and its JSON serializer then fails the whole request. This adds ``pNN`` / ``pNN.N`` (the
``usage`` and ``recommend`` commands read p50 and p99 of ``ToolCalls`` and ``OutputTokens``) as the
nearest-rank percentile of the values published one by one in the period; every other statistic goes
through moto as before.
"""

from __future__ import annotations

import math
import re
from typing import Any

from moto.cloudwatch.models import Statistics

PERCENTILE = re.compile(r"^p(\d{1,2}(\.\d+)?|100)$")

_registered = False


def percentile(values: list[float], rank: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least ``rank`` % of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    index = max(1, math.ceil(rank / 100 * len(ordered)))
    return float(ordered[index - 1])


def register() -> None:
    global _registered
    if _registered:
        return
    moto_stat = Statistics.get_statistics_for_type

    def get_statistics_for_type(self: Statistics, stat: str) -> Any:
        match = PERCENTILE.match(stat)
        if match is None:
            return moto_stat(self, stat)
        return percentile([float(v) for v in self.metric_single_values_list], float(match.group(1)))

    Statistics.get_statistics_for_type = get_statistics_for_type  # type: ignore[method-assign]
    _registered = True
