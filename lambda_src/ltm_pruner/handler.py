"""Lambda entry point of the long-term memory pruner (scheduled; see modules/ltm-pruner).

Reads its settings from environment variables (ltm_pruner.config), scans the configured memories,
selects what to delete, deletes it unless in dry run, and returns a JSON report. The same counts go
out as EMF metrics (METRIC_NAMES) in the project namespace, with the estimated monthly saving at the
pricing catalogue's long-term storage price. Safe to run twice: records already gone count as deleted.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

from agentcore_finops import aws
from agentcore_finops.errors import FieldError
from agentcore_finops.metrics import NAMESPACE
from agentcore_finops.pricing import load_catalogue, round_cents

from .config import PrunerConfig, load_config
from .pruner import CAP, TTL, delete, monthly_saving, scan, select

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
REPORT_LIST_LIMIT = 100  # records listed by id in the report (counts are always complete)

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)


class PruneIncomplete(RuntimeError):
    """Some scopes could not be listed; the report says which. Raised so the error alarm fires."""


@cache
def settings() -> PrunerConfig:
    """The configuration, read and checked once per cold start."""
    return load_config(os.environ)


def _dry_run(config: PrunerConfig, event: Any) -> bool:
    requested = event.get("dry_run") if isinstance(event, Mapping) else None
    if requested is not None and not isinstance(requested, bool):
        raise FieldError("event.dry_run", f"invalid value {requested!r}", "true or false")
    return config.dry_run or requested is True


def run(config: PrunerConfig, client: Any, *, dry_run: bool, now: datetime | None = None) -> dict[str, Any]:
    """One pruning pass; returns the report. Used by the handler, the demo and the tests."""
    now = now or datetime.now(UTC)
    # The price is looked up before anything is deleted: a bad item must fail the run, not its report.
    price = load_catalogue().price("agentcore_memory", config.storage_price_item)
    records, scan_errors = scan(client, config.scopes)
    selection = select(records, config, now)
    chosen = [d.record for d in selection.deletions]
    result = None if dry_run else delete(client, chosen, config.delete_retries)

    removed = len(chosen) if dry_run else len(result.deleted)  # type: ignore[union-attr]
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
        "calls": {
            "batch_delete": 0 if result is None else result.batch_calls,
            "single_delete": 0 if result is None else result.single_calls,
        },
    }


def emit_metrics(report: Mapping[str, Any]) -> None:
    for name, key in (
        ("RecordsScanned", "scanned"),
        ("RecordsDeleted", "deleted"),
        ("RecordsWouldDelete", "would_delete"),
        ("RecordsKept", "kept"),
        ("RecordsFailed", "failed"),
        ("RecordsUnreadable", "unreadable"),
        ("RecordsDeferred", "deferred"),
    ):
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=report[key])
    metrics.add_metric(
        name="EstimatedMonthlySavingUSD",
        unit=MetricUnit.NoUnit,
        value=float(report["estimated_monthly_saving_usd_exact"]),
    )


@metrics.log_metrics
@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: Any, context: Any) -> dict[str, Any]:
    config = settings()
    dry_run = _dry_run(config, event)
    report = run(config, aws.client("bedrock-agentcore"), dry_run=dry_run)
    emit_metrics(report)
    logger.info("ltm pruner report", extra={"report": report})
    if report["scope_errors"]:
        raise PruneIncomplete(
            "could not list "
            + ", ".join(f"{e['memory_id']} {e['scope']} ({e['error']})" for e in report["scope_errors"])
        )
    return report
