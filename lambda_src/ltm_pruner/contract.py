"""The LTM pruner's contract: its settings (environment variables), its one event schema with the
narrowing rule that applies it to the settings, and its report.

Settings (``VARIABLES``, read by ``load_config`` once per cold start; a ``SettingsError`` names every
bad variable):

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

Event: an invocation event (or the ``detail`` of an EventBridge event) is a JSON object with any of:

    dry_run                true forces a dry run; false (or absent) keeps the configured DRY_RUN
    max_deletions_per_run  a whole number, at most the configured MAX_DELETIONS_PER_RUN

``{}`` (what the module's schedule sends) runs the configured policy. Anything else is refused with a
``FieldError`` naming the field, before any AWS call: a string, ``null``, a list, a misspelled key
(``dryRun``), a wrong type, or an event over ``MAX_EVENT_BYTES``. An event can ask for less (a dry
run, fewer deletions), never for more: ``{"dry_run": false}`` does not undo a configured dry run.

Report: ``Report``, what the handler returns and logs (also when the run failed part-way).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypedDict

from agentcore_finops import env
from agentcore_finops.errors import FieldError
from agentcore_finops.events import event_body

TIERS = (1, 2, 3)
DEFAULT_PRICE_ITEM = "long_term_storage_builtin_per_1k_records_month"
MAX_BATCH = 100  # BatchDeleteMemoryRecords takes at most 100 records
EVENT_FIELDS = ("dry_run", "max_deletions_per_run")
MAX_EVENT_BYTES = 4_096

_MEMORY_ID = re.compile(
    r"^(arn:(aws|aws-cn|aws-us-gov):bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:memory/)?[a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9]{10}$"
)
_NAMESPACE = re.compile(r"^[a-zA-Z0-9/*][a-zA-Z0-9-_/*]*(?::[a-zA-Z0-9-_/*]+)*[a-zA-Z0-9-_/*]*$")


# -- settings -------------------------------------------------------------------------------------------


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
    """The pruner's settings."""

    scopes: tuple[Scope, ...]
    ttl_days: Mapping[int, int]
    protected_importance: float = 0.9
    min_age_days: int = 1
    max_records_per_namespace: int = 500
    max_deletions_per_run: int = 1000
    dry_run: bool = True
    delete_retries: int = 2
    storage_price_item: str = DEFAULT_PRICE_ITEM


_SCOPES_ALLOWED = 'a JSON list of {"memory_id": ..., "namespace_paths": [...], "namespaces": [...]}'
_TTL_ALLOWED = 'a JSON object of whole days per tier, e.g. {"1": 90, "2": 30, "3": 7}'


def _scopes(name: str, data: list[Any]) -> tuple[Scope, ...]:
    allowed = _SCOPES_ALLOWED
    if not data:
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


def _ttl_days(name: str, data: dict[str, Any]) -> Mapping[int, int]:
    if sorted(data) != ["1", "2", "3"]:
        raise FieldError(name, f"must have exactly the keys 1, 2, 3; got {data!r}", _TTL_ALLOWED)
    out = {}
    for tier in TIERS:
        days = data[str(tier)]
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 3650:
            raise FieldError(f'{name}["{tier}"]', f"invalid value {days!r}", "a whole number of days, 1-3650")
        out[tier] = days
    return MappingProxyType(out)


VARIABLES = (
    env.json("MEMORY_SCOPES", list, required=True, allowed=_SCOPES_ALLOWED, check=_scopes),
    env.json("TTL_DAYS", dict, required=True, allowed=_TTL_ALLOWED, check=_ttl_days),
    env.number("PROTECTED_IMPORTANCE", default=0.9, lo=0, hi=1),
    env.whole("MIN_AGE_DAYS", default=1, lo=1, hi=3650),
    env.whole("MAX_RECORDS_PER_NAMESPACE", default=500, lo=1, hi=1_000_000),
    env.whole("MAX_DELETIONS_PER_RUN", default=1000, lo=0, hi=1_000_000),
    env.boolean("DRY_RUN", default=True),
    env.whole("DELETE_RETRIES", default=2, lo=0, hi=10),
    env.text("STORAGE_PRICE_ITEM", default=DEFAULT_PRICE_ITEM, allowed="an item of the pricing catalogue"),
)


def load_config(environ: Mapping[str, str]) -> PrunerConfig:
    """Read and check every setting; raises SettingsError naming every bad variable."""
    v = env.read(environ, VARIABLES)
    return PrunerConfig(
        scopes=v["MEMORY_SCOPES"],
        ttl_days=v["TTL_DAYS"],
        protected_importance=v["PROTECTED_IMPORTANCE"],
        min_age_days=v["MIN_AGE_DAYS"],
        max_records_per_namespace=v["MAX_RECORDS_PER_NAMESPACE"],
        max_deletions_per_run=v["MAX_DELETIONS_PER_RUN"],
        dry_run=v["DRY_RUN"],
        delete_retries=v["DELETE_RETRIES"],
        storage_price_item=v["STORAGE_PRICE_ITEM"],
    )


# -- event ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunRequest:
    """What one invocation may do: the configuration narrowed by the event."""

    dry_run: bool
    max_deletions_per_run: int


def parse_event(event: Any, config: PrunerConfig) -> RunRequest:
    """The run ``event`` asks for within ``config``; raises FieldError naming the field at fault."""
    event = event_body(event, EVENT_FIELDS, MAX_EVENT_BYTES, "{} or {" + '"dry_run": true}')
    dry_run = event.get("dry_run", False)
    if not isinstance(dry_run, bool):
        raise FieldError("event.dry_run", f"invalid value {dry_run!r}", "true or false")
    cap = event.get("max_deletions_per_run", config.max_deletions_per_run)
    if isinstance(cap, bool) or not isinstance(cap, int) or cap < 0:
        raise FieldError("event.max_deletions_per_run", f"invalid value {cap!r}", "a whole number >= 0")
    if cap > config.max_deletions_per_run:
        raise FieldError(
            "event.max_deletions_per_run",
            f"{cap} is above the configured MAX_DELETIONS_PER_RUN ({config.max_deletions_per_run})",
            f"0-{config.max_deletions_per_run}",
        )
    return RunRequest(dry_run=config.dry_run or dry_run, max_deletions_per_run=cap)


# -- report ---------------------------------------------------------------------------------------------


class Report(TypedDict):
    """What one run did (``handler.run``): counts, the saving estimate at the catalogue price, up to
    ``handler.REPORT_LIST_LIMIT`` records by id, and why the run stopped early (``scope_errors``,
    ``error``; the handler then raises ``PruneIncomplete`` carrying this report)."""

    dry_run: bool
    scanned: int
    deleted: int
    would_delete: int
    expired: int
    over_cap: int
    kept: int
    failed: int
    unreadable: int
    deferred: int
    estimated_monthly_saving_usd: str
    estimated_monthly_saving_usd_exact: str
    price: dict[str, Any]
    namespaces: list[dict[str, Any]]
    unreadable_records: list[dict[str, Any]]
    failed_records: list[dict[str, Any]]
    scope_errors: list[dict[str, str]]
    error: str | None
    calls: dict[str, int]
