"""How this project labels AgentCore long-term memory records, so the pruner can act on them.

Agent-side code (``agentcore_finops`` guards) writes records with metadata::

    {"importance": {"numberValue": 0.82}, "agent_id": {"stringValue": "sre-orchestrator"},
     "tier": {"numberValue": 1}}

and the LTM pruner reads ``importance`` (lowest pruned first). A record whose importance is missing
or unreadable raises ``MetadataError``: the pruner keeps it and reports it, never deletes it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

IMPORTANCE_KEY = "importance"
AGENT_KEY = "agent_id"
TIER_KEY = "tier"


class MetadataError(ValueError):
    """A record's metadata does not carry a readable value for ``key``."""

    def __init__(self, key: str, problem: str):
        self.key = key
        super().__init__(f"metadata.{key}: {problem}")


def record_metadata(agent_id: str, tier: int, importance: float) -> dict[str, dict[str, Any]]:
    if isinstance(importance, bool) or not isinstance(importance, int | float) or not 0 <= importance <= 1:
        raise ValueError(f"importance must be a number from 0 to 1, got {importance!r}")
    if isinstance(tier, bool) or tier not in (1, 2, 3):
        raise ValueError(f"tier must be 1, 2 or 3 (what read_tier accepts), got {tier!r}")
    return {
        IMPORTANCE_KEY: {"numberValue": float(importance)},
        AGENT_KEY: {"stringValue": agent_id},
        TIER_KEY: {"numberValue": int(tier)},
    }


def _number(metadata: Mapping[str, Any] | None, key: str) -> float:
    if not isinstance(metadata, Mapping) or key not in metadata:
        raise MetadataError(key, "missing")
    value = metadata[key]
    raw: Any = value.get("numberValue", value.get("stringValue")) if isinstance(value, Mapping) else None
    try:
        number = float(raw)
    except (TypeError, ValueError):
        raise MetadataError(key, f"not a number: {value!r}") from None
    if not math.isfinite(number):
        raise MetadataError(key, f"not a finite number: {value!r}")
    return number


def read_importance(metadata: Mapping[str, Any] | None) -> float:
    importance = _number(metadata, IMPORTANCE_KEY)
    if not 0 <= importance <= 1:
        raise MetadataError(IMPORTANCE_KEY, f"outside 0-1: {importance}")
    return importance


def read_tier(metadata: Mapping[str, Any] | None) -> int:
    tier = _number(metadata, TIER_KEY)
    if tier not in (1, 2, 3):
        raise MetadataError(TIER_KEY, f"not 1, 2 or 3: {tier}")
    return int(tier)
