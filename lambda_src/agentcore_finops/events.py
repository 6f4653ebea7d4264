"""The envelope of a scheduled Lambda's invocation event, checked before the function's own schema.

The pruner and the log-retention auditor (their ``contract`` modules) take the same shape of event: a
JSON object of known fields, or an EventBridge event whose ``detail`` is that object, and nothing
larger than a few KB. ``event_body`` checks that much, with a ``FieldError`` naming the field, and
returns the object that carries the fields; each contract then checks the values and narrows its
configured policy with them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .errors import FieldError


def event_body(event: Any, fields: tuple[str, ...], max_bytes: int, example: str) -> Mapping[str, Any]:
    """The object that carries ``event``'s fields: the event itself, or an EventBridge ``detail``.
    Refuses an event over ``max_bytes``, one that is not an object (``example`` says what is) and
    any key not in ``fields``, naming the field."""
    try:
        size = len(json.dumps(event, default=str).encode())  # what Lambda received
    except (TypeError, ValueError):  # a key that is not a string, a cycle: not what Lambda delivers
        raise FieldError("event", "is not JSON", example) from None
    if size > max_bytes:
        raise FieldError("event", f"{size:,} bytes", f"at most {max_bytes:,} bytes")
    if not isinstance(event, Mapping):
        raise FieldError("event", f"must be a JSON object, got {type(event).__name__}", example)
    if "detail-type" in event and "source" in event:  # EventBridge envelope
        event = event.get("detail", {})
        if not isinstance(event, Mapping):  # "", [], null and 0 too: never read as "no fields"
            raise FieldError("event.detail", f"must be a JSON object, got {type(event).__name__}", example)
    unknown = sorted(str(k) for k in event if k not in fields)
    if unknown:
        raise FieldError("event", f"unknown field(s) {unknown}", ", ".join(fields))
    return event
