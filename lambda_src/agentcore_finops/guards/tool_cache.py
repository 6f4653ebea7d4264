"""Tool-list cache: the Gateway's tool list fetched once per process, not at every session start.

Every MCP ``tools/list`` against an AgentCore Gateway is a billed Gateway operation, and an agent that
lists tools at each session start pays it a thousand times a month for a list that changes only when
someone deploys. ``ToolListCache.get(version_key)`` fetches the list on first use and again only when
``version_key`` changes (the agent record's ``config_version``, a Gateway version value, or anything
else that changes when the tool set does). Concurrent sessions share one fetch (single flight).

The list is then narrowed to the agent's allowed ``tools`` (the record field): only those schemas go
into the prompt. A Gateway names target tools ``<target>___<tool>``; an allowed name matches either
the full name or the part after ``___``. An empty ``tools`` list allows no Gateway tool; pass
``allowed=None`` to skip filtering.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from .metrics import GuardMetrics, disabled

GATEWAY_TARGET_SEPARATOR = "___"

ToolSchema = Mapping[str, Any]
"""One MCP tool description: ``{"name", "description", "inputSchema", ...}``."""


@runtime_checkable
class ToolListFetcher(Protocol):
    """Anything that returns the full tool list (every page) of a tool server."""

    def fetch(self) -> Sequence[ToolSchema]: ...


def tool_allowed(name: str, allowed: Iterable[str]) -> bool:
    """Whether a Gateway tool name matches an allowed name (in full or after ``<target>___``)."""
    allowed = set(allowed)
    if name in allowed:
        return True
    _, sep, bare = name.partition(GATEWAY_TARGET_SEPARATOR)
    return bool(sep) and bare in allowed


def filter_tools(schemas: Sequence[ToolSchema], allowed: Iterable[str] | None) -> tuple[ToolSchema, ...]:
    """The schemas whose names ``allowed`` admits, in the server's order (all when ``allowed`` is None)."""
    if allowed is None:
        return tuple(schemas)
    allowed = tuple(allowed)
    return tuple(s for s in schemas if tool_allowed(str(s.get("name", "")), allowed))


class ToolListCache:
    """Process-wide cache of one tool server's list, keyed by a version value.

    ``fetches`` counts calls to the fetcher (each one is a billed ``tools/list`` on a Gateway).
    """

    def __init__(self, fetcher: ToolListFetcher, *, metrics: GuardMetrics | None = None):
        if not isinstance(fetcher, ToolListFetcher):
            raise TypeError("fetcher must have a fetch() method returning the tool list")
        self.fetcher = fetcher
        self.metrics = metrics or disabled()
        self.fetches = 0
        self._version: str | None = None
        self._schemas: tuple[ToolSchema, ...] = ()
        self._lock = threading.Lock()

    def get(self, version_key: str, allowed: Iterable[str] | None = None) -> tuple[ToolSchema, ...]:
        """The tool list for ``version_key`` (fetched only if the key differs from the cached one),
        narrowed to ``allowed``."""
        if not isinstance(version_key, str) or not version_key:
            raise ValueError("version_key must be a non-empty string (e.g. the record's config_version)")
        with self._lock:  # held during the fetch: concurrent sessions wait for one fetch, not many
            if self._version != version_key:
                schemas = tuple(self.fetcher.fetch())
                self.fetches += 1
                self._schemas, self._version = schemas, version_key
                self.metrics.count("ToolListFetches")
            schemas = self._schemas
        return filter_tools(schemas, allowed)

    @property
    def version(self) -> str | None:
        return self._version

    def invalidate(self) -> None:
        """Forget the list; the next ``get`` fetches again."""
        with self._lock:
            self._version, self._schemas = None, ()
