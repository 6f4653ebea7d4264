output "cloudwatch_log_group_name" {
  description = "The function's log group (with retention)."
  value       = module.function.cloudwatch_log_group_name
}

output "cloudwatch_metric_alarm_arns" {
  description = "The function's error alarm."
  value       = module.function.cloudwatch_metric_alarm_arns
}

output "environment_variables" {
  description = "The function's configuration as environment variables (ltm_pruner.config reads them), e.g. to run the handler locally with the same settings."
  value       = local.environment_variables
}

output "failure_queue_arn" {
  description = "Queue receiving undelivered scheduled events and failed runs."
  value       = module.function.failure_queue_arn
}

output "iam_policy_json" {
  description = "The function's own permissions (beyond its log group and failure queue): list and get records, plus delete unless dry_run, on the configured memories only."
  value       = local.policy_json
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

output "scheduler_schedule_arn" {
  description = "ARN of the schedule."
  value       = module.function.scheduler_schedule_arn
}
