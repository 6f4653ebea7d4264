output "function" {
  description = "The pruner function as modules/lambda-function describes it: lambda_function_arn, lambda_function_name, lambda_role_arn, cloudwatch_log_group_name, cloudwatch_metric_alarm_arns, failure_queue_arn, scheduler_schedule_arn and the rest of its outputs."
  value       = module.function
}

output "environment_variables" {
  description = "The function's configuration as environment variables (ltm_pruner.config reads them), e.g. to run the handler locally with the same settings."
  value       = local.environment_variables
}

output "iam_policy_json" {
  description = "The function's own permissions (beyond its log group and failure queue): list and get records, plus delete unless dry_run, on the configured memories only."
  value       = local.policy_json
}
