# The fleet's own VPC: two private subnets in two AZs, each with its own route table, and no internet
# or NAT gateway. The fleet reaches AWS through the VPC endpoints the root module creates
# (var.vpc_endpoints below): interface endpoints in both subnets, free S3 and DynamoDB gateway
# endpoints on both route tables.

locals {
  # AZ names without a data source call: the region's "a" and "b" zones unless given.
  availability_zones = coalesce(var.availability_zones, ["${var.region}a", "${var.region}b"])

  vpc_endpoints = {
    vpc_id              = aws_vpc.this.id
    subnets             = { for az, s in aws_subnet.private : az => s.id }
    route_table_ids     = [for az in local.availability_zones : aws_route_table.private[az].id]
    allowed_cidr_blocks = [aws_vpc.this.cidr_block]
    monthly_traffic_gb  = var.monthly_network_traffic_gb
  }
}

resource "aws_vpc" "this" {
  #checkov:skip=CKV2_AWS_11:Flow logs are billed per GB ingested; this example VPC carries only endpoint traffic. Turn them on (to a log group with retention) in production.
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true # both needed for the endpoints' private DNS
  enable_dns_hostnames = true

  tags = { Name = "${var.name_prefix}-fleet" }
}

# Take over the VPC's default security group and leave it without rules, so nothing lands in an
# allow-all group by accident.
resource "aws_default_security_group" "this" {
  vpc_id  = aws_vpc.this.id
  ingress = []
  egress  = []
  tags    = { Name = "${var.name_prefix}-default-deny" }
}

resource "aws_subnet" "private" {
  for_each = toset(local.availability_zones)

  vpc_id                  = aws_vpc.this.id
  availability_zone       = each.key
  cidr_block              = cidrsubnet(var.vpc_cidr, 4, index(local.availability_zones, each.key))
  map_public_ip_on_launch = false

  tags = { Name = "${var.name_prefix}-private-${each.key}" }
}

resource "aws_route_table" "private" {
  for_each = toset(local.availability_zones)

  vpc_id = aws_vpc.this.id
  tags   = { Name = "${var.name_prefix}-private-${each.key}" }
}

resource "aws_route_table_association" "private" {
  for_each = toset(local.availability_zones)

  subnet_id      = aws_subnet.private[each.key].id
  route_table_id = aws_route_table.private[each.key].id
}
