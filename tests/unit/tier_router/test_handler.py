"""tier_router.handler end to end in-process: the config table on moto, Converse through botocore's
Stubber (every call checked against the real bedrock-runtime model), EMF metrics read from stdout."""

from __future__ import annotations

from decimal import Decimal

import pytest
from botocore.stub import ANY

from agentcore_finops.errors import FieldErrors
from agentcore_finops.pricing import round_cents
from tests import tier_defaults
from tier_router import handler
from tier_router.settings import Settings

from .conftest import (
    NOVA,
    RECORDS,
    TABLE,
    TIER1_MODEL,
    TIER2_MODEL,
    TIER3_MODEL,
    TOOL_CATALOGUE,
    Context,
    converse_response,
    emf,
    emitted,
    event,
    item,
    user,
)

SYSTEM = "You are one agent of the ACME fleet. Answer briefly."
CACHE_POINT = {"cachePoint": {"type": "default"}}


def run(router, evt, context=None):
    handler.use_router(router)
    return handler.lambda_handler(evt, context or Context())


# ------------------------------------------------------------------------------------------------
# route mode


def _cap_and_steps(tier: int) -> tuple[int, int]:
    return tier_defaults.default(tier, "max_tokens"), tier_defaults.default(tier, "step_budget")


@pytest.mark.parametrize(
    ("agent_id", "model", "cap", "steps", "tools", "cache_points"),
    [
        (
            "sre-orchestrator",
            TIER1_MODEL,
            *_cap_and_steps(1),
            ["get_metrics", "open_ticket"],
            ["system", "tools"],
        ),
        (
            "refund-specialist",
            TIER2_MODEL,
            *_cap_and_steps(2),
            ["get_order", "issue_refund"],
            ["system", "tools"],
        ),
        ("email-classifier", TIER3_MODEL, 50, tier_defaults.default(3, "step_budget"), [], ["system"]),
    ],
)
def test_route_mode_returns_the_decision_for_each_tier(
    make_router, agent_id, model, cap, steps, tools, cache_points
):
    out = run(make_router(), event(agent_id, system=SYSTEM, tool_schemas=TOOL_CATALOGUE, trace_id="trace-1"))
    assert out["status"] == 200 and out["mode"] == "route" and "output" not in out
    d = out["decision"]
    assert (d["model_id"], d["max_tokens"], d["step_budget"]) == (model, cap, steps)
    assert [t["toolSpec"]["name"] for t in d["tools"]] == tools
    assert d["cache_points"] == cache_points
    assert d["escalated"] is False and d["batch_eligible"] is False
    assert d["config_version"] == RECORDS[agent_id]["config_version"]
    assert (
        d["sampling_source"] == "agent_config" and d["sample_rate"] == RECORDS[agent_id]["trace_sample_rate"]
    )


def test_the_warm_path_reads_the_table_once_per_ttl_for_the_whole_fleet(make_router, clock):
    router = make_router(Settings(table_name=TABLE, config_ttl_seconds=60))
    for _ in range(5):
        run(router, event("email-classifier"))
    run(router, event("refund-specialist"))
    assert router.store.reads == 1
    clock.now += 60
    run(router, event("email-classifier"))
    assert router.store.reads == 2


def test_a_new_config_version_is_picked_up_after_the_ttl(make_router, ddb, clock):
    router = make_router(Settings(table_name=TABLE, config_ttl_seconds=30))
    assert run(router, event("refund-specialist"))["decision"]["model_id"] == TIER2_MODEL
    changed = {**RECORDS["refund-specialist"], "model_id": TIER3_MODEL, "config_version": "0123456789abcdef"}
    ddb.put_item(TableName=TABLE, Item=item(changed))
    clock.now += 29
    assert run(router, event("refund-specialist"))["decision"]["model_id"] == TIER2_MODEL  # still cached
    clock.now += 1
    d = run(router, event("refund-specialist"))["decision"]
    assert (d["model_id"], d["config_version"]) == (TIER3_MODEL, "0123456789abcdef")


def test_trace_sampling_is_deterministic_per_trace_and_follows_the_record_rate(make_router):
    router = make_router()
    verdicts = [
        run(router, event("sre-orchestrator", trace_id=f"t-{i}"))["decision"]["trace_sampled"]
        for i in range(400)
    ]
    again = [
        run(router, event("sre-orchestrator", trace_id=f"t-{i}"))["decision"]["trace_sampled"]
        for i in range(400)
    ]
    assert verdicts == again
    assert 60 <= sum(verdicts) <= 140  # 25% of 400 = 100


def test_without_a_trace_or_session_id_the_lambda_request_id_decides(make_router):
    router = make_router()
    by_request = run(router, event("sre-orchestrator"), Context(aws_request_id="r-1"))["decision"][
        "trace_sampled"
    ]
    by_trace = run(router, event("sre-orchestrator", trace_id="r-1"))["decision"]["trace_sampled"]
    assert by_request == by_trace


# ------------------------------------------------------------------------------------------------
# client errors


def test_unknown_agent_is_a_404_naming_agent_id(make_router, capsys):
    out = run(make_router(), event("no-such-agent"))
    assert out["status"] == 404
    assert out["error"]["type"] == "UnknownAgent" and out["error"]["field"] == "agent_id"
    assert "no-such-agent" in out["error"]["message"]
    out_text = capsys.readouterr().out
    docs = emf(out_text)
    assert len(docs) == 1 and emitted(out_text) == {"ClientErrors": [1.0]}
    assert docs[0]["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["service"]]  # no series per bad id


def test_malformed_messages_are_a_400_naming_the_index_and_key(make_router):
    bad = {"agent_id": "refund-specialist", "messages": [user("a"), {"role": "robot", "content": "b"}]}
    out = run(make_router(), bad)
    assert out["status"] == 400 and out["error"]["field"] == "messages[1].role"
    assert out["error"]["allowed"] == "user, assistant"


def test_an_oversize_request_is_a_413_naming_the_field_and_the_limit(make_router):
    router = make_router(Settings.from_env({"CONFIG_TABLE_NAME": TABLE, "MAX_INPUT_CHARS": "1000"}))
    out = run(router, event("refund-specialist", "x" * 1001))
    assert out["status"] == 413
    assert out["error"] | {"message": None} == {
        "type": "RequestTooLarge",
        "field": "messages",
        "message": None,
        "allowed": "at most 1,000",
        "limit": 1000,
        "setting": "MAX_INPUT_CHARS",
    }


# ------------------------------------------------------------------------------------------------
# invoke mode (Converse through Stubber)


def test_invoke_sends_the_cap_the_cache_points_and_only_the_allowed_tools(make_router, bedrock):
    _client, stub = bedrock
    # Written out by hand: the orchestrator's two tools of the five sent, each section followed by a
    # cache point (Claude accepts them in system and tools), maxTokens = the tier-1 cap although the
    # event asks for more.
    expected = {
        "modelId": TIER1_MODEL,
        "messages": [user("Why is checkout down? Find the root cause and plan the fix.")],
        "system": [{"text": SYSTEM}, CACHE_POINT],
        "toolConfig": {"tools": [TOOL_CATALOGUE[0], TOOL_CATALOGUE[1], CACHE_POINT]},
        "inferenceConfig": {"maxTokens": tier_defaults.default(1, "max_tokens")},
    }
    stub.add_response("converse", converse_response("Investigating."), expected)
    out = run(
        make_router(),
        event(
            "sre-orchestrator",
            "Why is checkout down? Find the root cause and plan the fix.",
            mode="invoke",
            system=SYSTEM,
            tool_schemas=TOOL_CATALOGUE,
            max_tokens=100_000,
        ),
    )
    assert out["status"] == 200 and out["output"]["text"] == "Investigating."
    assert out["output"]["stop_reason"] == "end_turn"


def test_invoke_on_nova_puts_no_cache_point_in_the_tool_list(make_router, bedrock):
    _client, stub = bedrock
    expected = {
        "modelId": NOVA,
        "messages": [user("Write the nightly report.")],
        "system": [{"text": SYSTEM}, CACHE_POINT],
        "toolConfig": {"tools": [TOOL_CATALOGUE[2]]},
        "inferenceConfig": {"maxTokens": 256},
    }
    stub.add_response("converse", converse_response(), expected)
    out = run(
        make_router(),
        event(
            "report-writer",
            "Write the nightly report.",
            mode="invoke",
            system=SYSTEM,
            tool_schemas=TOOL_CATALOGUE,
        ),
    )
    assert out["decision"]["batch_eligible"] is True and out["status"] == 200


def test_an_escalated_invoke_calls_the_escalation_model_under_the_agents_cap(make_router, bedrock):
    _client, stub = bedrock
    expected = {
        "modelId": tier_defaults.default(2, "escalation_model_id"),
        "messages": [user("Reconcile these ledgers.")],
        "inferenceConfig": {"maxTokens": tier_defaults.default(2, "max_tokens")},
    }
    stub.add_response("converse", converse_response(), expected)
    out = run(
        make_router(),
        event("refund-specialist", "Reconcile these ledgers.", mode="invoke", complexity="high"),
    )
    assert out["decision"]["escalated"] is True and out["decision"]["escalation_reason"] == "complexity_hint"


# Cost of one call from the catalogue, by hand. Converse reports inputTokens as the uncached input
# only; cache reads and writes come beside it and each token is priced once, at its own rate.
# Usage: 20,000 uncached input, 150,000 cache read, 30,000 cache write, output just under each cap.
@pytest.mark.parametrize(
    ("agent_id", "output_tokens", "exact", "cents", "per_1000_calls"),
    [
        # global. Sonnet 4.5 at base price, USD per 1M: input 3.00, cache read 0.30, cache write 3.75, output 15.00
        #   20,000 x 3.00 + 150,000 x 0.30 + 30,000 x 3.75 + 2,000 x 15.00
        #   = 60,000 + 45,000 + 112,500 + 30,000 = 247,500 per 1M -> 0.2475 USD -> 0.25
        #   (counting the cache tokens again as input would add 180,000 x 3.00 = 0.54 USD)
        ("sonnet-agent", 2_000, "0.2475", "0.25", "247.50"),
        # global. Haiku 4.5 at base price: input 1.00, cache read 0.10, cache write 1.25, output 5.00
        #   20,000 x 1.00 + 150,000 x 0.10 + 30,000 x 1.25 + 1,000 x 5.00
        #   = 20,000 + 15,000 + 37,500 + 5,000 = 77,500 per 1M -> 0.0775 USD -> 0.08
        ("haiku-agent", 1_000, "0.0775", "0.08", "77.50"),
        # Nova Micro: input 0.035, cache read 0.00875, cache write 0.035 (the input price), output 0.14
        #   20,000 x 0.035 + 150,000 x 0.00875 + 30,000 x 0.035 + 250 x 0.14
        #   = 700 + 1,312.5 + 1,050 + 35 = 3,097.5 per 1M -> 0.0030975 USD -> 0.00 (3.10 per 1,000 calls)
        ("report-writer", 250, "0.0030975", "0.00", "3.10"),
    ],
)
def test_cost_per_call_matches_the_hand_calculation(
    make_router, bedrock, agent_id, output_tokens, exact, cents, per_1000_calls
):
    _client, stub = bedrock
    usage = {
        "inputTokens": 20_000,
        "outputTokens": output_tokens,
        "cacheReadInputTokens": 150_000,
        "cacheWriteInputTokens": 30_000,
    }
    stub.add_response("converse", converse_response(**usage))
    assert output_tokens <= RECORDS[agent_id]["max_tokens"]  # Bedrock never returns more than the cap
    out = run(make_router(), event(agent_id, mode="invoke"))
    cost = Decimal(repr(out["output"]["cost_usd"]))
    assert cost == Decimal(exact)
    assert round_cents(cost) == Decimal(cents)
    assert round_cents(cost * 1000) == Decimal(per_1000_calls)
    assert out["output"]["usage"] == {
        "input_tokens": 20_000,
        "output_tokens": output_tokens,
        "cache_read_tokens": 150_000,
        "cache_write_tokens": 30_000,
    }


def test_throttling_is_retried_with_exponential_backoff_and_jitter(make_router, bedrock, sleeps, capsys):
    _client, stub = bedrock
    for _ in range(2):
        stub.add_client_error("converse", service_error_code="ThrottlingException", http_status_code=429)
    stub.add_response("converse", converse_response("done"))
    out = run(make_router(), event("email-classifier", mode="invoke"))
    assert out["status"] == 200 and out["output"]["attempts"] == 3
    assert sleeps.delays == [0.25, 0.5]  # rng() = 1.0: the top of each window, 0.25 x 2^n
    assert emitted(capsys.readouterr().out)["ModelThrottles"] == [2.0]


def test_throttling_on_every_attempt_is_a_clear_429_after_bounded_attempts(
    make_router, bedrock, sleeps, capsys
):
    _client, stub = bedrock
    for _ in range(4):
        stub.add_client_error("converse", service_error_code="ThrottlingException", http_status_code=429)
    out = run(make_router(), event("refund-specialist", mode="invoke"))
    assert out["status"] == 429 and out["error"]["type"] == "ModelThrottled" and out["error"]["attempts"] == 4
    assert TIER2_MODEL in out["error"]["message"] and "on 4 attempt(s)" in out["error"]["message"]
    assert "quota" in out["error"]["message"] and out["error"]["code"] == "ThrottlingException"
    assert sleeps.delays == [0.25, 0.5, 1.0]
    assert out["decision"]["model_id"] == TIER2_MODEL
    values = emitted(capsys.readouterr().out)
    assert values["ModelThrottles"] == [4.0] and "ModelCalls" not in values


def test_the_backoff_is_capped():
    from tier_router.converse import BACKOFF_CAP, backoff_delay

    assert backoff_delay(30, lambda: 1.0) == BACKOFF_CAP
    assert backoff_delay(3, lambda: 0.5) == 1.0


def test_a_request_bedrock_rejects_is_a_400_and_not_retried(make_router, bedrock, sleeps):
    _client, stub = bedrock
    stub.add_client_error(
        "converse",
        service_error_code="ValidationException",
        service_message="bad image",
        http_status_code=400,
    )
    out = run(make_router(), event("refund-specialist", mode="invoke"))
    assert (
        out["status"] == 400
        and out["error"]["type"] == "ModelRejectedRequest"
        and "bad image" in out["error"]["message"]
    )
    assert sleeps.delays == []


def test_access_denied_is_a_function_error_for_the_alarm(make_router, bedrock):
    _client, stub = bedrock
    stub.add_client_error("converse", service_error_code="AccessDeniedException", http_status_code=403)
    with pytest.raises(Exception, match="AccessDenied"):
        run(make_router(), event("refund-specialist", mode="invoke"))


# ------------------------------------------------------------------------------------------------
# metrics


def test_metrics_per_agent_and_tier_cover_calls_tokens_cost_cache_hits_and_escalations(
    make_router, bedrock, capsys
):
    _client, stub = bedrock
    usage = {
        "inputTokens": 1_000,
        "outputTokens": 40,
        "cacheReadInputTokens": 3_000,
        "cacheWriteInputTokens": 0,
    }
    stub.add_response("converse", converse_response(**usage))
    run(make_router(), event("refund-specialist", mode="invoke", complexity="high"))
    out_text = capsys.readouterr().out
    docs = emf(out_text)
    assert len(docs) == 1
    doc = docs[0]
    values = {name: v[0] for name, v in emitted(out_text).items() if len(v) == 1}
    assert (doc["AgentId"], doc["Tier"], doc["service"]) == ("refund-specialist", "2", "tier-router")
    assert doc["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "AgentCoreFinOps"
    assert set(doc["_aws"]["CloudWatchMetrics"][0]["Dimensions"][0]) == {"service", "AgentId", "Tier"}
    assert values["Decisions"] == 1.0 and values["Escalations"] == 1.0 and values["ModelCalls"] == 1.0
    assert (
        values["InputTokens"],
        values["OutputTokens"],
        values["CacheReadInputTokens"],
        values["CacheWriteInputTokens"],
    ) == (
        1000.0,
        40.0,
        3000.0,
        0.0,
    )
    assert values["CacheHitRatio"] == 0.75  # 3,000 of 4,000 input tokens read from the cache
    # escalated to Sonnet 4.5 (global): 1,000 x 3.00 + 3,000 x 0.30 + 40 x 15.00 = 4,500 per 1M
    assert values["CostUSD"] == 0.0045


def test_every_emitted_metric_is_declared_and_every_declared_one_can_be_emitted(make_router, bedrock, capsys):
    _client, stub = bedrock
    router = make_router()
    run(router, event("no-such-agent"))
    run(router, event("email-classifier"))
    stub.add_client_error("converse", service_error_code="ThrottlingException", http_status_code=429)
    stub.add_response("converse", converse_response(inputTokens=10, outputTokens=5, cacheReadInputTokens=30))
    run(router, event("refund-specialist", mode="invoke"))
    for _ in range(router.settings.converse_max_attempts):
        stub.add_client_error("converse", service_error_code="InternalServerException", http_status_code=500)
    run(router, event("refund-specialist", mode="invoke"))
    router.store._client = FailingTable()
    router.store._loaded_at -= router.settings.config_ttl_seconds  # the copy is past its TTL
    run(router, event("email-classifier"))
    names = set(emitted(capsys.readouterr().out))
    assert names == set(handler.METRIC_NAMES)


class FailingTable:
    """A DynamoDB client whose every Scan fails (after the client's own retries)."""

    def __init__(self, code: str = "ProvisionedThroughputExceededException"):
        self.code = code

    def scan(self, **_):
        from botocore.exceptions import ClientError

        raise ClientError({"Error": {"Code": self.code, "Message": "no"}}, "Scan")


# ------------------------------------------------------------------------------------------------
# configuration


def test_the_container_router_is_built_from_the_environment(ddb, monkeypatch):
    monkeypatch.setenv("CONFIG_TABLE_NAME", TABLE)
    monkeypatch.setenv("CONFIG_CACHE_TTL_SECONDS", "120")
    out = handler.lambda_handler(event("email-classifier"), Context())
    assert out["decision"]["model_id"] == TIER3_MODEL
    router = handler.get_router()
    assert router.settings.config_ttl_seconds == 120 and router.settings.appconfig is None


@pytest.mark.filterwarnings("ignore:No application metrics to publish")
def test_a_misconfigured_function_fails_naming_the_variable(monkeypatch):
    monkeypatch.delenv("CONFIG_TABLE_NAME", raising=False)
    with pytest.raises(FieldErrors, match="CONFIG_TABLE_NAME"):
        handler.lambda_handler(event("email-classifier"), Context())


def test_an_unpriced_model_is_routed_without_cache_points_or_cost(make_router, ddb, bedrock):
    _client, stub = bedrock
    custom = {**RECORDS["sre-orchestrator"], "model_id": "example.custom-model-v1:0"}
    ddb.put_item(TableName=TABLE, Item=item(custom))
    stub.add_response("converse", converse_response())
    out = run(make_router(), event("sre-orchestrator", mode="invoke", system=SYSTEM))
    assert out["decision"]["cache_points"] == [] and out["output"]["cost_usd"] is None


def test_a_prompt_router_call_records_and_prices_the_model_that_answered(make_router, ddb, bedrock):
    """A record whose model_id is a prompt router: Converse gets the router ARN as modelId, and the
    per-call record names the model the router picked (trace.promptRouter) and is priced at it."""
    _client, stub = bedrock
    router_arn = "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1"
    picked = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
    routed = {**RECORDS["refund-specialist"], "model_id": router_arn}
    ddb.put_item(TableName=TABLE, Item=item(routed))
    response = converse_response(inputTokens=1_000_000, outputTokens=100_000)
    response["trace"] = {"promptRouter": {"invokedModelId": picked}}
    stub.add_response("converse", response, {"modelId": router_arn, "messages": ANY, "inferenceConfig": ANY})
    out = run(make_router(), event("refund-specialist", mode="invoke"))
    assert out["decision"]["model_id"] == router_arn
    assert out["output"]["invoked_model_id"] == picked
    # Claude 3 Haiku: 1M x 0.25 + 0.1M x 1.25 = 0.375 USD (not the router's own id, which has no price)
    assert Decimal(repr(out["output"]["cost_usd"])) == Decimal("0.375")


def test_a_plain_call_records_its_own_model_as_the_one_that_answered(make_router, bedrock):
    _client, stub = bedrock
    stub.add_response("converse", converse_response())
    out = run(make_router(), event("email-classifier", mode="invoke"))
    assert out["output"]["invoked_model_id"] == RECORDS["email-classifier"]["model_id"] == TIER3_MODEL
