name = "acme-agents-trace-sampling"
agent_configs = {
  "sre-orchestrator"  = { tier = 1, trace_sample_rate = 0.25 }
  "doc-specialist"    = { tier = 2, trace_sample_rate = 0.1 }
  "invoice-validator" = { tier = 3, trace_sample_rate = 0.01 }
}
tier_configs = {
  "1" = { trace_sample_rate = 0.25 }
  "2" = { trace_sample_rate = 0.1 }
  "3" = { trace_sample_rate = 0.03 }
}
overrides = {
  agents = { "sre-orchestrator" = 1 }
}
transaction_search_indexing_percentage = 1
tags                                   = { team = "platform" }
