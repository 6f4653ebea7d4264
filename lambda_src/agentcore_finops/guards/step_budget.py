"""Step budget: at most ``step_budget`` tool calls per agent invocation, then answer with what you have.

A Strands hook provider. It counts the tool calls of one invocation (``Agent.__call__`` /
``invoke_async`` / ``stream_async``); once the agent's ``step_budget`` is spent, every further tool call
is cancelled before the tool runs (``BeforeToolCallEvent.cancel_tool``), and the model is told to
answer without tools. The model gets ``answer_calls`` more calls (default 1) to write that answer; if it
still asks for tools, the loop is ended (``AfterToolsEvent.end_turn``) with a fallback answer built
from the tool results gathered so far. A retried tool call (same ``toolUseId``) counts once.

Where the outcome shows:

- ``result.state["step_budget"]`` (the ``AgentResult`` of the invocation) and
  ``agent.state.get("step_budget")``: ``{"budget", "tool_calls", "cancelled", "exhausted"}``;
- ``StepBudget.last_report`` (a ``BudgetReport``);
- EMF metrics ``ToolCalls``, ``ToolCallsCancelled`` and ``StepBudgetExhausted`` (0 or 1) per invocation.

strands is imported only when the provider is registered on an agent.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import FieldError
from ..fleet import STEP_BUDGET_RANGE
from .metrics import GuardMetrics, disabled
from .settings import AgentSettings

if TYPE_CHECKING:
    from strands.hooks import (
        AfterInvocationEvent,
        AfterToolsEvent,
        BeforeInvocationEvent,
        BeforeToolCallEvent,
        HookRegistry,
    )

STATE_KEY = "step_budget"
RESULT_PREVIEW_CHARS = 400


@dataclass(frozen=True)
class BudgetReport:
    """One invocation's tool calls against its budget."""

    budget: int
    tool_calls: int  # calls that were allowed to run
    cancelled: int  # calls refused because the budget was spent
    exhausted: bool  # at least one call was refused

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Run:
    start: int
    admitted: set[str] = field(default_factory=set)
    cancelled: int = 0
    denied_in_batch: bool = False
    answer_calls_left: int = 0


def default_cancel_message(budget: int, tool_name: str) -> str:
    return (
        f"Step budget spent: this request may make {budget} tool calls and has made them all, so "
        f"{tool_name} was not run. Answer now with the information you already have; do not call tools."
    )


def _texts(content: Sequence[Mapping[str, Any]]) -> list[str]:
    out = []
    for block in content:
        if block.get("text"):
            out.append(str(block["text"]))
        elif "json" in block:
            out.append(str(block["json"]))
    return out


def default_fallback_answer(report: BudgetReport, messages: Sequence[Mapping[str, Any]]) -> str:
    """What the agent has: the results of the tool calls that ran in this invocation."""
    names: dict[str, str] = {}
    lines: list[str] = []
    for message in messages:
        for block in message.get("content", []):
            if "toolUse" in block:
                names[block["toolUse"].get("toolUseId", "")] = block["toolUse"].get("name", "tool")
            elif "toolResult" in block and block["toolResult"].get("status") != "error":
                result = block["toolResult"]
                text = " ".join(_texts(result.get("content", []))).strip()
                if len(text) > RESULT_PREVIEW_CHARS:
                    text = text[:RESULT_PREVIEW_CHARS] + "…"
                lines.append(f"- {names.get(result.get('toolUseId', ''), 'tool')}: {text}")
    head = f"I reached this request's limit of {report.budget} tool calls before finishing."
    if not lines:
        return head + " No tool returned a usable result."
    return head + " What I found so far:\n" + "\n".join(lines)


class StepBudget:
    """Strands hook provider enforcing a per-invocation tool-call budget.

    Args:
        budget: the number of tool calls allowed per invocation (the record's ``step_budget``).
        answer_calls: model calls allowed after the budget is spent, for the model to answer
            (0 ends the turn with the fallback answer as soon as a call is refused).
        metrics: where ``ToolCalls``/``ToolCallsCancelled``/``StepBudgetExhausted`` go (default: none).
        cancel_message: the tool result the model sees for a refused call.
        fallback_answer: the final answer when the model keeps asking for tools.
    """

    def __init__(
        self,
        budget: int,
        *,
        answer_calls: int = 1,
        metrics: GuardMetrics | None = None,
        cancel_message: Callable[[int, str], str] = default_cancel_message,
        fallback_answer: Callable[[BudgetReport, Sequence[Mapping[str, Any]]], str] = default_fallback_answer,
    ):
        lo, hi = STEP_BUDGET_RANGE
        if isinstance(budget, bool) or not isinstance(budget, int) or not lo <= budget <= hi:
            raise FieldError("step_budget", f"invalid value {budget!r}", f"a whole number from {lo} to {hi}")
        if isinstance(answer_calls, bool) or not isinstance(answer_calls, int) or answer_calls < 0:
            raise FieldError("answer_calls", f"invalid value {answer_calls!r}", "a whole number >= 0")
        self.budget = budget
        self.answer_calls = answer_calls
        self.metrics = metrics or disabled()
        self.cancel_message = cancel_message
        self.fallback_answer = fallback_answer
        self.last_report: BudgetReport | None = None
        self._runs: dict[int, _Run] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: AgentSettings, **kwargs: Any) -> StepBudget:
        """A budget from the agent's record, with metrics dimensioned by its agent id and tier."""
        kwargs.setdefault("metrics", GuardMetrics(settings.agent_id, settings.tier))
        return cls(settings.step_budget, **kwargs)

    # -- strands wiring -------------------------------------------------------------------------

    def register_hooks(self, registry: HookRegistry, **kwargs: Any) -> None:
        from strands.hooks import (
            AfterInvocationEvent,
            AfterToolsEvent,
            BeforeInvocationEvent,
            BeforeToolCallEvent,
        )

        registry.add_callback(BeforeInvocationEvent, self._on_start)
        registry.add_callback(BeforeToolCallEvent, self._on_tool_call)
        registry.add_callback(AfterToolsEvent, self._on_tools_done)
        registry.add_callback(AfterInvocationEvent, self._on_finish)

    def _report(self, run: _Run) -> BudgetReport:
        return BudgetReport(
            budget=self.budget,
            tool_calls=len(run.admitted),
            cancelled=run.cancelled,
            exhausted=run.cancelled > 0,
        )

    def _publish(self, run: _Run, invocation_state: dict[str, Any]) -> BudgetReport:
        report = self._report(run)
        invocation_state.setdefault("request_state", {})[STATE_KEY] = report.as_dict()
        return report

    def _on_start(self, event: BeforeInvocationEvent) -> None:
        run = _Run(start=len(event.agent.messages), answer_calls_left=self.answer_calls)
        with self._lock:
            self._runs[id(event.agent)] = run
        self._publish(run, event.invocation_state)

    def _run_for(self, agent: Any) -> _Run:
        with self._lock:
            run = self._runs.get(id(agent))
            if run is None:  # a direct tool call outside an invocation: start counting now
                run = self._runs[id(agent)] = _Run(
                    start=len(agent.messages), answer_calls_left=self.answer_calls
                )
            return run

    def _on_tool_call(self, event: BeforeToolCallEvent) -> None:
        run = self._run_for(event.agent)
        tool_use_id = str(event.tool_use.get("toolUseId", ""))
        with self._lock:
            if tool_use_id in run.admitted:  # a retry of a call already counted
                return
            if len(run.admitted) < self.budget:
                run.admitted.add(tool_use_id)
                refused = False
            else:
                run.cancelled += 1
                run.denied_in_batch = True
                refused = True
        if refused:
            event.cancel_tool = self.cancel_message(self.budget, str(event.tool_use.get("name", "the tool")))
        self._publish(run, event.invocation_state)

    def _on_tools_done(self, event: AfterToolsEvent) -> None:
        run = self._run_for(event.agent)
        with self._lock:
            if not run.denied_in_batch:
                return
            run.denied_in_batch = False
            if run.answer_calls_left > 0:
                run.answer_calls_left -= 1
                return
        messages = list(event.agent.messages[run.start :])
        if not messages or messages[-1] is not event.message:
            messages.append(event.message)
        event.end_turn = self.fallback_answer(self._report(run), messages)

    def _on_finish(self, event: AfterInvocationEvent) -> None:
        with self._lock:
            run = self._runs.pop(id(event.agent), None)
        if run is None:
            return
        report = self._publish(run, event.invocation_state)
        self.last_report = report
        event.agent.state.set(STATE_KEY, report.as_dict())
        self.metrics.emit(
            {
                "ToolCalls": report.tool_calls,
                "ToolCallsCancelled": report.cancelled,
                "StepBudgetExhausted": 1 if report.exhausted else 0,
            }
        )
