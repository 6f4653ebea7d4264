provider "aws" {
  region = var.region
}

module "fleet" {
  source = "../../"

  name_prefix         = var.name_prefix
  agents              = local.agents
  deletion_protection = var.deletion_protection

  tags = {
    environment   = "example"
    "cost-center" = "ai-agents"
  }
}
