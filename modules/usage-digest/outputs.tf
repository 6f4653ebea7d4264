output "cloudwatch_log_group_name" {
  description = "The function's own log group (with retention); each digest is logged here as JSON."
  value       = module.function.cloudwatch_log_group_name
}

output "cloudwatch_metric_alarm_arns" {
  description = "The function's error alarm ARNs (a run that could not read, put the metric or publish fails)."
  value       = module.function.cloudwatch_metric_alarm_arns
}

output "failure_queue_arn" {
  description = "Queue receiving failed asynchronous invocations and undelivered scheduled events."
  value       = module.function.failure_queue_arn
}

output "iam_policy_json" {
  description = "The function's own permissions (besides writing its logs and failure queue)."
  value       = jsonencode(local.policy)
}

output "lambda_function_arn" {
  description = "Function ARN."
  value       = module.function.lambda_function_arn
}

output "lambda_function_name" {
  description = "Function name."
  value       = module.function.lambda_function_name
}

output "lambda_role_arn" {
  description = "ARN of the function's execution role."
  value       = module.function.lambda_role_arn
}

output "metric_name" {
  description = "The metric the digest puts per AgentId in the AgentCoreFinOps namespace (the dashboard widget reads it)."
  value       = "RecommendedSavingUSD"
}

output "scheduler_schedule_arn" {
  description = "ARN of the weekly schedule, or null."
  value       = module.function.scheduler_schedule_arn
}
