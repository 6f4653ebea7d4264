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

# -- network (network.tf) -------------------------------------------------------------------------

output "vpc_id" {
  description = "The fleet's VPC."
  value       = aws_vpc.this.id
}

output "vpc_endpoint_ids" {
  description = "VPC endpoint ids keyed by service key."
  value       = module.fleet.vpc_endpoint_ids
}

output "vpc_endpoints_security_group_id" {
  description = "Security group on the interface endpoints."
  value       = module.fleet.vpc_endpoints_security_group_id
}

output "network_monthly_cost_estimate" {
  description = "Monthly USD of the VPC endpoints beside NAT gateways carrying the same traffic."
  value       = module.fleet.network_monthly_cost_estimate
}

output "tier_router_function_name" {
  description = "Name of the tier-router function agents invoke."
  value       = module.fleet.tier_router_function_name
}

output "sampling_appconfig" {
  description = "Where readers find the trace-sampling document: application, environment and profile ids."
  value = {
    application_id           = module.fleet.sampling_appconfig_application_id
    environment_ids          = module.fleet.sampling_appconfig_environment_ids
    configuration_profile_id = module.fleet.sampling_appconfig_configuration_profile_id
  }
}

output "sampling_document" {
  description = "The deployed trace-sampling document (JSON)."
  value       = module.fleet.sampling_document
}

output "otel_environment" {
  description = "Per agent, the OpenTelemetry head-sampling variables for its runtime."
  value       = module.fleet.otel_environment
}

output "log_group_names" {
  description = "The log groups created with retention."
  value       = module.fleet.log_group_names
}

output "log_retention_auditor_function_name" {
  description = "Name of the log-retention auditor function."
  value       = module.fleet.log_retention_auditor_function_name
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

output "cost_guardrails" {
  description = "The budget, anomaly monitor, dashboard, alarms and notification topic."
  value       = module.fleet.cost_guardrails
}

output "kms_key_arn" {
  description = "The key every store of the fleet is encrypted with, or null for AWS managed keys."
  value       = module.fleet.kms_key_arn
}

output "kms_key_policy" {
  description = "The key policy the fleet's key needs (JSON)."
  value       = module.fleet.kms_key_policy
}
