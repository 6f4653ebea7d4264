output "arns" {
  description = "For each model id, the ARNs bedrock:InvokeModel must allow for it."
  value       = local.arns
}

output "all_arns" {
  description = "Every ARN of every model id, sorted and without duplicates."
  value       = sort(distinct(flatten(values(local.arns))))
}
