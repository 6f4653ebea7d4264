# Private networking (modules/vpc-endpoints): interface endpoints for the services the fleet calls,
# free gateway endpoints for S3 and DynamoDB, instead of a NAT gateway. Behind create_vpc_endpoints,
# in the VPC var.vpc_endpoints names.

module "vpc_endpoints" {
  source = "./modules/vpc-endpoints"
  count  = var.create_vpc_endpoints ? 1 : 0

  name                       = var.name_prefix
  vpc_id                     = var.vpc_endpoints.vpc_id
  subnets                    = var.vpc_endpoints.subnets
  single_az                  = var.vpc_endpoints.single_az
  single_az_zone             = var.vpc_endpoints.single_az_zone
  interface_endpoints        = var.vpc_endpoints.interface_endpoints
  gateway_endpoints          = var.vpc_endpoints.gateway_endpoints
  route_table_ids            = var.vpc_endpoints.route_table_ids
  allowed_cidr_blocks        = var.vpc_endpoints.allowed_cidr_blocks
  allowed_security_group_ids = var.vpc_endpoints.allowed_security_group_ids
  private_dns_enabled        = var.vpc_endpoints.private_dns_enabled
  endpoint_policies          = var.vpc_endpoints.endpoint_policies
  monthly_traffic_gb         = var.vpc_endpoints.monthly_traffic_gb
  tags                       = local.tags
}
