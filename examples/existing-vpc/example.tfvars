# Sample values: replace them with your VPC's ids, then
#   terraform apply -var-file=example.tfvars
vpc_id = "vpc-0a1b2c3d4e5f67890"
subnets = {
  "us-east-1a" = "subnet-0a1b2c3d4e5f6a7b8"
  "us-east-1b" = "subnet-0b1c2d3e4f5a6b7c8"
}
route_table_ids            = ["rtb-0a1b2c3d4e5f6a7b8", "rtb-0b1c2d3e4f5a6b7c8"]
allowed_cidr_blocks        = ["10.0.0.0/16"]
allowed_security_group_ids = ["sg-0a1b2c3d4e5f6a7b8"]
monthly_traffic_gb         = 150
tags                       = { team = "platform" }
