provider "aws" {
  region = var.region
}

module "fleet" {
  source = "../../"

  name_prefix         = var.name_prefix
  agents              = local.agents
  deletion_protection = var.deletion_protection
  vpc_endpoints       = local.vpc_endpoints # network.tf

  tags = {
    environment   = "example"
    "cost-center" = "ai-agents"
  }
}
