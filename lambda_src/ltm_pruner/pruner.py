"""Pruning AgentCore long-term memory: which records to delete, and deleting them safely.

Three steps, kept apart so each can be tested on its own:

1. ``scan``: list every record of every scope (paginated), read its importance and tier from the
   metadata the agent-side guards write (``agentcore_finops.memory_records``). A record whose metadata
   cannot be read is marked unreadable; it is kept and reported, never deleted.
2. ``select``: a pure function. No record younger than ``min_age_days`` is ever chosen. In each
   namespace, records older than their tier's TTL go first; then, while the namespace holds more than
   ``max_records_per_namespace`` records the pruner manages (readable metadata: unlabelled or foreign
   records neither count nor go), the lowest importance and then the oldest go, but never one at or
   above ``protected_importance``, and none at all in a namespace whose listing failed (its count is
   unknown). Across the run, at most ``max_deletions_per_run`` are chosen (expired records first,
   oldest first); the rest wait for the next run.
3. ``delete``: BatchDeleteMemoryRecords in batches of at most 100. Each record's outcome comes from
   the response: listed in ``successfulRecords``, or in ``failedRecords`` with error code 404 (already
   gone), counts as deleted; any other failure, a record in neither list and a batch call that failed
   as a whole count as failed. Failed records are retried in batches, then once one by one
   (DeleteMemoryRecord; ResourceNotFoundException = already gone). What still fails is reported and
   tried again next run, so a second run after a partial one is harmless. Dry run calls nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from agentcore_finops.aws import AWS_ERRORS, error_of
from agentcore_finops.memory_records import MetadataError, read_importance, read_tier

from .contract import MAX_BATCH, PrunerConfig, Scope

TTL = "ttl"
CAP = "cap"
GONE_CODE = 404  # failedRecords[].errorCode of a record that no longer exists
GONE_ERROR = "ResourceNotFoundException"  # DeleteMemoryRecord's error for the same


@dataclass(frozen=True)
class Record:
    memory_id: str
    record_id: str
    namespace: str
    created_at: datetime | None
    importance: float | None = None
    tier: int | None = None
    problem: str | None = None  # why the metadata could not be read; None when readable

    @property
    def readable(self) -> bool:
        return self.problem is None

    @property
    def key(self) -> tuple[str, str]:
        return (self.memory_id, self.record_id)


@dataclass(frozen=True)
class Deletion:
    record: Record
    reason: str  # TTL or CAP


@dataclass
class NamespaceSummary:
    memory_id: str
    namespace: str
    records: int = 0
    expired: int = 0
    over_cap: int = 0
    unreadable: int = 0
    cap_unmet: bool = False  # still over the cap after removing every record it may remove
    listing_failed: bool = False  # a scope covering this namespace could not be listed: no cap deletions


@dataclass
class Selection:
    deletions: list[Deletion]
    deferred: list[Deletion]  # chosen, but beyond max_deletions_per_run
    namespaces: list[NamespaceSummary]


@dataclass
class DeleteResult:
    deleted: list[Record] = field(default_factory=list)
    failed: list[tuple[Record, str]] = field(default_factory=list)
    batch_calls: int = 0
    single_calls: int = 0


# ------------------------------------------------------------------------------------------- scan


def _record(memory_id: str, scope: Scope, summary: Mapping[str, Any], metadata: Any) -> Record:
    namespaces = summary.get("namespaces") or []
    namespace = namespaces[0] if namespaces else (scope.namespace or scope.namespace_path or "")
    created_at = summary.get("createdAt")
    base = {
        "memory_id": memory_id,
        "record_id": summary["memoryRecordId"],
        "namespace": namespace,
        "created_at": created_at if isinstance(created_at, datetime) else None,
    }
    if base["created_at"] is None:
        return Record(**base, problem="createdAt: missing")
    try:
        return Record(**base, importance=read_importance(metadata), tier=read_tier(metadata))
    except MetadataError as exc:
        return Record(**base, problem=str(exc))


def scan(client: Any, scopes: Iterable[Scope]) -> tuple[list[Record], list[dict[str, str]]]:
    """Every record of every scope, once each (scopes may overlap), and the scopes that failed (with
    ``memory_id``, ``scope``, ``namespace``/``namespace_path``, ``error``, ``message``)."""
    records: dict[tuple[str, str], Record] = {}
    errors: list[dict[str, str]] = []
    paginator = client.get_paginator("list_memory_records")
    for scope in scopes:
        params: dict[str, Any] = {"memoryId": scope.memory_id}
        if scope.namespace is not None:
            params["namespace"] = scope.namespace
        else:
            params["namespacePath"] = scope.namespace_path
        try:
            for page in paginator.paginate(**params, PaginationConfig={"PageSize": MAX_BATCH}):
                for summary in page.get("memoryRecordSummaries", []):
                    key = (scope.memory_id, summary["memoryRecordId"])
                    if key in records:
                        continue
                    metadata = summary.get("metadata")
                    if metadata is None:
                        # The listing left metadata out: read the record itself before judging it.
                        full = client.get_memory_record(
                            memoryId=scope.memory_id, memoryRecordId=summary["memoryRecordId"]
                        )
                        metadata = full.get("memoryRecord", {}).get("metadata")
                    records[key] = _record(scope.memory_id, scope, summary, metadata)
        except AWS_ERRORS as exc:
            code, message = error_of(exc)
            errors.append(
                {"memory_id": scope.memory_id, "scope": scope.label, "error": code, "message": message}
            )
    return list(records.values()), errors


def in_scope(memory_id: str, namespace: str, scope: Scope) -> bool:
    """Whether a record's namespace is one ``scope`` lists."""
    if memory_id != scope.memory_id:
        return False
    if scope.namespace is not None:
        return namespace == scope.namespace
    return namespace.startswith(scope.namespace_path or "")


# ----------------------------------------------------------------------------------------- select


def _age(record: Record, now: datetime) -> timedelta:
    assert record.created_at is not None
    return now - record.created_at


def select(
    records: Sequence[Record],
    config: PrunerConfig,
    now: datetime,
    *,
    unlisted: Sequence[Scope] = (),
    max_deletions: int | None = None,
) -> Selection:
    """Decide which records go, without calling anything. See the module docstring for the rules.
    ``unlisted``: scopes whose listing failed (no cap deletions in their namespaces);
    ``max_deletions``: this run's cap when lower than the configured one."""
    min_age = timedelta(days=config.min_age_days)
    groups: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for r in records:
        groups[(r.memory_id, r.namespace)].append(r)

    expired: list[Deletion] = []
    over_cap: list[Deletion] = []
    summaries: list[NamespaceSummary] = []
    for (memory_id, namespace), group in sorted(groups.items()):
        summary = NamespaceSummary(memory_id, namespace, records=len(group))
        summary.unreadable = sum(1 for r in group if not r.readable)
        readable = [r for r in group if r.readable]
        gone = [
            r
            for r in readable
            if _age(r, now) > max(min_age, timedelta(days=config.ttl_days[r.tier]))  # type: ignore[index]
        ]
        summary.expired = len(gone)
        expired += [Deletion(r, TTL) for r in gone]

        # Only the records the pruner manages count toward the cap: unlabelled ones are not its to keep
        # in check. A namespace that was not listed completely has an unknown count: no cap deletions.
        remaining = len(readable) - len(gone)
        excess = remaining - config.max_records_per_namespace
        summary.listing_failed = any(in_scope(memory_id, namespace, s) for s in unlisted)
        if excess > 0 and summary.listing_failed:
            summary.cap_unmet = True
        elif excess > 0:
            gone_keys = {r.key for r in gone}
            candidates = sorted(
                (
                    r
                    for r in readable
                    if r.key not in gone_keys
                    and r.importance < config.protected_importance  # type: ignore[operator]
                    and _age(r, now) >= min_age
                ),
                key=lambda r: (r.importance, r.created_at, r.record_id),
            )
            evict = candidates[:excess]
            summary.over_cap = len(evict)
            summary.cap_unmet = len(evict) < excess
            over_cap += [Deletion(r, CAP) for r in evict]
        summaries.append(summary)

    # Expired records first (oldest first), then cap evictions (least important first).
    expired.sort(key=lambda d: (d.record.created_at, d.record.memory_id, d.record.record_id))
    ordered = expired + over_cap
    budget = (
        config.max_deletions_per_run
        if max_deletions is None
        else min(max_deletions, config.max_deletions_per_run)
    )
    return Selection(deletions=ordered[:budget], deferred=ordered[budget:], namespaces=summaries)


# ----------------------------------------------------------------------------------------- delete


def _chunks(items: Sequence[Record], size: int = MAX_BATCH) -> Iterable[Sequence[Record]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def delete(
    client: Any, records: Sequence[Record], retries: int, result: DeleteResult | None = None
) -> DeleteResult:
    """Delete ``records``: batches of at most 100 per memory, failures retried, then tried alone.
    ``result`` (filled as it goes) keeps the progress made when something unexpected stops the run."""
    result = result if result is not None else DeleteResult()
    by_memory: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_memory[r.memory_id].append(r)

    for memory_id, pending in by_memory.items():
        last_error: dict[str, str] = {}
        for _attempt in range(1 + retries):
            if not pending:
                break
            failed_now: list[Record] = []
            for chunk in _chunks(pending):
                result.batch_calls += 1
                try:
                    resp = client.batch_delete_memory_records(
                        memoryId=memory_id, records=[{"memoryRecordId": r.record_id} for r in chunk]
                    )
                except AWS_ERRORS as exc:  # the whole batch failed: every record in it is retried
                    code, message = error_of(exc)
                    for r in chunk:
                        last_error[r.record_id] = f"{code}: {message}" if message else code
                    failed_now += chunk
                    continue
                done = {
                    s.get("memoryRecordId")
                    for s in resp.get("successfulRecords") or []
                    if s.get("status") != "FAILED"
                }
                failures = {f.get("memoryRecordId"): f for f in resp.get("failedRecords") or []}
                for r in chunk:
                    failure = failures.get(r.record_id)
                    if failure is not None and failure.get("errorCode") == GONE_CODE:
                        result.deleted.append(r)  # already gone: nothing left to do
                    elif failure is not None:
                        last_error[r.record_id] = (
                            f"{failure.get('errorCode', '')} {failure.get('errorMessage', '')}".strip()
                        )
                        failed_now.append(r)
                    elif r.record_id in done:
                        result.deleted.append(r)
                    else:  # in neither list: the outcome is unknown, so it is not counted as deleted
                        last_error[r.record_id] = "no outcome in the BatchDeleteMemoryRecords response"
                        failed_now.append(r)
            pending = failed_now

        for r in pending:  # still failing after every batch attempt: one last try on its own
            result.single_calls += 1
            try:
                client.delete_memory_record(memoryId=memory_id, memoryRecordId=r.record_id)
                result.deleted.append(r)
            except AWS_ERRORS as exc:
                code, message = error_of(exc)
                if code == GONE_ERROR:
                    result.deleted.append(r)
                else:
                    result.failed.append(
                        (r, f"{code}: {message}" if message else code or last_error.get(r.record_id, ""))
                    )
    return result


# ----------------------------------------------------------------------------------------- report


def monthly_saving(records_removed: int, usd_per_1k_records_month: Decimal) -> Decimal:
    """USD a month no longer billed for ``records_removed`` long-term records."""
    return Decimal(records_removed) * usd_per_1k_records_month / Decimal(1000)
