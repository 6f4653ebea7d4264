"""The LTM pruner's one event schema, and the narrowing rule that applies it to the configuration.

An invocation event (or the ``detail`` of an EventBridge event) is a JSON object with any of:

    dry_run                true forces a dry run; false (or absent) keeps the configured DRY_RUN
    max_deletions_per_run  a whole number, at most the configured MAX_DELETIONS_PER_RUN

``{}`` (what the module's schedule sends) runs the configured policy. Anything else is refused with a
``FieldError`` naming the field, before any AWS call: a string, ``null``, a list, a misspelled key
(``dryRun``), a wrong type, or an event over ``MAX_EVENT_BYTES``. An event can ask for less (a dry
run, fewer deletions), never for more: ``{"dry_run": false}`` does not undo a configured dry run.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from agentcore_finops.errors import FieldError

from .config import PrunerConfig

EVENT_FIELDS = ("dry_run", "max_deletions_per_run")
MAX_EVENT_BYTES = 4_096


@dataclass(frozen=True)
class RunRequest:
    """What one invocation may do: the configuration narrowed by the event."""

    dry_run: bool
    max_deletions_per_run: int


def _size(event: Any) -> int:
    try:
        return len(json.dumps(event, default=str).encode())
    except (TypeError, ValueError):  # pragma: no cover - Lambda events are JSON
        return MAX_EVENT_BYTES + 1


def parse_event(event: Any, config: PrunerConfig) -> RunRequest:
    """The run ``event`` asks for within ``config``; raises FieldError naming the field at fault."""
    size = _size(event)
    if size > MAX_EVENT_BYTES:
        raise FieldError("event", f"{size:,} bytes", f"at most {MAX_EVENT_BYTES:,} bytes")
    if not isinstance(event, Mapping):
        raise FieldError(
            "event", f"must be a JSON object, got {type(event).__name__}", "{} or {" + '"dry_run": true}'
        )
    if "detail-type" in event and "source" in event:  # EventBridge envelope
        event = event.get("detail") or {}
        if not isinstance(event, Mapping):
            raise FieldError("event.detail", f"must be a JSON object, got {type(event).__name__}")
    unknown = sorted(str(k) for k in event if k not in EVENT_FIELDS)
    if unknown:
        raise FieldError("event", f"unknown field(s) {unknown}", ", ".join(EVENT_FIELDS))

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
