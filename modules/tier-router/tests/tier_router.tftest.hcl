mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      id   = "eu-west-1"
      name = "eu-west-1"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
}

variables {
  function                = { name = "probe-tier-router", package_file = "../lambda-function/tests/fixtures/empty.zip" }
  agent_config_table_name = "probe-agent-config"
  agent_config_table_arn  = "arn:aws:dynamodb:eu-west-1:210987654321:table/probe-agent-config"
  agent_configs = {
    "sre-orchestrator"  = { model_id = "global.anthropic.claude-sonnet-4-5-20250929-v1:0", escalation_model_id = null }
    "doc-specialist"    = { model_id = "us.anthropic.claude-haiku-4-5-20251001-v1:0", escalation_model_id = "global.anthropic.claude-sonnet-4-5-20250929-v1:0" }
    "invoice-validator" = { model_id = "amazon.nova-micro-v1:0", escalation_model_id = "us.anthropic.claude-haiku-4-5-20251001-v1:0" }
    "email-classifier"  = { model_id = "amazon.nova-micro-v1:0" }
  }
}

run "role_invokes_only_the_fleets_models_and_profiles" {
  command = plan

  assert {
    condition = output.model_ids == tolist([
      "amazon.nova-micro-v1:0",
      "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "us.anthropic.claude-haiku-4-5-20251001-v1:0",
    ])
    error_message = "model ids are the distinct model and escalation ids of the fleet"
  }
  assert {
    condition = output.bedrock_model_arns == tolist([
      "arn:aws:bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0",
      "arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
      "arn:aws:bedrock:eu-west-1:210987654321:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "arn:aws:bedrock:eu-west-1:210987654321:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0",
      "arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-micro-v1:0",
    ])
    error_message = "profiles in the table's account and region, their base models in any region, base models in this region"
  }
  assert {
    condition     = [for s in jsondecode(output.iam_role_policy_json).Statement : s.Sid] == ["ReadAgentConfig", "InvokeFleetModels"]
    error_message = "no AppConfig permission without a sampling profile"
  }
  assert {
    condition = jsondecode(output.iam_role_policy_json).Statement[0] == {
      Sid      = "ReadAgentConfig"
      Effect   = "Allow"
      Action   = ["dynamodb:Scan"]
      Resource = ["arn:aws:dynamodb:eu-west-1:210987654321:table/probe-agent-config"]
    }
    error_message = "Scan (the whole fleet, one read per page per TTL) on the config table only"
  }
  assert {
    condition     = jsondecode(output.iam_role_policy_json).Statement[1].Action == ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
    error_message = "InvokeModel (which authorises Converse) and its streaming form"
  }
  assert {
    condition     = !contains(flatten([for s in jsondecode(output.iam_role_policy_json).Statement : s.Resource]), "*")
    error_message = "no statement on every resource"
  }
  assert {
    condition = local.environment == {
      CONFIG_TABLE_NAME          = "probe-agent-config"
      CONFIG_CACHE_TTL_SECONDS   = "60"
      SAMPLING_CACHE_TTL_SECONDS = "60"
      CONVERSE_MAX_ATTEMPTS      = "4"
      POWERTOOLS_SERVICE_NAME    = "tier-router"
      POWERTOOLS_LOG_LEVEL       = "INFO"
    }
    error_message = "the function is told its table and cache TTLs, and no AppConfig location"
  }
  assert {
    condition     = length(module.function.cloudwatch_metric_alarm_arns) == 2
    error_message = "alarms on errors and on throttles"
  }
}

run "sampling_profile_from_appconfig" {
  command = plan

  variables {
    sampling_appconfig = {
      application_id           = "a1b2c3d"
      environment_id           = "e4f5g6h"
      configuration_profile_id = "p7q8r9s"
      configuration_arn        = "arn:aws:appconfig:eu-west-1:210987654321:application/a1b2c3d/environment/e4f5g6h/configuration/p7q8r9s"
    }
    sampling_cache_ttl_seconds = 30
    config_cache_ttl_seconds   = 15
  }

  assert {
    condition = jsondecode(output.iam_role_policy_json).Statement[2] == {
      Sid      = "ReadSamplingProfile"
      Effect   = "Allow"
      Action   = ["appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"]
      Resource = ["arn:aws:appconfig:eu-west-1:210987654321:application/a1b2c3d/environment/e4f5g6h/configuration/p7q8r9s"]
    }
    error_message = "AppConfig data reads on the sampling configuration only"
  }
  assert {
    condition = (
      local.environment.APPCONFIG_APPLICATION == "a1b2c3d" && local.environment.APPCONFIG_ENVIRONMENT == "e4f5g6h"
      && local.environment.APPCONFIG_PROFILE == "p7q8r9s" && local.environment.SAMPLING_CACHE_TTL_SECONDS == "30"
      && local.environment.CONFIG_CACHE_TTL_SECONDS == "15"
    )
    error_message = "the function is told where the sampling document is"
  }
}

run "model_arns_and_other_partitions" {
  command = plan

  variables {
    agent_config_table_arn = "arn:aws-us-gov:dynamodb:us-gov-west-1:210987654321:table/probe-agent-config"
    agent_configs = {
      "a-one"   = { model_id = "arn:aws-us-gov:bedrock:us-gov-west-1:210987654321:inference-profile/us-gov.anthropic.claude-3-haiku-20240307-v1:0" }
      "a-two"   = { model_id = "arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/amazon.nova-micro-v1:0" }
      "a-three" = { model_id = "us-gov.anthropic.claude-3-5-haiku-20241022-v1:0" }
    }
    additional_model_arns = ["arn:aws-us-gov:bedrock:us-gov-west-1:210987654321:application-inference-profile/abc123"]
  }

  assert {
    condition = output.bedrock_model_arns == tolist([
      "arn:aws-us-gov:bedrock:*::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0",
      "arn:aws-us-gov:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
      "arn:aws-us-gov:bedrock:us-gov-west-1:210987654321:application-inference-profile/abc123",
      "arn:aws-us-gov:bedrock:us-gov-west-1:210987654321:inference-profile/us-gov.anthropic.claude-3-5-haiku-20241022-v1:0",
      "arn:aws-us-gov:bedrock:us-gov-west-1:210987654321:inference-profile/us-gov.anthropic.claude-3-haiku-20240307-v1:0",
      "arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/amazon.nova-micro-v1:0",
    ])
    error_message = "ARN model ids are kept, profile ARNs add their base model, the partition follows the table"
  }
}

run "table_arn_not_an_arn" {
  command = plan
  variables {
    agent_config_table_arn = "probe-agent-config"
  }
  expect_failures = [var.agent_config_table_arn]
}

run "no_agents" {
  command = plan
  variables {
    agent_configs = {}
  }
  expect_failures = [var.agent_configs]
}


run "the_committed_package_and_the_routers_defaults" {
  command = plan
  variables {
    function = {}
  }
  assert {
    condition     = endswith(output.function.settings.package_file, "/package/tier_router.zip") && fileexists(output.function.settings.package_file)
    error_message = "the module deploys the zip committed with it"
  }
  assert {
    condition     = output.function.settings.name == "tier-router" && output.function.settings.handler == "tier_router.handler.lambda_handler" && output.function.settings.timeout == 90
    error_message = "the router's own name, handler and timeout"
  }
  assert {
    condition     = module.function.lambda_layer_arns == tolist(["arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-arm64:37"])
    error_message = "Powertools comes from the official layer"
  }
}

run "a_package_from_s3" {
  command = plan
  variables {
    function = { s3_package = { bucket = "artifacts-bucket", key = "agentcore-finops/tier_router.zip", object_version = "3" }, memory_size = 512 }
  }
  assert {
    condition     = output.function.settings.package_file == null && output.function.settings.s3_package.key == "agentcore-finops/tier_router.zip"
    error_message = "with s3_package, no local file is deployed"
  }
  assert {
    condition     = output.function.settings.memory_size == 512 && output.function.settings.timeout == 90
    error_message = "settings in function are passed through; the rest keep the router's defaults"
  }
}


run "sampling_arn_for_another_profile" {
  command = plan
  variables {
    sampling_appconfig = {
      application_id           = "a1b2c3d"
      environment_id           = "e4f5g6h"
      configuration_profile_id = "p7q8r9s"
      configuration_arn        = "arn:aws:appconfig:eu-west-1:210987654321:application/a1b2c3d/environment/e4f5g6h/configuration/zzzzzzz"
    }
  }
  expect_failures = [var.sampling_appconfig]
}

run "sampling_attribute_misspelt" {
  command = plan
  variables {
    sampling_appconfig = {
      application_id           = "a1b2c3d"
      enviroment_id            = "e4f5g6h"
      configuration_profile_id = "p7q8r9s"
      configuration_arn        = "arn:aws:appconfig:eu-west-1:210987654321:application/a1b2c3d/environment/e4f5g6h/configuration/p7q8r9s"
    }
  }
  expect_failures = [var.sampling_appconfig]
}

run "sampling_attribute_missing" {
  command = plan
  variables {
    sampling_appconfig = {
      application_id    = "a1b2c3d"
      environment_id    = "e4f5g6h"
      configuration_arn = "arn:aws:appconfig:eu-west-1:210987654321:application/a1b2c3d/environment/e4f5g6h/configuration/p7q8r9s"
    }
  }
  expect_failures = [var.sampling_appconfig]
}

run "sampling_not_an_object" {
  command = plan
  variables {
    sampling_appconfig = "arn:aws:appconfig:eu-west-1:210987654321:application/a1b2c3d"
  }
  expect_failures = [var.sampling_appconfig]
}

run "reserved_concurrency_zero" {
  command = plan
  variables {
    reserved_concurrent_executions = 0
  }
  expect_failures = [var.reserved_concurrent_executions]
}

run "config_ttl_too_long" {
  command = plan
  variables {
    config_cache_ttl_seconds = 7200
  }
  expect_failures = [var.config_cache_ttl_seconds]
}

run "sampling_ttl_not_whole" {
  command = plan
  variables {
    sampling_cache_ttl_seconds = 0.5
  }
  expect_failures = [var.sampling_cache_ttl_seconds]
}

run "converse_attempts_zero" {
  command = plan
  variables {
    converse_max_attempts = 0
  }
  expect_failures = [var.converse_max_attempts]
}

run "log_level_unknown" {
  command = plan
  variables {
    log_level = "TRACE"
  }
  expect_failures = [var.log_level]
}


run "additional_arn_not_bedrock" {
  command = plan
  variables {
    additional_model_arns = ["arn:aws:s3:::bucket"]
  }
  expect_failures = [var.additional_model_arns]
}
