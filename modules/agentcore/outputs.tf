output "agentcore_gateway_arn" {
  description = "ARN of the gateway, or null."
  value       = try(aws_cloudformation_stack.this[0].outputs["GatewayArn"], null)
}

output "agentcore_gateway_id" {
  description = "Identifier of the gateway, or null."
  value       = try(aws_cloudformation_stack.this[0].outputs["GatewayId"], null)
}

output "agentcore_gateway_url" {
  description = "MCP URL of the gateway, or null."
  value       = try(aws_cloudformation_stack.this[0].outputs["GatewayUrl"], null)
}

output "agentcore_memory_arn" {
  description = "ARN of the memory, or null."
  value       = try(aws_cloudformation_stack.this[0].outputs["MemoryArn"], null)
}

output "agentcore_memory_id" {
  description = "Identifier of the memory, or null."
  value       = try(aws_cloudformation_stack.this[0].outputs["MemoryId"], null)
}

output "agentcore_memory_namespace_paths" {
  description = "The fixed part of every long-term memory namespace (up to its first {variable}), e.g. \"/facts/\": what modules/ltm-pruner lists records under. Empty when no long-term strategy is created."
  value       = local.memory_namespace_paths
}

output "agentcore_memory_namespaces" {
  description = "Long-term memory namespaces per strategy (semantic, summary, user_preference) as created; empty when no agent has ltm_enabled."
  value       = local.memory_namespaces
}

output "agentcore_runtime_arns" {
  description = "Runtime ARNs by agent id."
  value       = { for id in keys(local.runtimes) : id => aws_cloudformation_stack.this[0].outputs["Runtime${local.logical_ids[id]}Arn"] }
}

output "agentcore_runtime_endpoint_arns" {
  description = "Runtime endpoint ARNs by agent id (the endpoint named runtimes[*].endpoint_name)."
  value       = { for id in keys(local.runtimes) : id => aws_cloudformation_stack.this[0].outputs["Runtime${local.logical_ids[id]}EndpointArn"] }
}

output "agentcore_runtime_endpoint_ids" {
  description = "Runtime endpoint ids by agent id."
  value       = { for id in keys(local.runtimes) : id => aws_cloudformation_stack.this[0].outputs["Runtime${local.logical_ids[id]}EndpointId"] }
}

output "agentcore_runtime_endpoint_names" {
  description = "The name of each runtime's own endpoint by agent id (runtimes[*].endpoint_name, default \"live\"; known at plan time). AgentCore also creates DEFAULT."
  value       = { for id, r in local.runtimes : id => r.endpoint_name }
}

output "agentcore_runtime_ids" {
  description = "Runtime ids by agent id."
  value       = { for id in keys(local.runtimes) : id => aws_cloudformation_stack.this[0].outputs["Runtime${local.logical_ids[id]}Id"] }
}

output "agentcore_runtime_lifecycle" {
  description = "The session lifecycle each runtime was given, by agent id: tier, idle_session_timeout_seconds, max_session_lifetime_seconds and trace_sample_rate (known at plan time)."
  value = {
    for id, l in local.session_lifecycle : id => merge(l, {
      tier              = try(local.runtime_records[id].tier, null)
      trace_sample_rate = local.sample_rate[id]
    })
  }
}

output "agentcore_runtime_names" {
  description = "Runtime names by agent id (known at plan time)."
  value       = local.runtime_names
}

output "bedrock_model_arns" {
  description = "The Bedrock ARNs each runtime may invoke (its model and escalation model), by agent id: inference-profile ARNs in this account plus their base models in any region, and base models in this region (modules/bedrock-model-arns)."
  value       = local.runtime_model_arns
}

output "cloudformation_stack_id" {
  description = "ID of the CloudFormation stack holding the AgentCore resources, or null when nothing is created."
  value       = try(aws_cloudformation_stack.this[0].id, null)
}

output "cloudwatch_log_group_names" {
  description = "Every log group AgentCore will write to: per runtime /aws/bedrock-agentcore/runtimes/<runtime_id>-<endpoint> for its own endpoint and DEFAULT (for modules/log-groups to create with retention), plus the gateway's and memory's vended-log groups this module creates when log_delivery is on."
  value = concat(
    flatten([
      for id, r in local.runtimes : [
        for endpoint in [r.endpoint_name, "DEFAULT"] :
        "/aws/bedrock-agentcore/runtimes/${aws_cloudformation_stack.this[0].outputs["Runtime${local.logical_ids[id]}Id"]}-${endpoint}"
      ]
    ]),
    [for k in sort(keys(local.vended_log_groups)) : local.vended_log_groups[k]],
  )
}

output "cloudwatch_vended_log_group_names" {
  description = "The gateway's and memory's vended-log groups this module creates (keys \"gateway\", \"memory\"); known at plan time."
  value       = local.vended_log_groups
}

output "cloudwatch_vended_log_group_arns" {
  description = "ARNs of the vended-log groups this module creates (keys \"gateway\", \"memory\")."
  value       = { for k, g in aws_cloudwatch_log_group.vended : k => g.arn }
}

output "iam_role_arns" {
  description = "Execution role ARNs: runtime (by agent id), gateway and memory (null when not created)."
  value = {
    runtime = { for id, r in aws_iam_role.runtime : id => r.arn }
    gateway = try(aws_iam_role.gateway[0].arn, null)
    memory  = try(aws_iam_role.memory[0].arn, null)
  }
}
