output "agent_config_table_arn" {
  description = "ARN of the agent-config table."
  value       = module.agent_config.dynamodb_table_arn
}

output "agent_config_table_name" {
  description = "Name of the agent-config table."
  value       = module.agent_config.dynamodb_table_name
}

output "agent_configs" {
  description = "The resolved record of every agent, keyed by agent id."
  value       = module.agent_config.agent_configs
}

output "tier_configs" {
  description = "The resolved per-tier defaults."
  value       = module.agent_config.tier_configs
}

# -- vpc-endpoints (network.tf) -------------------------------------------------------------------

output "vpc_endpoint_ids" {
  description = "VPC endpoint ids keyed by service key; empty unless create_vpc_endpoints."
  value       = length(module.vpc_endpoints) > 0 ? module.vpc_endpoints[0].vpc_endpoint_ids : {}
}

output "vpc_endpoints_security_group_id" {
  description = "Security group on the interface endpoints (HTTPS from the allowed sources only); null unless create_vpc_endpoints."
  value       = one(module.vpc_endpoints[*].security_group_id)
}

output "network_monthly_cost_estimate" {
  description = "Monthly USD of the VPC endpoints beside a NAT gateway per AZ carrying the same traffic (see modules/vpc-endpoints); null unless create_vpc_endpoints."
  value       = one(module.vpc_endpoints[*].monthly_cost_estimate)
}

# -- tier-router ------------------------------------------------------------------------------------

output "tier_router_function_arn" {
  description = "ARN of the tier-router function agents invoke, or null when create_tier_router is false."
  value       = try(module.tier_router[0].function.lambda_function_arn, null)
}

output "tier_router_function_name" {
  description = "Name of the tier-router function, or null when create_tier_router is false."
  value       = try(module.tier_router[0].function.lambda_function_name, null)
}

# -- observability: modules/sampling-profiles, modules/log-groups, modules/log-retention-auditor --------

output "sampling_appconfig_application_id" {
  description = "AppConfig application holding the trace-sampling document, or null."
  value       = try(module.sampling_profiles[0].appconfig_application_id, null)
}

output "sampling_appconfig_environment_ids" {
  description = "AppConfig environment name to id for the sampling document, or null."
  value       = try(module.sampling_profiles[0].appconfig_environment_ids, null)
}

output "sampling_appconfig_configuration_profile_id" {
  description = "AppConfig configuration profile id of the sampling document, or null."
  value       = try(module.sampling_profiles[0].appconfig_configuration_profile_id, null)
}

output "sampling_appconfig_configuration_arns" {
  description = "Per environment, the ARN readers of the sampling document need in IAM, or null."
  value       = try(module.sampling_profiles[0].appconfig_configuration_arns, null)
}

output "sampling_document" {
  description = "The deployed trace-sampling document (JSON), or null."
  value       = try(module.sampling_profiles[0].document, null)
}

output "otel_environment" {
  description = "Per agent id, OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG for its runtime, or null."
  value       = try(module.sampling_profiles[0].otel_environment, null)
}

output "log_group_names" {
  description = "The AgentCore log groups created with retention, keyed \"runtime/<key>\", \"vended/<key>\", \"extra/<name>\"."
  value = merge(
    try(module.log_groups[0].cloudwatch_log_group_names, {}),
    { for k, name in try(module.agentcore[0].cloudwatch_vended_log_group_names, {}) : "vended/${k}" => name },
  )
}

output "log_retention_auditor_function_name" {
  description = "Name of the log-retention auditor function, or null."
  value       = try(module.log_retention_auditor[0].function.lambda_function_name, null)
}

output "log_retention_auditor_function_arn" {
  description = "ARN of the log-retention auditor function, or null."
  value       = try(module.log_retention_auditor[0].function.lambda_function_arn, null)
}

# -- agentcore and ltm-pruner (modules/agentcore, modules/ltm-pruner) --------------------------------

output "agentcore_gateway" {
  description = "The AgentCore gateway's id, ARN and MCP URL, or null."
  value = local.create_agentcore && var.agentcore_gateway != null ? {
    id  = module.agentcore[0].agentcore_gateway_id
    arn = module.agentcore[0].agentcore_gateway_arn
    url = module.agentcore[0].agentcore_gateway_url
  } : null
}

output "agentcore_log_group_names" {
  description = "Every log group AgentCore writes to (runtime endpoints, vended gateway and memory logs), for modules/log-groups."
  value       = try(module.agentcore[0].cloudwatch_log_group_names, [])
}

output "agentcore_memory" {
  description = "The AgentCore memory's id, ARN and the namespace paths the pruner walks, or null."
  value = local.create_agentcore && var.agentcore_memory != null ? {
    id              = module.agentcore[0].agentcore_memory_id
    arn             = module.agentcore[0].agentcore_memory_arn
    namespace_paths = module.agentcore[0].agentcore_memory_namespace_paths
  } : null
}

output "agentcore_runtime_lifecycle" {
  description = "Per runtime (agent id): tier, idle_session_timeout_seconds, max_session_lifetime_seconds and trace_sample_rate, as planned."
  value       = try(module.agentcore[0].agentcore_runtime_lifecycle, {})
}

output "agentcore_runtimes" {
  description = "Per runtime (agent id): runtime id, ARN, name and endpoint id."
  value = local.create_agentcore ? {
    for id in keys(var.agentcore_runtimes) : id => {
      id          = module.agentcore[0].agentcore_runtime_ids[id]
      arn         = module.agentcore[0].agentcore_runtime_arns[id]
      name        = module.agentcore[0].agentcore_runtime_names[id]
      endpoint_id = module.agentcore[0].agentcore_runtime_endpoint_ids[id]
    }
  } : {}
}

output "agentcore_stack_id" {
  description = "ID of the CloudFormation stack holding the AgentCore resources, or null."
  value       = try(module.agentcore[0].cloudformation_stack_id, null)
}

output "ltm_pruner" {
  description = "The pruner's function name and ARN, and its settings as environment variables, or null."
  value = local.create_ltm_pruner ? {
    function_name         = module.ltm_pruner[0].function.lambda_function_name
    function_arn          = module.ltm_pruner[0].function.lambda_function_arn
    environment_variables = module.ltm_pruner[0].environment_variables
  } : null
}

# -- cost-guardrails (guardrails.tf) -------------------------------------------------------------------

output "cost_guardrails" {
  description = "The budget's name, anomaly monitor ARN, dashboard name, alarm ARNs and the notification topic, or null."
  value = local.create_cost_guardrails ? {
    budget_name       = module.cost_guardrails[0].budgets_budget_name
    anomaly_monitor   = module.cost_guardrails[0].ce_anomaly_monitor_arn
    dashboard_name    = module.cost_guardrails[0].cloudwatch_dashboard_name
    alarm_arns        = module.cost_guardrails[0].cloudwatch_metric_alarm_arns
    sns_topic_arn     = module.cost_guardrails[0].sns_topic_arn
    dashboard_queries = module.cost_guardrails[0].dashboard_queries
  } : null
}

output "usage_digest_function_name" {
  description = "The weekly usage digest's function name (create_usage_digest), or null."
  value       = try(module.usage_digest[0].function.lambda_function_name, null)
}

# -- kms (kms.tf) ------------------------------------------------------------------------------------

output "kms_key_arn" {
  description = "The key every store of the fleet is encrypted with (kms_key_arn, or the one create_kms_key made), or null for AWS managed keys."
  value       = local.kms_key_arn

  precondition {
    condition     = length(local.kms_keys_elsewhere) == 0
    error_message = "KMS keys are regional and this fleet's stores are in ${data.aws_region.current.id}; ${join(", ", local.kms_keys_elsewhere)} is in another region. Give a key of ${data.aws_region.current.id} (for a multi-Region key, its replica's ARN there)."
  }
}

output "kms_key_policy" {
  description = "The key policy this deployment needs on its key (JSON): account administration plus one statement per service that uses the key."
  value       = module.kms_key_policy.policy_json
}

output "kms_key_policy_services" {
  description = "The services kms_key_policy admits (logs, budgets, costalerts, cloudwatch, dynamodb, sqs, sns, lambda, appconfig, scheduler, bedrock-agentcore)."
  value       = module.kms_key_policy.services
}
