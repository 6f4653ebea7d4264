"""Intelligent Prompt Routing in the fleet file and the estimator: a tier (or agent) names a prompt
router as its model, and the estimate prices it at the split of calls between the router's models."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from agentcore_finops import fleet, pricing
from agentcore_finops.errors import FieldErrors
from agentcore_finops.estimate import estimate, render
from agentcore_finops.estimate.inputs import load_fleet
from agentcore_finops.estimate.usage import load_usage

ROUTER = "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1"
HAIKU = "global.anthropic.claude-haiku-4-5-20251001-v1:0"  # $1 in / $5 out per 1M
SONNET = "global.anthropic.claude-sonnet-4-5-20250929-v1:0"  # $3 in / $15 out per 1M


def _fleet_file(tmp_path, split=None):
    router = {"models": [HAIKU, SONNET], **({"split": split} if split else {})}
    data = {
        "agents": {"doc-specialist": {"tier": 2}, "kb-specialist": {"tier": 2}},
        "tiers": {
            "2": {"model_id": ROUTER, "escalation_model_id": "anthropic.claude-opus-4-5-20251101-v1:0"}
        },
        "prompt_routers": {ROUTER: router},
    }
    path = tmp_path / "fleet.json"
    path.write_text(json.dumps(data))
    return path


def test_default_split_is_equal_shares_of_the_models_rates():
    cat = pricing.load_catalogue()
    price = pricing.prompt_router_price(cat, ROUTER, [HAIKU, SONNET])
    assert price.input.value == Decimal("2.0") and price.output.value == Decimal("10.0")
    assert price.batch_input is None and price.max_output_tokens == 64000
    assert "50% Claude Haiku 4.5, 50% Claude Sonnet 4.5" in price.display_name
    assert "default: equal shares" in price.input.source.title


def test_a_split_overrides_the_default():
    cat = pricing.load_catalogue()
    price = pricing.prompt_router_price(cat, ROUTER, [HAIKU, SONNET], {HAIKU: 0.75, SONNET: 0.25})
    # 0.75 x 1 + 0.25 x 3 = 1.5 in; 0.75 x 5 + 0.25 x 15 = 7.5 out
    assert price.input.value == Decimal("1.5") and price.output.value == Decimal("7.5")


def test_the_estimate_has_a_line_for_the_router_at_its_split(tmp_path):
    fleet_input = load_fleet(_fleet_file(tmp_path))
    report = estimate(fleet_input, load_usage(), pricing.load_catalogue())
    lines = [line for line in report.configured.lines if "Prompt router anthropic.claude:1" in line.label]
    assert lines, [line.label for line in report.configured.lines]
    # reference usage: 2 agents x 1,000 sessions x 10 calls x 2,000 input tokens = 40M x $2.0 = $80
    (inputs,) = [line for line in lines if line.label.endswith("input tokens")]
    assert inputs.cost == Decimal(80)
    assert "Prompt router anthropic.claude:1" in render(report)


def test_a_cheaper_split_gives_a_cheaper_estimate(tmp_path):
    usage, cat = load_usage(), pricing.load_catalogue()
    equal = estimate(load_fleet(_fleet_file(tmp_path)), usage, cat).configured.dimension_total("llm")
    mostly_haiku = estimate(
        load_fleet(_fleet_file(tmp_path, {HAIKU: 0.9, SONNET: 0.1})), usage, cat
    ).configured.dimension_total("llm")
    assert mostly_haiku < equal


def test_a_router_must_be_declared_and_its_split_must_add_up(tmp_path):
    with pytest.raises(FieldErrors, match="prompt router the fleet does not declare"):
        fleet.resolve({"a-b": {"tier": 2, "model_id": ROUTER}})
    with pytest.raises(FieldErrors, match=r'prompt_routers\[".*"\]\.split'):
        fleet.resolve(
            {"a-b": {"tier": 2, "model_id": ROUTER}},
            prompt_routers={ROUTER: {"models": [HAIKU, SONNET], "split": {HAIKU: 0.5, SONNET: 0.6}}},
        )


def test_without_the_router_declared_the_estimator_says_it_cannot_price_it():
    with pytest.raises(pricing.UnknownModelError, match="cannot price a Bedrock default-prompt-router ARN"):
        pricing.load_catalogue().model(ROUTER)
