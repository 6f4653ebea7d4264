"""The log-retention auditor's contract: its policy (settings from environment variables), its one
event schema with the narrowing rule that applies it to the policy, and its report.

Settings (``VARIABLES``, read by ``policy_from_env`` once per container; a ``SettingsError`` names
every bad variable, including the rules that span several, such as a target above the maximum):

    INCLUDE_PREFIXES       JSON list of log group name prefixes to audit (required)
    EXCLUDE_PREFIXES       JSON list of prefixes to leave out (default [])
    MAX_RETENTION_DAYS     policy maximum; longer retention is non-compliant (default 90)
    TARGET_RETENTION_DAYS  retention set on non-compliant groups, a CloudWatch value (default 30)
    MODE                   report (default: change nothing) or enforce
    ALLOW_SHORTEN          true to shorten retention above the maximum (default false)
    MAX_CHANGES            most retention changes per run (default 100)
    SNS_TOPIC_ARN          topic told when non-compliant groups exist (optional)

Event (``Event``): an invocation event (or the ``detail`` of an EventBridge event) is a JSON object
with any of:

    mode                   "report" always; "enforce" only when the function is configured MODE=enforce
    include_prefixes       list of prefixes, each under one of the configured INCLUDE_PREFIXES
    exclude_prefixes       list of prefixes, ADDED to the configured EXCLUDE_PREFIXES (never replaces them)
    max_retention_days     in enforce mode, at least the configured maximum (fewer groups flagged);
                           any valid value in report mode (nothing is changed)
    target_retention_days  in enforce mode, at least the configured target (logs kept longer);
                           any CloudWatch value in report mode
    allow_shorten          false always; true only when the function is configured ALLOW_SHORTEN=true
    max_changes            at most the configured MAX_CHANGES

``{}`` (or an EventBridge event with an empty detail) runs the configured policy. Unknown keys, wrong
types, values outside the configured policy and events over ``MAX_EVENT_BYTES`` are refused with a
``FieldError`` naming the field, before any AWS call: an event can only narrow what the function's
configuration allows, never widen it.

Report: ``Report`` (with one ``Finding`` per non-compliant group), what the handler returns as
``Report.to_dict()`` and logs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, TypedDict

from agentcore_finops import env
from agentcore_finops.errors import FieldError, FieldErrors
from agentcore_finops.events import event_body

# Every value PutRetentionPolicy accepts (days).
VALID_RETENTION_DAYS = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
)  # fmt: skip
MODES = ("report", "enforce")
MAX_CHANGES_LIMIT = 10_000
_PREFIX = re.compile(r"^[.\-_/#A-Za-z0-9]{1,512}$")
_SNS_ARN = re.compile(r"^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$")

# Actions in a finding. The first four mean a change was (or would be) made.
SET = "set_retention"
SHORTEN = "shorten_retention"
WOULD_SET = "would_set_retention"
WOULD_SHORTEN = "would_shorten_retention"
LEFT_LONGER = "left_longer_retention"  # above the maximum; shortening not allowed
CAPPED = "capped"  # would change, but max_changes was reached
DEFERRED = "deferred"  # would change, but the invocation ran short of time
GONE = "not_found"  # deleted between listing and changing
FAILED = "failed"


# -- policy ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditPolicy:
    include_prefixes: tuple[str, ...]
    exclude_prefixes: tuple[str, ...] = ()
    max_retention_days: int = 90
    target_retention_days: int = 30
    mode: str = "report"
    allow_shorten: bool = False
    max_changes: int = 100
    sns_topic_arn: str | None = None

    def check(self, names: Mapping[str, str] | None = None) -> AuditPolicy:
        """Raise FieldError(s) for every rule broken; ``names`` maps a field to the name to report
        (an environment variable, an event key). Returns the policy."""
        errors = _check_policy(self, {k: (names or {}).get(k, k) for k in _ENV_NAMES})
        if errors:
            raise FieldErrors(errors) if len(errors) > 1 else errors[0]
        return self

    def with_event(self, event: Any) -> AuditPolicy:
        """This policy narrowed by an invocation event (``narrow``: one schema; an event may ask for
        less than the configured policy, never for more). An EventBridge event contributes its
        ``detail``."""
        return narrow(self, event)


_ENV_NAMES = {
    "include_prefixes": "INCLUDE_PREFIXES",
    "exclude_prefixes": "EXCLUDE_PREFIXES",
    "max_retention_days": "MAX_RETENTION_DAYS",
    "target_retention_days": "TARGET_RETENTION_DAYS",
    "mode": "MODE",
    "allow_shorten": "ALLOW_SHORTEN",
    "max_changes": "MAX_CHANGES",
    "sns_topic_arn": "SNS_TOPIC_ARN",
}


def _check_policy(p: AuditPolicy, names: Mapping[str, str]) -> list[FieldError]:
    errors = []
    if not p.include_prefixes:
        errors.append(FieldError(names["include_prefixes"], "is empty", "at least one log group name prefix"))
    if p.target_retention_days not in VALID_RETENTION_DAYS:
        errors.append(
            FieldError(
                names["target_retention_days"],
                f"{p.target_retention_days!r} is not a retention CloudWatch accepts",
                ", ".join(map(str, VALID_RETENTION_DAYS)),
            )
        )
    if not 1 <= p.max_retention_days <= 3653:
        errors.append(
            FieldError(names["max_retention_days"], f"{p.max_retention_days!r} is out of range", "1-3653")
        )
    elif p.target_retention_days > p.max_retention_days:
        errors.append(
            FieldError(
                names["target_retention_days"],
                f"{p.target_retention_days} is above the maximum ({names['max_retention_days']} = {p.max_retention_days})",
                "a target no longer than the maximum",
            )
        )
    if not 0 <= p.max_changes <= MAX_CHANGES_LIMIT:
        errors.append(
            FieldError(names["max_changes"], f"{p.max_changes!r} is out of range", f"0-{MAX_CHANGES_LIMIT}")
        )
    if p.mode not in MODES:
        errors.append(FieldError(names["mode"], f"unknown mode {p.mode!r}", " or ".join(MODES)))
    if p.sns_topic_arn is not None and not _SNS_ARN.match(p.sns_topic_arn):
        errors.append(
            FieldError(
                names["sns_topic_arn"],
                f"{p.sns_topic_arn!r} is not an SNS topic ARN",
                "arn:aws:sns:<region>:<account>:<topic>",
            )
        )
    return errors


def _prefixes(name: str, value: Any, allow_empty: bool) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FieldError(
            name, f"must be a list of strings, got {value!r}", "a list of log group name prefixes"
        )
    bad = [v for v in value if not _PREFIX.match(v)]
    if bad:
        raise FieldError(name, f"invalid log group name prefix(es) {bad}", "1-512 of a-z A-Z 0-9 . - _ / #")
    if not value and not allow_empty:
        raise FieldError(name, "is empty", "at least one log group name prefix")
    return tuple(dict.fromkeys(value))


def _int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(name, f"must be a whole number, got {value!r}", "a whole number")
    return value


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError(name, f"must be true or false, got {value!r}", "true or false")
    return value


def _mode(name: str, value: Any) -> str:
    if value not in MODES:
        raise FieldError(name, f"unknown mode {value!r}", " or ".join(MODES))
    return value


def _prefix_list(name: str, value: list[Any]) -> tuple[str, ...]:
    return _prefixes(name, value, allow_empty=name == "EXCLUDE_PREFIXES")


VARIABLES = (
    env.json(
        "INCLUDE_PREFIXES",
        list,
        required=True,
        allowed='a JSON list of strings (log group name prefixes), e.g. ["/aws/bedrock-agentcore/"]',
        check=_prefix_list,
    ),
    env.json(
        "EXCLUDE_PREFIXES",
        list,
        default=(),
        allowed='a JSON list of strings (log group name prefixes), e.g. ["/aws/lambda/acme-"]',
        check=_prefix_list,
    ),
    env.whole("MAX_RETENTION_DAYS", default=90, lo=0),
    env.whole("TARGET_RETENTION_DAYS", default=30, lo=0),
    # The event's own parser: the same message for MODE and for event.mode.
    env.Var("MODE", lambda raw: _mode("MODE", raw.lower()), " or ".join(MODES), default="report"),
    env.boolean("ALLOW_SHORTEN", default=False),
    env.whole("MAX_CHANGES", default=100, lo=0),
    env.text("SNS_TOPIC_ARN", allowed="an SNS topic ARN"),
)


def _policy_rules(values: Mapping[str, Any]) -> list[FieldError]:
    """The policy's own rules (ranges, a target CloudWatch accepts and no longer than the maximum),
    once every variable was read."""
    if len(values) < len(VARIABLES):
        return []
    return _check_policy(_policy_of(values), _ENV_NAMES)


def _policy_of(values: Mapping[str, Any]) -> AuditPolicy:
    return AuditPolicy(**{key: values[var] for key, var in _ENV_NAMES.items()})


def policy_from_env(environ: Mapping[str, str]) -> AuditPolicy:
    """The function's policy from its environment variables; raises SettingsError naming every bad
    variable."""
    return _policy_of(env.read(environ, VARIABLES, check=_policy_rules))


# -- event ----------------------------------------------------------------------------------------------


class Event(TypedDict, total=False):
    """The invocation event's fields (all optional; ``{}`` runs the configured policy)."""

    mode: str
    include_prefixes: list[str]
    exclude_prefixes: list[str]
    max_retention_days: int
    target_retention_days: int
    allow_shorten: bool
    max_changes: int


EVENT_FIELDS = tuple(Event.__annotations__)
MAX_EVENT_BYTES = 16_384  # an event is a few prefixes and numbers; anything larger is refused unread
MAX_EVENT_PREFIXES = 100


def narrow(policy: AuditPolicy, event: Any) -> AuditPolicy:
    """``policy`` narrowed by ``event``; raises FieldError(s) naming every field that would widen it."""
    if event is None:
        return policy
    body = event_body(event, EVENT_FIELDS, MAX_EVENT_BYTES, "{} or the fields below")
    errors: list[FieldError] = []
    changes: dict[str, Any] = {}

    def refuse(key: str, problem: str, allowed: str) -> None:
        errors.append(FieldError(f"event.{key}", problem, allowed))

    for key, value in body.items():
        name = f"event.{key}"
        try:
            if key in ("include_prefixes", "exclude_prefixes"):
                if isinstance(value, list) and len(value) > MAX_EVENT_PREFIXES:
                    raise FieldError(name, f"{len(value)} prefixes", f"at most {MAX_EVENT_PREFIXES}")
                changes[key] = _prefixes(name, value, allow_empty=key == "exclude_prefixes")
            elif key == "allow_shorten":
                changes[key] = _bool(name, value)
            elif key == "mode":
                changes[key] = _mode(name, value)
            else:
                changes[key] = _int(name, value)
        except FieldError as exc:
            errors.append(exc)
    if errors:
        raise FieldErrors(errors) if len(errors) > 1 else errors[0]

    mode = changes.get("mode", policy.mode)
    if mode == "enforce" and policy.mode != "enforce":
        refuse("mode", "'enforce' while the function is configured MODE=report", '"report"')
    if changes.get("allow_shorten") and not policy.allow_shorten:
        refuse("allow_shorten", "true while the function is configured ALLOW_SHORTEN=false", "false")
    if changes.get("max_changes", 0) > policy.max_changes:
        refuse(
            "max_changes",
            f"{changes['max_changes']} is above the configured MAX_CHANGES ({policy.max_changes})",
            f"0-{policy.max_changes}",
        )
    if mode == "enforce":
        for key in ("max_retention_days", "target_retention_days"):
            if key in changes and changes[key] < getattr(policy, key):
                refuse(
                    key,
                    f"{changes[key]} is below the configured {_ENV_NAMES[key]} ({getattr(policy, key)}) "
                    "in enforce mode",
                    f"at least {getattr(policy, key)}, or any value with mode report",
                )
    for prefix in changes.get("include_prefixes", ()):
        if not any(prefix.startswith(p) for p in policy.include_prefixes):
            refuse(
                "include_prefixes",
                f"{prefix!r} is outside the configured INCLUDE_PREFIXES",
                "prefixes that start with one of " + json.dumps(list(policy.include_prefixes)),
            )
    if errors:
        raise FieldErrors(errors) if len(errors) > 1 else errors[0]
    if "exclude_prefixes" in changes:  # exclusions are only ever added
        changes["exclude_prefixes"] = tuple(
            dict.fromkeys(policy.exclude_prefixes + changes["exclude_prefixes"])
        )
    names = {k: (f"event.{k}" if k in changes else _ENV_NAMES[k]) for k in _ENV_NAMES}
    return replace(policy, **changes).check(names)


# -- report ---------------------------------------------------------------------------------------------


@dataclass
class Finding:
    log_group: str
    stored_bytes: int
    current_retention_days: int | None
    target_retention_days: int
    action: str
    reason: str
    estimated_monthly_storage_usd: float
    error: str | None = None


@dataclass
class Report:
    mode: str
    policy: dict[str, Any]
    scanned: int = 0
    excluded: int = 0
    compliant: int = 0
    without_retention: int = 0
    over_maximum: int = 0
    changed: int = 0
    would_change: int = 0
    capped: int = 0
    deferred: int = 0
    failed: int = 0
    unmanaged_bytes: int = 0
    non_compliant_bytes: int = 0
    estimated_monthly_storage_usd: float = 0.0
    describe_calls: int = 0
    # Prefixes whose listing failed: {"prefix", "error", "message"}; the run then fails after reporting.
    list_errors: list[dict[str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def non_compliant(self) -> int:
        return self.without_retention + self.over_maximum

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["non_compliant"] = self.non_compliant
        return out

    def summary(self) -> dict[str, Any]:
        """Everything but the findings."""
        out = self.to_dict()
        out.pop("findings")
        return out


def policy_dict(p: AuditPolicy) -> dict[str, Any]:
    """The policy as the report shows it (JSON lists for the prefixes)."""
    out = asdict(p)
    out["include_prefixes"] = list(p.include_prefixes)
    out["exclude_prefixes"] = list(p.exclude_prefixes)
    return out
