"""Tier router under bad input and faults (issue #12): bounded retries with full jitter inside a
deadline, stale-while-error config reads, sizes that count every content block, no request text in
any log line, and malformed table records that fail naming the field."""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass

import pytest
from botocore.exceptions import ConnectionClosedError, EndpointConnectionError, ReadTimeoutError

from tier_router import handler
from tier_router.contract import AgentRecordError, Limits, RequestTooLarge, parse_record, parse_request
from tier_router.settings import Settings

from .conftest import RECORDS, TABLE, Context, converse_response, emitted, event, item, user
from .test_handler import FailingTable, run

SECRET = "the customer's card number is 4111 1111 1111 1111"


# -- retries and the deadline ----------------------------------------------------------------------


TRANSIENT_CODES = {
    "ThrottlingException": 429,
    "ServiceUnavailableException": 503,
    "InternalServerException": 500,
    "ModelTimeoutException": 408,
    "ModelNotReadyException": 429,
}
CONNECTION_FAULTS = {
    "EndpointConnectionError": EndpointConnectionError(endpoint_url="https://bedrock-runtime"),
    "ConnectionClosedError": ConnectionClosedError(endpoint_url="https://bedrock-runtime"),
    "ReadTimeoutError": ReadTimeoutError(endpoint_url="https://bedrock-runtime"),
}


class ConnectionFaults:
    """A bedrock-runtime client that fails ``n`` times with ``fault`` and then answers."""

    def __init__(self, fault: Exception, n: int):
        self.fault, self.left, self.calls = fault, n, 0

    def converse(self, **_):
        self.calls += 1
        if self.left:
            self.left -= 1
            raise self.fault
        return converse_response("done")


@pytest.mark.parametrize("code", TRANSIENT_CODES)
def test_every_transient_bedrock_error_is_retried(make_router, bedrock, sleeps, code):
    """Reproduction (issue #12): InternalServerException and ModelTimeoutException were not retried."""
    _client, stub = bedrock
    for _ in range(2):
        stub.add_client_error("converse", service_error_code=code, http_status_code=TRANSIENT_CODES[code])
    stub.add_response("converse", converse_response("done"))
    out = run(make_router(), event("email-classifier", mode="invoke"))
    assert out["status"] == 200 and out["output"]["attempts"] == 3
    assert sleeps.delays == [0.25, 0.5]


@pytest.mark.parametrize("name", CONNECTION_FAULTS)
def test_connection_errors_are_retried(make_router, sleeps, name):
    client = ConnectionFaults(CONNECTION_FAULTS[name], 2)
    router = make_router()
    router._bedrock = client
    out = run(router, event("email-classifier", mode="invoke"))
    assert out["status"] == 200 and client.calls == 3 and sleeps.delays == [0.25, 0.5]


@pytest.mark.parametrize("code", [c for c in TRANSIENT_CODES if c != "ThrottlingException"])
def test_a_model_that_never_answers_is_a_503_that_names_the_fault(make_router, bedrock, capsys, code):
    """Reproduction (issue #12): ServiceUnavailableException told the caller to raise a quota."""
    _client, stub = bedrock
    for _ in range(4):
        stub.add_client_error("converse", service_error_code=code, http_status_code=TRANSIENT_CODES[code])
    out = run(make_router(), event("refund-specialist", mode="invoke"))
    assert out["status"] == 503 and out["error"]["type"] == "ModelUnavailable"
    assert out["error"]["code"] == code and out["error"]["attempts"] == 4
    assert code in out["error"]["message"] and "quota" not in out["error"]["message"]
    values = emitted(capsys.readouterr().out)
    assert values["ModelUnavailable"] == [1.0] and "ModelThrottles" not in values


def test_retries_stop_at_the_deadline_below_the_remaining_time(make_router, bedrock, sleeps):
    @dataclass
    class ShortContext(Context):
        def get_remaining_time_in_millis(self) -> int:
            return 2_400  # 0.4 s after the 2 s reserve

    _client, stub = bedrock
    for _ in range(2):
        stub.add_client_error("converse", service_error_code="InternalServerException", http_status_code=500)
    out = run(make_router(), event("email-classifier", mode="invoke"), ShortContext())
    # Sleeps of 0.25 then 0.5 s: the second would end past 0.4 s, so it is not made.
    assert out["status"] == 503 and out["error"]["attempts"] == 2 and sleeps.delays == [0.25]


def test_the_configured_deadline_bounds_the_retries(make_router, bedrock, sleeps):
    _client, stub = bedrock
    stub.add_client_error("converse", service_error_code="ThrottlingException", http_status_code=429)
    router = make_router(Settings(table_name=TABLE, converse_deadline_seconds=1.0, converse_max_attempts=10))
    router._clock = iter([0.0, 0.9]).__next__  # the first attempt took 0.9 s
    out = run(router, event("email-classifier", mode="invoke"))
    assert out["status"] == 429 and out["error"]["attempts"] == 1 and sleeps.delays == []


# -- config reads: stale-while-error -----------------------------------------------------------------


def test_a_cached_record_is_served_when_the_table_fails_after_the_ttl(make_router, clock, capsys):
    """Reproduction (issue #12): any DynamoDB error after the cache TTL failed the request."""
    router = make_router(Settings(table_name=TABLE, config_ttl_seconds=60))
    assert run(router, event("email-classifier"))["status"] == 200
    router.store._client = FailingTable()
    clock.now += 61
    out = run(router, event("email-classifier"))
    assert (
        out["status"] == 200
        and out["decision"]["config_version"] == RECORDS["email-classifier"]["config_version"]
    )
    assert run(router, event("no-such-agent"))["status"] == 404  # unknown stays unknown
    values = emitted(capsys.readouterr().out)
    assert values["ConfigStaleReads"] == [1.0]


# -- sizes count every content block --------------------------------------------------------------


def _blocks(*blocks) -> dict:
    return {
        "agent_id": "email-classifier",
        "messages": [{"role": "user", "content": [{"text": "hi"}, *blocks]}],
    }


def _doc(n: int) -> dict:
    return {
        "document": {"format": "pdf", "name": "d", "source": {"bytes": base64.b64encode(b"x" * n).decode()}}
    }


def _image(n: int) -> dict:
    return {"image": {"format": "png", "source": {"bytes": base64.b64encode(b"x" * n).decode()}}}


def _tool_result(text: str) -> dict:
    return {"toolResult": {"toolUseId": "t1", "content": [{"text": text}]}}


OVERSIZE = {
    "a 2M-character tool result": (
        _blocks(_tool_result("x" * 2_000_000)),
        "messages",
        "MAX_INPUT_CHARS",
    ),
    "a tool result of JSON": (
        _blocks({"toolResult": {"toolUseId": "t1", "content": [{"json": {"rows": ["x" * 100] * 5000}}]}}),
        "messages",
        "MAX_INPUT_CHARS",
    ),
    "a 5 MB document": (_blocks(_doc(5_000_000)), "messages[0].content[1].document", "MAX_DOCUMENT_BYTES"),
    "a 4 MB image": (_blocks(_image(4_000_000)), "messages[0].content[1].image", "MAX_IMAGE_BYTES"),
    "a document inside a tool result": (
        _blocks({"toolResult": {"toolUseId": "t1", "content": [_doc(5_000_000)]}}),
        "messages[0].content[1].toolResult.content[0].document",
        "MAX_DOCUMENT_BYTES",
    ),
    "media over the total": (_blocks(_doc(4_000_000), _doc(4_000_000)), "messages", "MAX_MEDIA_BYTES"),
    "a huge tool call input": (
        {
            "agent_id": "email-classifier",
            "messages": [
                user("go"),
                {
                    "role": "assistant",
                    "content": [{"toolUse": {"toolUseId": "t", "name": "x", "input": {"q": "x" * 500_000}}}],
                },
            ],
        },
        "messages",
        "MAX_INPUT_CHARS",
    ),
}


@pytest.mark.parametrize("case", OVERSIZE)
def test_every_content_block_counts_toward_the_size_limits(case):
    """Reproduction (issue #12): a 2M-character toolResult or a 4 MB document counted as 2 characters."""
    evt, field, setting = OVERSIZE[case]
    with pytest.raises(RequestTooLarge) as info:
        parse_request(evt)
    assert info.value.field == field and info.value.setting == setting and info.value.status == 413


def test_limits_per_block_type_are_settings():
    evt = _blocks(_doc(1_000))
    with pytest.raises(RequestTooLarge, match="MAX_DOCUMENT_BYTES"):
        parse_request(evt, Limits(max_document_bytes=999))
    assert parse_request(evt, Limits(max_document_bytes=1_000))
    s = Settings.from_env({"CONFIG_TABLE_NAME": "t", "MAX_DOCUMENT_BYTES": "999", "MAX_MEDIA_BYTES": "5"})
    assert s.limits.max_document_bytes == 999 and s.limits.max_media_bytes == 5


def test_a_long_tool_result_is_a_long_input_for_escalation(make_router):
    router = make_router()
    out = run(router, {**_blocks(_tool_result("log line\n" * 2_000)), "agent_id": "refund-specialist"})
    assert out["decision"]["escalated"] and out["decision"]["escalation_reason"] == "long_input"


def test_each_block_is_weighed_once_per_request(monkeypatch):
    """The size check and the escalation signal share one weighing of each block (the hot path)."""
    from tier_router import contract

    evt = _blocks(_tool_result("log line\n" * 200), {"toolUse": {"toolUseId": "t", "name": "x", "input": {}}})
    expected = sum(contract.block_size(b).chars for m in parse_request(evt).messages for b in m["content"])
    weighed = []
    real = contract.block_size
    monkeypatch.setattr(contract, "block_size", lambda b: weighed.append(next(iter(b))) or real(b))
    request = parse_request(evt)
    assert request.input_chars == expected > 1_000
    in_parse, weighed[:] = list(weighed), []
    for message in request.messages:  # one weighing of every block, for comparison
        for block in message["content"]:
            contract.block_size(block)
    assert sorted(in_parse) == sorted(weighed)


# -- no request text in the logs -------------------------------------------------------------------


LEAKY_EVENTS = {
    "bad role": {"agent_id": "email-classifier", "messages": [{"role": SECRET, "content": "x"}]},
    "empty block": {
        "agent_id": "email-classifier",
        "messages": [{"role": "user", "content": [{"text": SECRET}, {"text": " "}]}],
    },
    "bad trace id": {**event("email-classifier", SECRET), "trace_id": SECRET * 20},
    "unknown key": {**event("email-classifier", SECRET), SECRET: 1},
    "too large": {**event("email-classifier", SECRET + "x" * 400_000)},
    "unknown agent": event("no-such-agent", SECRET),
}


@pytest.mark.parametrize("case", LEAKY_EVENTS)
def test_a_refused_request_logs_no_prompt_text(make_router, caplog, capsys, case):
    """Reproduction (issue #12): a refused request logged up to 57 characters of the prompt at INFO."""
    caplog.set_level(logging.DEBUG)
    out = run(make_router(), LEAKY_EVENTS[case])
    assert out["status"] in (400, 404, 413)
    logged = (
        capsys.readouterr().out
        + capsys.readouterr().err
        + "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    )
    assert "4111 1111" not in logged and "card number" not in logged
    assert any(r.getMessage() == "refused" for r in caplog.records)


def test_a_request_bedrock_rejects_logs_no_prompt_text(make_router, bedrock, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    _client, stub = bedrock
    stub.add_client_error(
        "converse", service_error_code="ValidationException", service_message=f"bad input: {SECRET}"
    )
    out = run(make_router(), event("email-classifier", SECRET, mode="invoke"))
    assert out["status"] == 400
    logged = capsys.readouterr().out + "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    # Whole phrases: a random request id or timestamp can contain "4111", never "4111 1111".
    assert "4111 1111" not in logged and "card number" not in logged


# -- malformed table records -----------------------------------------------------------------------


BAD_RECORDS = {
    "max_tokens missing": ({"max_tokens": None}, "max_tokens", "missing"),
    "max_tokens a string": ({"max_tokens": "2048"}, "max_tokens", "invalid value '2048'"),
    "max_tokens zero": ({"max_tokens": 0}, "max_tokens", "invalid value 0"),
    "model_id missing": ({"model_id": None}, "model_id", "missing"),
    "model_id a number": ({"model_id": 7}, "model_id", "invalid value 7"),
    "tier 4": ({"tier": 4}, "tier", "invalid value 4"),
    "step_budget a float": ({"step_budget": 1.5}, "step_budget", "invalid value 1.5"),
    "tools a string": ({"tools": "get_order"}, "tools", "invalid value 'get_order'"),
    "async a string": ({"async": "yes"}, "async", "invalid value 'yes'"),
    "sample rate above 1": ({"trace_sample_rate": 2}, "trace_sample_rate", "invalid value 2"),
    "escalation model a list": ({"escalation_model_id": ["x"]}, "escalation_model_id", "invalid value ['x']"),
    "config_version missing": ({"config_version": None}, "config_version", "missing"),
}


@pytest.mark.parametrize("case", BAD_RECORDS)
def test_a_malformed_record_names_the_field(case):
    change, field, problem = BAD_RECORDS[case]
    record = {k: v for k, v in {**RECORDS["refund-specialist"], **change}.items() if v is not None}
    with pytest.raises(AgentRecordError) as info:
        parse_record(record)
    assert info.value.field == field and problem in str(info.value) and "refund-specialist" in str(info.value)


@pytest.mark.filterwarnings("ignore:No application metrics to publish")
def test_a_record_missing_max_tokens_fails_the_invocation_naming_the_field(make_router, ddb):
    """Reproduction (issue #12): a table record missing max_tokens raised KeyError."""
    record = {k: v for k, v in RECORDS["refund-specialist"].items() if k != "max_tokens"}
    ddb.put_item(TableName=TABLE, Item=item(record))
    router = make_router()
    with pytest.raises(AgentRecordError, match=r"'refund-specialist': max_tokens: missing"):
        run(router, event("refund-specialist"))
    assert run(router, event("email-classifier"))["status"] == 200  # the other agents are unaffected


def test_every_record_of_the_fleet_is_valid():
    for record in RECORDS.values():
        assert parse_record(record) == record


# -- malformed events: refused before any AWS call ------------------------------------------------


MALFORMED = {
    "not an object": ["email-classifier"],
    "null": None,
    "a string": "route email-classifier",
    "missing agent_id": {"messages": [user("hi")]},
    "agent_id upper case": event("Email_Classifier"),
    "agent_id a number": event(7),
    "unknown key": {**event("email-classifier"), "model_id": "anthropic.claude-opus"},
    "misspelled key": {**event("email-classifier"), "maxTokens": 99999},
    "mode batch": event("email-classifier", mode="batch"),
    "complexity medium": event("email-classifier", complexity="medium"),
    "max_tokens zero": event("email-classifier", max_tokens=0),
    "max_tokens a string": event("email-classifier", max_tokens="4096"),
    "no messages": {"agent_id": "email-classifier", "messages": []},
    "assistant first": {"agent_id": "email-classifier", "messages": [{"role": "assistant", "content": "x"}]},
    "unknown block": {
        "agent_id": "email-classifier",
        "messages": [{"role": "user", "content": [{"file": {}}]}],
    },
    "three cache points": {
        "agent_id": "email-classifier",
        "messages": [
            {"role": "user", "content": [{"text": "a"}] + [{"cachePoint": {"type": "default"}}] * 3}
        ],
    },
    "tool without schema": {**event("email-classifier"), "tool_schemas": [{"toolSpec": {"name": "x"}}]},
    "oversize tool result": _blocks(_tool_result("x" * 400_001)),
    "oversize document": _blocks(_doc(4_600_000)),
}

# The field each refusal names (the caller's fix starts there).
MALFORMED_FIELD = {
    "not an object": "event",
    "null": "event",
    "a string": "event",
    "missing agent_id": "agent_id",
    "agent_id upper case": "agent_id",
    "agent_id a number": "agent_id",
    "unknown key": "model_id",
    "misspelled key": "maxTokens",
    "mode batch": "mode",
    "complexity medium": "complexity",
    "max_tokens zero": "max_tokens",
    "max_tokens a string": "max_tokens",
    "no messages": "messages",
    "assistant first": "messages[0].role",
    "unknown block": "messages[0].content[0].file",
    "three cache points": "messages",
    "tool without schema": "tool_schemas[0].toolSpec.inputSchema",
    "oversize tool result": "messages",
    "oversize document": "messages[0].content[1].document",
}


class NoCalls:
    """A client that records any call and refuses it."""

    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        def call(**kwargs):
            self.calls.append(name)
            raise AssertionError(f"unexpected AWS call {name}")

        return call


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_event_is_refused_before_any_aws_call(case):
    ddb, bedrock = NoCalls(), NoCalls()
    router = handler.build_router(
        Settings(table_name=TABLE), dynamodb=ddb, bedrock=bedrock, sleep=lambda _s: None
    )
    out = run(router, MALFORMED[case])
    assert out["status"] in (400, 413) and out["error"]["type"] in ("InvalidRequest", "RequestTooLarge")
    assert out["error"]["field"] == MALFORMED_FIELD[case]
    assert ddb.calls == [] and bedrock.calls == []
