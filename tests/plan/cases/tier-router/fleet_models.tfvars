function = {
  name          = "acme-tier-router"
  package_file  = "modules/lambda-function/tests/fixtures/empty.zip" # relative to the repository: module cases are planned from its root
  alarm_actions = ["arn:aws:sns:eu-central-1:111122223333:agent-alerts"]
  tags          = { team = "platform" }
}
agent_config_table_name = "acme-agent-config"
agent_config_table_arn  = "arn:aws:dynamodb:eu-central-1:111122223333:table/acme-agent-config"
agent_configs = {
  "sre-orchestrator"  = { model_id = "global.anthropic.claude-sonnet-4-5-20250929-v1:0" }
  "doc-specialist"    = { model_id = "eu.anthropic.claude-haiku-4-5-20251001-v1:0", escalation_model_id = "global.anthropic.claude-sonnet-4-5-20250929-v1:0" }
  "invoice-validator" = { model_id = "amazon.nova-micro-v1:0", escalation_model_id = "eu.anthropic.claude-haiku-4-5-20251001-v1:0" }
}
reserved_concurrent_executions = 25
