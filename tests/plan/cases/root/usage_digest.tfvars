name_prefix = "fleet-d"
agents = {
  "triage-orchestrator" = { tier = 1 }
  "ticket-tagger"       = { tier = 3 }
}
tiers                  = { "2" = { max_tokens = 512 } }
create_cost_guardrails = true
cost_guardrails        = { monthly_budget_usd = 500, dashboard_top_agents = 5 }
# The weekly usage digest to the guardrails topic, with the dashboard's recommended-saving widget.
create_usage_digest = true
usage_digest        = { top_k = 3, min_calls = 5000 }
