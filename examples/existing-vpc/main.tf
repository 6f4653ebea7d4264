provider "aws" {
  region = var.region
}

# VPC endpoints for a fleet that runs in a VPC you already have: give its ids, nothing else changes.
module "vpc_endpoints" {
  source = "../../modules/vpc-endpoints"

  name                       = var.name
  vpc_id                     = var.vpc_id
  subnets                    = var.subnets
  route_table_ids            = var.route_table_ids
  allowed_cidr_blocks        = var.allowed_cidr_blocks
  allowed_security_group_ids = var.allowed_security_group_ids
  interface_endpoints        = var.interface_endpoints
  single_az                  = var.single_az
  single_az_zone             = var.single_az_zone
  monthly_traffic_gb         = var.monthly_traffic_gb

  tags = var.tags
}
