"""The Lambda modules (tier-router, log-retention-auditor, ltm-pruner, usage-digest) take their
function's deployment settings as one object, ``function``, and pass it unchanged to
modules/lambda-function, which alone declares, defaults and checks those settings (issues #13, #17: a
rule is written once; the digest passes its table ARN to modules/usage-reader). bedrock-model-arns and
kms-key-policy take partition, region and account, and agentcore an account, and pass them to
modules/aws-scope, which alone checks them.

A bad value still fails the plan, naming the field and what is allowed, and a misspelt setting (which
Terraform would drop from a typed object without a word) fails naming the closest one: one plan of a
stack that calls every module with bad values, every error reported together."""

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

  function                = { name = "BAD_NAME", package_file = "" }
  agent_config_table_name = "acme-agent-config"
  agent_config_table_arn  = "arn:aws:dynamodb:us-east-1:123456789012:table/acme-agent-config"
  agent_configs           = { "email-classifier" = { model_id = "amazon.nova-micro-v1:0" } }
}

module "log_retention_auditor" {
  source = "../modules/log-retention-auditor"

  function         = { package_file = "build/lambda/log_retention_auditor-missing.zip", memroy_size = 512 }
  account_id       = "123456789012"
  include_prefixes = ["/aws/bedrock-agentcore/"]
  schedule         = { expression = "daily" }
}

module "ltm_pruner" {
  source = "../modules/ltm-pruner"

  function = {
    name                  = "a-pruner-name-that-is-far-too-long-for-the-suffixes-we-add-to-it"
    package_file          = "../modules/lambda-function/tests/fixtures/empty.zip"
    log_retention_in_days = 45
    timeout               = "soon"
  }
  memories = [{
    memory_arn      = "arn:aws:bedrock-agentcore:us-east-1:123456789012:memory/acme_agents_memory-a1b2c3d4e5"
    namespace_paths = ["/facts/"]
  }]
}

module "usage_digest" {
  source = "../modules/usage-digest"

  function         = { name = "digest name!", tiemout = 60 }
  config_table_arn = "acme-agent-config"
  sns_topic_arn    = "arn:aws:sns:us-east-1:123456789012:acme-cost-alerts"
}

module "model_arns" {
  source = "../modules/bedrock-model-arns"

  model_ids  = ["amazon.nova-micro-v1:0"]
  region     = "mars-1"
  account_id = "123456789012"
}

module "key_policy" {
  source = "../modules/kms-key-policy"

  services   = ["logs"]
  region     = "us-east-1"
  account_id = "12345"
  partition  = "aws-mars"
}

module "agentcore" {
  source = "../modules/agentcore"

  name_prefix = "acme-agents"
  account_id  = "1234567890"
  agent_configs = {
    "email-classifier" = { tier = 3, model_id = "amazon.nova-micro-v1:0", ltm_enabled = false, trace_sample_rate = 0.03, idle_session_timeout_seconds = 60, max_session_lifetime_seconds = 300 }
  }
  runtimes = {
    "email-classifier" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme-agents/email-classifier:1.0.0" }
  }
}

output "arns" {
  value = module.model_arns.all_arns
}

output "key_policy" {
  value = module.key_policy.policy_json
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
        pytest.param(["function.name must be 1-56 characters", f'got "{BAD_NAME}"'], id="tier_router_name"),
        pytest.param(
            ["function.package_file must be the path of an existing zip", 'got ""'],
            id="tier_router_empty_package",
        ),
        pytest.param(
            [
                "function.package_file must be the path of an existing zip",
                'got "build/lambda/log_retention_auditor-missing.zip"',
            ],
            id="auditor_missing_package",
        ),
        pytest.param(
            [
                'unknown attribute "memroy_size" (did you mean memory_size?)',
                "Allowed: additional_layer_arns,",
            ],
            id="auditor_misspelt_setting",
        ),
        pytest.param(
            ['schedule.expression must be rate(...), cron(...) or at(...); got "daily"'],
            id="auditor_schedule",
        ),
        pytest.param(
            [
                "function.name must be 1-56 characters",
                'got "a-pruner-name-that-is-far-too-long-for-the-suffixes-we-add-to-it"',
            ],
            id="pruner_name_too_long",
        ),
        pytest.param(
            ["function.log_retention_in_days must be one of 1, 3, 5, 7, 14, 30, 60", "got 45"],
            id="pruner_retention",
        ),
        pytest.param(
            ["function.timeout must be a whole number of seconds from 1 to 900", 'got "soon"'],
            id="pruner_timeout_type",
        ),
        pytest.param(["function.name must be 1-56 characters", 'got "digest name!"'], id="digest_name"),
        pytest.param(['unknown attribute "tiemout" (did you mean timeout?)'], id="digest_misspelt_setting"),
        pytest.param(
            ["config_table_arn must be a DynamoDB table ARN", "config_table_arn = var.config_table_arn"],
            id="digest_config_table_arn",
        ),
        pytest.param(
            ['region must be an AWS region name such as "us-east-1"; got "mars-1"'], id="model_arns_region"
        ),
        pytest.param(['account_id must be 12 digits; got "12345"'], id="key_policy_account"),
        pytest.param(
            [
                'account_id must be 12 digits; got "1234567890"',
                "modules/agentcore/main.tf line",
                "modules/aws-scope/variables.tf",
            ],
            id="agentcore_account",
        ),
        pytest.param(
            ['partition must be one of aws, aws-us-gov, aws-cn; got "aws-mars"'], id="key_policy_partition"
        ),
    ],
)
def test_a_bad_lambda_setting_fails_the_plan_naming_the_field(fragments, plan_error):
    for fragment in fragments:
        assert fragment in plan_error, f"{fragment!r} not in the plan error:\n{plan_error[-3000:]}"
