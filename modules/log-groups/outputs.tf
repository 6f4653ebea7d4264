output "cloudwatch_log_group_arns" {
  description = "Key (\"runtime/<key>\", \"vended/<key>\", \"extra/<name>\") to log group ARN."
  value       = { for k, g in aws_cloudwatch_log_group.this : k => g.arn }
}

output "cloudwatch_log_group_names" {
  description = "Key (\"runtime/<key>\", \"vended/<key>\", \"extra/<name>\") to log group name."
  value       = { for k, g in aws_cloudwatch_log_group.this : k => g.name }
}

output "cloudwatch_log_group_retention_in_days" {
  description = "Log group name to its retention in days."
  value       = { for g in aws_cloudwatch_log_group.this : g.name => g.retention_in_days }
}
