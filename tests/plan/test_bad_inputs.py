"""Bad fleet input fails the plan with a message that names the field and what is allowed."""

from __future__ import annotations

import pytest
import tftest

from tests import harness

pytestmark = pytest.mark.terraform

BAD = {
    "tier_4": (
        {"invoice-validator": {"tier": 4}},
        ['agents["invoice-validator"].tier = 4', "must be 1, 2 or 3"],
    ),
    "sample_rate_1_5": (
        {"doc-specialist": {"tier": 2, "trace_sample_rate": 1.5}},
        ['agents["doc-specialist"].trace_sample_rate = 1.5', "between 0 and 1"],
    ),
    "idle_longer_than_max": (
        {"email-classifier": {"tier": 3, "idle_session_timeout_seconds": 900}},
        [
            'agents["email-classifier"]',
            "idle_session_timeout_seconds (900)",
            "max_session_lifetime_seconds (300)",
        ],
    ),
    "malformed_agent_id": (
        {"Invoice_Validator": {"tier": 3}},
        ['"Invoice_Validator"', "agent id must be 2-48 characters of lowercase letters"],
    ),
    "max_tokens_zero": (
        {"doc-specialist": {"tier": 2, "max_tokens": 0}},
        ['agents["doc-specialist"].max_tokens = 0', "whole number from 1 to 65536"],
    ),
    "step_budget_too_high": (
        {"sre-orchestrator": {"tier": 1, "step_budget": 500}},
        ['agents["sre-orchestrator"].step_budget = 500', "whole number from 1 to 100"],
    ),
    "lifetime_out_of_range": (
        {"sre-orchestrator": {"tier": 1, "max_session_lifetime_seconds": 30000}},
        ['agents["sre-orchestrator"].max_session_lifetime_seconds = 30000', "from 60 to 28800"],
    ),
}


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """One initialised copy of the root module, planned once per case."""
    ws = harness.Workspace(".", tmp_path_factory.mktemp("bad-inputs"))
    ws.init()
    return ws


def _plan_error(ws, agents) -> str:
    with pytest.raises(tftest.TerraformTestError) as info:
        ws.plan({"name_prefix": "bad-input", "agents": agents})
    text = " ".join(str(a) for a in info.value.args).replace("│", " ")
    return " ".join(text.split())


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_fails_the_plan_naming_the_field(case, root):
    agents, fragments = BAD[case]
    message = _plan_error(root, agents)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in the plan error:\n{message[-2000:]}"


def test_several_bad_agents_are_all_named(root):
    message = _plan_error(root, {"a-one": {"tier": 4}, "a-two": {"tier": 7}, "a-ok": {"tier": 1}})
    assert 'agents["a-one"].tier = 4' in message and 'agents["a-two"].tier = 7' in message
    assert "a-ok" not in message


def test_a_good_fleet_still_plans_in_the_same_workspace(root):
    summary = root.plan({"name_prefix": "bad-input", "agents": {"a-ok": {"tier": 1}}})
    assert summary.counts["aws_dynamodb_table_item"] == 1
