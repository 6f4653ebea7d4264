# -- one customer managed key for the fleet's data at rest ---------------------------------------------
# var.kms_key_arn (a key you manage) or create_kms_key (this root makes one, rotation on) reaches every
# store that takes a key: the config table, every log group, the Lambdas' environment, failure queues
# and schedules, the cost-alert topic, the AppConfig sampling document, AgentCore Memory and Gateway.
# modules/kms-key-policy writes the key policy those services need; output kms_key_policy publishes it.

locals {
  # join() keeps the created key's ARN "not null" while unknown, so the modules' key switches
  # (counts, dynamic blocks) are decided at plan time.
  kms_key_arn = var.create_kms_key ? join("", [aws_kms_key.this[0].arn]) : var.kms_key_arn

  # Which services use the key, from the same switches that create what they store (no resource
  # attribute, so the policy is known before the key exists).
  kms_lambdas          = local.create_tier_router || local.create_log_retention_auditor || local.create_ltm_pruner
  kms_scheduled        = local.create_log_retention_auditor || local.create_ltm_pruner
  kms_guardrails_topic = local.create_cost_guardrails && var.cost_guardrails.sns_topic_arn == null
  kms_agentcore = local.create_agentcore && (
    (var.agentcore_memory != null && try(var.agentcore_memory.kms_key_arn, null) == null) ||
    (var.agentcore_gateway != null && try(var.agentcore_gateway.kms_key_arn, null) == null)
  )
  # modules/agentcore's vended-log groups (the gateway's and memory's deliveries).
  kms_agentcore_logs = local.create_agentcore && var.agentcore_log_delivery && (var.agentcore_gateway != null || var.agentcore_memory != null)
  # AgentCore Memory and Gateway: the key they name, else the fleet key (read only where they are set).
  agentcore_memory_kms_key_arn  = try(var.agentcore_memory.kms_key_arn, null) != null ? var.agentcore_memory.kms_key_arn : local.kms_key_arn
  agentcore_gateway_kms_key_arn = try(var.agentcore_gateway.kms_key_arn, null) != null ? var.agentcore_gateway.kms_key_arn : local.kms_key_arn
  # Keys given by ARN (the fleet's, the memory's and gateway's own). KMS keys are regional and every
  # store here needs one in its own region: a key elsewhere would fail only at apply, store by store.
  kms_keys_elsewhere = [
    for k in compact([var.kms_key_arn, try(var.agentcore_memory.kms_key_arn, null), try(var.agentcore_gateway.kms_key_arn, null)]) :
    k if try(split(":", k)[3], "") != data.aws_region.current.id
  ]
  kms_services = concat(
    ["dynamodb"],
    local.kms_lambdas || var.create_log_groups || local.kms_agentcore_logs ? ["logs"] : [],
    local.kms_lambdas ? ["lambda", "sqs"] : [],
    local.kms_scheduled ? ["scheduler"] : [],
    local.kms_guardrails_topic ? ["sns", "budgets", "costalerts", "cloudwatch"] : [],
    var.create_sampling_profiles ? ["appconfig"] : [],
    local.kms_agentcore ? ["bedrock-agentcore"] : [],
  )
}

module "kms_key_policy" {
  source = "./modules/kms-key-policy"

  services   = local.kms_services
  account_id = local.account_id
  region     = data.aws_region.current.id
  partition  = data.aws_partition.current.partition
}

resource "aws_kms_key" "this" {
  count = var.create_kms_key ? 1 : 0

  description             = "agentcore-finops fleet ${var.name_prefix}: data at rest"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = module.kms_key_policy.policy_json
  tags                    = local.tags

  lifecycle {
    precondition {
      condition     = var.kms_key_arn == null
      error_message = "create_kms_key is true and kms_key_arn is set: use one key, either the one this module creates (create_kms_key) or yours (kms_key_arn)."
    }
  }
}

resource "aws_kms_alias" "this" {
  count = var.create_kms_key ? 1 : 0

  name          = "alias/${var.name_prefix}"
  target_key_id = aws_kms_key.this[0].key_id
}
