output "cloudwatch_log_group_name" {
  description = "The function's log group (created with retention before the function)."
  value       = aws_cloudwatch_log_group.this.name
}

output "cloudwatch_metric_alarm_arns" {
  description = "Alarm ARNs: errors, and throttles when alarm_on_throttles."
  value       = concat([aws_cloudwatch_metric_alarm.errors.arn], aws_cloudwatch_metric_alarm.throttles[*].arn)
}

output "failure_queue_arn" {
  description = "SQS queue receiving failed asynchronous invocations and undelivered scheduled events."
  value       = aws_sqs_queue.failures.arn
}

output "failure_queue_url" {
  description = "URL of the failure queue."
  value       = aws_sqs_queue.failures.url
}

output "lambda_function_arn" {
  description = "Function ARN."
  value       = aws_lambda_function.this.arn
}

output "lambda_function_name" {
  description = "Function name."
  value       = aws_lambda_function.this.function_name
}

output "lambda_role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.this.arn
}

output "lambda_role_name" {
  description = "Name of the function's execution role."
  value       = aws_iam_role.this.name
}

output "scheduler_schedule_arn" {
  description = "ARN of the EventBridge Scheduler schedule, or null."
  value       = try(aws_scheduler_schedule.this[0].arn, null)
}

output "lambda_layer_arns" {
  description = "The layers the function runs with: the Powertools layer (official by default), then additional_layer_arns, then those published from layer_files."
  value       = local.layers
}

output "settings" {
  description = "The deployment settings the function runs with: function, over the calling module's defaults, over this module's."
  value       = local.fn
}
