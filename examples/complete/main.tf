provider "aws" {
  region = var.region
}

module "fleet" {
  source = "../../"

  name_prefix         = var.name_prefix
  agents              = local.agents
  deletion_protection = var.deletion_protection
  vpc_endpoints       = local.vpc_endpoints # network.tf

  lambda_package_dir = "${path.module}/../../build/lambda"

  create_tier_router = true
  tier_router = {
    reserved_concurrent_executions = 100 # at most 100 model calls in flight across the fleet
  }

  tags = {
    environment   = "example"
    "cost-center" = "ai-agents"
  }
}
