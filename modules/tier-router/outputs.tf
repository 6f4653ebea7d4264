output "bedrock_model_arns" {
  description = "The Bedrock ARNs the router's role may invoke: foundation models and inference profiles derived from the fleet's model and escalation ids, plus additional_model_arns."
  value       = local.bedrock_resource_arns
}

output "cloudwatch_log_group_name" {
  description = "The router's log group (created with retention before the function)."
  value       = module.function.cloudwatch_log_group_name
}

output "cloudwatch_metric_alarm_arns" {
  description = "ARNs of the router's alarms: errors and throttles."
  value       = module.function.cloudwatch_metric_alarm_arns
}

output "failure_queue_arn" {
  description = "SQS queue receiving failed asynchronous invocations."
  value       = module.function.failure_queue_arn
}

output "iam_role_policy_json" {
  description = "The router's own permissions: Scan on the config table, InvokeModel on the fleet's models, AppConfig reads of its sampling profile."
  value       = jsonencode(local.policy)
}

output "lambda_function_arn" {
  description = "ARN of the router function (what agents invoke)."
  value       = module.function.lambda_function_arn
}

output "lambda_function_name" {
  description = "Name of the router function."
  value       = module.function.lambda_function_name
}

output "lambda_role_arn" {
  description = "ARN of the router's execution role."
  value       = module.function.lambda_role_arn
}

output "model_ids" {
  description = "Every model id the fleet routes to (agents' model_id and escalation_model_id), sorted."
  value       = local.model_ids
}
