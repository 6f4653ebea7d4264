output "agent_config_table_name" {
  description = "Name of the agent-config table."
  value       = module.fleet.agent_config_table_name
}

output "agent_config_table_arn" {
  description = "ARN of the agent-config table."
  value       = module.fleet.agent_config_table_arn
}

output "agent_configs" {
  description = "The resolved record of every agent."
  value       = module.fleet.agent_configs
}

output "tier_configs" {
  description = "The resolved per-tier defaults."
  value       = module.fleet.tier_configs
}

output "tier_router_function_name" {
  description = "Name of the tier-router function agents invoke."
  value       = module.fleet.tier_router_function_name
}
