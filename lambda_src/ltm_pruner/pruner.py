"""Pruning AgentCore long-term memory: which records to delete, and deleting them safely.

Three steps, kept apart so each can be tested on its own:

1. ``scan``: list every record of every scope (paginated), read its importance and tier from the
   metadata the agent-side guards write (``agentcore_finops.memory_records``). A record whose metadata
   cannot be read is marked unreadable; it is kept and reported, never deleted.
2. ``select``: a pure function. In each namespace, records older than their tier's TTL go first;
   then, while the namespace holds more than ``max_records_per_namespace`` records, the lowest
   importance and then the oldest go, but never one at or above ``protected_importance``. Across the
   run, at most ``max_deletions_per_run`` are chosen (expired records first, oldest first); the rest
   wait for the next run.
3. ``delete``: BatchDeleteMemoryRecords in batches of at most 100; records that fail are retried in
   batches, then once one by one (DeleteMemoryRecord); a record that is already gone counts as
   deleted, so a second run after a partial one is harmless. Dry run calls nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from agentcore_finops.memory_records import MetadataError, read_importance, read_tier

from .config import MAX_BATCH, PrunerConfig, Scope

TTL = "ttl"
CAP = "cap"
_GONE_CODES = {404}
_GONE_ERRORS = {"ResourceNotFoundException"}


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
    cap_unmet: bool = False  # still over the cap after removing every unprotected record


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
    """Every record of every scope, once each (scopes may overlap), and the scopes that failed."""
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
        except ClientError as exc:
            errors.append(
                {
                    "memory_id": scope.memory_id,
                    "scope": scope.label,
                    "error": exc.response.get("Error", {}).get("Code", "ClientError"),
                    "message": exc.response.get("Error", {}).get("Message", str(exc)),
                }
            )
    return list(records.values()), errors


# ----------------------------------------------------------------------------------------- select


def _age(record: Record, now: datetime) -> timedelta:
    assert record.created_at is not None
    return now - record.created_at


def select(records: Sequence[Record], config: PrunerConfig, now: datetime) -> Selection:
    """Decide which records go, without calling anything. See the module docstring for the rules."""
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
            if _age(r, now) > timedelta(days=config.ttl_days[r.tier])  # type: ignore[index]
        ]
        summary.expired = len(gone)
        expired += [Deletion(r, TTL) for r in gone]

        remaining = len(group) - len(gone)
        excess = remaining - config.max_records_per_namespace
        if excess > 0:
            gone_keys = {r.key for r in gone}
            candidates = sorted(
                (
                    r
                    for r in readable
                    if r.key not in gone_keys and r.importance < config.protected_importance  # type: ignore[operator]
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
    budget = config.max_deletions_per_run
    return Selection(deletions=ordered[:budget], deferred=ordered[budget:], namespaces=summaries)


# ----------------------------------------------------------------------------------------- delete


def _chunks(items: Sequence[Record], size: int = MAX_BATCH) -> Iterable[Sequence[Record]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _is_gone(failure: Mapping[str, Any]) -> bool:
    message = str(failure.get("errorMessage", "")).lower()
    return failure.get("errorCode") in _GONE_CODES or "not found" in message or "does not exist" in message


def delete(client: Any, records: Sequence[Record], retries: int) -> DeleteResult:
    """Delete ``records``: batches of at most 100 per memory, failures retried, then tried alone."""
    result = DeleteResult()
    by_memory: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_memory[r.memory_id].append(r)

    for memory_id, pending in by_memory.items():
        last_error: dict[str, str] = {}
        for _attempt in range(1 + retries):
            if not pending:
                break
            failed_now: list[Record] = []
            by_id = {r.record_id: r for r in pending}
            for chunk in _chunks(pending):
                result.batch_calls += 1
                resp = client.batch_delete_memory_records(
                    memoryId=memory_id, records=[{"memoryRecordId": r.record_id} for r in chunk]
                )
                failed_ids = set()
                for failure in resp.get("failedRecords", []):
                    rid = failure.get("memoryRecordId")
                    if rid not in by_id:
                        continue
                    if _is_gone(failure):
                        continue  # already deleted: nothing left to do
                    failed_ids.add(rid)
                    last_error[rid] = (
                        f"{failure.get('errorCode', '')} {failure.get('errorMessage', '')}".strip()
                    )
                for r in chunk:
                    if r.record_id in failed_ids:
                        failed_now.append(r)
                    else:
                        result.deleted.append(r)
            pending = failed_now

        for r in pending:  # still failing after every batch attempt: one last try on its own
            result.single_calls += 1
            try:
                client.delete_memory_record(memoryId=memory_id, memoryRecordId=r.record_id)
                result.deleted.append(r)
            except ClientError as exc:
                code = exc.response.get("Error", {}).get("Code", "")
                if code in _GONE_ERRORS:
                    result.deleted.append(r)
                else:
                    message = exc.response.get("Error", {}).get("Message", "")
                    result.failed.append(
                        (r, f"{code}: {message}" if message else code or last_error.get(r.record_id, ""))
                    )
    return result


# ----------------------------------------------------------------------------------------- report


def monthly_saving(records_removed: int, usd_per_1k_records_month: Decimal) -> Decimal:
    """USD a month no longer billed for ``records_removed`` long-term records."""
    return Decimal(records_removed) * usd_per_1k_records_month / Decimal(1000)
