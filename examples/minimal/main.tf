provider "aws" {
  region = var.region
}

# Three agents, one per tier, each on its tier's defaults: model, max_tokens, step budget, sampling,
# long-term memory and session lifetimes all come from the tier. The config table holds them and the
# tier router applies them to every model call.
module "fleet" {
  source = "../../"

  name_prefix         = var.name_prefix
  account_id          = var.account_id
  deletion_protection = var.deletion_protection

  # The tier router routes each model call to the agent's tier model, caps and tools; it reads each
  # agent's trace_sample_rate from the table. Nothing else: no AppConfig sampling profile, no auditor.
  create_tier_router           = true
  create_sampling_profiles     = false
  create_log_retention_auditor = false

  agents = {
    "support-orchestrator" = { tier = 1, tools = ["search_kb", "open_ticket"] }
    "refund-specialist"    = { tier = 2, tools = ["get_order", "issue_refund"] }
    "email-classifier"     = { tier = 3 }
  }
}
