"""Find CloudWatch log groups without retention (or with more than policy) and, when asked, fix them.

The policy (``contract.AuditPolicy``) comes from the function's environment, validated once per
container (``contract.policy_from_env``), and an invocation may narrow it (``AuditPolicy.with_event``).
The ``Auditor`` lists the log groups under the include prefixes (paginated ``DescribeLogGroups``, one
listing per prefix that no other prefix covers), drops the excluded ones, classifies the rest and, in
enforce mode, calls ``PutRetentionPolicy`` on at most ``max_changes`` groups, largest first.

Safe by default and safe to repeat: report mode changes nothing and shows exactly what enforce mode
would do (the cap included); enforce mode only sets retention on groups that have none, shortens a
longer one only with ``allow_shorten``, and a second run finds the fixed groups compliant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from agentcore_finops.aws import AWS_ERRORS, error_of

from .contract import (  # the policy and report types, and every finding action
    CAPPED,
    DEFERRED,
    FAILED,
    GONE,
    LEFT_LONGER,
    MODES,
    SET,
    SHORTEN,
    VALID_RETENTION_DAYS,
    WOULD_SET,
    WOULD_SHORTEN,
    AuditPolicy,
    Finding,
    Report,
    policy_dict,
    policy_from_env,
)

__all__ = ["MODES", "VALID_RETENTION_DAYS", "AuditPolicy", "Auditor", "Finding", "Report", "policy_from_env"]

BYTES_PER_GB = 1024**3  # CloudWatch bills storage per GB-month of 2^30 bytes
PAGE_SIZE = 50  # the most DescribeLogGroups returns per call
# Stop changing retention when less than this remains of the invocation's time.
TIME_RESERVE_MS = 15_000

# -- audit ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogGroup:
    name: str
    stored_bytes: int
    retention_days: int | None


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
        report = Report(mode=policy.mode, policy=policy_dict(policy))
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
