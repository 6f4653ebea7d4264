"""Bad AgentCore input fails the root plan with a message naming the agent or field and what is allowed."""

from __future__ import annotations

import pytest

from tests import harness

pytestmark = pytest.mark.terraform

AGENTS = {
    "sre-orchestrator": {"tier": 1},
    "email-classifier": {"tier": 3},
}
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme/email-classifier:1.0.0"
BASE = {
    "name_prefix": "bad-input",
    "account_id": "123456789012",
    "create_agentcore": True,
    "agents": AGENTS,
    "agentcore_runtimes": {"email-classifier": {"container_uri": IMAGE}},
}

BAD = {
    "bad_account_id": (
        # Checked once, in modules/aws-scope, for modules/agentcore and every other module that takes it.
        {"account_id": "12345"},
        ['account_id must be 12 digits; got "12345"', 'in module "scope"'],
    ),
    "runtime_for_an_unknown_agent": (
        {"agentcore_runtimes": {"ghost-agent": {"container_uri": IMAGE}}},
        ['"ghost-agent" not an agent of the fleet', "known agents: email-classifier, sre-orchestrator"],
    ),
    "runtime_name_too_long": (
        {
            "name_prefix": "a-very-long-fleet-name-prefix-xx",
            "agents": {"security-incident-orchestrator": {"tier": 1}},
            "agentcore_runtimes": {"security-incident-orchestrator": {"container_uri": IMAGE}},
        },
        [
            'runtimes["security-incident-orchestrator"]: runtime name',
            "must match [a-zA-Z][a-zA-Z0-9_]{0,47}",
            'set runtimes["security-incident-orchestrator"].name',
        ],
    ),
    # The root passes agentcore_runtimes, agentcore_gateway and agentcore_memory through (type any);
    # modules/agentcore declares them, so a misspelt attribute fails there instead of being dropped by a
    # typed object.
    "runtime_attribute_misspelt": (
        {"agentcore_runtimes": {"email-classifier": {"container_uri": IMAGE, "endpoint": "live"}}},
        ['runtimes["email-classifier"]: unknown attribute "endpoint" (did you mean endpoint_name?)'],
    ),
    "gateway_target_attribute_misspelt": (
        {
            "agentcore_gateway": {
                "targets": {
                    "tools": {"mcp_server": {"endpoint": "https://tools.example.com/mcp"}, "descripton": "x"}
                }
            }
        },
        ['gateway.targets["tools"]: unknown attribute "descripton" (did you mean description?)'],
    ),
    # The root merges the fleet key into agentcore_memory: the misspelt attribute still surfaces.
    "memory_attribute_misspelt": (
        {"agentcore_memory": {"event_expiry_day": 30}},
        ['memory: unknown attribute "event_expiry_day" (did you mean event_expiry_days?)'],
    ),
    "memory_namespace_attribute_misspelt": (
        {"agentcore_memory": {"namespaces": {"summaries": ["/summaries/{actorId}"]}}},
        ['memory.namespaces: unknown attribute "summaries" (did you mean summary?)'],
    ),
    "vpc_without_subnets": (
        {"agentcore_runtimes": {"email-classifier": {"container_uri": IMAGE, "network_mode": "VPC"}}},
        ["network_mode VPC needs 1-16 subnet_ids", 'runtimes["email-classifier"]'],
    ),
    "bad_protocol": (
        {"agentcore_runtimes": {"email-classifier": {"container_uri": IMAGE, "protocol": "GRPC"}}},
        ['runtimes["email-classifier"].protocol = "GRPC"', "must be HTTP, MCP, A2A or AGUI"],
    ),
    "event_expiry_out_of_range": (
        {"agentcore_memory": {"event_expiry_days": 1}},
        ["memory.event_expiry_days must be a whole number of days from 3 to 365; got 1"],
    ),
    "pruner_without_agentcore": (
        {
            "create_agentcore": False,
            "agentcore_runtimes": {},
            "create_ltm_pruner": True,
            "lambda_package_dir": None,
        },
        [
            "create_ltm_pruner is true, but: create_agentcore must be true",
            "agentcore_memory must be set",
        ],
    ),
    "runtimes_without_create_agentcore": (
        {"create_agentcore": False},
        [
            "agentcore_runtimes, agentcore_gateway or agentcore_memory is set but create_agentcore is false",
            "set create_agentcore = true",
        ],
    ),
}


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return harness.Workspace(".", tmp_path_factory.mktemp("agentcore-inputs"))


@pytest.fixture(scope="module")
def outcomes(root):
    """Every case, and BASE, planned at once (one ``terraform test`` run, see harness.plan_cases)."""
    cases = {case: {**BASE, **overrides} for case, (overrides, _) in BAD.items()}
    return harness.plan_cases(root, {**cases, "base": BASE})


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_agentcore_input_fails_the_plan_naming_the_field(case, outcomes):
    harness.assert_fails_naming(outcomes[case], BAD[case][1])


def test_the_same_workspace_plans_a_good_configuration(outcomes):
    summary = outcomes["base"].planned()
    assert summary.counts["aws_cloudformation_stack"] == 1
    body = next(iter(summary.of_type("aws_cloudformation_stack").values()))["template_body"]
    lifecycle = body["Resources"]["RuntimeEmailClassifier"]["Properties"]["LifecycleConfiguration"]
    assert lifecycle == {"IdleRuntimeSessionTimeout": 60, "MaxLifetime": 300}
