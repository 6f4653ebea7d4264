"""Observability wiring in plans: the sampling document Terraform renders is what the Python side
accepts and equals the resolved fleet; root-level bad inputs fail the plan with a clear message."""

from __future__ import annotations

import json

import jsonschema
import pytest

from agentcore_finops import sampling
from tests import harness

pytestmark = pytest.mark.terraform

SCHEMA = json.loads(
    (harness.REPO_ROOT / "modules" / "sampling-profiles" / "sampling-profile.schema.json").read_text()
)


def test_the_rendered_document_is_the_fleet_and_passes_both_checks(example_plan):
    outputs = example_plan("examples/complete").outputs
    document = outputs["sampling_document"]  # the summary decodes the JSON text
    agents, tiers = outputs["agent_configs"], outputs["tier_configs"]

    profile = sampling.parse(document)
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    assert dict(profile.tiers) == {t: tiers[t]["trace_sample_rate"] for t in ("1", "2", "3")}
    assert dict(profile.agents) == {a: c["trace_sample_rate"] for a, c in agents.items()}
    assert len(profile.agents) == 100


def test_terraform_otel_settings_match_the_python_helper(example_plan):
    outputs = example_plan("examples/complete").outputs
    otel, agents = outputs["otel_environment"], outputs["agent_configs"]
    assert set(otel) == set(agents)
    for agent_id, config in agents.items():
        assert otel[agent_id] == sampling.otel_environment(config["trace_sample_rate"]), agent_id


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return harness.Workspace(".", tmp_path_factory.mktemp("observability-inputs"))


FLEET = {"sre-orchestrator": {"tier": 1}, "invoice-validator": {"tier": 3}}


BAD = {
    "override_rate_1_5": (
        {"create_sampling_profiles": True, "sampling_overrides": {"agents": {"sre-orchestrator": 1.5}}},
        ['overrides.agents["sre-orchestrator"] = 1.5', "between 0 and 1"],
    ),
    "override_for_an_agent_not_in_the_fleet": (
        {"create_sampling_profiles": True, "sampling_overrides": {"agents": {"ghost-agent": 1}}},
        ['not in agent_configs: "ghost-agent"', "the fleet's agent ids"],
    ),
    "auditor_package_dir_missing": (
        {
            "create_log_retention_auditor": True,
            "account_id": "123456789012",
            "lambda_package_dir": "no/such/dir",
        },
        ["no/such/dir/manifest.json"],
    ),
    # The root passes these straight to modules/log-groups and modules/lambda-function, which check
    # them (the rule is written once); the error shows the root variable at the module call.
    "retention_and_class_not_cloudwatch_values": (
        {"log_retention_in_days": 45, "log_group_class": "COLD"},
        [
            "retention_in_days = var.log_retention_in_days",
            "retention_in_days must be one of 1, 3, 5, 7, 14, 30, 60",
            "got 45",
            "log_group_class = var.log_group_class",
            'log_group_class must be "STANDARD" or "INFREQUENT_ACCESS"; got "COLD"',
        ],
    ),
    "usage_digest_without_a_topic": (
        {"create_usage_digest": True},
        ["create_usage_digest is true", "cost_guardrails", "usage_digest.sns_topic_arn"],
    ),
    "malformed_account_id": (
        {"create_log_retention_auditor": True, "lambda_package_dir": "build/lambda", "account_id": "12345"},
        ["account_id must be 12 digits", 'got "12345"'],
    ),
}


# Good configurations, planned with the bad ones.
GOOD = {
    "defaults": {"account_id": "210987654321"},
    "all-off": {
        "create_sampling_profiles": False,
        "create_tier_router": False,
        "create_log_retention_auditor": False,
    },
    "auditor-only": {
        "create_log_retention_auditor": True,
        "create_tier_router": False,
        "account_id": "210987654321",
        "lambda_package_dir": "build/lambda",  # staged copy: linked to the build
        "log_retention_in_days": 14,
    },
}


@pytest.fixture(scope="module")
def outcomes(root):
    """Every case, bad and good, planned at once (one ``terraform test`` run, see harness.plan_cases)."""
    base = {"name_prefix": "obs-input", "agents": FLEET}
    cases = {**{case: tf_vars for case, (tf_vars, _) in BAD.items()}, **GOOD}
    assert len(cases) == len(BAD) + len(GOOD)
    return harness.plan_cases(root, {case: {**base, **tf_vars} for case, tf_vars in cases.items()})


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_observability_input_fails_the_plan_clearly(case, outcomes):
    harness.assert_fails_naming(outcomes[case], BAD[case][1])


def test_the_defaults_without_packages(outcomes):
    """With no lambda_package_dir and no AgentCore, the root serves the sampling profile, and the
    tier router and the auditor (report mode) deploy the packages committed with their modules; log
    groups come with AgentCore."""
    summary = outcomes["defaults"].planned()
    appconfig = {t for t in summary.counts if t.startswith("aws_appconfig_")}
    assert len(appconfig) == 6
    functions = summary.of_type("aws_lambda_function")
    assert sorted(v["function_name"] for v in functions.values()) == [
        "obs-input-log-retention-auditor",
        "obs-input-tier-router",
    ]
    for values in functions.values():
        package = values["filename"]
        assert package in (
            (
                "modules/tier-router/package/tier_router.zip",
                "modules/log-retention-auditor/package/log_retention_auditor.zip",
            )
        )
        assert values["layers"] == [
            "arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-arm64:37"
        ]
    assert summary.outputs["sampling_document"] != "__unknown__" and summary.outputs["log_group_names"] == {}


def test_sampling_and_the_lambdas_can_be_turned_off(outcomes):
    summary = outcomes["all-off"].planned()
    assert set(summary.counts) == {"aws_dynamodb_table", "aws_dynamodb_table_item", "resources"}
    assert summary.outputs["sampling_document"] is None


def test_the_auditor_defaults_in_the_root_module(outcomes):
    summary = outcomes["auditor-only"].planned()
    fn = summary.of_type("aws_lambda_function")
    (values,) = fn.values()
    env = values["environment"][0]["variables"]
    assert env["INCLUDE_PREFIXES"] == [
        "/aws/bedrock-agentcore/",
        "/aws/vendedlogs/bedrock-agentcore/",
        "/aws/lambda/obs-input-",
    ]
    assert env["TARGET_RETENTION_DAYS"] == "14", "the auditor enforces the fleet's retention"
    assert env["MODE"] == "report"
    (policy,) = [
        v["policy"] for a, v in summary.of_type("aws_iam_role_policy").items() if a.endswith("function[0]")
    ]
    assert [s["Action"] for s in policy["Statement"]] == [["logs:DescribeLogGroups"]], (
        "report mode: the role lists log groups and cannot change their retention"
    )
    assert policy["Statement"][0]["Resource"] == "arn:aws:logs:us-east-1:210987654321:log-group:*"
