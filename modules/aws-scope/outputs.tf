output "partition" {
  description = "The partition, checked."
  value       = var.partition
}

output "region" {
  description = "The region, checked."
  value       = var.region
}

output "account_id" {
  description = "The account id, checked."
  value       = var.account_id
}
