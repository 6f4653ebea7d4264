# agentcore-finops root module: composes the submodules for a whole fleet. The fleet is resolved once,
# in modules/agent-config; everything else consumes module.agent_config.agent_configs.

locals {
  tags = merge({ "agentcore-finops:fleet" = var.name_prefix }, var.tags)
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
