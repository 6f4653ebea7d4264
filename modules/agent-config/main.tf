# The one place the fleet is resolved: built-in tier defaults, then var.tiers, then each agent's own
# fields. Every other module consumes local.agent_configs through the agent_configs output, and the
# table stores the same records, so the router reads exactly what Terraform planned.

locals {
  builtin_tiers = jsondecode(file("${path.module}/tier-defaults.json"))

  # A tier default is the built-in value unless var.tiers sets the field.
  tier_configs = {
    for tier, builtin in local.builtin_tiers : tier => merge(
      builtin,
      { for field, value in try(var.tiers[tier], {}) : field => value if value != null },
    )
  }

  # An agent's value is its own field when set, else its tier's default. try() keeps an invalid tier
  # from hiding the variable's own validation message behind an index error.
  merged = {
    for id, agent in var.agents : id => merge(
      try(local.tier_configs[tostring(agent.tier)], local.tier_configs["3"]),
      { for field, value in agent : field => value if value != null },
    )
  }

  records = {
    for id, m in local.merged : id => {
      agent_id                     = id
      tier                         = var.agents[id].tier
      description                  = try(m.description, null) == null ? "" : m.description
      model_id                     = m.model_id
      max_tokens                   = m.max_tokens
      step_budget                  = m.step_budget
      tools                        = distinct(m.tools)
      async                        = m.async
      ltm_enabled                  = m.ltm_enabled
      ltm_importance_threshold     = m.ltm_importance_threshold
      trace_sample_rate            = m.trace_sample_rate
      escalation_model_id          = m.escalation_model_id
      idle_session_timeout_seconds = m.idle_session_timeout_seconds
      max_session_lifetime_seconds = m.max_session_lifetime_seconds
    }
  }

  dynamodb_null = jsonencode({ NULL = true })

  # config_version changes whenever anything in the record changes; the router's cache compares it.
  agent_configs = {
    for id, r in local.records : id => merge(r, { config_version = substr(sha256(jsonencode(r)), 0, 16) })
  }
}

resource "aws_dynamodb_table" "this" {
  name                        = var.name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "agent_id"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "agent_id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = var.tags
}

resource "aws_dynamodb_table_item" "this" {
  for_each = local.agent_configs

  table_name = aws_dynamodb_table.this.name
  hash_key   = aws_dynamodb_table.this.hash_key

  # DynamoDB attribute-value JSON; nulls are stored as NULL so every item has every field. The nullable
  # attributes go through jsondecode() because a conditional would unify {NULL = true} and {N = "..."}
  # into one map(string) type and store the string "true".
  item = jsonencode({
    agent_id                     = { S = each.value.agent_id }
    tier                         = { N = tostring(each.value.tier) }
    description                  = { S = each.value.description }
    model_id                     = { S = each.value.model_id }
    max_tokens                   = { N = tostring(each.value.max_tokens) }
    step_budget                  = { N = tostring(each.value.step_budget) }
    tools                        = { L = [for t in each.value.tools : { S = t }] }
    async                        = { BOOL = each.value.async }
    ltm_enabled                  = { BOOL = each.value.ltm_enabled }
    ltm_importance_threshold     = jsondecode(each.value.ltm_importance_threshold == null ? local.dynamodb_null : jsonencode({ N = tostring(each.value.ltm_importance_threshold) }))
    trace_sample_rate            = { N = tostring(each.value.trace_sample_rate) }
    escalation_model_id          = jsondecode(each.value.escalation_model_id == null ? local.dynamodb_null : jsonencode({ S = each.value.escalation_model_id }))
    idle_session_timeout_seconds = { N = tostring(each.value.idle_session_timeout_seconds) }
    max_session_lifetime_seconds = { N = tostring(each.value.max_session_lifetime_seconds) }
    config_version               = { S = each.value.config_version }
  })

  lifecycle {
    precondition {
      condition     = each.value.idle_session_timeout_seconds <= each.value.max_session_lifetime_seconds
      error_message = "agents[\"${each.key}\"]: idle_session_timeout_seconds (${each.value.idle_session_timeout_seconds}) must be <= max_session_lifetime_seconds (${each.value.max_session_lifetime_seconds}), after tier defaults are applied."
    }
    precondition {
      condition     = !each.value.ltm_enabled || each.value.ltm_importance_threshold != null
      error_message = "agents[\"${each.key}\"]: ltm_enabled is true, so ltm_importance_threshold must be set (0-1); tier ${each.value.tier} has no default threshold."
    }
  }
}
