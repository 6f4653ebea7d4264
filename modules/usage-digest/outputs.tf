output "function" {
  description = "The digest function as modules/lambda-function describes it: lambda_function_arn, lambda_function_name, lambda_role_arn, cloudwatch_log_group_name (each digest is logged there as JSON), cloudwatch_metric_alarm_arns, failure_queue_arn, scheduler_schedule_arn and the rest of its outputs."
  value       = module.function
}

output "iam_policy_json" {
  description = "The function's own permissions (besides writing its logs and failure queue)."
  value       = jsonencode(local.policy)
}

output "metric_name" {
  description = "The metric the digest puts per AgentId in the AgentCoreFinOps namespace (the dashboard widget reads it)."
  value       = "RecommendedSavingUSD"
}
