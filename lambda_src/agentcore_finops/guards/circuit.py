"""Tool retries with exponential backoff and full jitter, behind a circuit breaker per tool.

A failing tool called by an agent in a loop becomes a storm: the model retries, the framework retries,
each retry is a billed Gateway operation and model turn. ``ToolGuard`` retries a failed call a few
times with jittered backoff, and counts consecutive failures per tool: after ``failure_threshold`` of
them the tool's circuit opens and calls are refused at once (no call is made) for
``cooldown_seconds``; then one trial call is let through (half-open): success closes the circuit,
failure opens it for another cool-down.

Use it either way:

- as a decorator on Python tool functions (under ``@strands.tool``, so Strands sees the signature)::

      guard = ToolGuard()

      @tool
      @guard.wrap
      def get_metrics(service: str) -> dict: ...

- as a Strands hook provider for any tool, Gateway (MCP) tools included: ``Agent(hooks=[guard.hooks()])``
  (a refused call becomes an error tool result the model sees; an exception or an error result counts
  as a failure; retries reuse the same ``toolUseId``, so a step budget counts the call once).

``clock`` (monotonic seconds) and the backoff's ``sleep``/``random`` are injectable for tests.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import threading
import time
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import FieldError
from .backoff import Backoff
from .metrics import GuardMetrics, disabled

if TYPE_CHECKING:
    from strands.hooks import AfterToolCallEvent, BeforeToolCallEvent, HookRegistry

F = TypeVar("F", bound=Callable[..., Any])


class CircuitState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitOpenError(RuntimeError):
    """The tool's circuit is open: the call was not made."""

    def __init__(self, tool: str, retry_after: float):
        self.tool = tool
        self.retry_after = retry_after
        super().__init__(f"circuit open for tool {tool!r}: not called; try again in {retry_after:.0f} s")


class CircuitBreaker:
    """Closed -> open after ``failure_threshold`` consecutive failures -> half-open after
    ``cooldown_seconds`` -> closed on a successful trial call (or open again on a failed one)."""

    def __init__(
        self,
        name: str,
        failure_threshold: int = 5,
        cooldown_seconds: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        if (
            isinstance(failure_threshold, bool)
            or not isinstance(failure_threshold, int)
            or failure_threshold < 1
        ):
            raise FieldError(
                "failure_threshold", f"invalid value {failure_threshold!r}", "a whole number >= 1"
            )
        if cooldown_seconds < 0:
            raise FieldError("cooldown_seconds", f"invalid value {cooldown_seconds!r}", "0 or more seconds")
        self.name = name
        self.failure_threshold = failure_threshold
        self.cooldown_seconds = cooldown_seconds
        self.clock = clock
        self.failures = 0  # consecutive
        self.transitions: list[tuple[CircuitState, CircuitState]] = []
        self._state = CircuitState.CLOSED
        self._opened_at = 0.0
        self._trial_started: float | None = None
        self._lock = threading.Lock()

    def _move(self, state: CircuitState) -> None:
        if state is not self._state:
            self.transitions.append((self._state, state))
            self._state = state

    def _refresh(self, now: float) -> None:
        if self._state is CircuitState.OPEN and now - self._opened_at >= self.cooldown_seconds:
            self._move(CircuitState.HALF_OPEN)
            self._trial_started = None

    @property
    def state(self) -> CircuitState:
        with self._lock:
            self._refresh(self.clock())
            return self._state

    def retry_after(self) -> float:
        with self._lock:
            now = self.clock()
            self._refresh(now)
            if self._state is CircuitState.OPEN:
                return max(0.0, self.cooldown_seconds - (now - self._opened_at))
            if self._state is CircuitState.HALF_OPEN and self._trial_started is not None:
                return max(0.0, self.cooldown_seconds - (now - self._trial_started))
            return 0.0

    def allow(self) -> bool:
        """Whether a call may go ahead now. Half-open lets one trial through at a time (a trial whose
        outcome never arrives is given up after another cool-down)."""
        with self._lock:
            now = self.clock()
            self._refresh(now)
            if self._state is CircuitState.CLOSED:
                return True
            if self._state is CircuitState.OPEN:
                return False
            if self._trial_started is None or now - self._trial_started >= self.cooldown_seconds:
                self._trial_started = now
                return True
            return False

    def record_success(self) -> None:
        with self._lock:
            self.failures = 0
            self._trial_started = None
            self._move(CircuitState.CLOSED)

    def record_failure(self) -> None:
        with self._lock:
            now = self.clock()
            self._refresh(now)
            self.failures += 1
            self._trial_started = None
            if self._state is CircuitState.HALF_OPEN or self.failures >= self.failure_threshold:
                self._opened_at = now
                self._move(CircuitState.OPEN)


class ToolGuard:
    """Retries and per-tool circuit breakers.

    Args:
        backoff: attempts per call and the jittered delays between them (default 3 attempts, 0.5 s
            base, 8 s cap).
        failure_threshold: consecutive failures that open a tool's circuit.
        cooldown_seconds: how long an open circuit refuses calls before a trial.
        retryable: which exceptions are worth retrying (default: all); a refused call never is.
        clock: monotonic seconds, for the breakers.
        metrics: ``ToolRetries`` and ``CircuitOpen`` counts.
    """

    def __init__(
        self,
        *,
        backoff: Backoff | None = None,
        failure_threshold: int = 5,
        cooldown_seconds: float = 30.0,
        retryable: Callable[[BaseException], bool] = lambda error: True,
        clock: Callable[[], float] = time.monotonic,
        metrics: GuardMetrics | None = None,
    ):
        self.backoff = backoff or Backoff(max_attempts=3, base_seconds=0.5, cap_seconds=8.0)
        self.failure_threshold = failure_threshold
        self.cooldown_seconds = cooldown_seconds
        self.retryable = retryable
        self.clock = clock
        self.metrics = metrics or disabled()
        self._breakers: dict[str, CircuitBreaker] = {}
        self._lock = threading.Lock()
        CircuitBreaker("-", failure_threshold, cooldown_seconds, clock)  # validate the settings now

    def breaker(self, tool: str) -> CircuitBreaker:
        with self._lock:
            if tool not in self._breakers:
                self._breakers[tool] = CircuitBreaker(
                    tool, self.failure_threshold, self.cooldown_seconds, self.clock
                )
            return self._breakers[tool]

    def _admit(self, tool: str) -> CircuitBreaker:
        breaker = self.breaker(tool)
        if not breaker.allow():
            self.metrics.count("CircuitOpen")
            raise CircuitOpenError(tool, breaker.retry_after())
        return breaker

    def _should_retry(self, attempt: int, error: BaseException, breaker: CircuitBreaker) -> bool:
        """Another attempt is left, the error is worth retrying, and the failure did not just open
        the circuit (a retry would only wait to be refused)."""
        return (
            attempt + 1 < self.backoff.max_attempts
            and self.retryable(error)
            and breaker.state is not CircuitState.OPEN
        )

    def call(self, tool: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call ``fn`` through the tool's breaker, retrying failures with backoff."""
        for attempt in range(self.backoff.max_attempts):
            breaker = self._admit(tool)
            try:
                result = fn(*args, **kwargs)
            except Exception as error:
                breaker.record_failure()
                if not self._should_retry(attempt, error, breaker):
                    raise
                self.metrics.count("ToolRetries")
                self.backoff.sleep(self.backoff.delay(attempt))
                continue
            breaker.record_success()
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    async def call_async(self, tool: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``call`` for coroutine functions (waits with ``asyncio.sleep``)."""
        for attempt in range(self.backoff.max_attempts):
            breaker = self._admit(tool)
            try:
                result = await fn(*args, **kwargs)
            except Exception as error:
                breaker.record_failure()
                if not self._should_retry(attempt, error, breaker):
                    raise
                self.metrics.count("ToolRetries")
                await asyncio.sleep(self.backoff.delay(attempt))
                continue
            breaker.record_success()
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    def wrap(self, fn: F | None = None, *, name: str | None = None) -> Any:
        """Decorator: ``@guard.wrap`` or ``@guard.wrap(name="get_metrics")``; keeps the signature."""

        def decorate(func: F) -> F:
            tool = name or func.__name__
            if inspect.iscoroutinefunction(func):

                @functools.wraps(func)
                async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                    return await self.call_async(tool, func, *args, **kwargs)

                return async_wrapper  # type: ignore[return-value]

            @functools.wraps(func)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                return self.call(tool, func, *args, **kwargs)

            return wrapper  # type: ignore[return-value]

        return decorate(fn) if fn is not None else decorate

    def hooks(self) -> ToolGuardHooks:
        """A Strands hook provider applying this guard to every tool call of an agent."""
        return ToolGuardHooks(self)


class ToolGuardHooks:
    """Strands hook provider: refuse calls to open circuits, retry failed calls with backoff."""

    def __init__(self, guard: ToolGuard):
        self.guard = guard
        self._attempts: dict[str, int] = {}
        self._lock = threading.Lock()

    def register_hooks(self, registry: HookRegistry, **kwargs: Any) -> None:
        from strands.hooks import AfterToolCallEvent, BeforeToolCallEvent

        registry.add_callback(BeforeToolCallEvent, self._before)
        registry.add_callback(AfterToolCallEvent, self._after)

    def _before(self, event: BeforeToolCallEvent) -> None:
        if event.cancel_tool:  # already refused by another hook (e.g. the step budget)
            return
        name = str(event.tool_use.get("name", ""))
        breaker = self.guard.breaker(name)
        if not breaker.allow():
            self.guard.metrics.count("CircuitOpen")
            event.cancel_tool = str(CircuitOpenError(name, breaker.retry_after()))

    def _after(self, event: AfterToolCallEvent) -> None:
        if event.cancel_message is not None:  # refused, not run: neither a success nor a failure
            return
        name = str(event.tool_use.get("name", ""))
        tool_use_id = str(event.tool_use.get("toolUseId", ""))
        breaker = self.guard.breaker(name)
        failed = event.exception is not None or event.result.get("status") == "error"
        if not failed:
            breaker.record_success()
            with self._lock:
                self._attempts.pop(tool_use_id, None)
            return
        breaker.record_failure()
        with self._lock:
            attempts = self._attempts[tool_use_id] = self._attempts.get(tool_use_id, 0) + 1
        error = event.exception or RuntimeError("tool returned an error result")
        if self.guard._should_retry(attempts - 1, error, breaker):
            self.guard.metrics.count("ToolRetries")
            self.guard.backoff.sleep(self.guard.backoff.delay(attempts - 1))
            event.retry = True
        else:
            with self._lock:
                self._attempts.pop(tool_use_id, None)
