"""tier_router.decision: the escalation heuristic, caps, tool filtering, cache points, batch eligibility."""

from __future__ import annotations

import pytest

from agentcore_finops.pricing import load_catalogue
from tests import tier_defaults
from tier_router.contract import parse_request
from tier_router.decision import (
    CACHE_POINT,
    LONG_INPUT_CHARS,
    MANY_TURNS,
    ModelTraits,
    Sampling,
    converse_request,
    decide,
    escalation_reason,
    signals_in,
)

from .conftest import HAIKU, NOVA, RECORDS, TIER1_MODEL, TIER2_MODEL, TIER3_MODEL, TOOL_CATALOGUE, user

CATALOGUE = load_catalogue()
SAMPLED = Sampling(sampled=True, rate=0.1, source="agent_config")


def traits(model_id: str) -> ModelTraits:
    return ModelTraits(known=True, prompt_cache_fields=CATALOGUE.model(model_id).prompt_cache_fields)


def request(agent_id: str, *texts: str, **fields):
    messages = []
    for i, text in enumerate(texts or ("Classify this e-mail.",)):
        messages.append(user(text) if i % 2 == 0 else {"role": "assistant", "content": [{"text": text}]})
    return parse_request({"agent_id": agent_id, "messages": messages, **fields})


def decision(agent_id: str, *texts: str, record: dict | None = None, **fields):
    return decide(record or RECORDS[agent_id], request(agent_id, *texts, **fields), traits, SAMPLED)


# ------------------------------------------------------------------------------------------------
# escalation


def test_a_plain_request_stays_on_the_tier_model():
    for agent_id, model in (
        ("sre-orchestrator", TIER1_MODEL),
        ("refund-specialist", TIER2_MODEL),
        ("email-classifier", TIER3_MODEL),
    ):
        d = decision(agent_id)
        assert (d.model_id, d.escalated, d.escalation_reason) == (model, False, None)


def test_the_high_hint_escalates_to_the_agent_escalation_model():
    d = decision("refund-specialist", complexity="high")
    escalation = tier_defaults.default(2, "escalation_model_id")
    assert (d.model_id, d.escalated, d.escalation_reason) == (escalation, True, "complexity_hint")
    d = decision("email-classifier", complexity="high")
    assert (d.model_id, d.escalated) == (tier_defaults.default(3, "escalation_model_id"), True)


@pytest.mark.parametrize(
    "texts_and_fields",
    [
        ((), {"complexity": "high"}),
        (("x" * LONG_INPUT_CHARS,), {}),
        (tuple("turn" for _ in range(2 * MANY_TURNS - 1)), {}),
        (("Explain step by step why the root cause is the cache, and compare the trade-offs.",), {}),
    ],
    ids=["hint", "long_input", "many_turns", "signals"],
)
def test_an_agent_without_an_escalation_model_never_escalates(texts_and_fields):
    texts, fields = texts_and_fields
    assert RECORDS["sre-orchestrator"]["escalation_model_id"] is None
    d = decision("sre-orchestrator", *texts, **fields)
    assert (d.model_id, d.escalated, d.escalation_reason) == (TIER1_MODEL, False, None)


def test_the_low_hint_keeps_even_a_long_request_on_the_tier_model():
    d = decision("refund-specialist", "x" * (LONG_INPUT_CHARS * 2), complexity="low")
    assert (d.model_id, d.escalated) == (TIER2_MODEL, False)


def test_long_input_escalates_from_the_threshold_on():
    assert escalation_reason(request("refund-specialist", "x" * (LONG_INPUT_CHARS - 1))) is None
    assert escalation_reason(request("refund-specialist", "x" * LONG_INPUT_CHARS)) == "long_input"


def test_many_turns_escalate_from_the_threshold_on():
    # user, assistant, user, ...: 2n-1 messages hold n user turns
    assert escalation_reason(request("refund-specialist", *["t"] * (2 * (MANY_TURNS - 1) - 1))) is None
    assert escalation_reason(request("refund-specialist", *["t"] * (2 * MANY_TURNS - 1))) == "many_turns"


def test_two_distinct_reasoning_signals_in_the_last_user_message_escalate():
    assert signals_in("Why did it fail? Why now?") == ["why"]
    assert escalation_reason(request("refund-specialist", "Why did it fail? Why now?")) is None
    assert escalation_reason(request("refund-specialist", "Why did it fail? Find the root cause.")) == (
        "reasoning_signals"
    )
    assert signals_in("Compare the plans and analyse the trade-offs step-by-step") == [
        "step_by_step",
        "trade_off",
        "compare",
        "analyse",
        "plan",
    ]


def test_signals_only_count_in_the_last_user_message():
    texts = ("Why is it down? Find the root cause.", "It was the cache.", "Thanks, close the ticket.")
    assert escalation_reason(request("refund-specialist", *texts)) is None


def test_an_escalation_model_equal_to_the_tier_model_is_not_an_escalation():
    record = {**RECORDS["refund-specialist"], "escalation_model_id": TIER2_MODEL}
    d = decision("refund-specialist", record=record, complexity="high")
    assert (d.model_id, d.escalated, d.escalation_reason) == (TIER2_MODEL, False, None)


# ------------------------------------------------------------------------------------------------
# caps, tools, cache points, batch


def test_max_tokens_is_the_cap_and_never_above_it():
    assert decision("email-classifier").max_tokens == 50
    assert decision("email-classifier", max_tokens=4096).max_tokens == 50
    assert decision("email-classifier", max_tokens=20).max_tokens == 20
    assert decision("sre-orchestrator").max_tokens == tier_defaults.default(1, "max_tokens")
    # the agent's cap, escalated or not
    assert decision("refund-specialist", complexity="high").max_tokens == tier_defaults.default(
        2, "max_tokens"
    )


def test_step_budget_and_config_version_come_from_the_record():
    for agent_id in ("sre-orchestrator", "refund-specialist", "email-classifier"):
        d = decision(agent_id)
        assert d.step_budget == tier_defaults.default(d.tier, "step_budget")
        assert d.config_version == RECORDS[agent_id]["config_version"]


def test_only_the_agents_tools_are_kept_in_catalogue_order():
    d = decision("sre-orchestrator", tool_schemas=TOOL_CATALOGUE)
    assert [t["toolSpec"]["name"] for t in d.tools] == ["get_metrics", "open_ticket"]
    assert d.tools[0] == TOOL_CATALOGUE[0]
    assert decision("email-classifier", tool_schemas=TOOL_CATALOGUE).tools == []
    # an allowed tool the caller did not send is simply absent
    assert [
        t["toolSpec"]["name"] for t in decision("refund-specialist", tool_schemas=TOOL_CATALOGUE[:3]).tools
    ] == ["get_order"]


def test_claude_gets_cache_points_after_the_system_prompt_and_the_tools():
    d = decision("sre-orchestrator", system="You run incidents.", tool_schemas=TOOL_CATALOGUE)
    assert d.cache_points == ["system", "tools"]
    req = converse_request(
        d, request("sre-orchestrator", system="You run incidents.", tool_schemas=TOOL_CATALOGUE)
    )
    assert req["system"] == [{"text": "You run incidents."}, CACHE_POINT]
    assert req["toolConfig"]["tools"][-1] == CACHE_POINT
    assert [t["toolSpec"]["name"] for t in req["toolConfig"]["tools"][:-1]] == ["get_metrics", "open_ticket"]
    assert req["inferenceConfig"] == {"maxTokens": tier_defaults.default(1, "max_tokens")}


def test_nova_gets_a_system_cache_point_but_none_in_the_tool_list():
    d = decision("report-writer", system="You write reports.", tool_schemas=TOOL_CATALOGUE)
    assert d.model_id == NOVA and d.cache_points == ["system"]
    req = converse_request(
        d, request("report-writer", system="You write reports.", tool_schemas=TOOL_CATALOGUE)
    )
    assert req["toolConfig"] == {"tools": [TOOL_CATALOGUE[2]]}


def test_escalating_from_nova_to_claude_moves_the_cache_points_with_the_model():
    d = decision("report-writer", system="s", tool_schemas=TOOL_CATALOGUE, complexity="high")
    assert d.model_id == HAIKU and d.cache_points == ["system", "tools"]


def test_a_model_without_prompt_caching_gets_no_cache_points():
    d = decision("plain-specialist", system="s", tool_schemas=TOOL_CATALOGUE, complexity="high")
    assert d.model_id == "anthropic.claude-3-haiku-20240307-v1:0" and d.cache_points == []
    req = converse_request(d, request("plain-specialist", system="s", complexity="high"))
    assert req["system"] == [{"text": "s"}] and "toolConfig" not in req


def test_no_system_and_no_tools_means_no_cache_points_and_no_tool_config():
    d = decision("sre-orchestrator")
    assert d.cache_points == [] and d.tools == []
    req = converse_request(d, request("sre-orchestrator"))
    assert set(req) == {"modelId", "messages", "inferenceConfig"}


def test_an_unknown_model_gets_no_cache_points():
    record = {**RECORDS["sre-orchestrator"], "model_id": "example.new-model-v1:0"}
    d = decide(record, request("sre-orchestrator", system="s"), lambda m: ModelTraits(known=False), SAMPLED)
    assert d.model_id == "example.new-model-v1:0" and d.cache_points == []


def test_caller_cache_points_in_messages_stay_only_where_the_model_accepts_them():
    cp = {"cachePoint": {"type": "default"}}
    messages = [{"role": "user", "content": [{"text": "long document"}, cp, {"text": "question"}]}]
    claude = request("sre-orchestrator")
    claude = parse_request({"agent_id": "sre-orchestrator", "messages": messages})
    assert (
        converse_request(decide(RECORDS["sre-orchestrator"], claude, traits, SAMPLED), claude)["messages"]
        == messages
    )
    plain = parse_request({"agent_id": "plain-specialist", "messages": messages})
    stripped = converse_request(
        decide(RECORDS["plain-specialist"], plain, lambda m: ModelTraits(True), SAMPLED), plain
    )
    assert stripped["messages"] == [
        {"role": "user", "content": [{"text": "long document"}, {"text": "question"}]}
    ]


def test_async_agents_are_batch_eligible():
    assert decision("report-writer").batch_eligible is True
    assert decision("email-classifier").batch_eligible is False


def test_the_decision_carries_the_sampling_verdict():
    d = decide(
        RECORDS["email-classifier"], request("email-classifier"), traits, Sampling(False, 0.03, "appconfig")
    )
    assert (d.trace_sampled, d.sample_rate, d.sampling_source) == (False, 0.03, "appconfig")
    assert set(d.to_dict()) == {
        "agent_id",
        "tier",
        "model_id",
        "escalated",
        "escalation_reason",
        "max_tokens",
        "step_budget",
        "tools",
        "cache_points",
        "batch_eligible",
        "trace_sampled",
        "sample_rate",
        "sampling_source",
        "config_version",
    }
