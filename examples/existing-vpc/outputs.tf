output "vpc_endpoint_ids" {
  description = "Endpoint ids keyed by service key."
  value       = module.vpc_endpoints.vpc_endpoint_ids
}

output "vpc_endpoint_service_names" {
  description = "Service name of every endpoint, keyed by service key."
  value       = module.vpc_endpoints.vpc_endpoint_service_names
}

output "vpc_endpoint_dns_names" {
  description = "DNS names of each interface endpoint."
  value       = module.vpc_endpoints.vpc_endpoint_dns_names
}

output "vpc_endpoint_subnets" {
  description = "Subnets holding the interface endpoints, keyed by AZ."
  value       = module.vpc_endpoints.vpc_endpoint_subnets
}

output "security_group_id" {
  description = "Security group on the interface endpoints."
  value       = module.vpc_endpoints.security_group_id
}

output "monthly_cost_estimate" {
  description = "Monthly USD of the endpoints beside NAT gateways carrying the same traffic."
  value       = module.vpc_endpoints.monthly_cost_estimate
}
