"""The fleet's rules and built-in tier defaults (modules/agent-config/fleet-rules.json and
tier-defaults.json), read once per process, and the constants derived from them.

Split from ``agentcore_finops.fleet`` (which re-exports every name here) so that the Lambdas, which
need the patterns and tier keys but not the fleet's validation and resolution, import only this small
module at cold start.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any


def _data_file(name: str) -> Traversable:
    """The packaged copy (wheel or Lambda zip, read through importlib.resources so it also loads from a
    zip), else the source checkout's modules/agent-config."""
    packaged = resources.files(__package__).joinpath("data", name)
    if packaged.is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "modules" / "agent-config" / name
    if checkout.is_file():
        return checkout
    raise FileNotFoundError(f"{name} not found next to the package or in modules/agent-config")


@cache
def builtin_tier_defaults() -> dict[str, dict[str, Any]]:
    """The built-in defaults per tier, exactly as modules/agent-config uses them."""
    return json.loads(_data_file("tier-defaults.json").read_text(encoding="utf-8"))


@cache
def rules() -> dict[str, Any]:
    """fleet-rules.json: the fields an agent or tier may set, each with its kind and limits."""
    return json.loads(_data_file("fleet-rules.json").read_text(encoding="utf-8"))


RULES = rules()
TIERS = tuple(RULES["tier_keys"])
FIELDS: dict[str, dict[str, Any]] = RULES["fields"]
# Fields an agent may set, and those a tier default may set (file order: the table item's order).
AGENT_FIELDS = tuple(FIELDS)
TIER_FIELDS = tuple(n for n, f in FIELDS.items() if f.get("scope") != "agent")
# The stored record, in the order the table item lists them (config_version is added last).
# prompt_routers is derived, not set: the declared prompt routers the agent's model_id or
# escalation_model_id names, router ARN -> {"models": [...], "split": {...} or None} (None when it
# names none), so a reader of the record alone (the estimator on a plan) can price the agent at the
# router's split.
RECORD_FIELDS = ("agent_id", "tier", "description", *TIER_FIELDS, "prompt_routers")

AGENT_ID_PATTERN = re.compile(RULES["agent_id"]["pattern"])
MODEL_ID_PATTERN = re.compile(RULES["model_id"]["pattern"])
TOOL_NAME_PATTERN = re.compile(FIELDS["tools"]["pattern"])
PROMPT_ROUTER_PATTERN = re.compile(RULES["prompt_router"]["pattern"])
ROUTER_FIELDS = tuple(RULES["prompt_router"]["fields"])
MAX_TOKENS_RANGE = (FIELDS["max_tokens"]["min"], FIELDS["max_tokens"]["max"])
STEP_BUDGET_RANGE = (FIELDS["step_budget"]["min"], FIELDS["step_budget"]["max"])


def _normalise(value: Any) -> Any:
    """Whole floats become ints, as Terraform's number type prints them (2048.0 -> 2048)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    return value


def tier_configs(tiers: Mapping[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Built-in tier defaults with the fields set in ``tiers`` replaced (Terraform's tier_configs)."""
    out = {}
    given: Mapping[Any, Any] = tiers or {}  # keyed "1".."3", or 1..3 by a caller that did not go via JSON
    for tier, builtin in builtin_tier_defaults().items():
        overrides = {
            k: v for k, v in (given.get(tier) or given.get(int(tier)) or {}).items() if v is not None
        }
        out[tier] = {k: _normalise(v) for k, v in {**builtin, **overrides}.items()}
    return out
