output "policy_json" {
  description = "The read-only policy document (JSON) for agentcore-finops usage and recommend."
  value       = jsonencode(local.policy)
}

output "policy_arn" {
  description = "ARN of the created IAM policy, or null when policy_name is null."
  value       = try(aws_iam_policy.this[0].arn, null)
}
