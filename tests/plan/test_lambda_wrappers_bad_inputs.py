"""The Lambda modules (tier-router, log-retention-auditor, ltm-pruner, usage-digest) pass name and
package_file straight to modules/lambda-function, which alone checks them (the digest passes its table
ARN to modules/usage-reader) (issue #13: a rule is written once).
A bad value still fails the plan, naming the field and what is allowed: one plan of a stack that
calls all three with bad values, every error reported together."""

from __future__ import annotations

import pytest

from tests import harness

pytestmark = pytest.mark.terraform

BAD_NAME = "acme agents with spaces"
STACK = """
provider "aws" {
  region = "us-east-1"
}

module "tier_router" {
  source = "../modules/tier-router"

  name                    = "BAD_NAME"
  package_file            = ""
  agent_config_table_name = "acme-agent-config"
  agent_config_table_arn  = "arn:aws:dynamodb:us-east-1:123456789012:table/acme-agent-config"
  agent_configs           = { "email-classifier" = { model_id = "amazon.nova-micro-v1:0" } }
}

module "log_retention_auditor" {
  source = "../modules/log-retention-auditor"

  name             = "acme-log-retention-auditor"
  package_file     = "build/lambda/log_retention_auditor-missing.zip"
  account_id       = "123456789012"
  include_prefixes = ["/aws/bedrock-agentcore/"]
}

module "ltm_pruner" {
  source = "../modules/ltm-pruner"

  name         = "a-pruner-name-that-is-far-too-long-for-the-suffixes-we-add-to-it"
  package_file = "../modules/lambda-function/tests/fixtures/empty.zip"
  memories = [{
    memory_arn      = "arn:aws:bedrock-agentcore:us-east-1:123456789012:memory/acme_agents_memory-a1b2c3d4e5"
    namespace_paths = ["/facts/"]
  }]
}

module "usage_digest" {
  source = "../modules/usage-digest"

  name             = "digest name!"
  config_table_arn = "acme-agent-config"
  sns_topic_arn    = "arn:aws:sns:us-east-1:123456789012:acme-cost-alerts"
}
""".replace("BAD_NAME", BAD_NAME)


@pytest.fixture(scope="module")
def plan_error(tmp_path_factory):
    ws = harness.Workspace("wrapper-stack", tmp_path_factory.mktemp("wrappers"), files={"main.tf": STACK})
    ws.init()
    return harness.plan_error(ws)


@pytest.mark.parametrize(
    "fragments",
    [
        pytest.param(["name must be 1-56 characters", f'got "{BAD_NAME}"'], id="tier_router_name"),
        pytest.param(
            ["package_file must be the path of an existing zip", 'got ""'], id="tier_router_empty_package"
        ),
        pytest.param(
            [
                "package_file must be the path of an existing zip",
                'got "build/lambda/log_retention_auditor-missing.zip"',
            ],
            id="auditor_missing_package",
        ),
        pytest.param(
            [
                "name must be 1-56 characters",
                'got "a-pruner-name-that-is-far-too-long-for-the-suffixes-we-add-to-it"',
            ],
            id="pruner_name_too_long",
        ),
        pytest.param(["name must be 1-56 characters", 'got "digest name!"'], id="digest_name"),
        pytest.param(
            ["config_table_arn must be a DynamoDB table ARN", "config_table_arn = var.config_table_arn"],
            id="digest_config_table_arn",
        ),
    ],
)
def test_a_bad_lambda_setting_fails_the_plan_naming_the_field(fragments, plan_error):
    for fragment in fragments:
        assert fragment in plan_error, f"{fragment!r} not in the plan error:\n{plan_error[-3000:]}"
