agent_configs = {
  "sre-orchestrator" = { model_id = "global.anthropic.claude-sonnet-4-5-20250929-v1:0" }
  "doc-specialist"   = { model_id = "arn:aws:bedrock:eu-central-1:111122223333:default-prompt-router/anthropic.claude:1", escalation_model_id = "global.anthropic.claude-sonnet-4-5-20250929-v1:0" }
}
prompt_routers = {
  "arn:aws:bedrock:eu-central-1:111122223333:default-prompt-router/anthropic.claude:1" = [
    "anthropic.claude-3-haiku-20240307-v1:0",
    "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
  ]
}
