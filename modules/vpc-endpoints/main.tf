# Private paths from the fleet to the AWS services it calls: interface endpoints (billed per hour per
# AZ and per GB) in the AZs the user chooses, free gateway endpoints for S3 and DynamoDB on the given
# route tables, and one security group that admits HTTPS from the VPC or named security groups only.
# Service names are built from the provider's region, so plans make no API call. Cross-field rules are
# preconditions on the vpc_endpoint_ids output (one place, evaluated on every plan).

data "aws_region" "current" {}

locals {
  # AWS's monthly convention for hourly prices (8760 h / 12).
  hours_per_month = 730

  service_name = {
    for key in setunion(var.interface_endpoints, var.gateway_endpoints) :
    key => "com.amazonaws.${data.aws_region.current.id}.${key}"
  }

  # One subnet per AZ: every given subnet, or only the chosen AZ's with single_az. lookup() keeps a
  # wrong single_az_zone from failing here; the output precondition names it instead.
  single_az_zone = var.single_az_zone != null ? var.single_az_zone : try(sort(keys(var.subnets))[0], null)
  endpoint_subnets = var.single_az ? {
    for az, id in var.subnets : az => id if az == local.single_az_zone
  } : var.subnets

  create_security_group = length(var.interface_endpoints) > 0

  unknown_policy_keys = setsubtract(keys(var.endpoint_policies), setunion(var.interface_endpoints, var.gateway_endpoints))
}

resource "aws_security_group" "this" {
  count = local.create_security_group ? 1 : 0

  # A prefix, not a fixed name, so a replacement can be created before the old group is released.
  name_prefix = "${var.name}-vpc-endpoints-"
  description = "HTTPS from the fleet to the interface VPC endpoints"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = length(var.allowed_cidr_blocks) > 0 ? [1] : []
    content {
      description = "HTTPS from the allowed CIDR blocks"
      protocol    = "tcp"
      from_port   = 443
      to_port     = 443
      cidr_blocks = [for c in var.allowed_cidr_blocks : c if !strcontains(c, ":")]
      # IPv6 blocks, if any, go in their own list.
      ipv6_cidr_blocks = [for c in var.allowed_cidr_blocks : c if strcontains(c, ":")]
    }
  }

  dynamic "ingress" {
    for_each = length(var.allowed_security_group_ids) > 0 ? [1] : []
    content {
      description     = "HTTPS from the allowed security groups"
      protocol        = "tcp"
      from_port       = 443
      to_port         = 443
      security_groups = var.allowed_security_group_ids
    }
  }

  # No egress rule at all: endpoint network interfaces only answer connections, and security groups
  # are stateful, so replies need none. Terraform removes the allow-all rule AWS adds on creation.
  egress = []

  tags = merge(var.tags, { Name = "${var.name}-vpc-endpoints" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_endpoint" "interface" {
  for_each = var.interface_endpoints

  vpc_id              = var.vpc_id
  service_name        = local.service_name[each.key]
  vpc_endpoint_type   = "Interface"
  subnet_ids          = values(local.endpoint_subnets)
  security_group_ids  = [aws_security_group.this[0].id]
  private_dns_enabled = var.private_dns_enabled
  policy              = lookup(var.endpoint_policies, each.key, null)

  # The AZs are known at plan time even when the subnet ids are not (a VPC created in the same apply):
  # the cost estimator (agentcore-finops estimate --plan) counts the hourly charge from this tag.
  tags = merge(var.tags, {
    Name                                  = "${var.name}-${each.key}"
    "agentcore-finops:availability-zones" = join(" ", sort(keys(local.endpoint_subnets)))
  })
}

resource "aws_vpc_endpoint" "gateway" {
  for_each = var.gateway_endpoints

  vpc_id            = var.vpc_id
  service_name      = local.service_name[each.key]
  vpc_endpoint_type = "Gateway"
  route_table_ids   = var.route_table_ids
  policy            = lookup(var.endpoint_policies, each.key, null)

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

locals {
  # Monthly estimate (USD). See README, "Cost estimate", for the formula.
  az_count           = length(local.endpoint_subnets)
  endpoint_hours_usd = length(var.interface_endpoints) * local.az_count * local.hours_per_month * var.prices.interface_endpoint_hour_per_az
  endpoint_data_usd  = var.monthly_traffic_gb * var.prices.interface_endpoint_data_gb
  gateway_hours_usd  = length(var.gateway_endpoints) * local.hours_per_month * var.prices.gateway_endpoint_hour
  nat_hours_usd      = local.az_count * local.hours_per_month * var.prices.nat_gateway_hour
  nat_data_usd       = var.monthly_traffic_gb * var.prices.nat_gateway_data_gb
  endpoints_total    = local.endpoint_hours_usd + local.endpoint_data_usd + local.gateway_hours_usd
  nat_total          = local.nat_hours_usd + local.nat_data_usd
}
