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

# -- agentcore and ltm-pruner (modules/agentcore, modules/ltm-pruner) --------------------------------

output "agentcore_gateway" {
  description = "The AgentCore gateway's id, ARN and MCP URL, or null."
  value = var.create_agentcore && var.agentcore_gateway != null ? {
    id  = module.agentcore[0].agentcore_gateway_id
    arn = module.agentcore[0].agentcore_gateway_arn
    url = module.agentcore[0].agentcore_gateway_url
  } : null
}

output "agentcore_log_group_names" {
  description = "Every log group AgentCore writes to (runtime endpoints, vended gateway and memory logs), for modules/log-groups."
  value       = local.agentcore_log_group_names
}

output "agentcore_memory" {
  description = "The AgentCore memory's id, ARN and the namespace paths the pruner walks, or null."
  value = var.create_agentcore && var.agentcore_memory != null ? {
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
  value = var.create_agentcore ? {
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
    function_name         = module.ltm_pruner[0].lambda_function_name
    function_arn          = module.ltm_pruner[0].lambda_function_arn
    environment_variables = module.ltm_pruner[0].environment_variables
  } : null
}
