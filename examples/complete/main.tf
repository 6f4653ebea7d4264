provider "aws" {
  region = var.region
}

module "fleet" {
  source = "../../"

  name_prefix         = var.name_prefix
  agents              = local.agents
  deletion_protection = var.deletion_protection
  lambda_package_dir  = "${path.module}/../../build/lambda"

  account_id         = var.account_id
  create_agentcore   = var.create_agentcore
  agentcore_runtimes = local.agentcore_runtimes
  agentcore_gateway  = local.agentcore_gateway
  agentcore_memory   = local.agentcore_memory
  create_ltm_pruner  = var.create_agentcore

  tags = {
    environment   = "example"
    "cost-center" = "ai-agents"
  }
}
