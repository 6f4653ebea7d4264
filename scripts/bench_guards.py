"""Benchmark of the agent-side guards: what each one saves, as ratios, from one offline run.

Drives real Strands agents with a scripted model (no AWS): counts Gateway list calls, memory events
and input tokens with and without the guards, and the wall-time overhead of the guard hooks.

    make bench     # or: .venv/bin/python -m scripts.bench_guards
"""

from __future__ import annotations

import time
from typing import Any

from strands import Agent, tool

from agentcore_finops import fleet
from agentcore_finops.guards import (
    AgentSettings,
    RollingSummaryManager,
    ShortTermMemory,
    StepBudget,
    ToolGuard,
    ToolListCache,
    TurnRecorder,
)
from agentcore_finops.guards.summary import estimate_tokens
from agentcore_finops.guards.testing import Reply, ScriptedModel

SESSIONS = 1_000
TURNS = 20
TOOL_CALLS_PER_TURN = 6  # the reference workload's second scenario


class CountingFetcher:
    def __init__(self) -> None:
        self.calls = 0

    def fetch(self) -> list[dict[str, Any]]:
        self.calls += 1
        return [{"name": f"t___tool{i}", "inputSchema": {"type": "object"}} for i in range(20)]


class CountingAgentCore:
    """Stands in for the bedrock-agentcore client: counts create_event calls."""

    def __init__(self) -> None:
        self.events = 0

    def create_event(self, **request: Any) -> dict[str, Any]:
        self.events += 1
        return {"event": {**request, "eventId": f"{self.events}#a"}}


@tool
def lookup(q: int) -> str:
    """Look something up.

    Args:
        q: what.
    """
    return f"result {q} " + "x" * 400


def turn_script() -> list[Reply]:
    return [Reply.tool("lookup", {"q": i}) for i in range(TOOL_CALLS_PER_TURN)] + [Reply.answer("done " * 40)]


def tool_lists() -> tuple[int, int]:
    record = fleet.resolve({"a-agent": {"tier": 2, "tools": ["tool1", "tool2"]}})["a-agent"]
    settings = AgentSettings.from_record(record)
    cached = CountingFetcher()
    cache = ToolListCache(cached)
    for n in range(SESSIONS):
        version = settings.config_version if n < SESSIONS // 2 else "changed-version"  # one re-apply
        cache.get(version, settings.tools)
    return SESSIONS, cached.calls  # without the cache: one list per session start


def memory_events() -> tuple[int, int]:
    client = CountingAgentCore()
    memory = ShortTermMemory("bench_memory-a1b2c3d4e5", "user-1", client=client)
    messages = 0

    def count(event: Any) -> None:
        nonlocal messages
        messages += 1

    from strands.hooks import MessageAddedEvent

    agent = Agent(
        model=ScriptedModel(turn_script() * TURNS),
        tools=[lookup],
        hooks=[TurnRecorder(memory, "bench-session")],
        callback_handler=None,
    )
    agent.add_hook(count, MessageAddedEvent)
    for n in range(TURNS):
        agent(f"task {n}")
    return messages, client.events  # without batching: one event per message


def input_tokens(summarize: bool) -> int:
    model = ScriptedModel(turn_script() * TURNS)
    from strands.agent.conversation_manager import NullConversationManager

    kwargs: dict[str, Any] = {"conversation_manager": NullConversationManager()}  # the whole history
    if summarize:
        kwargs["conversation_manager"] = RollingSummaryManager(
            lambda previous, messages: "summary " * 60, keep_turns=4
        )
    agent = Agent(model=model, tools=[lookup], callback_handler=None, **kwargs)
    for n in range(TURNS):
        agent(f"task {n}")
    return sum(estimate_tokens(r.messages) for r in model.requests)


def hook_overhead(rounds: int = 60) -> tuple[float, float]:
    def run(with_guards: bool) -> float:
        start = time.perf_counter()
        for _ in range(rounds):
            hooks = [StepBudget(15), ToolGuard().hooks()] if with_guards else []
            agent = Agent(
                model=ScriptedModel(turn_script()), tools=[lookup], hooks=hooks, callback_handler=None
            )
            agent("go")
        return time.perf_counter() - start

    run(False)  # warm-up
    return run(False), run(True)


def main() -> int:
    sessions, lists = tool_lists()
    print(f"Gateway tools/list over {sessions} session starts: {sessions} uncached vs {lists} cached "
          f"-> {sessions / lists:.0f}x fewer")  # fmt: skip
    messages, events = memory_events()
    print(f"short-term memory over {TURNS} turns of {TOOL_CALLS_PER_TURN} tool calls: {messages} events "
          f"one-per-message vs {events} batched -> {messages / events:.1f}x fewer")  # fmt: skip
    plain, rolled = input_tokens(False), input_tokens(True)
    print(f"model input over a {TURNS}-turn session (estimated tokens): {plain} full history vs {rolled} "
          f"with a rolling summary (keep 4) -> {plain / rolled:.1f}x fewer")  # fmt: skip
    bare, guarded = hook_overhead()
    print(f"wall time of an agent request, guards on / off: {guarded / bare:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
