output "cloudwatch_log_group_name" {
  description = "The function's own log group (with retention); its JSON reports are logged here."
  value       = module.function.cloudwatch_log_group_name
}

output "cloudwatch_metric_alarm_arns" {
  description = "The function's error alarm ARNs."
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

output "lambda_role_name" {
  description = "Name of the function's execution role."
  value       = module.function.lambda_role_name
}

output "scheduler_schedule_arn" {
  description = "ARN of the daily schedule, or null."
  value       = module.function.scheduler_schedule_arn
}
