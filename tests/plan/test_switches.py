"""The root's create_<part> switches are plain bools with a <part> settings object; what a switch needs
is a variable validation that names the switch, the setting and what to do, and settings given for a
part that is off fail the plan instead of being ignored (issue #17)."""

from __future__ import annotations

import pytest

from tests import harness

pytestmark = pytest.mark.terraform

BASE = {"name_prefix": "switches", "agents": {"a-ok": {"tier": 3}}, "create_log_retention_auditor": False}
VPC = {
    "vpc_id": "vpc-0a1b2c3d4e5f67890",
    "subnets": {"us-east-1a": "subnet-0a1b2c3d4e5f6a7b8"},
    "route_table_ids": ["rtb-0a1b2c3d4e5f6a7b8"],
    "allowed_cidr_blocks": ["10.0.0.0/16"],
}

BAD = {
    "guardrails_without_a_budget": (
        {"create_cost_guardrails": True},
        ["create_cost_guardrails is true: set cost_guardrails = { monthly_budget_usd = ... }"],
    ),
    "a_budget_with_guardrails_off": (
        {"cost_guardrails": {"monthly_budget_usd": 100}},
        [
            "cost_guardrails.monthly_budget_usd is set but create_cost_guardrails is false",
            "set create_cost_guardrails = true",
        ],
    ),
    "endpoints_without_a_vpc": (
        {"create_vpc_endpoints": True},
        ["create_vpc_endpoints is true: set vpc_endpoints.vpc_id and vpc_endpoints.subnets"],
    ),
    "a_vpc_with_endpoints_off": (
        {"vpc_endpoints": VPC},
        ["vpc_endpoints.vpc_id is set but create_vpc_endpoints is false", "set create_vpc_endpoints = true"],
    ),
}


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return harness.Workspace(".", tmp_path_factory.mktemp("switches"))


# Every part switched on by its create_* and its settings (the tier router off).
ALL_ON = {
    **BASE,
    "create_tier_router": False,
    "create_cost_guardrails": True,
    "cost_guardrails": {"monthly_budget_usd": 100},
    "create_vpc_endpoints": True,
    "vpc_endpoints": VPC,
}


@pytest.fixture(scope="module")
def outcomes(root):
    """Every case, and ALL_ON, planned at once (one ``terraform test`` run, see harness.plan_cases)."""
    cases = {case: {**BASE, **overrides} for case, (overrides, _) in BAD.items()}
    return harness.plan_cases(root, {**cases, "all-on": ALL_ON})


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_switch_and_its_settings_disagree(case, outcomes):
    harness.assert_fails_naming(outcomes[case], BAD[case][1])


def test_the_switches_turn_their_parts_on(outcomes):
    summary = outcomes["all-on"].planned()
    assert summary.counts["aws_budgets_budget"] == 1
    assert summary.counts["aws_vpc_endpoint"] > 0
    assert "aws_lambda_function" not in summary.counts
