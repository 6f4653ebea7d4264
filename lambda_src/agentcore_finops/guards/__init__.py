"""Agent-side cost guards for agents on AgentCore Runtime, driven by the agent's resolved record.

Terraform stores an agent's step budget, tools and memory policy in the agent-config table; only code
inside the agent loop can enforce them. This package is that code:

| guard | module | what it saves |
|---|---|---|
| ``StepBudget`` | ``step_budget`` | tool-call storms: at most ``step_budget`` tool calls per invocation |
| ``ToolListCache`` (+ ``gateway.McpToolFetcher``) | ``tool_cache``, ``gateway`` | Gateway ``tools/list`` at every session start; tool schemas outside ``tools`` in the prompt |
| ``ShortTermMemory`` / ``TurnRecorder`` | ``short_term`` | one memory event per message (one per turn instead) |
| ``LongTermMemory`` / ``ltm_gate`` | ``long_term`` | long-term records that do not pay (tier threshold gate) |
| ``RollingSummaryManager`` / ``RollingSummary`` | ``conversation``, ``summary`` | context that grows every turn |
| ``ToolGuard`` | ``circuit`` | retry storms against a failing tool |
| ``SessionEnder`` | ``session`` | runtime sessions billed until their idle timeout |

Settings come from ``AgentSettings.from_record(record)`` (a Terraform ``agent_configs`` record or a
``fleet.resolve`` record) or ``AgentSettings.from_store(ConfigStore(table), agent_id)``.

Importing this package does not import strands: names are loaded on first use, and only
``conversation``, ``gateway`` and ``testing`` need the ``agent`` extra (``strands-agents``).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .metrics import METRIC_NAMES, GuardMetrics

_EXPORTS = {
    "Backoff": "backoff",
    "is_retryable_aws_error": "backoff",
    "CircuitBreaker": "circuit",
    "CircuitOpenError": "circuit",
    "CircuitState": "circuit",
    "ToolGuard": "circuit",
    "ToolGuardHooks": "circuit",
    "RollingSummaryManager": "conversation",
    "McpToolFetcher": "gateway",
    "SigV4Auth": "gateway",
    "agent_tools": "gateway",
    "gateway_client": "gateway",
    "prime_output_schemas": "gateway",
    "tools_session": "gateway",
    "Candidate": "long_term",
    "GateDecision": "long_term",
    "LongTermMemory": "long_term",
    "Outcome": "long_term",
    "ltm_gate": "long_term",
    "SessionEnder": "session",
    "end_session": "session",
    "AgentSettings": "settings",
    "utility_model_id": "settings",
    "MemoryWriteError": "short_term",
    "ShortTermMemory": "short_term",
    "TurnRecorder": "short_term",
    "turn_payload": "short_term",
    "BudgetReport": "step_budget",
    "StepBudget": "step_budget",
    "BedrockSummarizer": "summary",
    "RollingSummary": "summary",
    "split_turns": "summary",
    "ToolListCache": "tool_cache",
    "ToolListFetcher": "tool_cache",
    "filter_tools": "tool_cache",
}

__all__ = ["METRIC_NAMES", "GuardMetrics", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
