"""``usage --export-profile``: the measured usage as a usage profile that ``estimate --usage`` reads.

The profile ``extends: reference`` and overrides what was measured (the fields the estimator lets a
tier or an agent override, ``estimate.usage.OVERRIDABLE``):

- per tier: the tier's measured figures, for the tier's agents without metrics (new agents);
- per agent: every measured agent's own figures, in full. An agent's usage follows the agent, not its
  tier: when ``recommend``'s patch moves it to another tier, the estimate prices the same traffic on
  the new tier's model (a per-tier-only profile would price it with the new tier's averages);
- ``sessions_per_agent_month``: agent invocations (the guards' ``ToolCalls`` sample count, one per
  invocation) scaled from the window to a 730-hour month; an agent without guard metrics counts one
  session per model call;
- ``llm.calls_per_session`` = model calls / sessions; ``llm.input_tokens_per_call`` = (uncached +
  cache read + cache write input tokens) / calls; ``llm.output_tokens_per_call`` = output tokens /
  calls; ``llm.cache_hit_ratio`` = cache read / all input tokens; ``gateway.tool_calls_per_session``
  = tool calls / sessions.

Whole-number fields are rounded to the nearest whole number (the profile's rule), so the month's calls
of an exported profile match the measured ones to that rounding.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .usage_report import MONTH_DAYS, AgentUsage, UsageReport

WHOLE = (
    "sessions_per_agent_month",
    "llm.calls_per_session",
    "llm.input_tokens_per_call",
    "llm.output_tokens_per_call",
    "gateway.tool_calls_per_session",
)


def _totals(entries: Iterable[AgentUsage]) -> dict[str, Decimal]:
    keys = (
        "ModelCalls",
        "InputTokens",
        "OutputTokens",
        "CacheReadInputTokens",
        "CacheWriteInputTokens",
        "ToolCalls",
    )
    out = {k: Decimal(0) for k in (*keys, "sessions", "agents")}
    for entry in entries:
        for key in keys:
            out[key] += Decimal(str(entry.total(key)))
        invocations = Decimal(str(entry.invocations))
        out["sessions"] += invocations if invocations else Decimal(str(entry.model_calls))
        out["agents"] += 1
    return out


def figures(entries: list[AgentUsage], days: int) -> dict[str, Decimal]:
    """The overridable profile fields for a group of agents (one agent, or a tier)."""
    t = _totals(entries)
    if not t["sessions"] or not t["ModelCalls"]:
        return {}
    input_all = t["InputTokens"] + t["CacheReadInputTokens"] + t["CacheWriteInputTokens"]
    values = {
        "sessions_per_agent_month": t["sessions"] / t["agents"] * MONTH_DAYS / days,
        "llm.calls_per_session": t["ModelCalls"] / t["sessions"],
        "llm.input_tokens_per_call": input_all / t["ModelCalls"],
        "llm.output_tokens_per_call": t["OutputTokens"] / t["ModelCalls"],
        "llm.cache_hit_ratio": t["CacheReadInputTokens"] / input_all if input_all else Decimal(0),
        "gateway.tool_calls_per_session": t["ToolCalls"] / t["sessions"],
    }
    return {
        path: value.quantize(Decimal(1), ROUND_HALF_UP)
        if path in WHOLE
        else value.quantize(Decimal("0.0001"))
        for path, value in values.items()
    }


def _nested(flat: dict[str, Decimal]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path, value in flat.items():
        number: Any = int(value) if path in WHOLE else float(value)
        if "." in path:
            section, _, name = path.partition(".")
            out.setdefault(section, {})[name] = number
        else:
            out[path] = number
    return out


def profile(report: UsageReport) -> dict[str, Any]:
    """The usage-profile document (``extends: reference`` with ``tiers`` and ``agents``)."""
    days = report.window.days
    by_tier: dict[str, list[AgentUsage]] = {}
    by_agent: dict[str, list[AgentUsage]] = {}
    for entry in report.agents:
        by_tier.setdefault(entry.tier, []).append(entry)
        by_agent.setdefault(entry.agent_id, []).append(entry)
    tiers = {tier: figures(entries, days) for tier, entries in sorted(by_tier.items())}  # for new agents
    agents: dict[str, Any] = {}
    for agent_id, entries in sorted(by_agent.items()):
        own = figures(entries, days)
        if own:
            agents[agent_id] = _nested(own)
    doc: dict[str, Any] = {"extends": "reference"}
    if any(tiers.values()):
        doc["tiers"] = {tier: _nested(values) for tier, values in tiers.items() if values}
    if agents:
        doc["agents"] = agents
    return doc


def dump(report: UsageReport) -> str:
    import yaml

    window = report.window
    head = (
        f"# Usage profile measured by `agentcore-finops usage` from {window.start.date()} to {window.end.date()} "
        f"(exclusive, {window.days} days),\n# scaled to a 730-hour month. Use it with "
        "`agentcore-finops estimate --usage FILE`; every field not here is the reference profile's.\n"
    )
    return head + yaml.safe_dump(profile(report), sort_keys=False)
