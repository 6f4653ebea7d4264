"""The agent's resolved record, as the guards read it.

The record is the one ``modules/agent-config`` resolves and stores: the Terraform output
``agent_configs[<id>]``, ``agentcore_finops.fleet.resolve(...)[<id>]``, or the agent-config table item
read through ``agentcore_finops.config_store.ConfigStore``. Field names are the same everywhere; the
only one renamed here is ``async`` (a Python keyword), which becomes ``AgentSettings.is_async``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..errors import FieldError
from ..fleet import STEP_BUDGET_RANGE, TIERS, tier_configs

if TYPE_CHECKING:
    from ..config_store import ConfigStore


def _field(agent_id: str, name: str) -> str:
    return f'agent_configs["{agent_id}"].{name}'


def _whole(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer()


@dataclass(frozen=True)
class AgentSettings:
    """The fields of one resolved agent record that the guards act on (plus the record itself)."""

    agent_id: str
    tier: int
    model_id: str
    max_tokens: int
    step_budget: int
    tools: tuple[str, ...]
    is_async: bool
    ltm_enabled: bool
    ltm_importance_threshold: float | None
    config_version: str
    record: Mapping[str, Any]

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> AgentSettings:
        """Validate the fields the guards use; errors name the record field and what is allowed."""
        if not isinstance(record, Mapping):
            raise FieldError("agent record", f"must be a mapping, got {type(record).__name__}")
        agent_id = record.get("agent_id")
        if not isinstance(agent_id, str) or not agent_id:
            raise FieldError("agent_id", f"invalid value {agent_id!r}", "the agent id of a resolved record")

        def need(name: str) -> Any:
            if name not in record:
                raise FieldError(_field(agent_id, name), "missing from the record", "a resolved agent record")
            return record[name]

        tier = need("tier")
        if not (_whole(tier) and str(int(tier)) in TIERS):
            raise FieldError(_field(agent_id, "tier"), f"invalid value {tier!r}", "1, 2 or 3")
        budget = need("step_budget")
        lo, hi = STEP_BUDGET_RANGE
        if not (_whole(budget) and lo <= budget <= hi):
            raise FieldError(
                _field(agent_id, "step_budget"),
                f"invalid value {budget!r}",
                f"a whole number from {lo} to {hi}",
            )
        model_id = need("model_id")
        if not isinstance(model_id, str) or not model_id:
            raise FieldError(
                _field(agent_id, "model_id"), f"invalid value {model_id!r}", "a Bedrock model id"
            )
        max_tokens = need("max_tokens")
        if not (_whole(max_tokens) and max_tokens >= 1):
            raise FieldError(
                _field(agent_id, "max_tokens"), f"invalid value {max_tokens!r}", "a whole number >= 1"
            )
        tools = record.get("tools") or []
        if not isinstance(tools, list | tuple) or not all(isinstance(t, str) for t in tools):
            raise FieldError(_field(agent_id, "tools"), f"invalid value {tools!r}", "a list of tool names")
        flags = {}
        for name in ("async", "ltm_enabled"):
            value = record.get(name, False)
            if not isinstance(value, bool):
                raise FieldError(_field(agent_id, name), f"invalid value {value!r}", "true or false")
            flags[name] = value
        threshold = record.get("ltm_importance_threshold")
        if threshold is not None and (
            isinstance(threshold, bool)
            or not isinstance(threshold, int | float)
            or not math.isfinite(threshold)
            or not 0 <= threshold <= 1
        ):
            raise FieldError(
                _field(agent_id, "ltm_importance_threshold"),
                f"invalid value {threshold!r}",
                "a number from 0 to 1, or null",
            )
        version = record.get("config_version")
        return cls(
            agent_id=agent_id,
            tier=int(tier),
            model_id=model_id,
            max_tokens=int(max_tokens),
            step_budget=int(budget),
            tools=tuple(tools),
            is_async=flags["async"],
            ltm_enabled=flags["ltm_enabled"],
            ltm_importance_threshold=None if threshold is None else float(threshold),
            config_version=str(version) if version is not None else "",
            record=MappingProxyType(dict(record)),
        )

    @classmethod
    def from_store(cls, store: ConfigStore, agent_id: str) -> AgentSettings:
        """Read the record through the config table's TTL cache (a warm read makes no call)."""
        return cls.from_record(store.get(agent_id))


def utility_model_id(
    records: Mapping[str, Mapping[str, Any]] | None = None,
    tier_defaults: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """The utility (tier 3) model of a fleet, for side calls such as conversation summaries.

    Taken from ``tier_defaults["3"]`` (the Terraform output ``tier_configs``) when given, else from the
    tier-3 records of ``records`` (the most common model id among them), else the built-in tier-3
    default.
    """
    if tier_defaults is not None:
        tier3 = tier_defaults.get("3") or tier_defaults.get(3)  # type: ignore[call-overload]
        if tier3 and tier3.get("model_id"):
            return str(tier3["model_id"])
    counts: dict[str, int] = {}
    for record in (records or {}).values():
        if record.get("tier") == 3 and isinstance(record.get("model_id"), str):
            counts[record["model_id"]] = counts.get(record["model_id"], 0) + 1
    if counts:
        return max(sorted(counts), key=lambda m: counts[m])
    return str(tier_configs()["3"]["model_id"])
