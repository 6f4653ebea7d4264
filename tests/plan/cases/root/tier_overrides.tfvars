name_prefix = "fleet-a"
tiers = {
  "2" = { model_id = "us.anthropic.claude-haiku-4-5-20251001-v1:0", max_tokens = 512 }
  "3" = { trace_sample_rate = 0.01 }
}
agents = {
  "triage-orchestrator" = { tier = 1 }
  "kb-specialist"       = { tier = 2 }
  "kb-specialist-large" = { tier = 2, max_tokens = 4096 }
  "ticket-tagger"       = { tier = 3 }
}
tags = { team = "platform" }
