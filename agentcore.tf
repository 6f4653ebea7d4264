# AgentCore runtimes, gateway and memory (modules/agentcore) and the long-term memory pruner
# (modules/ltm-pruner), behind create_agentcore and create_ltm_pruner.

locals {

  ltm_agents = sort([for id, a in module.agent_config.agent_configs : id if a.ltm_enabled])
  ltm_pruner_problems = compact([
    local.create_agentcore ? "" : "create_agentcore must be true (the pruner walks the fleet's AgentCore memory)",
    var.agentcore_memory != null ? "" : "agentcore_memory must be set",
    length(local.ltm_agents) > 0 ? "" : "no agent of the fleet has ltm_enabled, so the memory has no long-term records to prune",
  ])
  create_ltm_pruner = coalesce(var.create_ltm_pruner, true) && length(local.ltm_pruner_problems) == 0

  # Every log group AgentCore writes to, for modules/log-groups (observability.tf) to create with
  # retention: each runtime's own endpoint and DEFAULT (keys known at plan time, ids after apply), and
  # the gateway's and memory's vended-log groups.
  agentcore_runtime_log_endpoints = local.create_agentcore ? merge([
    for id, r in var.agentcore_runtimes : {
      for endpoint in [r.endpoint_name, "DEFAULT"] : "${id}/${endpoint}" => {
        runtime_id    = module.agentcore[0].agentcore_runtime_ids[id]
        endpoint_name = endpoint
      }
    }
  ]...) : {}
  agentcore_vended_log_groups = local.create_agentcore ? module.agentcore[0].cloudwatch_vended_log_group_names : {}
}

module "agentcore" {
  count  = local.create_agentcore ? 1 : 0
  source = "./modules/agentcore"

  name_prefix    = var.name_prefix
  account_id     = local.account_id
  agent_configs  = module.agent_config.agent_configs
  prompt_routers = module.agent_config.prompt_router_models
  runtimes       = var.agentcore_runtimes
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
  # Deliveries wait for the vended-log groups modules/log-groups creates with retention.
  vended_log_group_arns = var.create_log_groups ? {
    for k, arn in module.log_groups[0].cloudwatch_log_group_arns : trimprefix(k, "vended/") => arn
    if contains(["vended/gateway", "vended/memory"], k)
  } : {}
  tags = local.tags
}

resource "terraform_data" "ltm_pruner_requirements" {
  count = var.create_ltm_pruner == true ? 1 : 0

  input = local.ltm_agents

  lifecycle {
    precondition {
      condition     = length(local.ltm_pruner_problems) == 0
      error_message = "create_ltm_pruner: ${join("; ", local.ltm_pruner_problems)}."
    }
  }
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
