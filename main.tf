# agentcore-finops root module: composes the submodules for a whole fleet. The fleet is resolved once,
# in modules/agent-config; everything else consumes module.agent_config.agent_configs.

locals {
  tags = merge({ "agentcore-finops:fleet" = var.name_prefix }, var.tags)

  # The account the fleet lives in: var.account_id, else the one in the agent-config table's ARN.
  account_id = var.account_id != null ? var.account_id : split(":", module.agent_config.dynamodb_table_arn)[4]

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

  name                = "${var.name_prefix}-agent-config"
  agents              = var.agents
  tiers               = var.tiers
  kms_key_arn         = var.kms_key_arn
  deletion_protection = var.deletion_protection
  tags                = local.tags
}
