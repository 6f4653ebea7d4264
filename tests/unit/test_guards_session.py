"""Session end: stop_runtime_session once, safe to call twice (Stubber against the real model)."""

from __future__ import annotations

import pytest
from botocore.stub import ANY, Stubber

from agentcore_finops.errors import FieldError
from agentcore_finops.guards import SessionEnder, end_session
from agentcore_finops.guards.backoff import Backoff
from tests.unit.guards_support import RUNTIME_ARN, Sleeps, aws_client

SESSION = "a" * 20 + "-" + "b" * 20  # runtime session ids are 33-256 characters


def test_stops_the_session_once_even_when_called_twice():
    client = aws_client("bedrock-agentcore")
    ender = SessionEnder(RUNTIME_ARN, qualifier="DEFAULT", client=client)
    with Stubber(client) as stub:
        stub.add_response(
            "stop_runtime_session",
            {"runtimeSessionId": SESSION, "statusCode": 200},
            {
                "agentRuntimeArn": RUNTIME_ARN,
                "runtimeSessionId": SESSION,
                "qualifier": "DEFAULT",
                "clientToken": ANY,
            },
        )
        assert ender.end(SESSION) is True
        assert ender.end(SESSION) is False  # no second call (the Stubber would fail on it)
        stub.assert_no_pending_responses()


def test_a_session_already_gone_counts_as_stopped_and_the_token_is_stable():
    client = aws_client("bedrock-agentcore")
    with Stubber(client) as stub:
        stub.add_client_error("stop_runtime_session", "ResourceNotFoundException", "no such session", 404)
        assert end_session(RUNTIME_ARN, SESSION, client=client) is False
    tokens = []
    client.meta.events.register(
        "provide-client-params.bedrock-agentcore.StopRuntimeSession",
        lambda params, **kw: tokens.append(params["clientToken"]),
    )
    for _ in range(2):
        with Stubber(client) as stub:
            stub.add_response("stop_runtime_session", {"statusCode": 200})
            end_session(RUNTIME_ARN, SESSION, client=client)
    assert len(tokens) == 2 and len(set(tokens)) == 1 and len(tokens[0]) >= 33


def test_throttling_is_retried_and_other_errors_raise():
    client = aws_client("bedrock-agentcore")
    ender = SessionEnder(RUNTIME_ARN, client=client, backoff=Backoff(max_attempts=3, sleep=Sleeps()))
    with Stubber(client) as stub:
        stub.add_client_error("stop_runtime_session", "ThrottlingException", "slow", 429)
        stub.add_response("stop_runtime_session", {"statusCode": 200})
        assert ender.end(SESSION) is True
    other = "c" * 40
    with Stubber(client) as stub:
        stub.add_client_error("stop_runtime_session", "AccessDeniedException", "no", 403)
        with pytest.raises(Exception, match="AccessDenied"):
            ender.end(other)
    assert other not in ender.stopped


@pytest.mark.parametrize(
    ("field", "arn", "session"),
    [("agent_runtime_arn", "not-an-arn", SESSION), ("runtime_session_id", RUNTIME_ARN, "too-short")],
)
def test_bad_input_names_the_field(field, arn, session):
    with pytest.raises(FieldError) as info:
        SessionEnder(arn, client=object()).end(session)
    assert info.value.field == field


def test_the_guard_is_the_only_retry_layer(monkeypatch):
    # botocore's own retries would multiply the guard's Backoff (8 x 4 requests for one throttled call).
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    ender = SessionEnder(RUNTIME_ARN)
    assert ender.client.meta.config.retries == {"mode": "standard", "total_max_attempts": 1}
