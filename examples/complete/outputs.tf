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

output "agentcore_runtime_lifecycle" {
  description = "Session lifecycle and trace sampling of each AgentCore runtime, by agent id."
  value       = module.fleet.agentcore_runtime_lifecycle
}

output "agentcore_runtimes" {
  description = "AgentCore runtime ids, ARNs, names and endpoint ids, by agent id."
  value       = module.fleet.agentcore_runtimes
}

output "agentcore_gateway" {
  description = "The AgentCore gateway's id, ARN and URL."
  value       = module.fleet.agentcore_gateway
}

output "agentcore_memory" {
  description = "The AgentCore memory's id, ARN and pruned namespace paths."
  value       = module.fleet.agentcore_memory
}

output "agentcore_log_group_names" {
  description = "Log groups AgentCore writes to."
  value       = module.fleet.agentcore_log_group_names
}

output "ltm_pruner" {
  description = "The long-term memory pruner's function and settings."
  value       = module.fleet.ltm_pruner
}
