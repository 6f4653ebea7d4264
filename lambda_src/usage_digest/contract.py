"""The usage digest's contract: its settings (environment variables), its one event schema with the
narrowing rule, and its report (the digest).

Settings (``VARIABLES``, read by ``settings_from_env`` once per container; a ``SettingsError`` names
every bad variable):

    CONFIG_TABLE_NAME   the agent-config table (required): each agent's configured settings
    SNS_TOPIC_ARN       the topic the digest is published to (required; the guardrails topic)
    WINDOW_DAYS         days of usage read, ending at today 00:00 UTC (default 7, 1-90); the drifts
                        compare it with the same number of days before it
    TOP_K               savings and drifts listed in the digest (default 5, 1-50)
    MIN_CALLS           recommend's minimum model calls of an agent in the window (default 1000)
    LOWEST_TIER         recommend's floor: no tier cheaper than this one is proposed (default 3)
    TIERS               the fleet's tier overrides as JSON (the root's ``tiers``; default {})

Event: an invocation event (or the ``detail`` of an EventBridge event) is a JSON object with any of:

    window_days   at most the configured WINDOW_DAYS
    top_k         at most the configured TOP_K
    min_calls     at least the configured MIN_CALLS (fewer agents qualify)
    publish       false to return the digest without publishing it or its metric; true only as configured

``{}`` runs the configured settings. Unknown keys, wrong types, values that would widen the settings
and events over ``MAX_EVENT_BYTES`` are refused with a ``FieldError`` naming the field, before any
AWS call.

Report: ``Digest``, what the handler returns (``Digest.to_dict()``), logs and publishes as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, TypedDict

from agentcore_finops import env
from agentcore_finops.errors import FieldError, FieldErrors
from agentcore_finops.events import event_body
from agentcore_finops.fleet_rules import TIERS

MAX_WINDOW_DAYS = 90
MAX_TOP_K = 50
MAX_MIN_CALLS = 10_000_000
_SNS_ARN = r"arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?"
_TABLE = r"[A-Za-z0-9_.-]{3,255}"


@dataclass(frozen=True)
class DigestSettings:
    config_table_name: str
    sns_topic_arn: str
    window_days: int = 7
    top_k: int = 5
    min_calls: int = 1000
    lowest_tier: str = "3"
    tiers: Mapping[str, Any] = field(default_factory=dict)
    publish: bool = True

    def with_event(self, event: Any) -> DigestSettings:
        """These settings narrowed by an invocation event (``narrow``)."""
        return narrow(self, event)


def _tiers(name: str, value: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(k for k in value if k not in TIERS)
    if unknown:
        raise FieldError(
            name, f"unknown tier(s) {unknown}", "a JSON object keyed by tier: " + ", ".join(TIERS)
        )
    bad = sorted(k for k, v in value.items() if v is not None and not isinstance(v, dict))
    if bad:
        raise FieldError(f"{name}[{bad[0]}]", "must be a JSON object or null", "the tier's settings")
    return value


VARIABLES = (
    env.text(
        "CONFIG_TABLE_NAME", required=True, pattern=_TABLE, allowed="the name of the agent-config table"
    ),
    env.text("SNS_TOPIC_ARN", required=True, pattern=_SNS_ARN, allowed="an SNS topic ARN"),
    env.whole("WINDOW_DAYS", default=7, lo=1, hi=MAX_WINDOW_DAYS),
    env.whole("TOP_K", default=5, lo=1, hi=MAX_TOP_K),
    env.whole("MIN_CALLS", default=1000, lo=1, hi=MAX_MIN_CALLS),
    env.choice("LOWEST_TIER", TIERS, default="3"),
    env.json(
        "TIERS",
        dict,
        default={},
        allowed='a JSON object keyed by tier, e.g. {"2": {"max_tokens": 2048}}',
        check=_tiers,
    ),
)
_NAMES = {
    "config_table_name": "CONFIG_TABLE_NAME",
    "sns_topic_arn": "SNS_TOPIC_ARN",
    "window_days": "WINDOW_DAYS",
    "top_k": "TOP_K",
    "min_calls": "MIN_CALLS",
    "lowest_tier": "LOWEST_TIER",
    "tiers": "TIERS",
}


def settings_from_env(environ: Mapping[str, str]) -> DigestSettings:
    """The function's settings from its environment variables; raises SettingsError naming every bad
    variable."""
    values = env.read(environ, VARIABLES)
    return DigestSettings(**{key: values[var] for key, var in _NAMES.items()})


# -- event ----------------------------------------------------------------------------------------------


class DigestEvent(TypedDict, total=False):
    """The invocation event's fields (all optional; ``{}`` runs the configured settings)."""

    window_days: int
    top_k: int
    min_calls: int
    publish: bool


EVENT_FIELDS = tuple(DigestEvent.__annotations__)
MAX_EVENT_BYTES = 4096


def _whole(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(name, f"must be a whole number, got {value!r}", "a whole number")
    return value


def narrow(settings: DigestSettings, event: Any) -> DigestSettings:
    """``settings`` narrowed by ``event``; raises FieldError(s) naming every field that would widen them."""
    if event is None:
        return settings
    body = event_body(event, EVENT_FIELDS, MAX_EVENT_BYTES, "{} or the fields below")
    errors: list[FieldError] = []
    changes: dict[str, Any] = {}
    for key, value in body.items():
        name = f"event.{key}"
        try:
            if key == "publish":
                if not isinstance(value, bool):
                    raise FieldError(name, f"must be true or false, got {value!r}", "true or false")
                if value and not settings.publish:
                    raise FieldError(name, "true while publishing is off", "false")
                changes[key] = value
                continue
            number = _whole(name, value)
            if key == "window_days" and not 1 <= number <= settings.window_days:
                raise FieldError(
                    name,
                    f"{number} is outside 1 to the configured WINDOW_DAYS ({settings.window_days})",
                    f"1-{settings.window_days}",
                )
            if key == "top_k" and not 1 <= number <= settings.top_k:
                raise FieldError(
                    name,
                    f"{number} is outside 1 to the configured TOP_K ({settings.top_k})",
                    f"1-{settings.top_k}",
                )
            if key == "min_calls" and not settings.min_calls <= number <= MAX_MIN_CALLS:
                raise FieldError(
                    name,
                    f"{number} is below the configured MIN_CALLS ({settings.min_calls})",
                    f"{settings.min_calls}-{MAX_MIN_CALLS}",
                )
            changes[key] = number
        except FieldError as exc:
            errors.append(exc)
    if errors:
        raise FieldErrors(errors) if len(errors) > 1 else errors[0]
    return replace(settings, **changes)


# -- report ---------------------------------------------------------------------------------------------


@dataclass
class Saving:
    """One recommendation of ``recommend``, as the digest lists it."""

    agent_id: str
    rule: str
    change: str  # "field current -> proposed"
    monthly_saving_usd: float
    confidence: str
    advisory: bool
    evidence: dict[str, Any]


@dataclass
class Drift:
    """An agent's measured cost in the window against the window before it (same length)."""

    agent_id: str
    cost_usd: float
    previous_cost_usd: float

    @property
    def change_usd(self) -> float:
        return round(self.cost_usd - self.previous_cost_usd, 6)

    @property
    def change_ratio(self) -> float | None:
        return round(self.change_usd / self.previous_cost_usd, 4) if self.previous_cost_usd else None


@dataclass
class Digest:
    window_start: str
    window_end: str  # exclusive
    window_days: int
    agents: int = 0  # agents with metrics in the window
    cost_usd: float = 0.0  # measured, the window
    monthly_saving_usd: float = 0.0  # every recommendation, the agents patch and advisory ones
    patch_monthly_saving_usd: float = 0.0  # the part `recommend --apply-to` writes
    recommendations: int = 0
    savings: list[Saving] = field(default_factory=list)  # top K by saving
    drifts: list[Drift] = field(default_factory=list)  # top K by absolute change
    skipped: list[dict[str, Any]] = field(default_factory=list)
    # What could not be read, computed or sent: {"step", "error"}; the run fails after reporting.
    errors: list[dict[str, str]] = field(default_factory=list)
    published: bool = False
    metric_agents: int = 0  # agents whose RecommendedSavingUSD was put

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["drifts"] = [
            {**asdict(d), "change_usd": d.change_usd, "change_ratio": d.change_ratio} for d in self.drifts
        ]
        return out
