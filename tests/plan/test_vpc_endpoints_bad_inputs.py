"""Bad vpc-endpoints input fails the plan with a message naming the field, the bad value and what is
allowed (terraform test in the module checks which rule fails; this checks what the user reads)."""

from __future__ import annotations

import pytest

from tests import harness

pytestmark = pytest.mark.terraform

GOOD = {
    "vpc_id": "vpc-0a1b2c3d4e5f67890",
    "subnets": {"us-east-1a": "subnet-0a1b2c3d4e5f6a7b8", "us-east-1b": "subnet-0b1c2d3e4f5a6b7c8"},
    "route_table_ids": ["rtb-0a1b2c3d4e5f6a7b8"],
    "allowed_cidr_blocks": ["10.0.0.0/16"],
}

BAD = {
    "malformed_service_key": (
        {"interface_endpoints": ["bedrock_runtime", "logs", "Sts"]},
        [
            'interface_endpoints: malformed service key(s) "Sts", "bedrock_runtime"',
            "lowercase dot-separated labels",
            "com.amazonaws.<region>.<key>",
            "bedrock-agentcore.gateway",
        ],
    ),
    "full_service_name": (
        {"interface_endpoints": ["com.amazonaws.us-east-1.bedrock-runtime"]},
        ["not full service names", '"com.amazonaws.us-east-1.bedrock-runtime"'],
    ),
    "s3_as_interface": (
        {"interface_endpoints": ["s3", "logs"]},
        ["s3 and dynamodb go in gateway_endpoints", "free", "got s3"],
    ),
    "subnets_keyed_by_id": (
        {"subnets": {"subnet-0a1b2c3d4e5f6a7b8": "us-east-1a"}},
        ["subnets must be keyed by availability zone", '"subnet-0a1b2c3d4e5f6a7b8"'],
    ),
    "single_az_zone_not_a_subnet_az": (
        {"single_az": True, "single_az_zone": "us-east-1c"},
        ['single_az_zone = "us-east-1c" is not a key of subnets', 'allowed: "us-east-1a", "us-east-1b"'],
    ),
    "no_allowed_source": (
        {"allowed_cidr_blocks": []},
        ["allowed_cidr_blocks and allowed_security_group_ids are both empty"],
    ),
    "gateway_without_route_tables": (
        {"route_table_ids": []},
        ["route_table_ids is empty", "gateway endpoints (dynamodb, s3)", "gateway_endpoints = []"],
    ),
    "world_open_cidr": (
        {"allowed_cidr_blocks": ["0.0.0.0/0"]},
        ["never a /0", '"0.0.0.0/0"'],
    ),
}


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    return harness.Workspace("examples/existing-vpc", tmp_path_factory.mktemp("vpce-bad-inputs"))


@pytest.fixture(scope="module")
def outcomes(example):
    """Every case, and GOOD, planned at once (one ``terraform test`` run, see harness.plan_cases)."""
    cases = {case: {**GOOD, **override} for case, (override, _) in BAD.items()}
    return harness.plan_cases(example, {**cases, "good": GOOD})


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_fails_the_plan_naming_the_field(case, outcomes):
    harness.assert_fails_naming(outcomes[case], BAD[case][1])


def test_good_input_still_plans_in_the_same_workspace(outcomes):
    assert outcomes["good"].planned().counts["aws_vpc_endpoint"] == 7
