provider "aws" {
  region = var.region
}

module "fleet" {
  source = "../../"

  name_prefix          = var.name_prefix
  agents               = local.agents         # fleet.tf
  prompt_routers       = local.prompt_routers # fleet.tf: empty unless doc_specialists_on_prompt_router
  deletion_protection  = var.deletion_protection
  create_vpc_endpoints = true
  vpc_endpoints        = local.vpc_endpoints # network.tf
  account_id           = var.account_id

  # Encryption: one customer managed key for every store; null (default) keeps AWS managed keys.
  kms_key_arn    = var.kms_key_arn
  create_kms_key = var.create_kms_key

  # Model routing: the tier router, with reserved concurrency bounding model calls in flight.
  create_tier_router = true
  tier_router = {
    reserved_concurrent_executions = 100 # at most 100 model calls in flight across the fleet
  }

  # Observability: sampling per tier from AppConfig (flip with sampling_overrides), Transaction Search
  # at the free 1%, retention on every log group AgentCore writes to (the root feeds the agentcore
  # module's log group names to modules/log-groups), and the daily retention auditor.
  create_sampling_profiles               = true
  sampling_overrides                     = var.sampling_overrides
  transaction_search_indexing_percentage = 1
  create_log_groups                      = true
  extra_log_groups = {
    "/${var.name_prefix}/audit" = { retention_in_days = 365 }
  }
  create_log_retention_auditor = true
  log_retention_auditor = {
    mode             = "report"
    exclude_prefixes = ["/aws/vendedlogs/bedrock-agentcore/identity/"]
  }

  # AgentCore (agentcore.tf): runtimes with their tiers' session lifecycle, a gateway, memory, and the
  # long-term memory pruner on that memory.
  create_agentcore   = var.create_agentcore
  agentcore_runtimes = { for id, r in local.agentcore_runtimes : id => r if var.create_agentcore }
  agentcore_gateway  = var.create_agentcore ? local.agentcore_gateway : null
  agentcore_memory   = var.create_agentcore ? local.agentcore_memory : null
  create_ltm_pruner  = var.create_agentcore

  # Guardrails: a monthly budget with alerts, anomaly detection, alarms on cost per hour, tool-call
  # storms and memory growth, and the cost dashboard. Its topic also gets the Lambdas' error alarms.
  create_cost_guardrails = true
  cost_guardrails = {
    monthly_budget_usd  = var.monthly_budget_usd
    notification_emails = var.notification_emails
  }

  tags = {
    environment   = "example"
    "cost-center" = "ai-agents"
  }
}
