# agentcore-finops root module: composes the submodules for a whole fleet. The fleet is resolved once,
# in modules/agent-config; everything else consumes module.agent_config.agent_configs.

locals {
  tags = merge({ "agentcore-finops:fleet" = var.name_prefix }, var.tags)

  # The account the fleet lives in: var.account_id, else the one in the agent-config table's ARN.
  account_id = var.account_id != null ? var.account_id : split(":", module.agent_config.dynamodb_table_arn)[4]

  # Every create_* switch resolved once. Null switches follow what is available: the Lambdas come on
  # when their packages are (lambda_package_dir), AgentCore when something of it is described, the
  # guardrails when a budget is.
  create_tier_router           = coalesce(var.create_tier_router, var.lambda_package_dir != null)
  create_log_retention_auditor = coalesce(var.create_log_retention_auditor, var.lambda_package_dir != null)
  create_agentcore = coalesce(
    var.create_agentcore,
    length(var.agentcore_runtimes) > 0 || var.agentcore_gateway != null || var.agentcore_memory != null,
  )

  # Lambda packages built by `make build`: name -> { file, handler, runtime }.
  lambda_manifest = var.lambda_package_dir == null ? {} : jsondecode(file("${var.lambda_package_dir}/manifest.json"))
  lambda_package = {
    for name, p in local.lambda_manifest : name => {
      file    = "${var.lambda_package_dir}/${p.filename}"
      handler = p.handler
      runtime = p.runtime
    }
  }
}

module "agent_config" {
  source = "./modules/agent-config"

  name                  = "${var.name_prefix}-agent-config"
  agents                = var.agents
  tiers                 = var.tiers
  allow_unlisted_models = var.allow_unlisted_models
  prompt_routers        = var.prompt_routers
  kms_key_arn           = local.kms_key_arn
  deletion_protection   = var.deletion_protection
  tags                  = local.tags
}
