output "statements" {
  description = "The key policy's statements: the account's administration first, then one per service, in a stable order."
  value       = local.statements
}

output "policy_json" {
  description = "The whole key policy as JSON, for aws_kms_key.policy, PutKeyPolicy or a key made elsewhere."
  value       = jsonencode({ Version = "2012-10-17", Statement = local.statements })
}

output "services" {
  description = "The services the policy admits, sorted (the input without duplicates)."
  value       = sort(local.services)
}
