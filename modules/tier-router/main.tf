# The tier router: one Lambda (on modules/lambda-function) that resolves each request to the agent's
# model, caps and tools from the agent-config table, and may call Bedrock Converse itself. Its role
# reads that one table, invokes only the models the fleet uses, and reads only its sampling profile.

# What InvokeModel must allow for each model id: the same rules as every AgentCore runtime's role.
locals {
  # AWS rules several modules check inputs against (see variables.tf), written once: modules/aws-rules.json.
  aws_rules = jsondecode(file("${path.module}/../aws-rules.json"))
  # The attributes of var.sampling_appconfig (type any, checked in variables.tf), all required.
  sampling_appconfig_attributes = ["application_id", "configuration_arn", "configuration_profile_id", "environment_id"]
}

module "model_arns" {
  source = "../bedrock-model-arns"

  model_ids      = local.model_ids
  prompt_routers = var.prompt_routers
  partition      = local.partition
  region         = local.region
  account_id     = local.account_id
}

locals {
  # Partition, region and account come from the table ARN (no data source: plans stay offline).
  table_arn  = split(":", var.agent_config_table_arn)
  partition  = local.table_arn[1]
  region     = local.table_arn[3]
  account_id = local.table_arn[4]

  model_ids = sort(distinct([
    for id in flatten([for agent in values(var.agent_configs) : [agent.model_id, agent.escalation_model_id]]) : id if id != null
  ]))
  bedrock_resource_arns = sort(distinct(concat(module.model_arns.all_arns, var.additional_model_arns)))

  policy = {
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "ReadAgentConfig"
          Effect   = "Allow"
          Action   = ["dynamodb:Scan"]
          Resource = [var.agent_config_table_arn]
        },
        {
          # Converse and ConverseStream are authorised by these two actions.
          Sid      = "InvokeFleetModels"
          Effect   = "Allow"
          Action   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
          Resource = local.bedrock_resource_arns
        },
      ],
      var.sampling_appconfig == null ? [] : [
        {
          Sid      = "ReadSamplingProfile"
          Effect   = "Allow"
          Action   = ["appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"]
          Resource = [var.sampling_appconfig.configuration_arn]
        },
      ],
    )
  }

  environment = merge(
    {
      CONFIG_TABLE_NAME          = var.agent_config_table_name
      CONFIG_CACHE_TTL_SECONDS   = tostring(var.config_cache_ttl_seconds)
      SAMPLING_CACHE_TTL_SECONDS = tostring(var.sampling_cache_ttl_seconds)
      CONVERSE_MAX_ATTEMPTS      = tostring(var.converse_max_attempts)
      POWERTOOLS_SERVICE_NAME    = "tier-router"
      POWERTOOLS_LOG_LEVEL       = var.log_level
    },
    var.sampling_appconfig == null ? {} : {
      APPCONFIG_APPLICATION = var.sampling_appconfig.application_id
      APPCONFIG_ENVIRONMENT = var.sampling_appconfig.environment_id
      APPCONFIG_PROFILE     = var.sampling_appconfig.configuration_profile_id
    },
  )
}

module "function" {
  source = "../lambda-function"

  function = var.function
  defaults = {
    name         = "tier-router"
    handler      = "tier_router.handler.lambda_handler"
    package_file = "${path.module}/package/tier_router.zip" # own code only, rebuilt byte for byte by `make build`
    timeout      = 90
  }
  description                    = "Routes agent model calls to the agent's tier model, caps and tools (agentcore-finops tier router)."
  environment_variables          = local.environment
  policy_json                    = jsonencode(local.policy)
  reserved_concurrent_executions = var.reserved_concurrent_executions
  maximum_retry_attempts         = 0 # callers wait for the answer; a retried async call would pay for the model twice
  alarm_on_throttles             = true
}
