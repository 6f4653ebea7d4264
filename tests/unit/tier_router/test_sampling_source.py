"""Trace sampling from the AppConfig document (Powertools provider over a stubbed appconfigdata client,
checked against the real service model), with the agent record's rate as the fallback."""

from __future__ import annotations

import io
import json

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters
from botocore.response import StreamingBody
from botocore.stub import Stubber

from tier_router.sampling_source import AppConfigLocation, SamplingSource
from tier_router.settings import Settings

from .conftest import RECORDS, TABLE, Context, event

LOCATION = AppConfigLocation(application="app1234", environment="env5678", profile="prof9012")
DOC = {"version": 1, "tiers": {"1": 0.25, "2": 0.0, "3": 0.03}, "agents": {"email-classifier": 1.0}}


def _body(document) -> StreamingBody:
    data = json.dumps(document).encode() if document is not None else b""
    return StreamingBody(io.BytesIO(data), len(data))


@pytest.fixture
def appconfig():
    """A stubbed appconfigdata client behind Powertools' default AppConfig provider."""
    client = boto3.client("appconfigdata", region_name="us-east-1")
    with Stubber(client) as stub:
        parameters.base.DEFAULT_PROVIDERS["appconfig"] = parameters.AppConfigProvider(
            environment=LOCATION.environment, application=LOCATION.application, boto3_client=client
        )
        yield stub
        stub.assert_no_pending_responses()


def _session(stub) -> None:
    stub.add_response(
        "start_configuration_session",
        {"InitialConfigurationToken": "token-0"},
        {
            "ApplicationIdentifier": LOCATION.application,
            "EnvironmentIdentifier": LOCATION.environment,
            "ConfigurationProfileIdentifier": LOCATION.profile,
        },
    )


def _latest(stub, document, token: str, next_token: str) -> None:
    stub.add_response(
        "get_latest_configuration",
        {
            "Configuration": _body(document),
            "NextPollConfigurationToken": next_token,
            "NextPollIntervalInSeconds": 60,
            "ContentType": "application/json",
        },
        {"ConfigurationToken": token},
    )


def _expire() -> None:
    """What max_age running out does (Powertools keeps its session and last body, drops the value)."""
    parameters.base.DEFAULT_PROVIDERS["appconfig"].clear_cache()


def _route(router, agent_id: str, trace_id: str) -> dict:
    from tier_router import handler

    handler.use_router(router)
    return handler.lambda_handler(event(agent_id, trace_id=trace_id), Context())["decision"]


def test_the_appconfig_document_decides_and_is_read_once_while_cached(make_router, appconfig):
    _session(appconfig)
    _latest(appconfig, DOC, "token-0", "token-1")
    router = make_router(Settings(table_name=TABLE, appconfig=LOCATION, sampling_ttl_seconds=300))
    decisions = [_route(router, "email-classifier", f"t-{i}") for i in range(50)]
    # the document samples this agent at 100% (its record says 3%)
    assert all(d["trace_sampled"] for d in decisions)
    assert {(d["sample_rate"], d["sampling_source"]) for d in decisions} == {(1.0, "appconfig")}
    # the document turns tier 2 off (the record says 10%)
    specialist = [_route(router, "refund-specialist", f"t-{i}") for i in range(50)]
    assert not any(d["trace_sampled"] for d in specialist) and specialist[0]["sample_rate"] == 0.0
    # 100 requests, one session start and one configuration read: the stub holds no more, so a second
    # read would fail and be counted (the source falls back quietly, so count, don't wait for an error)
    assert router.sampling.fetches == 100 and router.sampling.failures == 0


def test_a_new_deployment_is_seen_when_the_cached_document_expires(make_router, appconfig):
    _session(appconfig)
    _latest(appconfig, DOC, "token-0", "token-1")
    flipped = {**DOC, "tiers": {"1": 0.25, "2": 1.0, "3": 0.03}}
    _latest(appconfig, flipped, "token-1", "token-2")
    _latest(appconfig, None, "token-2", "token-3")  # unchanged since the last poll: empty body
    router = make_router(Settings(table_name=TABLE, appconfig=LOCATION, sampling_ttl_seconds=300))
    assert _route(router, "refund-specialist", "t-1")["sample_rate"] == 0.0
    _expire()
    assert _route(router, "refund-specialist", "t-1")["sample_rate"] == 1.0
    _expire()
    assert _route(router, "refund-specialist", "t-1")["sample_rate"] == 1.0  # Powertools keeps the last body


def test_appconfig_failing_falls_back_to_the_record_rate_and_waits_a_ttl_before_retrying(
    make_router, appconfig, clock
):
    appconfig.add_client_error(
        "start_configuration_session", service_error_code="ResourceNotFoundException", http_status_code=404
    )
    _session(appconfig)
    _latest(appconfig, DOC, "token-0", "token-1")
    router = make_router(Settings(table_name=TABLE, appconfig=LOCATION, sampling_ttl_seconds=60))
    d = _route(router, "email-classifier", "t-1")
    assert (d["sampling_source"], d["sample_rate"]) == (
        "agent_config",
        RECORDS["email-classifier"]["trace_sample_rate"],
    )
    clock.now += 59
    assert (
        _route(router, "email-classifier", "t-1")["sampling_source"] == "agent_config"
    )  # no second call yet
    assert router.sampling.fetches == 1 and router.sampling.failures == 1
    clock.now += 1
    assert _route(router, "email-classifier", "t-1")["sampling_source"] == "appconfig"


def test_sampling_source_keeps_the_last_good_document_through_failures(clock):
    answers = [DOC, RuntimeError("AppConfig is down"), {"version": 9}, {**DOC, "agents": {}}]

    def fetch():
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    source = SamplingSource(LOCATION, ttl_seconds=60, fetch=fetch, clock=clock)
    record = RECORDS["email-classifier"]
    assert source.verdict(record, "t").rate == 1.0
    clock.now += 1
    assert source.verdict(record, "t").rate == 1.0  # the fetch failed: last good document
    clock.now += 60
    assert source.verdict(record, "t").rate == 1.0  # an invalid document: last good document
    assert source.failures == 2
    clock.now += 60
    assert source.verdict(record, "t").rate == 0.03  # a valid new document, without the agent override


def test_the_same_document_object_is_parsed_once(clock, monkeypatch):
    from agentcore_finops import sampling

    calls = []
    real_parse = sampling.parse
    monkeypatch.setattr(sampling, "parse", lambda d: calls.append(d) or real_parse(d))
    source = SamplingSource(LOCATION, ttl_seconds=60, fetch=lambda: DOC, clock=clock)
    for _ in range(5):
        source.verdict(RECORDS["refund-specialist"], "t")
    assert len(calls) == 1 and source.fetches == 5


def test_without_appconfig_the_record_rate_decides_deterministically():
    source = SamplingSource()
    record = RECORDS["sre-orchestrator"]
    verdicts = [source.verdict(record, f"trace-{i}") for i in range(2000)]
    assert {(v.rate, v.source) for v in verdicts} == {(0.25, "agent_config")}
    assert 420 <= sum(v.sampled for v in verdicts) <= 580  # 25% of 2,000 = 500
    assert [source.verdict(record, f"trace-{i}").sampled for i in range(2000)] == [
        v.sampled for v in verdicts
    ]
