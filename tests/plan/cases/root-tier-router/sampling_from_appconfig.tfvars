name_prefix        = "fleet-b"
lambda_package_dir = "build/lambda"
create_tier_router = true
agents = {
  "triage-orchestrator" = { tier = 1, tools = ["open_ticket"] }
  "kb-specialist"       = { tier = 2 }
}
tiers = {
  "2" = { model_id = "eu.anthropic.claude-haiku-4-5-20251001-v1:0" }
}
tier_router = {
  config_cache_ttl_seconds       = 30
  reserved_concurrent_executions = 10
  log_retention_in_days          = 90
}
tier_router_sampling_appconfig = {
  application_id           = "abc1234"
  environment_id           = "env5678"
  configuration_profile_id = "prof901"
  configuration_arn        = "arn:aws:appconfig:us-east-1:111122223333:application/abc1234/environment/env5678/configuration/prof901"
}
# The sampling document is served by another stack: this root serves none, and runs no auditor.
create_sampling_profiles     = false
create_log_retention_auditor = false
