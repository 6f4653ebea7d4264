"""The built-in tier defaults for tests' expectations, read from the one data file Terraform and the
Python package both use (modules/agent-config/tier-defaults.json), so that changing a default is a
one-file edit: a test that expects "the tier-1 default model" says so, not which model that is today.

A literal model id is still right where it is an input (a fleet that names its own model, a price of a
named model, a bad-input case)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FILE = Path(__file__).resolve().parent.parent / "modules" / "agent-config" / "tier-defaults.json"
TIERS: dict[str, dict[str, Any]] = json.loads(FILE.read_text(encoding="utf-8"))


def default(tier: int | str, field: str) -> Any:
    """The built-in default of ``field`` for ``tier`` (1, 2 or 3)."""
    return TIERS[str(tier)][field]


def model(tier: int | str) -> str:
    """The tier's default model id."""
    return default(tier, "model_id")
