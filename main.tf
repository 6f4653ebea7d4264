# agentcore-finops root module: composes the submodules for a whole fleet. The fleet is resolved once,
# in modules/agent-config; everything else consumes module.agent_config.agent_configs.

locals {
  tags = merge({ "agentcore-finops:fleet" = var.name_prefix }, var.tags)

  # AWS rules the modules share (the KMS key ARN pattern here), written once: modules/aws-rules.json.
  aws_rules = jsondecode(file("${path.module}/modules/aws-rules.json"))

  # The account the fleet lives in: var.account_id, else the one in the agent-config table's ARN.
  account_id = var.account_id != null ? var.account_id : split(":", module.agent_config.dynamodb_table_arn)[4]

  # The create_* switches are plain bools; what each needs is checked by its variable's validation.
  create_tier_router           = var.create_tier_router
  create_log_retention_auditor = var.create_log_retention_auditor
  create_agentcore             = var.create_agentcore

  # Where each Lambda's package comes from (lambda.tf): lambda_package_dir (a `make build` output),
  # else lambda_s3_packages, else the zip committed with the function's module.
  lambda_manifest = var.lambda_package_dir == null ? {} : jsondecode(file("${var.lambda_package_dir}/manifest.json"))
  lambda_package = {
    for name in ["log_retention_auditor", "ltm_pruner", "tier_router", "usage_digest"] : name => {
      file       = try("${var.lambda_package_dir}/${local.lambda_manifest[name].filename}", null)
      s3_package = contains(keys(local.lambda_manifest), name) ? null : lookup(var.lambda_s3_packages, name, null)
      handler    = try(local.lambda_manifest[name].handler, "${name}.handler.lambda_handler")
      runtime    = try(local.lambda_manifest[name].runtime, "python3.12")
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
