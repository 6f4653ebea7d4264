name   = "acme-agents"
vpc_id = "vpc-0a1b2c3d4e5f67890"
subnets = {
  "us-east-1a" = "subnet-0a1b2c3d4e5f6a7b8"
  "us-east-1b" = "subnet-0b1c2d3e4f5a6b7c8"
}
route_table_ids     = ["rtb-0a1b2c3d4e5f6a7b8"]
allowed_cidr_blocks = ["10.0.0.0/16"]
monthly_traffic_gb  = 400
tags                = { team = "platform" }
