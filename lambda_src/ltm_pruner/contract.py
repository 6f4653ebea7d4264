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

from dataclasses import dataclass
from typing import Any

from agentcore_finops.errors import FieldError
from agentcore_finops.events import event_body

from .config import PrunerConfig

EVENT_FIELDS = ("dry_run", "max_deletions_per_run")
MAX_EVENT_BYTES = 4_096


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
