# The hosted document is the resolved fleet's rates; overrides win; bad rates and unknown agents fail
# the plan naming the field.

mock_provider "aws" {
  mock_resource "aws_appconfig_application" {
    defaults = {
      id  = "app1234"
      arn = "arn:aws:appconfig:us-east-1:123456789012:application/app1234"
    }
  }
  mock_resource "aws_appconfig_configuration_profile" {
    defaults = {
      configuration_profile_id = "prof567"
    }
  }
  mock_resource "aws_appconfig_environment" {
    defaults = {
      environment_id = "env89ab"
    }
  }
  mock_resource "aws_appconfig_deployment_strategy" {
    defaults = {
      id = "strat12"
    }
  }
  mock_resource "aws_appconfig_hosted_configuration_version" {
    defaults = {
      version_number = 3
    }
  }
}

# As modules/agent-config resolves them: full records (extra fields are ignored by this module).
variables {
  name = "acme-agents"
  agent_configs = {
    "sre-orchestrator"  = { agent_id = "sre-orchestrator", tier = 1, model_id = "global.anthropic.claude-sonnet-4-5-20250929-v1:0", trace_sample_rate = 0.25 }
    "doc-specialist"    = { agent_id = "doc-specialist", tier = 2, model_id = "global.anthropic.claude-haiku-4-5-20251001-v1:0", trace_sample_rate = 0.1 }
    "audit-specialist"  = { agent_id = "audit-specialist", tier = 2, model_id = "global.anthropic.claude-haiku-4-5-20251001-v1:0", trace_sample_rate = 0.5 }
    "invoice-validator" = { agent_id = "invoice-validator", tier = 3, model_id = "amazon.nova-micro-v1:0", trace_sample_rate = 0.03 }
  }
  tier_configs = {
    "1" = { model_id = "global.anthropic.claude-sonnet-4-5-20250929-v1:0", trace_sample_rate = 0.25 }
    "2" = { model_id = "global.anthropic.claude-haiku-4-5-20251001-v1:0", trace_sample_rate = 0.1 }
    "3" = { model_id = "amazon.nova-micro-v1:0", trace_sample_rate = 0.03 }
  }
}

run "document_equals_the_resolved_rates" {
  command = plan

  assert {
    condition = jsondecode(aws_appconfig_hosted_configuration_version.this.content) == {
      version = 1
      tiers   = { "1" = 0.25, "2" = 0.1, "3" = 0.03 }
      agents  = { "sre-orchestrator" = 0.25, "doc-specialist" = 0.1, "audit-specialist" = 0.5, "invoice-validator" = 0.03 }
    }
    error_message = "the hosted document must hold exactly the resolved tier and agent rates"
  }
  assert {
    condition     = output.document == aws_appconfig_hosted_configuration_version.this.content
    error_message = "the document output is what is hosted"
  }
  assert {
    condition     = aws_appconfig_hosted_configuration_version.this.content_type == "application/json"
    error_message = "hosted as JSON"
  }
  assert {
    condition     = output.otel_environment["audit-specialist"] == { OTEL_TRACES_SAMPLER = "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG = "0.5" }
    error_message = "runtimes get parent-based ratio sampling at the agent's rate"
  }
  assert {
    condition     = output.otel_environment["invoice-validator"].OTEL_TRACES_SAMPLER_ARG == "0.03" && length(output.otel_environment) == 4
    error_message = "one OTEL setting per agent"
  }
}

run "schema_validator_and_hosted_profile" {
  command = plan

  assert {
    condition     = aws_appconfig_configuration_profile.this.location_uri == "hosted" && aws_appconfig_configuration_profile.this.type == "AWS.Freeform"
    error_message = "a hosted freeform profile"
  }
  assert {
    condition     = one(aws_appconfig_configuration_profile.this.validator).type == "JSON_SCHEMA"
    error_message = "AppConfig validates every version against the JSON Schema"
  }
  assert {
    condition     = jsondecode(one(aws_appconfig_configuration_profile.this.validator).content) == jsondecode(file("sampling-profile.schema.json"))
    error_message = "the validator is the module's schema file"
  }
  assert {
    condition     = jsondecode(one(aws_appconfig_configuration_profile.this.validator).content)["$schema"] == "http://json-schema.org/draft-04/schema#"
    error_message = "AppConfig supports JSON Schema draft 4"
  }
}

run "overrides_apply" {
  command = plan

  variables {
    overrides = {
      agents = { "doc-specialist" = 1 }
      tiers  = { "3" = 1, "2" = 0.2 }
    }
  }

  assert {
    condition = jsondecode(aws_appconfig_hosted_configuration_version.this.content) == {
      version = 1
      tiers   = { "1" = 0.25, "2" = 0.2, "3" = 1 }
      agents  = { "sre-orchestrator" = 0.25, "doc-specialist" = 1, "audit-specialist" = 0.2, "invoice-validator" = 1 }
    }
    error_message = "an agent override wins over its tier's override, which wins over the fleet rate"
  }
  assert {
    condition     = output.otel_environment["doc-specialist"].OTEL_TRACES_SAMPLER_ARG == "0.1" && output.otel_environment["invoice-validator"].OTEL_TRACES_SAMPLER_ARG == "0.03"
    error_message = "overrides never touch the runtimes' settings"
  }
}

run "whole_rates_are_written_like_python" {
  command = plan

  variables {
    agent_configs = {
      "all-traced"  = { tier = 1, trace_sample_rate = 1 }
      "none-traced" = { tier = 3, trace_sample_rate = 0 }
    }
  }

  assert {
    condition     = output.otel_environment["all-traced"].OTEL_TRACES_SAMPLER_ARG == "1.0" && output.otel_environment["none-traced"].OTEL_TRACES_SAMPLER_ARG == "0.0"
    error_message = "whole rates read 1.0 and 0.0, as agentcore_finops.sampling.otel_environment writes them"
  }
}

run "default_environment_and_all_at_once_strategy" {
  # apply (against the mock provider) so the mocked ids are known
  command = apply

  assert {
    condition     = keys(aws_appconfig_environment.this) == ["live"] && keys(aws_appconfig_deployment.this) == ["live"]
    error_message = "one environment, live, with one deployment"
  }
  assert {
    condition = (
      aws_appconfig_deployment_strategy.this.deployment_duration_in_minutes == 0 &&
      aws_appconfig_deployment_strategy.this.final_bake_time_in_minutes == 0 &&
      aws_appconfig_deployment_strategy.this.growth_factor == 100 &&
      aws_appconfig_deployment_strategy.this.growth_type == "LINEAR" &&
      aws_appconfig_deployment_strategy.this.replicate_to == "NONE"
    )
    error_message = "the default strategy reaches every reader at once with no bake time"
  }
  assert {
    condition     = aws_appconfig_deployment.this["live"].configuration_version == "3" && aws_appconfig_deployment.this["live"].environment_id == "env89ab"
    error_message = "the deployment ships the hosted version to its environment"
  }
  assert {
    condition     = output.appconfig_configuration_arns == { live = "arn:aws:appconfig:us-east-1:123456789012:application/app1234/environment/env89ab/configuration/prof567" }
    error_message = "readers' IAM resource: application/<app>/environment/<env>/configuration/<profile>"
  }
  assert {
    condition     = output.appconfig_environment_ids == { live = "env89ab" } && output.appconfig_application_id == "app1234" && output.appconfig_configuration_profile_id == "prof567"
    error_message = "ids for Powertools get_app_config"
  }
  assert {
    condition     = length(aws_cloudformation_stack.transaction_search) == 0 && output.transaction_search_stack_id == null
    error_message = "Transaction Search is left alone unless asked"
  }
}

run "several_environments_and_a_gradual_strategy" {
  command = plan

  variables {
    environments        = ["live", "investigation"]
    deployment_strategy = { deployment_duration_in_minutes = 10, final_bake_time_in_minutes = 5, growth_factor = 25, growth_type = "EXPONENTIAL" }
    tags                = { team = "platform" }
  }

  assert {
    condition     = length(aws_appconfig_environment.this) == 2 && length(aws_appconfig_deployment.this) == 2
    error_message = "one environment and one deployment per name"
  }
  assert {
    condition     = aws_appconfig_deployment_strategy.this.growth_factor == 25 && aws_appconfig_deployment_strategy.this.growth_type == "EXPONENTIAL" && aws_appconfig_deployment_strategy.this.final_bake_time_in_minutes == 5
    error_message = "the strategy is configurable"
  }
  assert {
    condition     = aws_appconfig_application.this.tags == tomap({ team = "platform" }) && aws_appconfig_deployment.this["investigation"].tags == tomap({ team = "platform" })
    error_message = "tags reach every resource"
  }
}

run "transaction_search_stack" {
  command = plan

  variables {
    transaction_search_indexing_percentage = 5
  }

  assert {
    condition     = jsondecode(aws_cloudformation_stack.transaction_search[0].template_body).Resources.TransactionSearchConfig.Properties.IndexingPercentage == 5
    error_message = "the stack sets the indexing percentage"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.transaction_search[0].template_body).Resources.TransactionSearchConfig.DependsOn == "SpansResourcePolicy"
    error_message = "X-Ray may write spans before Transaction Search is turned on"
  }
  assert {
    condition     = aws_cloudformation_stack.transaction_search[0].name == "acme-agents-transaction-search"
    error_message = "the stack is named after the module"
  }
}

# -- every rule fails the plan on its input ---------------------------------------------------------

run "override_rate_1_5_is_rejected" {
  command = plan
  variables {
    overrides = { agents = { "doc-specialist" = 1.5 } }
  }
  expect_failures = [var.overrides]
}

run "tier_override_rate_1_5_is_rejected" {
  command = plan
  variables {
    overrides = { tiers = { "1" = 1.5 } }
  }
  expect_failures = [var.overrides]
}

run "override_for_unknown_tier" {
  command = plan
  variables {
    overrides = { tiers = { "4" = 1 } }
  }
  expect_failures = [var.overrides]
}

run "override_for_unknown_agent" {
  command = plan
  variables {
    overrides = { agents = { "no-such-agent" = 1 } }
  }
  expect_failures = [aws_appconfig_hosted_configuration_version.this]
}

run "tier_rate_1_5_is_rejected" {
  command = plan
  variables {
    tier_configs = { "1" = { trace_sample_rate = 1.5 }, "2" = { trace_sample_rate = 0.1 }, "3" = { trace_sample_rate = 0.03 } }
  }
  expect_failures = [var.tier_configs]
}

run "a_tier_is_missing" {
  command = plan
  variables {
    tier_configs = { "1" = { trace_sample_rate = 0.25 }, "2" = { trace_sample_rate = 0.1 } }
  }
  expect_failures = [var.tier_configs]
}

run "no_environment" {
  command = plan
  variables {
    environments = []
  }
  expect_failures = [var.environments]
}

run "environment_name_with_a_space" {
  command = plan
  variables {
    environments = ["live", "on call"]
  }
  expect_failures = [var.environments]
}

run "bake_time_beyond_a_day" {
  command = plan
  variables {
    deployment_strategy = { final_bake_time_in_minutes = 1441 }
  }
  expect_failures = [var.deployment_strategy]
}

run "growth_factor_zero" {
  command = plan
  variables {
    deployment_strategy = { growth_factor = 0 }
  }
  expect_failures = [var.deployment_strategy]
}

run "growth_type_unknown" {
  command = plan
  variables {
    deployment_strategy = { growth_type = "STEP" }
  }
  expect_failures = [var.deployment_strategy]
}

run "indexing_percentage_over_100" {
  command = plan
  variables {
    transaction_search_indexing_percentage = 150
  }
  expect_failures = [var.transaction_search_indexing_percentage]
}

run "bad_name" {
  command = plan
  variables {
    name = "acme agents"
  }
  expect_failures = [var.name]
}
