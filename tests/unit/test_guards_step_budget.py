"""Step budget on a real Strands Agent driven by a scripted model that never stops asking for tools."""

from __future__ import annotations

import pytest
from strands import Agent, tool

from agentcore_finops.errors import FieldError
from agentcore_finops.guards import AgentSettings, StepBudget, ToolGuard
from agentcore_finops.guards.backoff import Backoff
from agentcore_finops.guards.metrics import GuardMetrics
from agentcore_finops.guards.testing import Reply, ScriptedModel
from agentcore_finops.metrics import NAMESPACE
from tests.unit.guards_support import Sleeps, emf_documents, emitted, records


def counting_tool():
    calls: list[int] = []

    @tool
    def lookup(q: int) -> str:
        """Look up a value.

        Args:
            q: what to look up.
        """
        calls.append(q)
        return f"value for {q}"

    return lookup, calls


def test_budget_3_the_fourth_tool_call_never_runs_and_the_agent_still_answers():
    lookup, calls = counting_tool()
    model = ScriptedModel([Reply.tool("lookup", {"q": 7})])  # asks for a tool on every call
    budget = StepBudget(3)
    agent = Agent(model=model, tools=[lookup], hooks=[budget], callback_handler=None)

    result = agent("find the value")

    assert len(calls) == 3  # the tool function ran three times; the fourth call was cancelled
    assert result.stop_reason == "end_turn"
    answer = str(result)
    assert "limit of 3 tool calls" in answer and "value for 7" in answer
    assert result.state["step_budget"] == {"budget": 3, "tool_calls": 3, "cancelled": 2, "exhausted": True}
    assert agent.state.get("step_budget") == result.state["step_budget"]
    assert budget.last_report.exhausted and budget.last_report.tool_calls == 3
    # 3 tool calls + 1 refused (the model got one more call to answer) + 1 refused -> loop ended.
    assert model.calls == 5
    refusals = [
        block["toolResult"]
        for message in agent.messages
        for block in message["content"]
        if "toolResult" in block and block["toolResult"]["status"] == "error"
    ]
    assert len(refusals) == 2 and "Step budget spent" in refusals[0]["content"][0]["text"]


def test_a_model_that_obeys_the_refusal_answers_in_its_own_words():
    lookup, calls = counting_tool()

    def answer_when_refused(request):
        last = request.messages[-1]["content"]
        refused = any("toolResult" in b and b["toolResult"]["status"] == "error" for b in last)
        return Reply.answer("The value is 7.") if refused else Reply.tool("lookup", {"q": 7})

    model = ScriptedModel([answer_when_refused])
    agent = Agent(model=model, tools=[lookup], hooks=[StepBudget(2)], callback_handler=None)
    result = agent("find it")
    assert len(calls) == 2
    assert str(result).strip() == "The value is 7."
    assert result.state["step_budget"]["cancelled"] == 1


def test_answer_calls_0_ends_the_turn_at_the_first_refusal():
    lookup, calls = counting_tool()
    model = ScriptedModel([Reply.tool("lookup", {"q": 1})])
    agent = Agent(model=model, tools=[lookup], hooks=[StepBudget(3, answer_calls=0)], callback_handler=None)
    result = agent("go")
    assert len(calls) == 3 and model.calls == 4
    assert result.state["step_budget"]["cancelled"] == 1


def test_within_budget_nothing_is_refused_and_each_invocation_gets_a_fresh_budget():
    lookup, calls = counting_tool()
    model = ScriptedModel(
        [
            Reply.tool("lookup", {"q": 1}),
            Reply.answer("done"),
            Reply.tool("lookup", {"q": 2}),
            Reply.answer("done"),
        ]
    )
    agent = Agent(model=model, tools=[lookup], hooks=[StepBudget(1)], callback_handler=None)
    for _ in range(2):
        result = agent("go")
        assert str(result).strip() == "done"
        assert result.state["step_budget"] == {
            "budget": 1,
            "tool_calls": 1,
            "cancelled": 0,
            "exhausted": False,
        }
    assert calls == [1, 2]


def test_parallel_tool_calls_in_one_response_are_admitted_up_to_the_budget():
    lookup, calls = counting_tool()
    model = ScriptedModel(
        [
            Reply(tool_calls=(("lookup", {"q": 1}), ("lookup", {"q": 2}), ("lookup", {"q": 3}))),
            Reply.answer("ok"),
        ]
    )
    agent = Agent(model=model, tools=[lookup], hooks=[StepBudget(2)], callback_handler=None)
    result = agent("go")
    assert len(calls) == 2
    assert result.state["step_budget"]["tool_calls"] == 2 and result.state["step_budget"]["cancelled"] == 1


def test_a_retried_call_counts_once():
    attempts: list[int] = []

    @tool
    def flaky(q: int) -> str:
        """Fails once, then works.

        Args:
            q: anything.
        """
        attempts.append(q)
        if len(attempts) == 1:
            raise RuntimeError("temporary")
        return "ok"

    guard = ToolGuard(backoff=Backoff(max_attempts=3, sleep=Sleeps(), random=lambda: 0.5))
    model = ScriptedModel([Reply.tool("flaky", {"q": 1}), Reply.answer("fine")])
    agent = Agent(model=model, tools=[flaky], hooks=[StepBudget(1), guard.hooks()], callback_handler=None)
    result = agent("go")
    assert attempts == [1, 1]  # retried by the guard
    assert result.state["step_budget"] == {"budget": 1, "tool_calls": 1, "cancelled": 0, "exhausted": False}


def test_budget_from_the_record_and_the_metrics(capsys):
    settings = AgentSettings.from_record(records()["invoice-validator"])  # tier 3: budget 3
    lookup, calls = counting_tool()
    budget = StepBudget.from_settings(settings)
    agent = Agent(
        model=ScriptedModel([Reply.tool("lookup", {"q": 1})]),
        tools=[lookup],
        hooks=[budget],
        callback_handler=None,
    )
    agent("go")
    assert budget.budget == 3 and len(calls) == 3
    out = capsys.readouterr().out
    assert emitted(out, "ToolCalls") == [3.0]
    assert emitted(out, "ToolCallsCancelled") == [2.0]
    assert emitted(out, "StepBudgetExhausted") == [1.0]
    doc = next(d for d in emf_documents(out) if "ToolCalls" in d)
    assert doc["_aws"]["CloudWatchMetrics"][0]["Namespace"] == NAMESPACE
    assert doc["AgentId"] == "invoice-validator" and doc["Tier"] == "3"


@pytest.mark.parametrize("bad", [0, 101, 2.5, True, "3"])
def test_invalid_budgets_are_refused(bad):
    with pytest.raises(FieldError) as info:
        StepBudget(bad)
    assert info.value.field == "step_budget"


def test_undeclared_metric_names_are_refused():
    with pytest.raises(ValueError, match="METRIC_NAMES"):
        GuardMetrics("a-b", 1).emit({"NotAMetric": 1})
