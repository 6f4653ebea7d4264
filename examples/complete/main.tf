provider "aws" {
  region = var.region
}

module "fleet" {
  source = "../../"

  name_prefix         = var.name_prefix
  agents              = local.agents
  deletion_protection = var.deletion_protection
  vpc_endpoints       = local.vpc_endpoints # network.tf
  lambda_package_dir  = "${path.module}/../../build/lambda"
  account_id          = var.account_id

  # Model routing: the tier router, with reserved concurrency bounding model calls in flight.
  create_tier_router = true
  tier_router = {
    reserved_concurrent_executions = 100 # at most 100 model calls in flight across the fleet
  }

  # Observability: sampling per tier from AppConfig (flip with sampling_overrides), Transaction Search
  # at the free 1%, retention on the gateway and memory log groups, and the daily retention auditor.
  create_sampling_profiles               = true
  sampling_overrides                     = var.sampling_overrides
  transaction_search_indexing_percentage = 1
  create_log_groups                      = true
  agentcore_vended_log_groups = {
    gateway = "/aws/vendedlogs/bedrock-agentcore/gateway/${var.name_prefix}"
    memory  = "/aws/vendedlogs/bedrock-agentcore/memory/${var.name_prefix}"
  }
  extra_log_groups = {
    "/${var.name_prefix}/audit" = { retention_in_days = 365 }
  }
  create_log_retention_auditor = true
  log_retention_auditor = {
    mode             = "report"
    exclude_prefixes = ["/aws/vendedlogs/bedrock-agentcore/identity/"]
  }

  tags = {
    environment   = "example"
    "cost-center" = "ai-agents"
  }
}
