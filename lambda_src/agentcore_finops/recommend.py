"""Per-agent changes that the measured usage supports, each with its monthly saving and evidence.

Rules (every one needs ``min_calls`` model calls of the agent in the window, and never proposes a
value below the user's floor):

- ``lower_tier``: an agent on tier 1 or 2 whose escalation rate is at most ``max_escalation_rate``
  and whose p99 output fits the lower tier's ``max_tokens`` moves one tier down (never below
  ``lowest_tier``). Saving: the window's tokens priced at the lower tier's model (and its escalation
  model for the escalated share) against the measured cost, scaled to a month.
- ``max_tokens``: p99 output tokens per call times ``1 + headroom``, rounded up to a multiple of 64,
  at least ``min_max_tokens``, proposed when at most ``shrink`` of the configured value. The cap only
  cuts runaway outputs, so the claimed saving is the output above the new cap at the observed p99,
  which is zero: it is listed as a guard, not a saving.
- ``step_budget``: p99 tool calls per invocation times ``1 + headroom``, rounded up, at least
  ``min_step_budget``, when lower than the configured budget and the budget was hit in at most
  ``max_exhausted_rate`` of the invocations (an agent that keeps hitting its budget needs it).
- ``ltm_off``: an agent with ``ltm_enabled`` that wrote at least ``min_ltm_writes`` long-term records
  (``LtmRecordsWritten``) but read long-term memory back (``LtmRetrievals``) fewer than
  ``max_ltm_retrieval_ratio`` times per record written gets ``ltm_enabled = false``. Saving: a month of
  the measured writes stored for a month (built-in strategy storage price) plus a month of the
  measured retrievals, at catalogue prices; records already stored, and the storage that keeps
  accruing while they are kept, are not counted (a floor on the saving, not an estimate of the total).

- ``sampling_override``: an agent whose deployed trace-sampling rate (the AppConfig document of
  modules/sampling-profiles, read by ``sampling_history``) has been 1.0 for more than
  ``max_override_days`` while its configured ``trace_sample_rate`` is lower: remove the override.
  Saving: the spans of the traces the configured rate would drop, at the CloudWatch span-ingestion
  price (``cloudwatch_logs.span_ingestion_gb``, Transaction Search, which AgentCore Observability
  uses), with the reference profile's KB of spans per fully traced session, scaled to a month. The
  override lives in the root's ``sampling_overrides``, not in ``agents``: advisory, no patch line.
  It lives in ``recommend_sampling`` (it needs the sampling history and the estimator's reference
  profile) and runs when the caller passes it in ``extra_rules``, so the usage digest Lambda, which
  imports this module, packs neither.

- ``cache_points``: an agent whose calls average at least ``min_prompt_tokens`` input tokens
  (uncached + cache read + cache write) but whose cache hit ratio (cache read / all input) is below
  ``max_cache_hit_ratio``, on a model with prompt caching: a prefix that repeats is not being read
  from the cache. Saving: ``cacheable_share`` of the uncached input tokens read from the cache instead,
  i.e. times (input price - cache-read price) of the agent's configured model, scaled to a month,
  before cache-write premiums. No fleet field sets cache points (the router places them after the
  system prompt and tools; callers add them in messages): advisory, no patch line. None for a model
  without prompt caching.

Advisory recommendations (``advisory``) change something the ``agents`` patch cannot express; they are
listed with their saving and a note saying what to change, and kept out of the patch and its total.

Confidence: ``high`` with at least ``5 * min_calls`` calls, else ``medium``.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import FieldError
from .fleet_rules import MAX_TOKENS_RANGE, STEP_BUDGET_RANGE, TIERS, tier_configs
from .pricing import Catalogue
from .usage_report import MONTH_DAYS, AgentUsage, UsageReport

# A rule outside this module (``recommend_sampling.rule``): called per agent like the built-in ones.
Rule = Callable[["AgentUsage", int, "Thresholds", Catalogue], "Recommendation | None"]


@dataclass(frozen=True)
class Thresholds:
    min_calls: int = 1000
    max_escalation_rate: float = 0.05
    lowest_tier: str = "3"  # floor: never propose a tier cheaper than this one
    headroom: float = 0.25
    shrink: float = 0.75
    min_max_tokens: int = 256  # floor
    min_step_budget: int = 2  # floor
    max_exhausted_rate: float = 0.01
    min_ltm_writes: int = 100  # floor: no ltm_off on fewer records written in the window
    max_ltm_retrieval_ratio: float = 0.1
    max_override_days: int = 7  # floor: a sampling override younger than this is left alone
    min_prompt_tokens: int = 2048  # floor: input tokens per call before cache_points is considered
    max_cache_hit_ratio: float = 0.2
    cacheable_share: float = 0.5  # cache_points: share of the uncached input assumed to be a repeated prefix

    def check(self) -> Thresholds:
        def bad(option: str, value: Any, allowed: str) -> FieldError:
            return FieldError(option, f"invalid value {value!r}", allowed)

        if not isinstance(self.min_calls, int) or self.min_calls < 1:
            raise bad("--min-calls", self.min_calls, "a whole number of 1 or more")
        for option, value in (
            ("--max-escalation-rate", self.max_escalation_rate),
            ("--max-exhausted-rate", self.max_exhausted_rate),
            ("--max-ltm-retrieval-ratio", self.max_ltm_retrieval_ratio),
            ("--max-cache-hit-ratio", self.max_cache_hit_ratio),
            ("--cacheable-share", self.cacheable_share),
        ):
            if not 0 <= value <= 1:
                raise bad(option, value, "a number from 0 to 1")
        if (
            isinstance(self.min_ltm_writes, bool)
            or not isinstance(self.min_ltm_writes, int)
            or self.min_ltm_writes < 1
        ):
            raise bad("--min-ltm-writes", self.min_ltm_writes, "a whole number of 1 or more")
        if (
            isinstance(self.max_override_days, bool)
            or not isinstance(self.max_override_days, int)
            or not 0 <= self.max_override_days <= 455
        ):
            raise bad("--max-override-days", self.max_override_days, "a whole number of days from 0 to 455")
        if (
            isinstance(self.min_prompt_tokens, bool)
            or not isinstance(self.min_prompt_tokens, int)
            or not 1 <= self.min_prompt_tokens <= 1_000_000
        ):
            raise bad("--min-prompt-tokens", self.min_prompt_tokens, "a whole number from 1 to 1000000")
        if not 0 <= self.headroom <= 10:
            raise bad("--headroom", self.headroom, "a number from 0 to 10 (0.25 = 25%)")
        if not 0 < self.shrink <= 1:
            raise bad("--shrink", self.shrink, "a number above 0, at most 1")
        if self.lowest_tier not in TIERS:
            raise bad("--lowest-tier", self.lowest_tier, ", ".join(TIERS))
        lo, hi = MAX_TOKENS_RANGE
        if not lo <= self.min_max_tokens <= hi:
            raise bad("--min-max-tokens", self.min_max_tokens, f"a whole number from {lo} to {hi}")
        lo, hi = STEP_BUDGET_RANGE
        if not lo <= self.min_step_budget <= hi:
            raise bad("--min-step-budget", self.min_step_budget, f"a whole number from {lo} to {hi}")
        return self


@dataclass
class Recommendation:
    agent_id: str
    rule: str
    field: str
    current: Any
    proposed: Any
    monthly_saving_usd: Decimal
    confidence: str
    # dataclasses.field in full: the class's own `field` attribute shadows the bare name here.
    evidence: dict[str, Any] = dataclasses.field(default_factory=dict)
    advisory: bool = False  # not a field of `agents`: kept out of the patch, ``note`` says what to do
    note: str = ""

    @property
    def summary(self) -> str:
        return f"{self.agent_id}: {self.field} {self.current} -> {self.proposed}"


def _confidence(calls: float, t: Thresholds) -> str:
    return "high" if calls >= 5 * t.min_calls else "medium"


def _evidence(entry: AgentUsage, window_days: int, **figures: Any) -> dict[str, Any]:
    return {"window_days": window_days, "model_calls": int(entry.model_calls), **figures}


def _tokens_cost(
    catalogue: Catalogue, model_id: str | None, entry: AgentUsage, share: float
) -> Decimal | None:
    if not model_id or share <= 0:
        return Decimal(0)
    usage = {
        "inputTokens": round(entry.total("InputTokens") * share),
        "outputTokens": round(entry.total("OutputTokens") * share),
        "cacheReadInputTokens": round(entry.total("CacheReadInputTokens") * share),
        "cacheWriteInputTokens": round(entry.total("CacheWriteInputTokens") * share),
    }
    try:
        return catalogue.usage_cost(model_id, usage)
    except FieldError:
        return None


def lower_tier(
    entry: AgentUsage, days: int, t: Thresholds, catalogue: Catalogue, tiers: Mapping[str, Any]
) -> Recommendation | None:
    config = entry.config or {}
    tier = str(config.get("tier", entry.tier))
    if tier != entry.tier or tier not in TIERS or int(tier) >= int(t.lowest_tier):
        return None
    if config.get("model_id") != tiers[tier]["model_id"]:
        return None  # the agent pins its own model: a tier change would not change it
    rate = entry.escalation_rate
    p99 = entry.percentiles.get("OutputTokens.p99")
    lower = str(int(tier) + 1)
    target = tiers[lower]
    if rate is None or rate > t.max_escalation_rate or p99 is None or p99 > target["max_tokens"]:
        return None
    new_cost = _tokens_cost(catalogue, target["model_id"], entry, 1 - rate)
    escalated = _tokens_cost(catalogue, target.get("escalation_model_id") or target["model_id"], entry, rate)
    if new_cost is None or escalated is None:
        return None
    measured = entry.cost_usd
    saving = (measured - new_cost - escalated) * MONTH_DAYS / days
    if saving <= 0:
        return None
    return Recommendation(
        entry.agent_id,
        "lower_tier",
        "tier",
        int(tier),
        int(lower),
        saving.quantize(Decimal("0.01")),
        _confidence(entry.model_calls, t),
        _evidence(
            entry,
            days,
            escalation_rate=round(rate, 4),
            output_tokens_p99=p99,
            lower_tier_max_tokens=target["max_tokens"],
            lower_tier_model=target["model_id"],
            measured_cost_usd=float(measured),
            cost_at_lower_tier_usd=float(new_cost + escalated),
        ),
    )


def _guard(
    entry: AgentUsage, name: str, current: int, proposed: int, days: int, t: Thresholds, **evidence: Any
) -> Recommendation:
    """A cap lowered to what the agent uses (rule and field ``name``): a guard with no saving claimed."""
    return Recommendation(
        entry.agent_id,
        name,
        name,
        current,
        proposed,
        Decimal("0.00"),
        _confidence(entry.model_calls, t),
        _evidence(entry, days, **evidence),
    )


def max_tokens(entry: AgentUsage, days: int, t: Thresholds) -> Recommendation | None:
    current = (entry.config or {}).get("max_tokens")
    p99 = entry.percentiles.get("OutputTokens.p99")
    if not isinstance(current, int) or p99 is None:
        return None
    proposed = max(t.min_max_tokens, math.ceil(p99 * (1 + t.headroom) / 64) * 64)
    proposed = min(proposed, MAX_TOKENS_RANGE[1])
    if proposed > current * t.shrink:
        return None
    return _guard(
        entry,
        "max_tokens",
        current,
        proposed,
        days,
        t,
        output_tokens_p99=p99,
        output_tokens_p50=entry.percentiles.get("OutputTokens.p50"),
        headroom=t.headroom,
    )


def step_budget(entry: AgentUsage, days: int, t: Thresholds) -> Recommendation | None:
    current = (entry.config or {}).get("step_budget")
    p99 = entry.percentiles.get("ToolCalls.p99")
    invocations = entry.invocations
    if not isinstance(current, int) or p99 is None or not invocations:
        return None
    exhausted = entry.total("StepBudgetExhausted") / invocations
    if exhausted > t.max_exhausted_rate:
        return None
    proposed = min(STEP_BUDGET_RANGE[1], max(t.min_step_budget, math.ceil(p99 * (1 + t.headroom))))
    if proposed >= current:
        return None
    return _guard(
        entry,
        "step_budget",
        current,
        proposed,
        days,
        t,
        tool_calls_p99=p99,
        tool_calls_p50=entry.percentiles.get("ToolCalls.p50"),
        invocations=int(invocations),
        budget_exhausted_rate=round(exhausted, 4),
        headroom=t.headroom,
    )


def ltm_off(entry: AgentUsage, days: int, t: Thresholds, catalogue: Catalogue) -> Recommendation | None:
    if (entry.config or {}).get("ltm_enabled") is not True:
        return None
    written = entry.total("LtmRecordsWritten")
    retrieved = entry.total("LtmRetrievals")
    if written < t.min_ltm_writes or retrieved >= written * t.max_ltm_retrieval_ratio:
        return None
    storage = catalogue.price("agentcore_memory", "long_term_storage_builtin_per_1k_records_month").value
    retrieval = catalogue.price("agentcore_memory", "retrieval_per_1k").value
    per_month = MONTH_DAYS / days
    saving = (Decimal(str(written)) * storage + Decimal(str(retrieved)) * retrieval) / 1000 * per_month
    return Recommendation(
        entry.agent_id,
        "ltm_off",
        "ltm_enabled",
        True,
        False,
        saving.quantize(Decimal("0.01")),
        _confidence(entry.model_calls, t),
        _evidence(
            entry,
            days,
            ltm_records_written=int(written),
            ltm_retrievals=int(retrieved),
            retrievals_per_record=round(retrieved / written, 4),
            max_ltm_retrieval_ratio=t.max_ltm_retrieval_ratio,
        ),
    )


def cache_points(entry: AgentUsage, days: int, t: Thresholds, catalogue: Catalogue) -> Recommendation | None:
    model_id = entry.model_id
    calls = entry.model_calls
    if not model_id or not calls:
        return None
    try:
        model = catalogue.model(model_id)
    except FieldError:
        return None
    if not model.supports_prompt_cache or model.cache_read is None:
        return None  # nothing to read from a cache
    uncached = entry.total("InputTokens")
    read = entry.total("CacheReadInputTokens")
    written = entry.total("CacheWriteInputTokens")
    per_call = (uncached + read + written) / calls
    ratio = entry.cache_hit_ratio or 0.0
    if per_call < t.min_prompt_tokens or ratio >= t.max_cache_hit_ratio:
        return None
    tokens = Decimal(str(uncached)) * Decimal(str(t.cacheable_share))
    per_token = (model.input.value - model.cache_read.value) / Decimal(1_000_000)
    saving = (tokens * per_token * MONTH_DAYS / days).quantize(Decimal("0.01"))
    if saving <= 0:
        return None
    return Recommendation(
        entry.agent_id,
        "cache_points",
        "cache_points",
        f"hit ratio {ratio:.2f}",
        "cache the repeated prefix",
        saving,
        _confidence(calls, t),
        _evidence(
            entry,
            days,
            input_tokens_per_call=round(per_call),
            uncached_input_tokens=int(uncached),
            cache_read_tokens=int(read),
            cache_write_tokens=int(written),
            cache_hit_ratio=round(ratio, 4),
            max_cache_hit_ratio=t.max_cache_hit_ratio,
            min_prompt_tokens=t.min_prompt_tokens,
            cacheable_share=t.cacheable_share,
            model=model_id,
            input_price_per_1m=float(model.input.value),
            cache_read_price_per_1m=float(model.cache_read.value),
        ),
        advisory=True,
        note=(
            "no fleet field sets cache points: the router caches the system prompt and tools, so keep "
            "them identical between calls, and add a cachePoint after the history the agent resends "
            "in messages (the router keeps up to 2); the saving is before cache-write premiums"
        ),
    )


def recommend(
    report: UsageReport,
    catalogue: Catalogue,
    thresholds: Thresholds | None = None,
    tiers: Mapping[str, Any] | None = None,
    *,
    extra_rules: Sequence[Rule] = (),
) -> tuple[list[Recommendation], list[dict[str, Any]]]:
    """The recommendations, largest saving first, and the agents skipped with the reason.
    ``extra_rules``: rules that need more than the usage report, e.g. ``recommend_sampling.rule``
    (the trace-sampling overrides); they run on the same agents as the built-in ones."""
    t = (thresholds or Thresholds()).check()
    tier_settings = tier_configs(tiers)
    days = report.window.days
    out: list[Recommendation] = []
    skipped: list[dict[str, Any]] = []
    for entry in report.agents:
        if entry.config is None:
            skipped.append(
                {"agent_id": entry.agent_id, "tier": entry.tier, "reason": "not in the config table"}
            )
            continue
        if str(entry.config.get("tier")) != entry.tier:
            skipped.append(
                {
                    "agent_id": entry.agent_id,
                    "tier": entry.tier,
                    "reason": f"a former tier: the agent is now on tier {entry.config.get('tier')}",
                }
            )
            continue
        if entry.model_calls < t.min_calls:
            skipped.append(
                {
                    "agent_id": entry.agent_id,
                    "tier": entry.tier,
                    "reason": f"{int(entry.model_calls)} model calls, fewer than --min-calls {t.min_calls}",
                }
            )
            continue
        for rec in (
            lower_tier(entry, days, t, catalogue, tier_settings),
            max_tokens(entry, days, t),
            step_budget(entry, days, t),
            ltm_off(entry, days, t, catalogue),
            cache_points(entry, days, t, catalogue),
            *(rule(entry, days, t, catalogue) for rule in extra_rules),
        ):
            if rec is not None:
                out.append(rec)
    out.sort(key=lambda r: (-r.monthly_saving_usd, r.agent_id, r.rule))
    return out, skipped


# ------------------------------------------------------------------------------------------------
# the patch and the output


def patch(recommendations: list[Recommendation]) -> dict[str, dict[str, Any]]:
    """The changed fields per agent: ``{"agents": {id: {field: value}}}`` to merge into ``agents``."""
    agents: dict[str, dict[str, Any]] = {}
    for rec in recommendations:
        if rec.advisory:
            continue
        agents.setdefault(rec.agent_id, {})[rec.field] = rec.proposed
    return {"agents": agents}


def apply(agents: Mapping[str, Any], changes: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """``agents`` (the fleet's Terraform variable) with the patch merged in; an agent the fleet does
    not define is an error naming it."""
    merged = {name: dict(fields) for name, fields in agents.items()}
    for name, fields in changes.items():
        if name not in merged:
            raise FieldError(
                f'agents["{name}"]',
                "measured, but not in the fleet file",
                "the fleet file the table was deployed from",
            )
        merged[name].update(fields)
    return merged


def write_patch(
    path: str | Path, fleet_file: str | Path, changes: Mapping[str, Mapping[str, Any]], force: bool = False
) -> None:
    """Write the fleet's full ``agents`` with the changes as a tfvars JSON file (``-var-file`` or a
    ``*.auto.tfvars.json``): Terraform replaces a map variable whole, so a partial map would drop agents."""
    from . import fleet as fleet_mod

    path = Path(path)
    if not path.name.endswith(".json"):
        raise FieldError("--apply-to", f"{path.name} is not a JSON file", "a *.tfvars.json (or *.json) file")
    if path.exists() and not force:
        raise FieldError("--apply-to", f"{path} exists", "a new file, or --force to overwrite it")
    agents, tiers = fleet_mod.load_fleet_file(fleet_file)
    merged = apply(agents, changes)
    fleet_mod.validate(merged, tiers or None)
    document: dict[str, Any] = {"agents": merged}
    if tiers:
        document["tiers"] = tiers
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def to_dict(
    recommendations: list[Recommendation],
    skipped: list[dict[str, Any]],
    report: UsageReport,
    t: Thresholds,
    not_checked: Sequence[str] = (),
) -> dict[str, Any]:
    """``monthly_saving_usd`` is the patch's saving; advisory ones are totalled apart."""

    def plain(rec: Recommendation) -> dict[str, Any]:
        row = asdict(rec)
        row["monthly_saving_usd"] = float(rec.monthly_saving_usd)
        return row

    return {
        "window": {
            "start": report.window.start.date().isoformat(),
            "end": report.window.end.date().isoformat(),
            "days": report.window.days,
        },
        "thresholds": asdict(t),
        "monthly_saving_usd": float(
            sum((r.monthly_saving_usd for r in recommendations if not r.advisory), Decimal(0))
        ),
        "advisory_monthly_saving_usd": float(
            sum((r.monthly_saving_usd for r in recommendations if r.advisory), Decimal(0))
        ),
        "recommendations": [plain(r) for r in recommendations],
        "skipped": skipped,
        "not_checked": list(not_checked),
        "patch": patch(recommendations),
    }


def render(
    recommendations: list[Recommendation],
    skipped: list[dict[str, Any]],
    report: UsageReport,
    t: Thresholds,
    fmt: str,
    not_checked: Sequence[str] = (),
) -> str:
    data = to_dict(recommendations, skipped, report, t, not_checked)
    if fmt == "json":
        return json.dumps(data, indent=2) + "\n"
    md = fmt == "markdown"
    w = data["window"]
    lines = [
        ("### " if md else "")
        + f"Recommendations from {w['start']} to {w['end']} (exclusive, {w['days']} days)",
        "",
    ]
    if not recommendations:
        lines.append("No change: no agent with enough calls crosses a rule's threshold.")
    for rec in recommendations:
        saving = (
            f"{rec.monthly_saving_usd:,.2f} USD/month"
            if rec.monthly_saving_usd
            else "guard, no saving at observed usage"
        )
        evidence = ", ".join(f"{k}={v}" for k, v in rec.evidence.items())
        label = f"{rec.rule}, {rec.confidence}" + (", advisory: no patch line" if rec.advisory else "")
        note = f"; to do: {rec.note}" if rec.note else ""
        lines.append(f"{'- ' if md else ''}{rec.summary} [{label}]: {saving}{note}; evidence: {evidence}")
    lines += ["", f"total: {data['monthly_saving_usd']:,.2f} USD a month (the patch)"]
    if data["advisory_monthly_saving_usd"]:
        lines.append(
            f"advisory: {data['advisory_monthly_saving_usd']:,.2f} USD a month more, outside the patch"
        )
    if not_checked:
        lines += ["", "not checked:"] + [f"{'- ' if md else '  '}{text}" for text in not_checked]
    if skipped:
        lines += ["", "skipped:"] + [
            f"{'- ' if md else '  '}{s['agent_id']} (tier {s['tier']}): {s['reason']}" for s in skipped
        ]
    patch_text = json.dumps(data["patch"], indent=2)
    lines += [
        "",
        "patch for `agents`:" if md else "patch for agents:",
        *(["```json"] if md else []),
        patch_text,
        *(["```"] if md else []),
    ]
    return "\n".join(lines) + "\n"
