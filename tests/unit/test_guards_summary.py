"""Rolling summary: the trigger, what is kept verbatim, and the utility-model call."""

from __future__ import annotations

import pytest
from botocore.stub import Stubber
from strands import Agent, tool

from agentcore_finops.errors import FieldError
from agentcore_finops.guards import BedrockSummarizer, RollingSummary, RollingSummaryManager, split_turns
from agentcore_finops.guards.settings import utility_model_id
from agentcore_finops.guards.summary import SUMMARY_HEADER, estimate_tokens
from agentcore_finops.guards.testing import Reply, ScriptedModel
from tests import tier_defaults
from tests.unit.guards_support import aws_client, emitted, records


class FakeSummarizer:
    def __init__(self):
        self.calls: list[tuple[str | None, list]] = []

    def __call__(self, previous, messages):
        self.calls.append((previous, list(messages)))
        return f"summary #{len(self.calls)} of {len(messages)} messages"


def turn(n: int, with_tool: bool = False) -> list[dict]:
    messages = [{"role": "user", "content": [{"text": f"question {n}"}]}]
    if with_tool:
        messages += [
            {
                "role": "assistant",
                "content": [{"toolUse": {"toolUseId": f"t{n}", "name": "lookup", "input": {}}}],
            },
            {"role": "user", "content": [{"toolResult": {"toolUseId": f"t{n}", "content": [{"text": "r"}]}}]},
        ]
    messages.append({"role": "assistant", "content": [{"text": f"answer {n}"}]})
    return messages


def history(turns: int) -> list[dict]:
    return [m for n in range(1, turns + 1) for m in turn(n, with_tool=n % 2 == 0)]


def test_turns_keep_tool_calls_with_their_results():
    turns = split_turns(history(4))
    assert [len(t) for t in turns] == [2, 4, 2, 4]
    assert all(t[0]["content"][0]["text"].startswith("question") for t in turns)


def test_no_summary_until_the_history_exceeds_n_turns():
    summarize = FakeSummarizer()
    rolling = RollingSummary(summarize, keep_turns=3)
    messages = history(3)
    assert not rolling.due(messages) and not rolling.roll(messages)
    assert summarize.calls == [] and messages == history(3)


def test_older_turns_become_one_summary_and_the_last_n_stay_verbatim():
    summarize = FakeSummarizer()
    rolling = RollingSummary(summarize, keep_turns=2)
    messages = history(5)
    assert rolling.due(messages) and rolling.roll(messages)
    assert len(summarize.calls) == 1
    previous, folded = summarize.calls[0]
    assert previous is None and folded == history(3)  # turns 1-3 (8 messages) folded
    assert messages[1:] == history(5)[9:]  # turns 4 and 5 verbatim (apart from the summary block)
    first = messages[0]
    assert first["role"] == "user"
    assert first["content"][0] == {"text": SUMMARY_HEADER + "summary #1 of 8 messages"}
    assert first["content"][1:] == [{"text": "question 4"}]
    roles = [m["role"] for m in messages]
    assert roles == ["user", "assistant"] * (len(roles) // 2)  # still alternating, as Converse requires

    # the next roll passes the previous summary on and strips the old block
    messages += turn(6)
    assert rolling.roll(messages)
    previous, folded = summarize.calls[1]
    assert previous == "summary #1 of 8 messages"
    assert folded[0] == {"role": "user", "content": [{"text": "question 4"}]}
    texts = [b.get("text", "") for m in messages for b in m["content"]]
    assert [t for t in texts if t.startswith(SUMMARY_HEADER)] == [
        SUMMARY_HEADER + "summary #2 of 4 messages"
    ]  # turn 4 folded


def test_a_token_estimate_can_trigger_before_the_turn_count():
    summarize = FakeSummarizer()
    rolling = RollingSummary(summarize, keep_turns=10, max_history_tokens=50)
    messages = [
        {"role": "user", "content": [{"text": "a" * 400}]},
        {"role": "assistant", "content": [{"text": "b" * 400}]},
        {"role": "user", "content": [{"text": "latest"}]},
        {"role": "assistant", "content": [{"text": "ok"}]},
    ]
    assert estimate_tokens(messages) > 50
    assert rolling.due(messages) and rolling.roll(messages)
    assert len(summarize.calls) == 1 and messages[0]["content"][-1] == {"text": "latest"}


def test_a_failed_summary_leaves_the_history_unchanged():
    def broken(previous, messages):
        raise RuntimeError("model down")

    rolling = RollingSummary(broken, keep_turns=1)
    messages = history(3)
    with pytest.raises(RuntimeError):
        rolling.roll(messages)
    assert messages == history(3)


def test_the_manager_on_a_real_agent_keeps_context_from_growing(capsys):
    from agentcore_finops.guards.metrics import GuardMetrics

    @tool
    def lookup(q: str) -> str:
        """Look up.

        Args:
            q: query.
        """
        return "found " + q

    summarize = FakeSummarizer()
    manager = RollingSummaryManager(summarize, keep_turns=2, metrics=GuardMetrics("doc-specialist", 2))
    model = ScriptedModel([Reply.tool("lookup", {"q": "x"}), Reply.answer("done")])
    model.script = [Reply.tool("lookup", {"q": "x"}), Reply.answer("done")] * 6
    agent = Agent(model=model, tools=[lookup], conversation_manager=manager, callback_handler=None)
    for n in range(6):
        agent(f"task {n}")
    assert len(split_turns(agent.messages)) == 2
    assert manager.summary is not None and len(summarize.calls) == 4  # rolled after turns 3, 4, 5, 6
    last_request = model.requests[-1].messages
    assert last_request[0]["content"][0]["text"].startswith(SUMMARY_HEADER)
    # two kept turns of 4 messages, then this turn's prompt, tool call and result (23 without the summary)
    assert len(last_request) == 2 * 4 + 3
    assert emitted(capsys.readouterr().out, "ConversationSummaries") == [1.0] * 4


def test_bedrock_summarizer_uses_the_utility_model_through_converse():
    model_id = utility_model_id(records())
    assert model_id == tier_defaults.model(3)
    assert (
        utility_model_id(tier_defaults={"3": {"model_id": "amazon.nova-lite-v1:0"}})
        == "amazon.nova-lite-v1:0"
    )
    client = aws_client("bedrock-runtime")
    summarizer = BedrockSummarizer(model_id, client=client, max_tokens=300)
    with Stubber(client) as stub:
        stub.add_response(
            "converse",
            {
                "output": {
                    "message": {"role": "assistant", "content": [{"text": "User asked about the API."}]}
                },
                "stopReason": "end_turn",
                "usage": {"inputTokens": 50, "outputTokens": 8, "totalTokens": 58},
                "metrics": {"latencyMs": 100},
            },
            {
                "modelId": model_id,
                "system": [{"text": summarizer.system_prompt}],
                "messages": [
                    {
                        "role": "user",
                        "content": [
                            {
                                "text": "Previous summary:\nearlier\n\nTranscript:\n"
                                "user: question 1\nassistant: answer 1"
                            }
                        ],
                    }
                ],
                "inferenceConfig": {"maxTokens": 300, "temperature": 0},
            },
        )
        assert summarizer("earlier", turn(1)) == "User asked about the API."


@pytest.mark.parametrize("kwargs", [{"keep_turns": 0}, {"max_history_tokens": 0}])
def test_bad_settings(kwargs):
    with pytest.raises(FieldError):
        RollingSummary(FakeSummarizer(), **kwargs)
