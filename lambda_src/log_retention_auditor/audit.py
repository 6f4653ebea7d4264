"""Find CloudWatch log groups without retention (or with more than policy) and, when asked, fix them.

The policy (``AuditPolicy``) comes from the function's environment, validated once per container
(``policy_from_env``), and an invocation may narrow or adjust it (``AuditPolicy.with_event``). The
``Auditor`` lists the log groups under the include prefixes (paginated ``DescribeLogGroups``, one
listing per prefix that no other prefix covers), drops the excluded ones, classifies the rest and, in
enforce mode, calls ``PutRetentionPolicy`` on at most ``max_changes`` groups, largest first.

Safe by default and safe to repeat: report mode changes nothing and shows exactly what enforce mode
would do (the cap included); enforce mode only sets retention on groups that have none, shortens a
longer one only with ``allow_shorten``, and a second run finds the fixed groups compliant.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from agentcore_finops.aws import AWS_ERRORS, error_of
from agentcore_finops.errors import FieldError, FieldErrors

# Every value PutRetentionPolicy accepts (days).
VALID_RETENTION_DAYS = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
)  # fmt: skip
MODES = ("report", "enforce")
MAX_CHANGES_LIMIT = 10_000
BYTES_PER_GB = 1024**3  # CloudWatch bills storage per GB-month of 2^30 bytes
PAGE_SIZE = 50  # the most DescribeLogGroups returns per call
# Stop changing retention when less than this remains of the invocation's time.
TIME_RESERVE_MS = 15_000

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
        """This policy narrowed by an invocation event (``contract``: one schema; an event may ask
        for less than the configured policy, never for more). An EventBridge event contributes its
        ``detail``."""
        from .contract import narrow

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
        errors.append(FieldError(names["sns_topic_arn"], f"{p.sns_topic_arn!r} is not an SNS topic ARN"))
    return errors


def _prefixes(name: str, value: Any, allow_empty: bool) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FieldError(name, f"must be a list of strings, got {value!r}")
    bad = [v for v in value if not _PREFIX.match(v)]
    if bad:
        raise FieldError(name, f"invalid log group name prefix(es) {bad}", "1-512 of a-z A-Z 0-9 . - _ / #")
    if not value and not allow_empty:
        raise FieldError(name, "is empty", "at least one log group name prefix")
    return tuple(dict.fromkeys(value))


def _int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(name, f"must be a whole number, got {value!r}")
    return value


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError(name, f"must be true or false, got {value!r}")
    return value


def _mode(name: str, value: Any) -> str:
    if value not in MODES:
        raise FieldError(name, f"unknown mode {value!r}", " or ".join(MODES))
    return value


def policy_from_env(env: Mapping[str, str]) -> AuditPolicy:
    """The function's policy from its environment variables; every problem names its variable."""
    errors: list[FieldError] = []
    values: dict[str, Any] = {}

    def parse(key: str, fn: Callable[[str, str], Any], default: Any = None, required: bool = False) -> None:
        var = _ENV_NAMES[key]
        raw = env.get(var, "").strip()
        if not raw:
            if required:
                errors.append(
                    FieldError(var, "is not set", 'a JSON list of prefixes, e.g. ["/aws/bedrock-agentcore/"]')
                )
            elif default is not None:
                values[key] = default
            return
        try:
            values[key] = fn(var, raw)
        except FieldError as exc:
            errors.append(exc)

    def json_list(var: str, raw: str) -> tuple[str, ...]:
        try:
            parsed = json.loads(raw)
        except ValueError:
            raise FieldError(
                var, f"is not JSON: {raw!r}", 'a JSON list of strings, e.g. ["/aws/lambda/acme-"]'
            ) from None
        return _prefixes(var, parsed, allow_empty=var == "EXCLUDE_PREFIXES")

    def integer(var: str, raw: str) -> int:
        if not re.fullmatch(r"\d+", raw):
            raise FieldError(var, f"must be a whole number, got {raw!r}")
        return int(raw)

    def boolean(var: str, raw: str) -> bool:
        if raw.lower() not in ("true", "false"):
            raise FieldError(var, f"must be true or false, got {raw!r}")
        return raw.lower() == "true"

    parse("include_prefixes", json_list, required=True)
    parse("exclude_prefixes", json_list)
    parse("max_retention_days", integer)
    parse("target_retention_days", integer)
    parse("mode", lambda var, raw: _mode(var, raw.lower()))
    parse("allow_shorten", boolean)
    parse("max_changes", integer)
    parse("sns_topic_arn", lambda var, raw: raw)
    if errors:
        raise FieldErrors(errors) if len(errors) > 1 else errors[0]
    return AuditPolicy(**values).check(_ENV_NAMES)


# -- audit ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogGroup:
    name: str
    stored_bytes: int
    retention_days: int | None


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


def covering_prefixes(prefixes: Sequence[str]) -> list[str]:
    """The prefixes not covered by a shorter one: listing ``/aws/`` already lists ``/aws/lambda/``."""
    ordered = sorted(set(prefixes), key=lambda p: (len(p), p))
    kept: list[str] = []
    for p in ordered:
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return sorted(kept)


class Auditor:
    """Runs one audit with a CloudWatch Logs client (``agentcore_finops.aws.client("logs")``: adaptive
    retries) and a storage price in USD per GB-month."""

    def __init__(self, logs: Any, storage_usd_per_gb_month: Decimal):
        self.logs = logs
        self.storage_price = storage_usd_per_gb_month

    def log_groups(self, policy: AuditPolicy, report: Report) -> Iterator[LogGroup]:
        seen: set[str] = set()
        paginator = self.logs.get_paginator("describe_log_groups")
        for prefix in covering_prefixes(policy.include_prefixes):
            pages = paginator.paginate(logGroupNamePrefix=prefix, PaginationConfig={"PageSize": PAGE_SIZE})
            try:
                for page in pages:
                    report.describe_calls += 1
                    for g in page.get("logGroups", []):
                        name = g["logGroupName"]
                        if name in seen:
                            continue
                        seen.add(name)
                        if any(name.startswith(x) for x in policy.exclude_prefixes):
                            report.excluded += 1
                            continue
                        yield LogGroup(name, int(g.get("storedBytes") or 0), g.get("retentionInDays"))
            except AWS_ERRORS as exc:
                # Retries (adaptive mode) are spent or the call was denied: the groups listed so far are
                # still audited, the prefix is reported, and the handler fails the run after reporting.
                code, message = error_of(exc)
                report.list_errors.append({"prefix": prefix, "error": code, "message": message})

    def monthly_cost(self, stored_bytes: int) -> Decimal:
        return Decimal(stored_bytes) / BYTES_PER_GB * self.storage_price

    def run(self, policy: AuditPolicy, remaining_ms: Callable[[], int] | None = None) -> Report:
        """Audit (and in enforce mode fix) the groups ``policy`` covers. ``remaining_ms`` (the Lambda
        context's clock) stops changes when the invocation is about to time out."""
        policy.check()
        report = Report(mode=policy.mode, policy=_policy_dict(policy))
        candidates: list[tuple[LogGroup, str]] = []
        total_cost = Decimal(0)
        for g in self.log_groups(policy, report):
            report.scanned += 1
            if g.retention_days is None:
                report.without_retention += 1
                report.unmanaged_bytes += g.stored_bytes
                candidates.append((g, "no retention: kept forever"))
            elif g.retention_days > policy.max_retention_days:
                report.over_maximum += 1
                candidates.append(
                    (
                        g,
                        f"retention of {g.retention_days} days is above the maximum of {policy.max_retention_days}",
                    )
                )
            else:
                report.compliant += 1
                continue
            report.non_compliant_bytes += g.stored_bytes
            total_cost += self.monthly_cost(g.stored_bytes)

        # Largest first: when the cap or the clock stops the run, the most storage has been dealt with.
        candidates.sort(key=lambda c: (-c[0].stored_bytes, c[0].name))
        for g, reason in candidates:
            finding = Finding(
                log_group=g.name,
                stored_bytes=g.stored_bytes,
                current_retention_days=g.retention_days,
                target_retention_days=policy.target_retention_days,
                action="",
                reason=reason,
                estimated_monthly_storage_usd=_usd(self.monthly_cost(g.stored_bytes)),
            )
            report.findings.append(finding)
            shorten = g.retention_days is not None
            if shorten and not policy.allow_shorten:
                finding.action = LEFT_LONGER
                continue
            if report.changed + report.would_change >= policy.max_changes:
                finding.action = CAPPED
                report.capped += 1
                continue
            if policy.mode == "report":
                finding.action = WOULD_SHORTEN if shorten else WOULD_SET
                report.would_change += 1
                continue
            if remaining_ms is not None and remaining_ms() < TIME_RESERVE_MS:
                finding.action = DEFERRED
                report.deferred += 1
                continue
            try:
                self.logs.put_retention_policy(
                    logGroupName=g.name, retentionInDays=policy.target_retention_days
                )
            except AWS_ERRORS as exc:
                code, message = error_of(exc)
                if code == "ResourceNotFoundException":
                    finding.action = GONE
                    continue
                finding.action = FAILED
                finding.error = f"{code}: {message}".strip()
                report.failed += 1
                continue
            finding.action = SHORTEN if shorten else SET
            report.changed += 1
        report.estimated_monthly_storage_usd = _usd(total_cost)
        return report


def _usd(amount: Decimal) -> float:
    return float(amount.quantize(Decimal("0.000001")))


def _policy_dict(p: AuditPolicy) -> dict[str, Any]:
    out = asdict(p)
    out["include_prefixes"] = list(p.include_prefixes)
    out["exclude_prefixes"] = list(p.exclude_prefixes)
    return out
