"""The pruner's settings, read from environment variables once per cold start.

    MEMORY_SCOPES              JSON list: [{"memory_id": "...", "namespace_paths": ["/facts/"],
                               "namespaces": ["/shared/facts"]}]; namespace_paths list every record
                               under a path (ListMemoryRecords namespacePath), namespaces one exact
                               namespace each. At least one of the two per memory.
    TTL_DAYS                   JSON object, days a record may live, per tier: {"1": 90, "2": 30, "3": 7}.
                               The tier is read from each record's metadata (agentcore_finops
                               .memory_records.read_tier); there is no namespace-to-tier mapping.
    PROTECTED_IMPORTANCE       records with importance at or above it are never removed to honour the
                               per-namespace cap (the TTL still applies). Default 0.9.
    MIN_AGE_DAYS               no record younger than this is ever deleted, for the TTL or the cap.
                               Whole days, 1-3650. Default 1.
    MAX_RECORDS_PER_NAMESPACE  records the pruner manages (readable metadata) kept per namespace at
                               most. Default 500.
    MAX_DELETIONS_PER_RUN      deletions per invocation at most; the rest wait for the next run.
                               Default 1000.
    DRY_RUN                    "true" (default) or "false". An event can only narrow this
                               configuration (ltm_pruner.contract): {"dry_run": true} forces a dry
                               run; no event can turn a dry-run configuration into a destructive run.
    DELETE_RETRIES             times a record that failed in a batch delete is retried. Default 2.
    STORAGE_PRICE_ITEM         catalogue item of service agentcore_memory used for the saving estimate.
                               Default long_term_storage_builtin_per_1k_records_month.

Every error names the variable and what it accepts (agentcore_finops.errors.FieldError).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from agentcore_finops.errors import FieldError

TIERS = (1, 2, 3)
DEFAULT_PRICE_ITEM = "long_term_storage_builtin_per_1k_records_month"
MAX_BATCH = 100  # BatchDeleteMemoryRecords takes at most 100 records

_MEMORY_ID = re.compile(
    r"^(arn:(aws|aws-cn|aws-us-gov):bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:memory/)?[a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9]{10}$"
)
_NAMESPACE = re.compile(r"^[a-zA-Z0-9/*][a-zA-Z0-9-_/*]*(?::[a-zA-Z0-9-_/*]+)*[a-zA-Z0-9-_/*]*$")


@dataclass(frozen=True)
class Scope:
    """Where to list records: one memory and either an exact namespace or a namespace path."""

    memory_id: str
    namespace: str | None = None
    namespace_path: str | None = None

    @property
    def label(self) -> str:
        return self.namespace if self.namespace is not None else f"{self.namespace_path}*"


@dataclass(frozen=True)
class PrunerConfig:
    scopes: tuple[Scope, ...]
    ttl_days: Mapping[int, int]
    protected_importance: float = 0.9
    min_age_days: int = 1
    max_records_per_namespace: int = 500
    max_deletions_per_run: int = 1000
    dry_run: bool = True
    delete_retries: int = 2
    storage_price_item: str = DEFAULT_PRICE_ITEM


def _json(name: str, raw: str | None, allowed: str) -> Any:
    if raw is None or not raw.strip():
        raise FieldError(name, "missing", allowed)
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise FieldError(name, f"not JSON ({exc.msg})", allowed) from None


def _whole(name: str, raw: str | None, default: int, lo: int, hi: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise FieldError(name, f"invalid value {raw!r}", f"a whole number from {lo} to {hi}") from None
    if not lo <= value <= hi:
        raise FieldError(name, f"invalid value {value}", f"a whole number from {lo} to {hi}")
    return value


def _bool(name: str, raw: str | None, default: bool) -> bool:
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value not in ("true", "false"):
        raise FieldError(name, f"invalid value {raw!r}", '"true" or "false"')
    return value == "true"


def _scopes(raw: str | None) -> tuple[Scope, ...]:
    name = "MEMORY_SCOPES"
    allowed = 'a JSON list of {"memory_id": ..., "namespace_paths": [...], "namespaces": [...]}'
    data = _json(name, raw, allowed)
    if not isinstance(data, list) or not data:
        raise FieldError(name, "must be a non-empty list", allowed)
    scopes: list[Scope] = []
    for i, entry in enumerate(data):
        where = f"{name}[{i}]"
        if not isinstance(entry, Mapping):
            raise FieldError(where, f"must be an object, got {entry!r}", allowed)
        unknown = set(entry) - {"memory_id", "namespace_paths", "namespaces"}
        if unknown:
            raise FieldError(
                where, f"unknown keys {sorted(unknown)}", "memory_id, namespace_paths, namespaces"
            )
        memory_id = entry.get("memory_id")
        if not isinstance(memory_id, str) or not _MEMORY_ID.match(memory_id):
            raise FieldError(
                f"{where}.memory_id", f"invalid value {memory_id!r}", "a memory id or memory ARN"
            )
        paths, exact = entry.get("namespace_paths", []), entry.get("namespaces", [])
        for key, values in (("namespace_paths", paths), ("namespaces", exact)):
            if not isinstance(values, list) or not all(
                isinstance(v, str) and 1 <= len(v) <= 1024 and _NAMESPACE.match(v) for v in values
            ):
                raise FieldError(
                    f"{where}.{key}", f"invalid value {values!r}", "a list of namespaces such as /facts/"
                )
        if not paths and not exact:
            raise FieldError(where, "lists no namespace", "at least one of namespace_paths or namespaces")
        scopes += [Scope(memory_id, namespace_path=p) for p in paths]
        scopes += [Scope(memory_id, namespace=n) for n in exact]
    return tuple(dict.fromkeys(scopes))


def _ttl_days(raw: str | None) -> Mapping[int, int]:
    name = "TTL_DAYS"
    allowed = 'a JSON object of whole days per tier, e.g. {"1": 90, "2": 30, "3": 7}'
    data = _json(name, raw, allowed)
    if not isinstance(data, Mapping) or sorted(data) != ["1", "2", "3"]:
        raise FieldError(name, f"must have exactly the keys 1, 2, 3; got {data!r}", allowed)
    out = {}
    for tier in TIERS:
        days = data[str(tier)]
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 3650:
            raise FieldError(f'{name}["{tier}"]', f"invalid value {days!r}", "a whole number of days, 1-3650")
        out[tier] = days
    return MappingProxyType(out)


def _importance(raw: str | None) -> float:
    name = "PROTECTED_IMPORTANCE"
    if raw is None or raw == "":
        return 0.9
    try:
        value = float(raw)
    except ValueError:
        raise FieldError(name, f"invalid value {raw!r}", "a number from 0 to 1") from None
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise FieldError(name, f"invalid value {raw!r}", "a number from 0 to 1")
    return value


def load_config(environ: Mapping[str, str]) -> PrunerConfig:
    """Read and check every setting; raises FieldError naming the first bad variable."""
    return PrunerConfig(
        scopes=_scopes(environ.get("MEMORY_SCOPES")),
        ttl_days=_ttl_days(environ.get("TTL_DAYS")),
        protected_importance=_importance(environ.get("PROTECTED_IMPORTANCE")),
        min_age_days=_whole("MIN_AGE_DAYS", environ.get("MIN_AGE_DAYS"), 1, 1, 3650),
        max_records_per_namespace=_whole(
            "MAX_RECORDS_PER_NAMESPACE", environ.get("MAX_RECORDS_PER_NAMESPACE"), 500, 1, 1_000_000
        ),
        max_deletions_per_run=_whole(
            "MAX_DELETIONS_PER_RUN", environ.get("MAX_DELETIONS_PER_RUN"), 1000, 0, 1_000_000
        ),
        dry_run=_bool("DRY_RUN", environ.get("DRY_RUN"), True),
        delete_retries=_whole("DELETE_RETRIES", environ.get("DELETE_RETRIES"), 2, 0, 10),
        storage_price_item=environ.get("STORAGE_PRICE_ITEM") or DEFAULT_PRICE_ITEM,
    )
