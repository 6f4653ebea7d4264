# The fleet's input rules, from fleet-rules.json (agentcore_finops.fleet reads the same file) and the
# model catalogue (lambda_src/agentcore_finops/data/prices.json, the one source of model facts). Each
# rule yields messages that name the agent or tier, the field, and what is allowed; the table's
# preconditions (main.tf) fail the plan while any message is left, before anything is written. (A
# variable validation cannot do it: these locals depend on the variables they would validate.)

locals {
  rules       = jsondecode(file("${path.module}/fleet-rules.json"))
  models      = jsondecode(file("${path.module}/../../lambda_src/agentcore_finops/data/prices.json")).models
  agent_names = sort(keys(local.rules.fields))
  tier_names  = sort([for n, f in local.rules.fields : n if try(f.scope, "") != "agent"])

  # What a field allows, in words (agentcore_finops.fleet.allowed_text says the same).
  allowed = {
    for n, f in local.rules.fields : n => (
      f.kind == "whole" ? "a whole number from ${try(f.min, "")} to ${try(f.max, "")}" :
      f.kind == "number" ? "a number from ${try(f.min, "")} to ${try(f.max, "")}" :
      f.kind == "bool" ? "true or false" :
      f.kind == "model" ? local.rules.model_id.allowed :
      f.kind == "text" ? "text of at most ${try(f.max_length, "")} characters" :
      try(f.allowed, f.kind)
    )
  }

  # The inputs as plain maps; anything that is not a map of fields is reported, not iterated.
  agents_map = try({ for id, a in var.agents : id => a }, {})
  tiers_map  = try({ for k, t in var.tiers : k => t }, {})
  inputs = merge(
    { for id, a in local.agents_map : "agents[\"${id}\"]" => a if can(keys(a)) },
    { for k, t in local.tiers_map : "tiers[\"${k}\"]" => t if can(keys(t)) && contains(local.rules.tier_keys, k) },
  )

  # One entry per field given, with its rule ({ kind = "" } for an unknown attribute). json is the
  # value as JSON: its first character tells the type apart (" string, [ list, { map, t/f bool,
  # n null, else a number), which `any` leaves as given.
  given_fields = flatten([
    for where, fields in local.inputs : [
      for k, v in fields : {
        where = where
        agent = try(regex("^agents\\[\"(.*)\"\\]$", where)[0], null)
        field = k
        value = v
        json  = jsonencode(v)
        rule  = try(local.rules.fields[k], { kind = "" })
        known = contains(startswith(where, "agents") ? local.agent_names : local.tier_names, k)
      }
    ]
  ])
  # ok: the value keeps its field's rule (agentcore_finops.fleet._value_ok checks the same). A chain
  # of conditionals, so only the check of the field's own kind is evaluated.
  given = [
    for g in local.given_fields : merge(g, {
      ok = try(
        contains(["whole", "number"], g.rule.kind) ? can(regex("^-?[0-9]", g.json)) && g.value >= g.rule.min && g.value <= g.rule.max && (g.rule.kind == "number" || g.value == floor(g.value)) :
        g.rule.kind == "bool" ? contains(["true", "false"], g.json) :
        g.rule.kind == "model" ? startswith(g.json, "\"") && can(regex(local.rules.model_id.pattern, g.value)) :
        g.rule.kind == "text" ? startswith(g.json, "\"") && length(g.value) <= g.rule.max_length :
        g.rule.kind == "names" ? startswith(g.json, "[") && alltrue([for t in g.value : startswith(jsonencode(t), "\"") && can(regex(g.rule.pattern, t))]) :
        false,
        false,
      )
    })
  ]

  # Unknown attributes, with the closest allowed name: the longest shared prefix plus shared suffix
  # (agentcore_finops.fleet.closest_name scores the same way).
  unknown = [
    for g in local.given : merge(g, {
      scores = {
        for n in(startswith(g.where, "agents") ? local.agent_names : local.tier_names) : n => (
          length([for i in range(min(length(g.field), length(n))) : i if substr(g.field, 0, i + 1) == substr(n, 0, i + 1)]) +
          length([for i in range(min(length(g.field), length(n))) : i if substr(g.field, length(g.field) - i - 1, i + 1) == substr(n, length(n) - i - 1, i + 1)])
        )
      }
    }) if !g.known
  ]
  unknown_errors = [
    for u in local.unknown : format(
      "%s: unknown attribute \"%s\"%s; allowed: %s",
      u.where, u.field,
      max(values(u.scores)...) >= local.rules.did_you_mean_min_score ? " (did you mean ${[for n, s in u.scores : n if s == max(values(u.scores)...)][0]}?)" : "",
      join(", ", keys(u.scores)),
    )
  ]
  value_errors = [
    for g in local.given : "${g.where}.${g.field} = ${g.json}: must be ${local.allowed[g.field]}"
    if g.known && !g.ok && g.json != "null"
  ]
  required_errors = [
    for id, a in local.agents_map : "agents[\"${id}\"].tier is ${can(a.tier) ? "null" : "missing"}: required, ${local.allowed.tier}"
    if can(keys(a)) && try(a.tier, null) == null
  ]

  agent_errors = concat(
    can(keys(var.agents)) ? [] : ["agents must be a map of agent id to fields, e.g. { \"invoice-validator\" = { tier = 3 } }; got ${jsonencode(var.agents)}"],
    can(keys(var.agents)) && length(local.agents_map) == 0 ? ["agents must hold at least one agent"] : [],
    [for id in keys(local.agents_map) : "agents[\"${id}\"]: invalid agent id; allowed: ${local.rules.agent_id.allowed}" if !can(regex(local.rules.agent_id.pattern, id))],
    [for id, a in local.agents_map : "agents[\"${id}\"] must be an object of fields such as { tier = 2 }; got ${jsonencode(a)}" if !can(keys(a))],
    local.required_errors,
    [for e in local.unknown_errors : e if startswith(e, "agents")],
    [for e in local.value_errors : e if startswith(e, "agents")],
    # Rules on resolved records, for agents whose own input is clean (and with clean tier defaults):
    # a bad field would otherwise be reported twice, once as itself and once through what it breaks.
    length(local.tier_errors) > 0 ? [] : flatten([for id, errors in local.resolved_errors : errors if !contains(local.bad_agents, id)]),
  )
  bad_agents = concat(
    [for id, a in local.agents_map : id if !can(regex(local.rules.agent_id.pattern, id)) || !can(keys(a)) || try(a.tier, null) == null],
    [for g in local.given : g.agent if g.agent != null && (!g.known || (!g.ok && g.json != "null"))],
  )
  tier_errors = concat(
    can(keys(var.tiers)) ? [] : ["tiers must be a map keyed \"1\", \"2\", \"3\" of default fields; got ${jsonencode(var.tiers)}"],
    [for k in keys(local.tiers_map) : "tiers[\"${k}\"]: unknown tier; allowed: ${join(", ", [for t in local.rules.tier_keys : "\"${t}\""])}" if !contains(local.rules.tier_keys, k)],
    [for k, t in local.tiers_map : "tiers[\"${k}\"] must be an object of fields such as { max_tokens = 512 }; got ${jsonencode(t)}" if !can(keys(t))],
    [for e in local.unknown_errors : e if startswith(e, "tiers")],
    [for e in local.value_errors : e if startswith(e, "tiers")],
  )
}

# Rules on the resolved records (tier defaults applied), checked once the raw input is clean.
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  # A model ARN must be of this deployment's partition and region (a foundation-model ARN may leave
  # the region empty).
  here      = { partition = data.aws_partition.current.partition, region = data.aws_region.current.id }
  arn_parts = { for m in local.fleet_model_ids : m => split(":", m) if startswith(m, "arn:") }

  # Every model id the fleet names -> its catalogue entry (null when the catalogue does not list it).
  # An inference-profile id or ARN resolves to its base model, priced with the profile's multiplier,
  # as agentcore_finops.pricing.Catalogue.model() resolves it.
  fleet_model_ids = distinct(compact(flatten(concat(
    [for r in values(local.records) : [r.model_id, r.escalation_model_id == null ? "" : r.escalation_model_id]],
    [for r in values(local.routers) : r.models],
  ))))
  model_ident  = { for m in local.fleet_model_ids : m => try(regex("^arn:[^:]+:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)/(.+)$", m)[0], m) }
  model_prefix = { for m, i in local.model_ident : m => split(".", i)[0] }
  model_base = {
    for m, i in local.model_ident : m => (
      contains(keys(local.models), i) ? i :
      try(contains(keys(local.models[trimprefix(i, "${local.model_prefix[m]}.")].inference_profile_multipliers), local.model_prefix[m]), false) ? trimprefix(i, "${local.model_prefix[m]}.") :
      null
    )
  }
  # USD per 1M input plus 1M output tokens: the order escalation must climb.
  model_price = {
    for m, b in local.model_base : m => try(
      (local.models[b].usd_per_1m_tokens.input + local.models[b].usd_per_1m_tokens.output) * (b == local.model_ident[m] ? 1 : local.models[b].inference_profile_multipliers[local.model_prefix[m]]),
      null,
    )
  }
  catalogue_ids = join(", ", sort(keys(local.models)))

  # A prompt router stands for its models: its output limit is the smallest of theirs, its price per
  # token the lowest (escalation must cost more: a hard request may go straight to the dearest model).
  model_limit = merge(
    { for m, b in local.model_base : m => try(local.models[b].max_output_tokens, null) },
    { for arn, r in local.routers : arn => try(min([for m in r.models : local.models[local.model_base[m]].max_output_tokens]...), null) },
  )
  model_cost = merge(
    local.model_price,
    { for arn, r in local.routers : arn => try(min([for m in r.models : local.model_price[m]]...), null) },
  )
  is_router = { for m in local.fleet_model_ids : m => can(regex(local.rules.prompt_router.pattern, m)) }

  # var.prompt_routers as given (`any`), and as { models = [strings], split = map or null }.
  routers_in = try({ for arn, r in var.prompt_routers : arn => r }, {})
  routers = {
    for arn, r in local.routers_in : arn => {
      models = try([for m in r.models : tostring(m) if m != null], [])
      split  = try(r.split, null)
    }
  }
  router_fields = local.rules.prompt_router.fields

  router_errors = concat(
    can(keys(var.prompt_routers)) ? [] : ["prompt_routers must be a map of router ARN to { models = [...], split = {...} }; got ${jsonencode(var.prompt_routers)}"],
    flatten([
      for arn, r in local.routers_in : concat(
        can(keys(r)) ? [] : ["prompt_routers[\"${arn}\"] must be an object { models = [...], split = {...} }; got ${jsonencode(r)}"],
        [for k in try(keys(r), []) : "prompt_routers[\"${arn}\"]: unknown attribute \"${k}\"; allowed: ${join(", ", local.router_fields)}" if !contains(local.router_fields, k)],
        can(keys(r)) && !startswith(jsonencode(try(r.models, null)), "[") ? ["prompt_routers[\"${arn}\"].models = ${jsonencode(try(r.models, null))}: must be a list of model ids"] : [],
      )
    ]),
    local.router_rule_errors,
  )
  router_rule_errors = flatten([
    for arn, r in local.routers : concat(
      can(regex(local.rules.prompt_router.pattern, arn)) ? [] : ["prompt_routers[\"${arn}\"]: not a prompt router ARN; allowed: ${local.rules.prompt_router.allowed}"],
      length(distinct(r.models)) >= local.rules.prompt_router.min_models ? [] : ["prompt_routers[\"${arn}\"].models = ${jsonencode(r.models)}: a router picks between models; allowed: at least ${local.rules.prompt_router.min_models} distinct model ids"],
      r.split == null ? [] : (
        try(length(setsubtract(keys(r.split), r.models)) == 0 && alltrue([for v in values(r.split) : v >= 0 && v <= 1]) && abs(sum(concat([0], values(r.split))) - 1) < local.rules.prompt_router.split_tolerance, false) ? [] :
        ["prompt_routers[\"${arn}\"].split = ${jsonencode(r.split)}: the share of calls each model gets; allowed: a map of the router's model ids to shares from 0 to 1 that add up to 1"]
      ),
      [
        for m in r.models : "prompt_routers[\"${arn}\"].models: \"${m}\" is not in the model catalogue (lambda_src/agentcore_finops/data/prices.json); allowed: ${local.catalogue_ids}, each with a priced inference-profile prefix, or a model id listed in allow_unlisted_models"
        if try(local.model_base[m], null) == null && !contains(var.allow_unlisted_models, m)
      ],
    )
  ])

  # Where a resolved value came from, for the message: the agent's own field or its tier's default.
  origin = {
    for id, r in local.records : id => {
      for f in local.tier_names : f => try(local.agents_map[id][f], null) != null ? "" : " (tier ${r.tier} default)"
    }
  }

  resolved_errors = {
    for id, r in local.records : id => concat(
      [
        for f in ["model_id", "escalation_model_id"] : "agents[\"${id}\"].${f} = \"${r[f]}\"${local.origin[id][f]}: not in the model catalogue (lambda_src/agentcore_finops/data/prices.json); allowed: ${local.catalogue_ids}, each with a priced inference-profile prefix such as \"global.\" or \"us.\", or a model id listed in allow_unlisted_models"
        if r[f] != null && try(local.model_base[r[f]], null) == null && !contains(var.allow_unlisted_models, coalesce(r[f], "-")) && !try(local.is_router[r[f]], false)
      ],
      [
        for f in ["model_id", "escalation_model_id"] : "agents[\"${id}\"].${f} = \"${r[f]}\"${local.origin[id][f]}: a prompt router the fleet does not declare; allowed: add it to prompt_routers with the models it picks from"
        if try(local.is_router[r[f]], false) && !contains(keys(local.routers), coalesce(r[f], "-"))
      ],
      [
        for f in ["model_id", "escalation_model_id"] : "agents[\"${id}\"].${f} = \"${r[f]}\"${local.origin[id][f]}: an ARN of partition ${local.arn_parts[r[f]][1]}, region ${local.arn_parts[r[f]][3]}, but the fleet is deployed to partition ${local.here.partition}, region ${local.here.region}; allowed: an ARN of this partition and region, or a model id"
        if try(local.arn_parts[r[f]][1] != local.here.partition || !contains(["", local.here.region], local.arn_parts[r[f]][3]), false)
      ],
      try(r.max_tokens > local.model_limit[r.model_id], false) ? [
        "agents[\"${id}\"].max_tokens = ${r.max_tokens}${local.origin[id].max_tokens}: above the ${local.model_limit[r.model_id]} output tokens ${r.model_id} can return; allowed: a whole number from 1 to ${local.model_limit[r.model_id]}"
      ] : [],
      try(local.model_cost[r.escalation_model_id] <= local.model_cost[r.model_id], false) ? [
        "agents[\"${id}\"].escalation_model_id = \"${r.escalation_model_id}\"${local.origin[id].escalation_model_id}: costs no more per token than model_id \"${r.model_id}\" (${format("%.4f", local.model_cost[r.escalation_model_id])} vs ${format("%.4f", local.model_cost[r.model_id])} USD per 1M input + 1M output tokens); allowed: a model that costs more per token, or null"
      ] : [],
      r.idle_session_timeout_seconds > r.max_session_lifetime_seconds ? [
        "agents[\"${id}\"].idle_session_timeout_seconds = ${r.idle_session_timeout_seconds}${local.origin[id].idle_session_timeout_seconds}: longer than max_session_lifetime_seconds (${r.max_session_lifetime_seconds}); allowed: at most max_session_lifetime_seconds"
      ] : [],
      r.ltm_enabled && r.ltm_importance_threshold == null ? [
        "agents[\"${id}\"].ltm_importance_threshold is null: ltm_enabled is true and tier ${r.tier} has no default threshold; allowed: a number from 0 to 1"
      ] : [],
      !r.ltm_enabled && try(local.agents_map[id].ltm_importance_threshold, null) != null ? [
        "agents[\"${id}\"].ltm_importance_threshold = ${r.ltm_importance_threshold}: long-term memory is off for this agent (ltm_enabled false${local.origin[id].ltm_enabled}); allowed: set ltm_enabled = true, or leave ltm_importance_threshold unset"
      ] : [],
    )
  }
}
