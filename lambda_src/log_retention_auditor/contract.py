"""The log-retention auditor's one event schema, and the narrowing rule that applies it to the policy.

An invocation event (or the ``detail`` of an EventBridge event) is a JSON object with any of:

    mode                   "report" always; "enforce" only when the function is configured MODE=enforce
    include_prefixes       list of prefixes, each under one of the configured INCLUDE_PREFIXES
    exclude_prefixes       list of prefixes, ADDED to the configured EXCLUDE_PREFIXES (never replaces them)
    max_retention_days     in enforce mode, at least the configured maximum (fewer groups flagged);
                           any valid value in report mode (nothing is changed)
    target_retention_days  in enforce mode, at least the configured target (logs kept longer);
                           any CloudWatch value in report mode
    allow_shorten          false always; true only when the function is configured ALLOW_SHORTEN=true
    max_changes            at most the configured MAX_CHANGES

``{}`` (or an EventBridge event with an empty detail) runs the configured policy. Unknown keys, wrong
types, values outside the configured policy and events over ``MAX_EVENT_BYTES`` are refused with a
``FieldError`` naming the field, before any AWS call: an event can only narrow what the function's
configuration allows, never widen it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from agentcore_finops.errors import FieldError, FieldErrors
from agentcore_finops.events import event_body

from .audit import _ENV_NAMES, AuditPolicy, _bool, _int, _mode, _prefixes

EVENT_FIELDS = (
    "mode",
    "include_prefixes",
    "exclude_prefixes",
    "max_retention_days",
    "target_retention_days",
    "allow_shorten",
    "max_changes",
)
MAX_EVENT_BYTES = 16_384  # an event is a few prefixes and numbers; anything larger is refused unread
MAX_EVENT_PREFIXES = 100


def narrow(policy: AuditPolicy, event: Any) -> AuditPolicy:
    """``policy`` narrowed by ``event``; raises FieldError(s) naming every field that would widen it."""
    if event is None:
        return policy
    body = event_body(event, EVENT_FIELDS, MAX_EVENT_BYTES, "{} or the fields below")
    errors: list[FieldError] = []
    changes: dict[str, Any] = {}

    def refuse(key: str, problem: str, allowed: str) -> None:
        errors.append(FieldError(f"event.{key}", problem, allowed))

    for key, value in body.items():
        name = f"event.{key}"
        try:
            if key in ("include_prefixes", "exclude_prefixes"):
                if isinstance(value, list) and len(value) > MAX_EVENT_PREFIXES:
                    raise FieldError(name, f"{len(value)} prefixes", f"at most {MAX_EVENT_PREFIXES}")
                changes[key] = _prefixes(name, value, allow_empty=key == "exclude_prefixes")
            elif key == "allow_shorten":
                changes[key] = _bool(name, value)
            elif key == "mode":
                changes[key] = _mode(name, value)
            else:
                changes[key] = _int(name, value)
        except FieldError as exc:
            errors.append(exc)
    if errors:
        raise FieldErrors(errors) if len(errors) > 1 else errors[0]

    mode = changes.get("mode", policy.mode)
    if mode == "enforce" and policy.mode != "enforce":
        refuse("mode", "'enforce' while the function is configured MODE=report", '"report"')
    if changes.get("allow_shorten") and not policy.allow_shorten:
        refuse("allow_shorten", "true while the function is configured ALLOW_SHORTEN=false", "false")
    if changes.get("max_changes", 0) > policy.max_changes:
        refuse(
            "max_changes",
            f"{changes['max_changes']} is above the configured MAX_CHANGES ({policy.max_changes})",
            f"0-{policy.max_changes}",
        )
    if mode == "enforce":
        for key in ("max_retention_days", "target_retention_days"):
            if key in changes and changes[key] < getattr(policy, key):
                refuse(
                    key,
                    f"{changes[key]} is below the configured {_ENV_NAMES[key]} ({getattr(policy, key)}) "
                    "in enforce mode",
                    f"at least {getattr(policy, key)}, or any value with mode report",
                )
    for prefix in changes.get("include_prefixes", ()):
        if not any(prefix.startswith(p) for p in policy.include_prefixes):
            refuse(
                "include_prefixes",
                f"{prefix!r} is outside the configured INCLUDE_PREFIXES",
                "prefixes that start with one of " + json.dumps(list(policy.include_prefixes)),
            )
    if errors:
        raise FieldErrors(errors) if len(errors) > 1 else errors[0]
    if "exclude_prefixes" in changes:  # exclusions are only ever added
        changes["exclude_prefixes"] = tuple(
            dict.fromkeys(policy.exclude_prefixes + changes["exclude_prefixes"])
        )
    names = {k: (f"event.{k}" if k in changes else _ENV_NAMES[k]) for k in _ENV_NAMES}
    return replace(policy, **changes).check(names)
