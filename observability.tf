# Observability cost controls, each behind a switch: trace sampling per tier served from AppConfig
# (modules/sampling-profiles), retention on the log groups AgentCore writes to (modules/log-groups; the
# gateway's and memory's vended-log groups come with modules/agentcore, this project's Lambdas' groups
# with modules/lambda-function), and the scheduled auditor that finds and fixes the log groups that
# escaped (modules/log-retention-auditor).

locals {
  # What the auditor watches unless told otherwise: every AgentCore runtime and vended-log group in the
  # account and region, and this fleet's Lambdas.
  log_retention_auditor_prefixes = coalesce(var.log_retention_auditor.include_prefixes, [
    "/aws/bedrock-agentcore/",
    "/aws/vendedlogs/bedrock-agentcore/",
    "/aws/lambda/${var.name_prefix}-",
  ])
}

module "sampling_profiles" {
  source = "./modules/sampling-profiles"
  count  = var.create_sampling_profiles ? 1 : 0

  name                                   = "${var.name_prefix}-trace-sampling"
  agent_configs                          = module.agent_config.agent_configs
  tier_configs                           = module.agent_config.tier_configs
  overrides                              = var.sampling_overrides
  environments                           = var.sampling_environments
  deployment_strategy                    = var.sampling_deployment_strategy
  transaction_search_indexing_percentage = var.transaction_search_indexing_percentage
  kms_key_arn                            = local.kms_key_arn
  tags                                   = local.tags
}

module "log_groups" {
  source = "./modules/log-groups"
  count  = var.create_log_groups ? 1 : 0

  agentcore_runtime_endpoints = merge(local.agentcore_runtime_log_endpoints, var.agentcore_runtime_endpoints)
  agentcore_vended_log_groups = var.agentcore_vended_log_groups
  extra_log_groups            = var.extra_log_groups
  retention_in_days           = var.log_retention_in_days
  log_group_class             = var.log_group_class
  kms_key_arn                 = local.kms_key_arn
  tags                        = local.tags
}

module "log_retention_auditor" {
  source = "./modules/log-retention-auditor"
  count  = local.create_log_retention_auditor ? 1 : 0

  function   = merge(local.lambda_function["log_retention_auditor"], { alarm_actions = concat(var.log_retention_auditor.alarm_actions, local.guardrail_topic_arns) })
  account_id = local.account_id

  include_prefixes      = local.log_retention_auditor_prefixes
  exclude_prefixes      = var.log_retention_auditor.exclude_prefixes
  mode                  = var.log_retention_auditor.mode
  max_retention_days    = var.log_retention_auditor.max_retention_days
  target_retention_days = coalesce(var.log_retention_auditor.target_retention_days, var.log_retention_in_days)
  allow_shorten         = var.log_retention_auditor.allow_shorten
  max_changes           = var.log_retention_auditor.max_changes
  sns_topic_arn         = var.log_retention_auditor.sns_topic_arn
  schedule              = var.log_retention_auditor.schedule_expression == null ? null : { expression = var.log_retention_auditor.schedule_expression }
}
