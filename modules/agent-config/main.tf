# The one place the fleet is resolved: built-in tier defaults, then var.tiers, then each agent's own
# fields. Every other module consumes local.agent_configs through the agent_configs output, and the
# table stores the same records, so the router reads exactly what Terraform planned.

locals {
  builtin_tiers = jsondecode(file("${path.module}/tier-defaults.json"))

  # A tier default is the built-in value unless var.tiers sets the field (unknown fields are reported
  # by rules.tf and left out here).
  tier_configs = {
    for tier, builtin in local.builtin_tiers : tier => merge(
      builtin,
      try({ for field, value in local.tiers_map[tier] : field => value if value != null && contains(local.tier_names, field) }, {}),
    )
  }

  # An agent's value is its own field when set, else its tier's default. Every try() below keeps bad
  # input from failing here with a type error: rules.tf reports it by agent and field instead.
  merged = {
    for id, agent in local.agents_map : id => merge(
      try(local.tier_configs[tostring(agent.tier)], local.tier_configs["3"]),
      { for field, value in try({ for k, v in agent : k => v }, {}) : field => value if value != null && contains(local.agent_names, field) },
    )
  }

  records = {
    for id, m in local.merged : id => {
      agent_id                     = id
      tier                         = try(coalesce(tonumber(local.agents_map[id].tier), 3), 3)
      description                  = try(tostring(m.description), "")
      model_id                     = try(tostring(m.model_id), "")
      max_tokens                   = try(tonumber(m.max_tokens), 1)
      step_budget                  = try(tonumber(m.step_budget), 1)
      tools                        = try(distinct([for t in m.tools : tostring(t) if t != null]), [])
      async                        = try(tobool(m.async), false)
      ltm_enabled                  = try(tobool(m.ltm_enabled), false)
      ltm_importance_threshold     = try(tonumber(m.ltm_importance_threshold), null)
      trace_sample_rate            = try(tonumber(m.trace_sample_rate), 0)
      escalation_model_id          = try(tostring(m.escalation_model_id), null)
      idle_session_timeout_seconds = try(tonumber(m.idle_session_timeout_seconds), 60)
      max_session_lifetime_seconds = try(tonumber(m.max_session_lifetime_seconds), 60)
      prompt_routers               = length(local.agent_routers[id]) == 0 ? null : local.agent_routers[id]
    }
  }

  # The declared routers an agent's model_id or escalation_model_id names, with their models and split,
  # so the record alone prices the agent (the estimator reading a plan); null in the record when none
  # (agentcore_finops.fleet.agent_routers).
  agent_routers = {
    for id, m in local.merged : id => {
      for arn in distinct(compact([try(tostring(m.model_id), ""), try(tostring(m.escalation_model_id), "")])) : arn => {
        models = local.routers[arn].models
        split  = try({ for model, share in local.routers[arn].split : model => tonumber(share) }, null)
      } if contains(keys(local.routers), arn)
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

  lifecycle {
    # The fleet's rules (rules.tf): every message names the agent or tier, the field and what is allowed.
    precondition {
      condition     = length(local.tier_errors) == 0
      error_message = "Invalid tier defaults (rules: modules/agent-config/fleet-rules.json):\n${join("\n", local.tier_errors)}"
    }
    precondition {
      condition     = length(local.router_errors) == 0
      error_message = "Invalid prompt routers:\n${join("\n", local.router_errors)}"
    }
    precondition {
      condition     = length(local.agent_errors) == 0
      error_message = "Invalid fleet (rules: modules/agent-config/fleet-rules.json and the model catalogue in prices.json):\n${join("\n", local.agent_errors)}"
    }
  }
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
    prompt_routers = jsondecode(each.value.prompt_routers == null ? local.dynamodb_null : jsonencode({ M = {
      for arn, r in each.value.prompt_routers : arn => { M = {
        models = { L = [for model in r.models : { S = model }] }
        split  = jsondecode(r.split == null ? local.dynamodb_null : jsonencode({ M = { for model, share in r.split : model => { N = tostring(share) } } }))
      } }
    } }))
    config_version = { S = each.value.config_version }
  })
}
