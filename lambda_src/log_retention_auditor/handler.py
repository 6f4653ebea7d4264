"""Lambda entry point of the log-retention auditor (see ``audit`` for what it does).

Configuration: environment variables (``contract.VARIABLES``: INCLUDE_PREFIXES, EXCLUDE_PREFIXES,
MAX_RETENTION_DAYS, TARGET_RETENTION_DAYS, MODE, ALLOW_SHORTEN, MAX_CHANGES, SNS_TOPIC_ARN), read and
checked once per container; a bad one fails the invocation with ``SettingsError`` naming every bad
variable.

An invocation event may only narrow the configured policy (schema and rules: ``contract``); ``{}``
runs the configured policy. A bad event fails before any AWS call. Both refusals are logged in the shape
of ``agentcore_finops.env.error_report`` before the error is raised. The function returns the JSON
report and emits EMF metrics on every run that got past the event check, then raises when a change,
a listing or the notification failed (``AuditFailed``), so the error alarm fires.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from agentcore_finops import aws, pricing
from agentcore_finops.aws import AWS_ERRORS, error_of
from agentcore_finops.env import SettingsError, logged_errors
from agentcore_finops.errors import FieldError, FieldErrors
from agentcore_finops.metrics import NAMESPACE

from .audit import Auditor
from .contract import AuditPolicy, Report, policy_from_env

SERVICE = "log-retention-auditor"
METRIC_NAMES = (
    "LogGroupsScanned",
    "LogGroupsNonCompliant",
    "LogGroupsFixed",
    "LogGroupsCapped",
    "LogGroupChangesFailed",
    "UnmanagedStoredBytes",
)
NOTIFY_FINDINGS = 50  # findings listed in a notification; the full report is in the function's log

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)


class AuditFailed(RuntimeError):
    """Some retention changes, listings or the notification failed; ``report`` holds the full outcome."""

    def __init__(self, report: Report, notify_error: str | None = None):
        problems = []
        if report.failed:
            failed = [f"{f.log_group} ({f.error})" for f in report.findings if f.action == "failed"]
            problems.append(f"{report.failed} retention change(s) failed: {', '.join(failed[:10])}")
        if report.list_errors:
            listed = [f"{e['prefix']} ({e['error']})" for e in report.list_errors]
            problems.append(f"could not list log groups under {', '.join(listed)}")
        if notify_error:
            problems.append(f"could not notify the SNS topic ({notify_error})")
        super().__init__("; ".join(problems))
        self.report = report


@cache
def configured_policy() -> AuditPolicy:
    """The policy from the environment, read and checked once per container."""
    return policy_from_env(os.environ)


@cache
def storage_price() -> Any:
    return pricing.load_catalogue().price("cloudwatch_logs", "storage_gb_month").value


def _emit(report: Report) -> None:
    metrics.add_metric(name="LogGroupsScanned", unit=MetricUnit.Count, value=report.scanned)
    metrics.add_metric(name="LogGroupsNonCompliant", unit=MetricUnit.Count, value=report.non_compliant)
    metrics.add_metric(name="LogGroupsFixed", unit=MetricUnit.Count, value=report.changed)
    metrics.add_metric(name="LogGroupsCapped", unit=MetricUnit.Count, value=report.capped + report.deferred)
    metrics.add_metric(name="LogGroupChangesFailed", unit=MetricUnit.Count, value=report.failed)
    metrics.add_metric(name="UnmanagedStoredBytes", unit=MetricUnit.Bytes, value=report.unmanaged_bytes)


def _notify(topic_arn: str, report: Report) -> None:
    subject = f"Log retention: {report.non_compliant} non-compliant log groups ({report.mode} mode)"
    body = {
        "summary": report.summary(),
        "findings": [vars(f) for f in report.findings[:NOTIFY_FINDINGS]],
        "findings_not_listed": max(0, len(report.findings) - NOTIFY_FINDINGS),
    }
    aws.client("sns").publish(TopicArn=topic_arn, Subject=subject[:100], Message=json.dumps(body, indent=1))


@logger.inject_lambda_context(log_event=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    with logged_errors(logger.error, "misconfigured", SettingsError):
        configured = configured_policy()
    with logged_errors(logger.error, "refused", FieldError, FieldErrors):
        policy = configured.with_event(event)  # refuses a bad or widening event: no AWS call yet
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    report = Auditor(aws.client("logs"), storage_price()).run(policy, remaining_ms=remaining)
    _emit(report)
    # The report is logged before the notification: a failed publish must not lose what enforce changed.
    logger.info("log retention audit", extra={"report": report.to_dict()})
    notify_error = None
    if policy.sns_topic_arn and report.non_compliant:
        try:
            _notify(policy.sns_topic_arn, report)
        except AWS_ERRORS as exc:
            code, message = error_of(exc)
            notify_error = f"{code}: {message}".strip()
            logger.error("log retention notification failed", extra={"error": notify_error})
    if report.failed or report.list_errors or notify_error:
        raise AuditFailed(report, notify_error)
    return report.to_dict()
