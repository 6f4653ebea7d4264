# -- tier-router: model tiering at request time (modules/tier-router) ------------------------------
# The router Lambda reads module.agent_config's table and routes every model call to the agent's tier
# model, caps and tools. Its package is the one committed with modules/tier-router unless
# lambda_package_dir or lambda_s3_packages names another (main.tf, local.lambda_package).

locals {
  # The router reads the trace-sampling document from the first sampling environment when this root
  # serves one (create_sampling_profiles), else from var.tier_router_sampling_appconfig (a document
  # served by another stack), else each agent's trace_sample_rate decides.
  tier_router_sampling_environment = try(var.sampling_environments[0], null)
  tier_router_sampling_appconfig = var.create_sampling_profiles ? {
    application_id           = module.sampling_profiles[0].appconfig_application_id
    environment_id           = module.sampling_profiles[0].appconfig_environment_ids[local.tier_router_sampling_environment]
    configuration_profile_id = module.sampling_profiles[0].appconfig_configuration_profile_id
    configuration_arn        = module.sampling_profiles[0].appconfig_configuration_arns[local.tier_router_sampling_environment]
  } : var.tier_router_sampling_appconfig
}

module "tier_router" {
  count  = local.create_tier_router ? 1 : 0
  source = "./modules/tier-router"

  function = merge(local.lambda_function["tier_router"], {
    log_retention_in_days = coalesce(var.tier_router.log_retention_in_days, var.log_retention_in_days)
    alarm_actions         = concat(var.tier_router.alarm_actions, local.guardrail_topic_arns)
  })

  agent_config_table_name = module.agent_config.dynamodb_table_name
  agent_config_table_arn  = module.agent_config.dynamodb_table_arn
  agent_configs           = module.agent_config.agent_configs
  prompt_routers          = module.agent_config.prompt_router_models
  sampling_appconfig      = local.tier_router_sampling_appconfig

  config_cache_ttl_seconds       = var.tier_router.config_cache_ttl_seconds
  reserved_concurrent_executions = var.tier_router.reserved_concurrent_executions
}
