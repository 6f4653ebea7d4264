"""tier_router.contract: the event contract, and errors that name the field at fault."""

from __future__ import annotations

import json
from pathlib import Path

import botocore.session
import pytest

from tier_router.contract import (
    CONTENT_BLOCK_TYPES,
    SYSTEM_BLOCK_TYPES,
    Limits,
    RequestError,
    RequestTooLarge,
    parse_request,
)

from .conftest import user

EVENTS = Path(__file__).resolve().parents[3] / "lambda_src" / "tier_router" / "events"
TOOL = {"name": "get_order", "inputSchema": {"json": {"type": "object"}}}


def _event(**fields) -> dict:
    return {"agent_id": "refund-specialist", "messages": [user("Where is order 42?")], **fields}


def _error(event, limits: Limits | None = None) -> RequestError:
    with pytest.raises(RequestError) as info:
        parse_request(event, limits or Limits())
    return info.value


def test_a_minimal_event_routes_and_shorthands_become_converse_blocks():
    request = parse_request(
        {
            "agent_id": "refund-specialist",
            "messages": [{"role": "user", "content": "Where is order 42?"}],
            "system": "You handle refunds.",
            "tool_schemas": [TOOL, {"toolSpec": {**TOOL, "name": "issue_refund"}}],
        }
    )
    assert request.mode == "route" and request.complexity is None and request.max_tokens is None
    assert request.messages == [user("Where is order 42?")]
    assert request.system == [{"text": "You handle refunds."}]
    assert [t["toolSpec"]["name"] for t in request.tool_schemas] == ["get_order", "issue_refund"]
    assert all(set(t) == {"toolSpec"} for t in request.tool_schemas)


def test_the_trace_key_is_the_trace_id_then_the_session_id_then_the_fallback():
    assert parse_request(_event(trace_id="t-1", session_id="s-1")).trace_key("req") == "t-1"
    assert parse_request(_event(session_id="s-1")).trace_key("req") == "s-1"
    assert parse_request(_event()).trace_key("req") == "req"


@pytest.mark.parametrize(
    ("event", "field", "fragment"),
    [
        ({"messages": [user("hi")]}, "agent_id", "missing"),
        (_event(agent_id="Refund_Specialist"), "agent_id", "invalid agent id"),
        (_event(agent_id=7), "agent_id", "invalid agent id"),
        (_event(agentId="x"), "agentId", "unknown field"),
        (_event(mode="batch"), "mode", "'batch'"),
        (_event(complexity="medium"), "complexity", "'medium'"),
        (_event(max_tokens=0), "max_tokens", "0"),
        (_event(max_tokens=True), "max_tokens", "True"),
        (_event(trace_id=""), "trace_id", "invalid value"),
        (_event(session_id="s" * 300), "session_id", "300 characters"),
    ],
)
def test_bad_top_level_fields_are_named(event, field, fragment):
    error = _error(event)
    assert error.field == field and fragment in str(error) and error.status == 400


@pytest.mark.parametrize(
    ("messages", "field"),
    [
        (None, "messages"),
        ([], "messages"),
        ("hello", "messages"),
        ([user("a"), "b"], "messages[1]"),
        (
            [user("a"), {"role": "assistant", "content": "b"}, {"role": "robot", "content": "c"}],
            "messages[2].role",
        ),
        ([user("a"), {"content": "b"}], "messages[1].role"),
        ([user("a"), {"role": "assistant"}], "messages[1].content"),
        ([{"role": "user", "content": []}], "messages[0].content"),
        ([{"role": "user", "content": "   "}], "messages[0].content"),
        ([user("a"), {"role": "assistant", "content": "b", "name": "bot"}], "messages[1].name"),
        ([{"role": "user", "content": [{"text": "a"}, {"text": ""}]}], "messages[0].content[1].text"),
        ([{"role": "user", "content": [{"text": "a"}, {"picture": {}}]}], "messages[0].content[1].picture"),
        ([{"role": "user", "content": [{"text": "a", "image": {}}]}], "messages[0].content[0]"),
        (
            [{"role": "user", "content": [{"text": "a"}, {"cachePoint": {"type": "forever"}}]}],
            "messages[0].content[1].cachePoint",
        ),
        ([{"role": "user", "content": [{"cachePoint": {"type": "default"}}]}], "messages[0].content"),
        ([{"role": "assistant", "content": "I start"}, user("b")], "messages[0].role"),
    ],
)
def test_malformed_messages_name_the_index_and_key(messages, field):
    event = _event(messages=messages) if messages is not None else {"agent_id": "refund-specialist"}
    assert _error(event).field == field


def test_at_most_two_caller_cache_points_in_messages():
    cp = {"cachePoint": {"type": "default"}}
    two = [
        {"role": "user", "content": [{"text": "a"}, cp]},
        {"role": "assistant", "content": [{"text": "b"}, cp]},
    ]
    assert parse_request(_event(messages=two))
    three = [*two, {"role": "user", "content": [{"text": "c"}, cp]}]
    error = _error(_event(messages=three))
    assert error.field == "messages" and "3 cachePoint blocks" in str(error)


@pytest.mark.parametrize(
    ("tools", "field"),
    [
        ({"name": "x"}, "tool_schemas"),
        ([{"name": "bad name!", "inputSchema": {"json": {}}}], "tool_schemas[0].name"),
        ([TOOL, {"toolSpec": {"name": "b"}}], "tool_schemas[1].toolSpec.inputSchema"),
        ([TOOL, TOOL], "tool_schemas[1].name"),
        ([{**TOOL, "inputSchema": {"json": "{}"}}], "tool_schemas[0].inputSchema"),
        ([{**TOOL, "version": 2}], "tool_schemas[0].version"),
        ([{**TOOL, "description": ""}], "tool_schemas[0].description"),
        (["get_order"], "tool_schemas[0]"),
    ],
)
def test_bad_tool_schemas_are_named(tools, field):
    assert _error(_event(tool_schemas=tools)).field == field


def test_system_cache_points_from_the_caller_are_dropped_the_router_places_its_own():
    request = parse_request(
        _event(system=[{"text": "You handle refunds."}, {"cachePoint": {"type": "default"}}])
    )
    assert request.system == [{"text": "You handle refunds."}]
    assert _error(_event(system=[{"image": {}}])).field == "system[0].image"


@pytest.mark.parametrize(
    ("event", "limits", "field", "limit", "setting"),
    [
        (
            _event(messages=[user("a"), {"role": "assistant", "content": "b"}, user("c")]),
            Limits(max_messages=2),
            "messages",
            2,
            "MAX_MESSAGES",
        ),
        (_event(messages=[user("x" * 501)]), Limits(max_input_chars=500), "messages", 500, "MAX_INPUT_CHARS"),
        (_event(system="s" * 101), Limits(max_system_chars=100), "system", 100, "MAX_SYSTEM_CHARS"),
        (
            _event(tool_schemas=[TOOL, {**TOOL, "name": "b"}]),
            Limits(max_tool_schemas=1),
            "tool_schemas",
            1,
            "MAX_TOOL_SCHEMAS",
        ),
    ],
)
def test_an_oversize_request_names_the_field_and_the_limit(event, limits, field, limit, setting):
    error = _error(event, limits)
    assert isinstance(error, RequestTooLarge) and error.status == 413
    assert (error.field, error.limit, error.setting) == (field, limit, setting)
    assert f"limit of {limit:,} ({setting})" in str(error)


def test_exactly_at_the_limit_is_accepted():
    assert parse_request(_event(messages=[user("x" * 500)]), Limits(max_input_chars=500))


def test_the_block_types_match_the_converse_service_model():
    model = botocore.session.get_session().get_service_model("bedrock-runtime")
    assert set(CONTENT_BLOCK_TYPES) == set(model.shape_for("ContentBlock").members)
    assert set(SYSTEM_BLOCK_TYPES) == set(model.shape_for("SystemContentBlock").members)


def test_a_non_object_event_is_refused():
    assert _error(["agent_id"]).field == "event"


@pytest.mark.parametrize("path", sorted(EVENTS.glob("*.json")), ids=lambda p: p.name)
def test_the_sample_events_follow_the_contract(path):
    request = parse_request(json.loads(path.read_text()))
    assert request.agent_id and request.messages
