"""Lambda entry point of the long-term memory pruner (scheduled; see modules/ltm-pruner).

Reads its settings from environment variables, narrows them by the event (both in ltm_pruner.contract:
a bad variable or a bad event fails before any AWS call, logged in the shape of
``agentcore_finops.env.error_report``), scans the configured memories, selects
what to delete, deletes it unless in dry run, and returns a JSON report. The same counts go out as EMF
metrics (METRIC_NAMES) in the project namespace, with the estimated monthly saving at the pricing
catalogue's long-term storage price. The report and the metrics go out on every exit path: when a
scope could not be listed or something unexpected stopped the run, the partial report (with
``scope_errors`` / ``error``) is logged and emitted, then the function fails so the alarm fires.
Safe to run twice: records already gone count as deleted.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from agentcore_finops import aws
from agentcore_finops.aws import require_operations
from agentcore_finops.env import SettingsError, logged_errors
from agentcore_finops.errors import FieldError
from agentcore_finops.metrics import NAMESPACE
from agentcore_finops.pricing import load_catalogue, round_cents

from .contract import PrunerConfig, Report, load_config, parse_event
from .pruner import CAP, TTL, DeleteResult, Record, Selection, delete, monthly_saving, scan, select

SERVICE = "ltm-pruner"
METRIC_NAMES = (
    "RecordsScanned",
    "RecordsDeleted",
    "RecordsWouldDelete",
    "RecordsKept",
    "RecordsFailed",
    "RecordsUnreadable",
    "RecordsDeferred",
    "EstimatedMonthlySavingUSD",
)
# The AgentCore memory-record APIs this function calls; botocore has them from 1.40.46 on, which a
# Lambda runtime's own boto3 may predate (checked at cold start: aws.require_operations).
REQUIRED_OPERATIONS = (
    "ListMemoryRecords",
    "GetMemoryRecord",
    "BatchDeleteMemoryRecords",
    "DeleteMemoryRecord",
)
MINIMUM_BOTOCORE = "1.40.46"
REPORT_LIST_LIMIT = 100  # records listed by id in the report (counts are always complete)

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)


class PruneIncomplete(RuntimeError):
    """Some scopes could not be listed or the run stopped early; the report (``report``) says what
    was done. Raised after the report and metrics went out, so the error alarm fires."""

    def __init__(self, message: str, report: Report):
        super().__init__(message)
        self.report = report


@cache
def settings() -> PrunerConfig:
    """The configuration, read and checked once per cold start."""
    return load_config(os.environ)


def memory_client() -> Any:
    """The bedrock-agentcore client, after checking that its model has every operation used here."""
    return require_operations(
        lambda: aws.client("bedrock-agentcore"), "bedrock-agentcore", REQUIRED_OPERATIONS, MINIMUM_BOTOCORE
    )


def run(
    config: PrunerConfig,
    client: Any,
    *,
    dry_run: bool,
    max_deletions: int | None = None,
    now: datetime | None = None,
) -> Report:
    """One pruning pass; returns the report, also when the pass stopped early (``error`` says why).
    Used by the handler, the demo and the tests."""
    now = now or datetime.now(UTC)
    # The price is looked up before anything is deleted: a bad item must fail the run, not its report.
    price = load_catalogue().price("agentcore_memory", config.storage_price_item)
    records: list[Record] = []
    scan_errors: list[dict[str, str]] = []
    selection = Selection(deletions=[], deferred=[], namespaces=[])
    result = None if dry_run else DeleteResult()
    error = None
    try:
        records, scan_errors = scan(client, config.scopes)
        failed_scopes = {(e["memory_id"], e["scope"]) for e in scan_errors}
        unlisted = [s for s in config.scopes if (s.memory_id, s.label) in failed_scopes]
        selection = select(records, config, now, unlisted=unlisted, max_deletions=max_deletions)
        if result is not None:
            delete(client, [d.record for d in selection.deletions], config.delete_retries, result)
    except Exception as exc:  # reported, then the handler fails the run
        error = f"{type(exc).__name__}: {exc}"
    chosen = [d.record for d in selection.deletions]

    removed = len(chosen) if result is None else len(result.deleted)
    failed = [] if result is None else result.failed
    unreadable = [r for r in records if not r.readable]
    saving = monthly_saving(removed, price.value)

    return {
        "dry_run": dry_run,
        "scanned": len(records),
        "deleted": 0 if dry_run else removed,
        "would_delete": len(chosen) if dry_run else 0,
        "expired": sum(d.reason == TTL for d in selection.deletions),
        "over_cap": sum(d.reason == CAP for d in selection.deletions),
        "kept": len(records) - removed - len(failed),
        "failed": len(failed),
        "unreadable": len(unreadable),
        "deferred": len(selection.deferred),
        "estimated_monthly_saving_usd": str(round_cents(saving)),
        "estimated_monthly_saving_usd_exact": str(saving),
        "price": {
            "service": "agentcore_memory",
            "item": config.storage_price_item,
            "usd": str(price.value),
            "unit": price.unit,
            "source": price.source.title,
            "as_of": price.as_of,
        },
        "namespaces": [vars(s) for s in selection.namespaces],
        "unreadable_records": [
            {
                "memory_id": r.memory_id,
                "record_id": r.record_id,
                "namespace": r.namespace,
                "problem": r.problem,
            }
            for r in unreadable[:REPORT_LIST_LIMIT]
        ],
        "failed_records": [
            {"memory_id": r.memory_id, "record_id": r.record_id, "error": error}
            for r, error in failed[:REPORT_LIST_LIMIT]
        ],
        "scope_errors": scan_errors,
        "error": error,
        "calls": {
            "batch_delete": 0 if result is None else result.batch_calls,
            "single_delete": 0 if result is None else result.single_calls,
        },
    }


def emit_metrics(report: Report) -> None:
    for name, count in (
        ("RecordsScanned", report["scanned"]),
        ("RecordsDeleted", report["deleted"]),
        ("RecordsWouldDelete", report["would_delete"]),
        ("RecordsKept", report["kept"]),
        ("RecordsFailed", report["failed"]),
        ("RecordsUnreadable", report["unreadable"]),
        ("RecordsDeferred", report["deferred"]),
    ):
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=count)
    metrics.add_metric(
        name="EstimatedMonthlySavingUSD",
        unit=MetricUnit.NoUnit,
        value=float(report["estimated_monthly_saving_usd_exact"]),
    )


@logger.inject_lambda_context(log_event=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> Report:
    with logged_errors(logger.error, "misconfigured", SettingsError):
        config = settings()
    with logged_errors(logger.error, "refused", FieldError):
        request = parse_event(event, config)  # refuses a bad or widening event before any AWS call
    report = run(
        config,
        memory_client(),
        dry_run=request.dry_run,
        max_deletions=request.max_deletions_per_run,
    )
    emit_metrics(report)
    logger.info("ltm pruner report", extra={"report": report})
    problems = [
        f"could not list {e['memory_id']} {e['scope']} ({e['error']})" for e in report["scope_errors"]
    ]
    if report["error"]:
        problems.append(f"stopped early: {report['error']}")
    if problems:
        raise PruneIncomplete("; ".join(problems), report)
    return report
