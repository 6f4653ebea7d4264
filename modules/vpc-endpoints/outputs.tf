output "vpc_endpoint_ids" {
  description = "Endpoint ids keyed by service key (interface and gateway endpoints)."
  value = merge(
    { for k, e in aws_vpc_endpoint.interface : k => e.id },
    { for k, e in aws_vpc_endpoint.gateway : k => e.id },
  )

  # Rules across inputs (Terraform >= 1.7 validates one variable at a time).
  precondition {
    condition     = length(var.interface_endpoints) == 0 || length(var.subnets) > 0
    error_message = "subnets is empty: interface endpoints (${join(", ", sort(var.interface_endpoints))}) need at least one subnet, keyed by AZ; or set interface_endpoints = []."
  }
  precondition {
    condition     = !var.single_az || local.single_az_zone == null || contains(keys(var.subnets), coalesce(local.single_az_zone, "-"))
    error_message = "single_az_zone = \"${coalesce(local.single_az_zone, "null")}\" is not a key of subnets; allowed: ${join(", ", [for az in sort(keys(var.subnets)) : "\"${az}\""])}."
  }
  precondition {
    condition     = length(var.interface_endpoints) == 0 || length(var.allowed_cidr_blocks) + length(var.allowed_security_group_ids) > 0
    error_message = "allowed_cidr_blocks and allowed_security_group_ids are both empty: the interface endpoints' security group would admit nothing. Give the VPC CIDR, the fleet's security groups, or both."
  }
  precondition {
    condition     = length(var.gateway_endpoints) == 0 || length(var.route_table_ids) > 0
    error_message = "route_table_ids is empty: gateway endpoints (${join(", ", sort(var.gateway_endpoints))}) need the route tables of the fleet's subnets; or set gateway_endpoints = []."
  }
  precondition {
    condition     = length(local.unknown_policy_keys) == 0
    error_message = "endpoint_policies has keys that name no endpoint of this module: ${join(", ", [for k in sort(local.unknown_policy_keys) : "\"${k}\""])}; allowed: ${join(", ", sort(setunion(var.interface_endpoints, var.gateway_endpoints)))}."
  }
}

output "vpc_endpoint_service_names" {
  description = "Service name of every endpoint, keyed by service key (com.amazonaws.<region>.<key>)."
  value       = local.service_name
}

output "vpc_endpoint_dns_names" {
  description = "DNS names of each interface endpoint, keyed by service key (regional name first, then one per AZ). With private DNS on, the service's default hostname also resolves to the endpoint."
  value       = { for k, e in aws_vpc_endpoint.interface : k => e.dns_entry[*].dns_name }
}

output "vpc_endpoint_subnets" {
  description = "The subnets that hold the interface endpoints, keyed by AZ (one AZ with single_az)."
  value       = local.endpoint_subnets
}

output "security_group_id" {
  description = "ID of the security group on the interface endpoints (null when there are none). It admits TCP 443 from the allowed CIDR blocks and security groups only."
  value       = one(aws_security_group.this[*].id)
}

output "monthly_cost_estimate" {
  description = "Estimated USD a month of these endpoints for monthly_traffic_gb, beside a NAT gateway per AZ carrying the same traffic: the saving if the endpoints replace the NAT gateways, and if the NAT gateways stay for other traffic. Rounded to cents; see README for the formula."
  value = {
    hours_per_month            = local.hours_per_month
    availability_zones         = local.az_count
    interface_endpoints        = length(var.interface_endpoints)
    gateway_endpoints          = length(var.gateway_endpoints)
    traffic_gb                 = var.monthly_traffic_gb
    endpoint_hours_usd         = floor(local.endpoint_hours_usd * 100 + 0.5) / 100
    endpoint_data_usd          = floor(local.endpoint_data_usd * 100 + 0.5) / 100
    gateway_endpoints_usd      = floor(local.gateway_hours_usd * 100 + 0.5) / 100
    endpoints_total_usd        = floor(local.endpoints_total * 100 + 0.5) / 100
    nat_gateways               = local.az_count
    nat_hours_usd              = floor(local.nat_hours_usd * 100 + 0.5) / 100
    nat_data_usd               = floor(local.nat_data_usd * 100 + 0.5) / 100
    nat_total_usd              = floor(local.nat_total * 100 + 0.5) / 100
    monthly_savings_vs_nat_usd = floor((local.nat_total - local.endpoints_total) * 100 + 0.5) / 100
    # When the NAT gateways stay anyway (for internet-bound calls), only their per-GB charge is saved.
    monthly_savings_if_nat_kept_usd = floor((local.nat_data_usd - local.endpoints_total) * 100 + 0.5) / 100
  }
}
