name = "acme-agents-agent-config"
agents = {
  "sre-orchestrator"  = { tier = 1, tools = ["get_metrics", "open_ticket"] }
  "doc-specialist"    = { tier = 2 }
  "invoice-validator" = { tier = 3, max_tokens = 64 }
}
tiers = {
  "3" = { trace_sample_rate = 0.01 }
}
tags = { team = "platform" }
