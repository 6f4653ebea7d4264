agentcore_runtime_endpoints = {
  "sre-orchestrator" = { runtime_id = "sre_orchestrator-Ab12Cd34Ef" }
  "doc-specialist"   = { runtime_id = "doc_specialist-Gh56Ij78Kl", endpoint_name = "canary" }
}
agentcore_vended_log_groups = {
  gateway = "/aws/vendedlogs/bedrock-agentcore/gateway/acme-agents"
}
extra_log_groups = {
  "/acme-agents/audit" = { retention_in_days = 365 }
}
retention_in_days = 30
tags              = { team = "platform" }
