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

# -- tier-router ------------------------------------------------------------------------------------

output "tier_router_function_arn" {
  description = "ARN of the tier-router function agents invoke, or null when create_tier_router is false."
  value       = try(module.tier_router[0].lambda_function_arn, null)
}

output "tier_router_function_name" {
  description = "Name of the tier-router function, or null when create_tier_router is false."
  value       = try(module.tier_router[0].lambda_function_name, null)
}
