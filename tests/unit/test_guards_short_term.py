"""Batched short-term memory, checked with botocore's Stubber against the real bedrock-agentcore model."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from botocore.exceptions import ClientError
from botocore.stub import ANY, Stubber
from strands import Agent, tool

from agentcore_finops.errors import FieldError
from agentcore_finops.guards import MemoryWriteError, ShortTermMemory, TurnRecorder
from agentcore_finops.guards.backoff import Backoff
from agentcore_finops.guards.short_term import MAX_TEXT_CHARS, turn_payload
from agentcore_finops.guards.testing import Reply, ScriptedModel
from tests.unit.guards_support import MEMORY_ID, Sleeps, aws_client

NOW = 1_800_000_000.0
WHEN = datetime.fromtimestamp(NOW, tz=UTC)
SESSION = "session-0001"


def event_response(request: dict, n: int = 1) -> dict:
    return {
        "event": {
            "memoryId": request["memoryId"],
            "actorId": request["actorId"],
            "sessionId": request["sessionId"],
            "eventId": f"{n}#abc123",
            "eventTimestamp": request["eventTimestamp"],
            "payload": request["payload"],
        }
    }


def memory(client, **kwargs) -> ShortTermMemory:
    tokens = iter(f"turn-token-{i:04d}-0000000000000000000000" for i in range(1000))
    kwargs.setdefault("backoff", Backoff(max_attempts=3, sleep=Sleeps(), random=lambda: 0.5))
    return ShortTermMemory(
        MEMORY_ID, "user-42", client=client, clock=lambda: NOW, client_token=lambda: next(tokens), **kwargs
    )


@tool
def get_metrics(service: str) -> str:
    """Error rate of a service.

    Args:
        service: the service name.
    """
    return f"{service}: 0.2% errors"


def turn_items(question: str, answer: str, call: str) -> list[dict]:
    return [
        {"conversational": {"role": "USER", "content": {"text": question}}},
        {"blob": {"toolUse": {"toolUseId": call, "name": "get_metrics", "input": {"service": "api"}}}},
        {
            "blob": {
                "toolResult": {
                    "toolUseId": call,
                    "status": "success",
                    "content": [{"text": "api: 0.2% errors"}],
                }
            }
        },
        {"conversational": {"role": "ASSISTANT", "content": {"text": answer}}},
    ]


def test_one_create_event_per_turn_carrying_every_message_of_the_turn():
    client = aws_client("bedrock-agentcore")
    model = ScriptedModel(
        [
            Reply.tool("get_metrics", {"service": "api"}),
            Reply.answer("The API is healthy."),
            Reply.tool("get_metrics", {"service": "api"}),
            Reply.answer("Still healthy."),
        ]
    )
    recorder = TurnRecorder(memory(client), SESSION)
    agent = Agent(model=model, tools=[get_metrics], hooks=[recorder], callback_handler=None)
    with Stubber(client) as stub:
        for question, answer, call, token in [
            ("How is the API?", "The API is healthy.", "call-1-0", "turn-token-0000-0000000000000000000000"),
            ("And now?", "Still healthy.", "call-3-0", "turn-token-0001-0000000000000000000000"),
        ]:
            expected = {
                "memoryId": MEMORY_ID,
                "actorId": "user-42",
                "sessionId": SESSION,
                "eventTimestamp": WHEN,
                "payload": turn_items(question, answer, call),
                "clientToken": token,
            }
            stub.add_response("create_event", event_response(expected), expected)
        agent("How is the API?")
        assert len(recorder.last_events) == 1 and len(recorder.last_events[0]["payload"]) == 4
        agent("And now?")
        stub.assert_no_pending_responses()  # exactly two calls for two turns (Stubber fails on a third)


def test_a_throttled_write_is_retried_with_the_same_client_token():
    client = aws_client("bedrock-agentcore")
    sleeps = Sleeps()
    mem = memory(client, backoff=Backoff(max_attempts=3, base_seconds=0.2, sleep=sleeps, random=lambda: 1.0))
    messages = [
        {"role": "user", "content": [{"text": "hi"}]},
        {"role": "assistant", "content": [{"text": "hello"}]},
    ]
    request = {
        "memoryId": MEMORY_ID,
        "actorId": "user-42",
        "sessionId": SESSION,
        "eventTimestamp": WHEN,
        "payload": turn_payload(messages),
        "clientToken": "turn-token-0000-0000000000000000000000",  # the same on every attempt
    }
    with Stubber(client) as stub:
        stub.add_client_error("create_event", "ThrottledException", "slow down", 429, expected_params=request)
        stub.add_client_error("create_event", "ServiceException", "oops", 500, expected_params=request)
        stub.add_response("create_event", event_response(request), request)
        events = mem.write_turn(SESSION, messages)
        stub.assert_no_pending_responses()
    assert len(events) == 1
    assert sleeps.delays == [0.2, 0.4]  # full jitter with random()=1.0 -> base * 2**retry


def test_after_the_last_attempt_the_turn_is_not_dropped():
    client = aws_client("bedrock-agentcore")
    mem = memory(client)
    messages = [{"role": "user", "content": [{"text": "remember me"}]}]
    with Stubber(client) as stub:
        for _ in range(3):
            stub.add_client_error("create_event", "ThrottledException", "slow down", 429)
        with pytest.raises(MemoryWriteError) as info:
            mem.write_turn(SESSION, messages)
    error = info.value
    assert error.attempts == 3 and error.operation == "create_event"
    assert error.request["payload"] == [
        {"conversational": {"role": "USER", "content": {"text": "remember me"}}}
    ]
    assert isinstance(error.error, ClientError)


def test_a_fallback_receives_the_failed_turn_instead_of_an_exception():
    client = aws_client("bedrock-agentcore")
    failures: list[MemoryWriteError] = []
    mem = memory(client, on_failure=failures.append)
    with Stubber(client) as stub:
        stub.add_client_error("create_event", "ValidationException", "bad", 400)  # not retryable: one try
        assert mem.write_turn(SESSION, [{"role": "user", "content": [{"text": "x"}]}]) == []
        stub.assert_no_pending_responses()
    assert len(failures) == 1 and failures[0].attempts == 1


def test_a_failed_write_raises_out_of_the_agent_call():
    client = aws_client("bedrock-agentcore")
    agent = Agent(
        model=ScriptedModel([Reply.answer("ok")]),
        hooks=[TurnRecorder(memory(client, backoff=Backoff(max_attempts=1)), SESSION)],
        callback_handler=None,
    )
    with Stubber(client) as stub:
        stub.add_client_error("create_event", "AccessDeniedException", "no", 403)
        with pytest.raises(MemoryWriteError):
            agent("hello")


def test_payload_mapping_and_limits():
    long = "x" * (MAX_TEXT_CHARS + 10)
    items = turn_payload(
        [
            {"role": "user", "content": [{"text": long}, {"text": "  "}, {"image": {"format": "png"}}]},
            {
                "role": "user",
                "content": [
                    {"toolResult": {"toolUseId": "t", "status": "error", "content": [{"json": {"a": 1}}]}}
                ],
            },
        ]
    )
    assert len(items) == 2
    assert len(items[0]["conversational"]["content"]["text"]) == MAX_TEXT_CHARS
    assert items[1] == {
        "blob": {"toolResult": {"toolUseId": "t", "status": "error", "content": [{"text": '{"a": 1}'}]}}
    }


def test_a_turn_over_100_items_is_split_into_as_few_events_as_needed():
    client = aws_client("bedrock-agentcore")
    mem = memory(client)
    messages = [{"role": "user", "content": [{"text": f"m{i}"}]} for i in range(150)]
    requests = mem.requests(SESSION, messages)
    assert [len(r["payload"]) for r in requests] == [100, 50]
    assert len({r["clientToken"] for r in requests}) == 2
    with Stubber(client) as stub:
        for r in requests:
            stub.add_response("create_event", event_response(r), {**r, "clientToken": ANY})
        assert len(mem.write_turn(SESSION, messages)) == 2


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [("memory_id", {"memory_id": "short"}), ("actor_id", {"actor_id": "-bad actor"})],
)
def test_bad_settings_name_the_field(field, kwargs):
    args = {"memory_id": MEMORY_ID, "actor_id": "user-1", **kwargs}
    with pytest.raises(FieldError) as info:
        ShortTermMemory(args["memory_id"], args["actor_id"], client=object())
    assert info.value.field == field


def test_bad_session_id_names_the_field():
    with pytest.raises(FieldError) as info:
        memory(object()).requests("bad session!", [{"role": "user", "content": [{"text": "x"}]}])
    assert info.value.field == "session_id"
