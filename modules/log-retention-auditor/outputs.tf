output "function" {
  description = "The auditor function as modules/lambda-function describes it: lambda_function_arn, lambda_function_name, lambda_role_arn, lambda_role_name, cloudwatch_log_group_name (its JSON reports are logged there), cloudwatch_metric_alarm_arns, failure_queue_arn, scheduler_schedule_arn and the rest of its outputs."
  value       = module.function
}

output "iam_policy_json" {
  description = "The function's own permissions (besides writing its logs and failure queue)."
  value       = jsonencode(local.policy)
}
