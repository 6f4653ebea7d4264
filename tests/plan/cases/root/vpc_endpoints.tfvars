name_prefix = "fleet-b"
agents = {
  "triage-orchestrator" = { tier = 1 }
}
tags                 = { team = "platform" }
create_vpc_endpoints = true
vpc_endpoints = {
  vpc_id = "vpc-0a1b2c3d4e5f67890"
  subnets = {
    "us-east-1a" = "subnet-0a1b2c3d4e5f6a7b8"
    "us-east-1b" = "subnet-0b1c2d3e4f5a6b7c8"
  }
  route_table_ids            = ["rtb-0b1c2d3e4f5a6b7c8"]
  allowed_security_group_ids = ["sg-0a1b2c3d4e5f6a7b8"]
  interface_endpoints        = ["bedrock-runtime", "bedrock-agentcore", "bedrock-agentcore.gateway", "logs", "sts", "appconfigdata"]
  gateway_endpoints          = ["dynamodb"]
  single_az                  = true
  single_az_zone             = "us-east-1b"
  monthly_traffic_gb         = 300
}
