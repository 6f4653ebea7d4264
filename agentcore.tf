# AgentCore runtimes, gateway and memory (modules/agentcore) and the long-term memory pruner
# (modules/ltm-pruner), behind create_agentcore and create_ltm_pruner.

locals {

  ltm_agents = sort([for id, a in module.agent_config.agent_configs : id if a.ltm_enabled])
  # What create_ltm_pruner needs (its variable's validation names what is missing).
  ltm_pruner_problems = compact([
    var.create_agentcore ? "" : "create_agentcore must be true (the pruner walks the fleet's AgentCore memory)",
    var.agentcore_memory != null ? "" : "agentcore_memory must be set",
    length(local.ltm_agents) > 0 ? "" : "no agent of the fleet has ltm_enabled, so the memory has no long-term records to prune",
  ])
  create_ltm_pruner = var.create_ltm_pruner

  # The runtimes' log groups, for modules/log-groups (observability.tf) to create with retention: each
  # runtime's own endpoint (its name as modules/agentcore resolves it) and DEFAULT (keys known at plan
  # time, ids after apply). The gateway's and memory's vended-log groups are modules/agentcore's own.
  agentcore_runtime_log_endpoints = local.create_agentcore ? merge([
    for id, own in module.agentcore[0].agentcore_runtime_endpoint_names : {
      for endpoint in [own, "DEFAULT"] : "${id}/${endpoint}" => {
        runtime_id    = module.agentcore[0].agentcore_runtime_ids[id]
        endpoint_name = endpoint
      }
    }
  ]...) : {}
}

module "agentcore" {
  count  = local.create_agentcore ? 1 : 0
  source = "./modules/agentcore"

  name_prefix    = var.name_prefix
  account_id     = local.account_id
  agent_configs  = module.agent_config.agent_configs
  prompt_routers = module.agent_config.prompt_router_models
  runtimes       = var.agentcore_runtimes # passed unchanged: modules/agentcore declares, defaults and checks it
  # The fleet key unless the gateway or memory names its own.
  gateway          = var.agentcore_gateway == null ? null : merge(var.agentcore_gateway, { kms_key_arn = local.agentcore_gateway_kms_key_arn })
  memory           = var.agentcore_memory == null ? null : merge(var.agentcore_memory, { kms_key_arn = local.agentcore_memory_kms_key_arn })
  log_delivery     = var.agentcore_log_delivery
  otel_environment = var.create_sampling_profiles ? module.sampling_profiles[0].otel_environment : {}
  # The agents call the tier router for every model call.
  tier_router = local.create_tier_router ? {
    function_name = module.tier_router[0].function.lambda_function_name
    function_arn  = module.tier_router[0].function.lambda_function_arn
  } : null
  # The vended-log groups it delivers to, with the fleet's retention, class and key.
  log_groups = {
    retention_in_days = var.log_retention_in_days
    log_group_class   = var.log_group_class
    kms_key_arn       = local.kms_key_arn
  }
  tags = local.tags
}

# The gateway's and memory's vended-log groups moved from modules/log-groups to modules/agentcore.
moved {
  from = module.log_groups[0].aws_cloudwatch_log_group.this["vended/gateway"]
  to   = module.agentcore[0].aws_cloudwatch_log_group.vended["gateway"]
}

moved {
  from = module.log_groups[0].aws_cloudwatch_log_group.this["vended/memory"]
  to   = module.agentcore[0].aws_cloudwatch_log_group.vended["memory"]
}

module "ltm_pruner" {
  count  = local.create_ltm_pruner ? 1 : 0
  source = "./modules/ltm-pruner"

  function = local.lambda_function["ltm_pruner"]

  memories = [{
    memory_arn      = module.agentcore[0].agentcore_memory_arn
    namespace_paths = module.agentcore[0].agentcore_memory_namespace_paths
    kms_key_arn     = local.agentcore_memory_kms_key_arn
  }]
  ttl_days                  = var.ltm_pruner.ttl_days
  protected_importance      = var.ltm_pruner.protected_importance
  min_age_days              = var.ltm_pruner.min_age_days
  max_records_per_namespace = var.ltm_pruner.max_records_per_namespace
  max_deletions_per_run     = var.ltm_pruner.max_deletions_per_run
  dry_run                   = var.ltm_pruner.dry_run
  schedule                  = { expression = var.ltm_pruner.schedule_expression }
}
