"""The ``sampling_override`` rule of ``recommend`` (its docstring describes it): a trace-sampling
override left at 1.0 for longer than ``max_override_days``. Kept apart from ``recommend`` because it
needs the deployment history (``sampling_history``) and the estimator's reference profile (KB of spans
per traced session): the CLI passes ``rule(overrides)`` in ``recommend(extra_rules=...)``; the usage
digest Lambda does not, and its package holds neither.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal

from .pricing import Catalogue
from .recommend import Recommendation, Rule, Thresholds, _confidence, _evidence
from .sampling_history import Override
from .usage_report import MONTH_DAYS, AgentUsage


def _reference_trace_kb() -> tuple[Decimal, Decimal]:
    """KB of spans per fully traced session (the reference profile) and KB per GB, as ``estimate``
    counts them."""
    from .estimate.dimensions import KB_PER_GB
    from .estimate.usage import reference

    return reference().observability.trace_kb_per_session, KB_PER_GB


def sampling_override(
    entry: AgentUsage,
    days: int,
    t: Thresholds,
    catalogue: Catalogue,
    overrides: Sequence[Override],
    now: dt.datetime,
) -> Recommendation | None:
    """The oldest override at 1.0 of the agent (any environment), when older than the floor."""
    configured = (entry.config or {}).get("trace_sample_rate")
    if isinstance(configured, bool) or not isinstance(configured, int | float | Decimal):
        return None
    configured = Decimal(str(configured))
    mine = [o for o in overrides if o.agent_id == entry.agent_id and o.rate >= 1.0]
    if configured >= 1 or not mine:
        return None
    oldest = min(mine, key=lambda o: o.since)
    age = oldest.age_days(now)
    if age <= t.max_override_days:
        return None
    sessions = entry.invocations or entry.model_calls  # guard-reported invocations, else one per call
    kb, kb_per_gb = _reference_trace_kb()
    price = catalogue.price("cloudwatch_logs", "span_ingestion_gb")
    per_month = MONTH_DAYS / days
    gb = Decimal(str(sessions)) * per_month * (1 - configured) * kb / kb_per_gb
    return Recommendation(
        entry.agent_id,
        "sampling_override",
        "sampling_overrides",
        1.0,
        float(configured),
        (gb * price.value).quantize(Decimal("0.01")),
        _confidence(entry.model_calls, t),
        _evidence(
            entry,
            days,
            environments=sorted({o.environment for o in mine}),
            override_since=oldest.since.isoformat(),
            override_age_days=math.floor(age * 10) / 10,
            age_is_lower_bound=not oldest.history_complete,
            configuration_version=oldest.configuration_version,
            configured_trace_sample_rate=float(configured),
            sessions=int(sessions),
            trace_kb_per_session=float(kb),
            span_price=f"cloudwatch_logs.span_ingestion_gb {price.value} USD/GB",
            max_override_days=t.max_override_days,
        ),
        advisory=True,
        note=(
            f"remove the 1.0 override of {entry.agent_id} (or of its tier) from the root's "
            "sampling_overrides; the document falls back to the configured rate"
        ),
    )


def rule(overrides: Sequence[Override], now: dt.datetime | None = None) -> Rule:
    """The rule for ``recommend(extra_rules=[...])`` over these overrides, aged at ``now``."""
    at = now or dt.datetime.now(dt.UTC)

    def sampling_rule(
        entry: AgentUsage, days: int, t: Thresholds, catalogue: Catalogue
    ) -> Recommendation | None:
        return sampling_override(entry, days, t, catalogue, overrides, at)

    return sampling_rule
