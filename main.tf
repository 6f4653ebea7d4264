# agentcore-finops root module: composes the submodules for a whole fleet. The fleet is resolved once,
# in modules/agent-config; everything else consumes module.agent_config.agent_configs.

locals {
  tags = merge({ "agentcore-finops:fleet" = var.name_prefix }, var.tags)

  # AWS rules the modules share (the KMS key ARN pattern here), written once: modules/aws-rules.json.
  aws_rules = jsondecode(file("${path.module}/modules/aws-rules.json"))

  # The account every module's ARNs and policies name: var.account_id, checked in module.scope.
  account_id = module.scope.account_id

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

# The partition and region come from the provider's configuration (no AWS call); the account is the
# account_id input. All three are checked against modules/aws-rules.json in modules/aws-scope, as the
# modules check theirs, before any module uses them.
data "aws_partition" "current" {}
data "aws_region" "current" {}

module "scope" {
  source = "./modules/aws-scope"

  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.id
  account_id = var.account_id
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
