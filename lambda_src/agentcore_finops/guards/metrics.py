"""EMF metrics of the agent-side guards: one namespace, declared names, dimensions per agent.

Agents do not run in Lambda, so nothing flushes Powertools ``Metrics`` for them: ``GuardMetrics.emit``
adds the dimensions and values and flushes at once, as one EMF document on stdout (AgentCore Runtime
ships stdout to the runtime's log group, where CloudWatch extracts the metrics). Powertools keeps its
metric set process-wide, so every emit happens under one lock.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from ..metrics import DIM_AGENT, DIM_TIER, NAMESPACE

# Every metric name the guards can emit (the cost dashboard is built from the same names).
METRIC_NAMES: tuple[str, ...] = (
    "ToolCalls",  # tool calls that ran in one agent invocation (step budget)
    "ToolCallsCancelled",  # tool calls refused because the step budget was spent
    "StepBudgetExhausted",  # 1 when an invocation hit its step budget, else 0
    "ToolListFetches",  # Gateway tools/list calls (the tool-list cache missed)
    "MemoryEventsWritten",  # create_event calls that succeeded (one per turn)
    "MemoryWriteRetries",  # retried create_event / batch_create_memory_records attempts
    "MemoryWriteFailures",  # writes that failed after the last attempt (raised or handed to a fallback)
    "LtmRecordsWritten",  # long-term memory records written
    "LtmRecordsSkipped",  # long-term memory records the tier gate refused
    "LtmRetrievals",  # retrieve_memory_records calls that succeeded (long-term memory read back)
    "ConversationSummaries",  # rolling summaries produced by the utility model
    "ToolRetries",  # tool calls retried after a failure
    "CircuitOpen",  # tool calls refused because the tool's circuit was open
    "RuntimeSessionsStopped",  # runtime sessions ended by the session-end helper
)

SERVICE = "agent-guards"
_lock = threading.Lock()


class GuardMetrics:
    """Emit guard metrics as EMF with ``AgentId`` and ``Tier`` dimensions.

    ``enabled=False`` makes every emit a no-op (for agents that do not want metrics on stdout).
    """

    def __init__(self, agent_id: str, tier: int | str, *, enabled: bool = True, service: str = SERVICE):
        self.agent_id = agent_id
        self.tier = str(tier)
        self.enabled = enabled
        self.service = service
        self._metrics: Any = None

    def _powertools(self) -> Any:
        if self._metrics is None:
            from aws_lambda_powertools import Metrics

            self._metrics = Metrics(namespace=NAMESPACE, service=self.service)
        return self._metrics

    def emit(self, values: Mapping[str, float], **dimensions: str) -> None:
        """Emit counts (unit Count) in one EMF document. Unknown names raise ``ValueError``."""
        unknown = [name for name in values if name not in METRIC_NAMES]
        if unknown:
            raise ValueError(f"metric {unknown[0]!r} is not declared in METRIC_NAMES")
        if not self.enabled or not values:
            return
        from aws_lambda_powertools.metrics import MetricUnit

        metrics = self._powertools()
        with _lock:
            metrics.add_dimension(name=DIM_AGENT, value=self.agent_id)
            metrics.add_dimension(name=DIM_TIER, value=self.tier)
            for name, value in dimensions.items():
                metrics.add_dimension(name=name, value=value)
            for name, count in values.items():
                metrics.add_metric(name=name, unit=MetricUnit.Count, value=float(count))
            metrics.flush_metrics()

    def count(self, name: str, value: float = 1) -> None:
        self.emit({name: value})


def disabled() -> GuardMetrics:
    """A metrics sink that emits nothing."""
    return GuardMetrics("-", "-", enabled=False)
