output "function" {
  description = "The router function as modules/lambda-function describes it: lambda_function_arn (what agents invoke), lambda_function_name, lambda_role_arn, cloudwatch_log_group_name, cloudwatch_metric_alarm_arns (errors and throttles), failure_queue_arn and the rest of its outputs."
  value       = module.function
}

output "bedrock_model_arns" {
  description = "The Bedrock ARNs the router's role may invoke: foundation models and inference profiles derived from the fleet's model and escalation ids, plus additional_model_arns."
  value       = local.bedrock_resource_arns
}

output "iam_role_policy_json" {
  description = "The router's own permissions: Scan on the config table, InvokeModel on the fleet's models, AppConfig reads of its sampling profile."
  value       = jsonencode(local.policy)
}

output "model_ids" {
  description = "Every model id the fleet routes to (agents' model_id and escalation_model_id), sorted."
  value       = local.model_ids
}
