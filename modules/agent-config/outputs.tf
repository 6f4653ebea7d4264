output "agent_configs" {
  description = "The resolved record of every agent, keyed by agent id: the same fields the table stores."
  value       = local.agent_configs
}

output "dynamodb_table_arn" {
  description = "ARN of the agent-config table."
  value       = aws_dynamodb_table.this.arn
}

output "dynamodb_table_name" {
  description = "Name of the agent-config table."
  value       = aws_dynamodb_table.this.name
}

output "tier_configs" {
  description = "The resolved per-tier defaults (built-in defaults overridden by var.tiers), keyed \"1\", \"2\", \"3\"."
  value       = local.tier_configs
}

output "prompt_router_models" {
  description = "The models of each prompt router the fleet may use (var.prompt_routers), keyed by router ARN: what its callers' IAM policies must also allow (modules/bedrock-model-arns)."
  value       = { for arn, r in local.routers : arn => tolist(r.models) }
}
