"""Tool retries with backoff and jitter, and the per-tool circuit breaker."""

from __future__ import annotations

import asyncio

import pytest
from strands import Agent, tool

from agentcore_finops.errors import FieldError
from agentcore_finops.guards import CircuitBreaker, CircuitOpenError, CircuitState, ToolGuard
from agentcore_finops.guards.backoff import Backoff
from agentcore_finops.guards.testing import Reply, ScriptedModel
from tests.unit.guards_support import Clock, Sleeps, emitted


def test_breaker_opens_after_k_failures_half_opens_after_the_cooldown_and_closes_on_success():
    clock = Clock()
    breaker = CircuitBreaker("get_metrics", failure_threshold=3, cooldown_seconds=30, clock=clock)
    for _ in range(2):
        assert breaker.allow()
        breaker.record_failure()
    assert breaker.state is CircuitState.CLOSED
    breaker.record_failure()  # third consecutive failure
    assert breaker.state is CircuitState.OPEN and not breaker.allow()
    assert breaker.retry_after() == 30

    clock.advance(29.9)
    assert breaker.state is CircuitState.OPEN and not breaker.allow()
    clock.advance(0.1)
    assert breaker.state is CircuitState.HALF_OPEN
    assert breaker.allow()  # one trial call
    assert not breaker.allow()  # and only one at a time
    breaker.record_success()
    assert breaker.state is CircuitState.CLOSED and breaker.failures == 0
    assert breaker.transitions == [
        (CircuitState.CLOSED, CircuitState.OPEN),
        (CircuitState.OPEN, CircuitState.HALF_OPEN),
        (CircuitState.HALF_OPEN, CircuitState.CLOSED),
    ]


def test_a_failed_trial_reopens_for_another_cooldown():
    clock = Clock()
    breaker = CircuitBreaker("t", failure_threshold=1, cooldown_seconds=10, clock=clock)
    breaker.record_failure()
    clock.advance(10)
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state is CircuitState.OPEN
    clock.advance(9)
    assert not breaker.allow()
    clock.advance(1)
    assert breaker.state is CircuitState.HALF_OPEN


def test_a_success_resets_the_consecutive_count():
    breaker = CircuitBreaker("t", failure_threshold=2, clock=Clock())
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    assert breaker.state is CircuitState.CLOSED


def test_retries_back_off_with_full_jitter_then_the_circuit_stops_the_storm(capsys):
    from agentcore_finops.guards.metrics import GuardMetrics

    clock, sleeps = Clock(), Sleeps()
    jitter = iter([0.5, 0.25, 1.0, 1.0])
    guard = ToolGuard(
        backoff=Backoff(
            max_attempts=3, base_seconds=1.0, cap_seconds=3.0, sleep=sleeps, random=lambda: next(jitter)
        ),
        failure_threshold=5,
        cooldown_seconds=60,
        clock=clock,
        metrics=GuardMetrics("sre-orchestrator", 1),
    )
    calls = []

    @guard.wrap
    def get_metrics(service: str) -> str:
        calls.append(service)
        raise ConnectionError("backend down")

    with pytest.raises(ConnectionError):
        get_metrics("api")
    assert len(calls) == 3
    assert sleeps.delays == [0.5 * 1.0, 0.25 * 2.0]  # uniform(0, min(cap, base * 2**n))

    with pytest.raises(ConnectionError):
        get_metrics("api")  # failures 4 and 5: the circuit opens, so no further retry (or wait)
    assert len(calls) == 5
    assert sleeps.delays[2:] == [1.0]  # random 1.0 * min(3, 1 * 2**0); none after the circuit opened
    assert guard.breaker("get_metrics").state is CircuitState.OPEN

    for _ in range(10):  # the storm: nothing reaches the backend
        with pytest.raises(CircuitOpenError) as info:
            get_metrics("api")
    assert len(calls) == 5 and info.value.retry_after == 60
    out = capsys.readouterr().out
    assert sum(emitted(out, "CircuitOpen")) == 10 and sum(emitted(out, "ToolRetries")) == 3


def test_the_circuit_closes_again_when_the_tool_recovers():
    clock = Clock()
    guard = ToolGuard(backoff=Backoff(max_attempts=1), failure_threshold=2, cooldown_seconds=5, clock=clock)
    healthy = {"ok": False}

    @guard.wrap(name="open_ticket")
    def create(title: str) -> str:
        if not healthy["ok"]:
            raise RuntimeError("503")
        return "T-1"

    for _ in range(2):
        with pytest.raises(RuntimeError):
            create("x")
    with pytest.raises(CircuitOpenError):
        create("x")
    clock.advance(5)
    healthy["ok"] = True
    assert create("x") == "T-1"
    assert guard.breaker("open_ticket").state is CircuitState.CLOSED


def test_non_retryable_errors_are_not_retried():
    guard = ToolGuard(
        backoff=Backoff(max_attempts=5, sleep=Sleeps()), retryable=lambda e: not isinstance(e, ValueError)
    )
    calls = []

    @guard.wrap
    def parse(text: str) -> int:
        calls.append(text)
        raise ValueError("not a number")

    with pytest.raises(ValueError):
        parse("x")
    assert calls == ["x"]


def test_async_tools_are_guarded_too():
    guard = ToolGuard(backoff=Backoff(max_attempts=2, base_seconds=0), failure_threshold=5)
    attempts = []

    @guard.wrap
    async def fetch(url: str) -> str:
        attempts.append(url)
        if len(attempts) == 1:
            raise TimeoutError
        return "body"

    assert asyncio.run(fetch("u")) == "body" and len(attempts) == 2


def test_as_strands_hooks_an_open_circuit_refuses_calls_without_running_the_tool():
    clock = Clock()
    guard = ToolGuard(
        backoff=Backoff(max_attempts=2, sleep=Sleeps(), random=lambda: 0.1),
        failure_threshold=2,
        cooldown_seconds=30,
        clock=clock,
    )
    runs = []

    @tool
    def get_metrics(service: str) -> str:
        """Error rate.

        Args:
            service: the service.
        """
        runs.append(service)
        raise RuntimeError("backend down")

    model = ScriptedModel([Reply.tool("get_metrics", {"service": "api"})] * 3 + [Reply.answer("gave up")])
    agent = Agent(model=model, tools=[get_metrics], hooks=[guard.hooks()], callback_handler=None)
    result = agent("check the api")
    assert str(result).strip() == "gave up"
    assert len(runs) == 2  # first call + one retry opened the circuit; later calls never ran
    results = [b["toolResult"] for m in agent.messages for b in m["content"] if "toolResult" in b]
    assert [r["status"] for r in results] == ["error", "error", "error"]
    assert "circuit open" in results[1]["content"][0]["text"]


def test_decorated_functions_keep_their_signature_for_strands():
    guard = ToolGuard()

    @tool
    @guard.wrap
    def open_ticket(title: str, priority: int = 3) -> str:
        """Open a ticket.

        Args:
            title: the title.
            priority: 1 (urgent) to 5.
        """
        return f"{title}/{priority}"

    spec = open_ticket.tool_spec
    assert spec["name"] == "open_ticket"
    assert set(spec["inputSchema"]["json"]["properties"]) == {"title", "priority"}
    assert open_ticket("disk full", 1) == "disk full/1"


@pytest.mark.parametrize("kwargs", [{"failure_threshold": 0}, {"cooldown_seconds": -1}])
def test_bad_settings(kwargs):
    with pytest.raises(FieldError):
        ToolGuard(**kwargs)
