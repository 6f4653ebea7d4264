# AgentCore Runtime, Gateway and Memory for a fleet, through one CloudFormation stack (hashicorp/aws 5.x
# has no aws_bedrockagentcore_* resources; AWS::BedrockAgentCore::* works on 5.x and 6.x alike). The
# template is built here as an HCL object and rendered with jsonencode(); the IAM roles are ordinary
# Terraform resources passed in as stack parameters, so the template is fully known at plan time and
# can be linted (tests/compliance/test_cfn_lint.py) exactly as CloudFormation will receive it.
#
# main.tf: names and the resolved inputs every part shares; iam.tf: the roles and their policies;
# template.tf: the template and the stack; log-delivery.tf: the gateway's and memory's vended logs.

locals {
  # AWS rules several modules check inputs against (see variables.tf), written once: modules/aws-rules.json.
  aws_rules = jsondecode(file("${path.module}/../aws-rules.json"))
}

data "aws_partition" "current" {}

data "aws_region" "current" {
  lifecycle {
    # What inputs/ cannot see: the attributes the caller gave that its types do not declare (a typed
    # object drops them). A precondition, not a validation: it compares var.runtimes, var.gateway and
    # var.memory with their converted values.
    precondition {
      condition     = length(local.unknown_attributes) == 0
      error_message = "${join("; ", local.unknown_attributes)}."
    }
  }
}

# runtimes, gateway and memory, converted to the types inputs/variables.tf declares (defaults applied)
# and checked there; the rest of this module reads local.runtimes, local.gateway and local.memory only.
module "inputs" {
  source = "./inputs"

  runtimes = var.runtimes
  gateway  = var.gateway
  memory   = var.memory
}

locals {
  runtimes = module.inputs.runtimes
  gateway  = module.inputs.gateway
  memory   = module.inputs.memory

  # Each object given, with the attributes it has and those its type declares.
  attribute_checks = concat(
    [for id, r in var.runtimes : { path = "runtimes[\"${id}\"]", given = keys(r), allowed = keys(local.runtimes[id]) }],
    [for id, r in var.runtimes : { path = "runtimes[\"${id}\"].code", given = keys(r.code), allowed = keys(local.runtimes[id].code) } if try(r.code, null) != null],
    [for g in var.gateway == null ? [] : [var.gateway] : { path = "gateway", given = keys(g), allowed = keys(local.gateway) }],
    [for g in try(var.gateway.jwt, null) == null ? [] : [var.gateway.jwt] : { path = "gateway.jwt", given = keys(g), allowed = keys(local.gateway.jwt) }],
    [for k, t in try(var.gateway.targets, {}) : { path = "gateway.targets[\"${k}\"]", given = keys(t), allowed = keys(local.gateway.targets[k]) }],
    flatten([
      for k, t in try(var.gateway.targets, {}) : [
        for kind in ["lambda", "openapi", "mcp_server", "credential_provider"] : {
          path = "gateway.targets[\"${k}\"].${kind}", given = keys(t[kind]), allowed = keys(local.gateway.targets[k][kind])
        } if try(t[kind], null) != null
      ]
    ]),
    [for m in var.memory == null ? [] : [var.memory] : { path = "memory", given = keys(m), allowed = keys(local.memory) }],
    [for n in try(var.memory.namespaces, null) == null ? [] : [var.memory.namespaces] : { path = "memory.namespaces", given = keys(n), allowed = keys(local.memory.namespaces) }],
  )
  unknown_attributes = flatten([
    for c in local.attribute_checks : [
      for k in sort(setsubtract(c.given, c.allowed)) : "${c.path}: unknown attribute \"${k}\" (did you mean ${substr(reverse(sort([for n in c.allowed : format("%03d%s", length([for i in range(min(length(k), length(n))) : i if substr(k, 0, i + 1) == substr(n, 0, i + 1)]) + length([for i in range(min(length(k), length(n))) : i if substr(k, length(k) - i - 1, i + 1) == substr(n, length(n) - i - 1, i + 1)]), n)]))[0], 3, -1)}?); allowed: ${join(", ", sort(c.allowed))}"
    ]
  ])
}

# The partition, region and account every ARN here is built from, checked against
# modules/aws-rules.json in one place (account_id is checked there, not in variables.tf).
module "scope" {
  source = "../aws-scope"

  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.id
  account_id = var.account_id
}

locals {
  partition = module.scope.partition
  region    = module.scope.region
  account   = module.scope.account_id

  # The memory's and gateway's customer managed keys, or null (also when there is no memory/gateway).
  memory_kms_key_arn  = local.memory == null ? null : local.memory.kms_key_arn
  gateway_kms_key_arn = local.gateway == null ? null : local.gateway.kms_key_arn

  prefix_underscored = replace(var.name_prefix, "-", "_")
  stack_name         = "${var.name_prefix}-agentcore"
  gateway_name       = "${var.name_prefix}-gateway"
  memory_name        = "${local.prefix_underscored}_memory"

  # ------------------------------------------------------------------------------------------ runtimes
  # The resolved record of each runtime's agent. try() keeps an unknown agent id from failing here with
  # an index error; the precondition on the stack reports it by name instead.
  runtime_records = { for id in keys(local.runtimes) : id => try(var.agent_configs[id], null) }
  unknown_agents  = sort([for id, rec in local.runtime_records : id if rec == null])

  runtime_names = {
    for id, r in local.runtimes : id => r.name != null ? r.name : "${local.prefix_underscored}_${replace(id, "-", "_")}"
  }
  # CloudFormation logical ids: letters and digits only ("sre-orchestrator" -> "SreOrchestrator"). Ids
  # that would collide ("agent-2x" and "agent2x") get a hash of the agent id appended.
  title_ids   = { for id in keys(local.runtimes) : id => join("", [for part in split("-", id) : title(part)]) }
  logical_ids = { for id, t in local.title_ids : id => length([for o in values(local.title_ids) : o if o == t]) > 1 ? "${t}${substr(sha1(id), 0, 8)}" : t }

  session_lifecycle = {
    for id, rec in local.runtime_records : id => {
      idle_session_timeout_seconds = try(rec.idle_session_timeout_seconds, null)
      max_session_lifetime_seconds = try(rec.max_session_lifetime_seconds, null)
    }
  }
  name_errors = [
    for id, name in local.runtime_names :
    "runtimes[\"${id}\"]: runtime name \"${name}\" (${length(name)} characters) must match [a-zA-Z][a-zA-Z0-9_]{0,47}; shorten name_prefix or set runtimes[\"${id}\"].name"
    if !can(regex("^[a-zA-Z][a-zA-Z0-9_]{0,47}$", name))
  ]

  # Head sampling: the sampling-profiles module's variables when given, else the same values from the
  # agent's own rate (agentcore_finops.sampling.otel_environment writes 0.03 as "0.03" and 1 as "1.0").
  sample_rate = { for id, rec in local.runtime_records : id => try(rec.trace_sample_rate, 0) }
  otel_environment = {
    for id, rate in local.sample_rate : id => lookup(var.otel_environment, id, {
      OTEL_TRACES_SAMPLER     = "parentbased_traceidratio"
      OTEL_TRACES_SAMPLER_ARG = rate == floor(rate) ? format("%.1f", rate) : tostring(rate)
    })
  }

  # -------------------------------------------------------------------------------- model permissions
  # Each runtime may invoke its model and escalation model (ARNs from modules/bedrock-model-arns, the
  # rules the tier router's role follows too).
  model_ids = sort(distinct(flatten([
    for rec in values(local.runtime_records) : compact([try(rec.model_id, null), try(rec.escalation_model_id, null)])
  ])))
  runtime_model_arns = {
    for id, rec in local.runtime_records : id => sort(distinct(flatten([
      for m in compact([try(rec.model_id, null), try(rec.escalation_model_id, null)]) : module.model_arns.arns[m]
    ])))
  }

  # ECR repository ARN of each container image (public.ecr.aws images need no pull permission).
  ecr_image = {
    for id, r in local.runtimes : id => try(regex("^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.[^/]+/([^:@]+)", r.container_uri), null)
  }

  # -------------------------------------------------------------------------------------------- memory
  ltm_needed = anytrue([for rec in values(var.agent_configs) : rec.ltm_enabled])
  memory_strategy_kinds = local.memory == null || !local.ltm_needed ? {} : {
    for kind, spec in {
      semantic        = { key = "SemanticMemoryStrategy", name = "semantic_facts", enabled = local.memory.semantic, namespaces = local.memory.namespaces.semantic, description = "Facts and knowledge extracted from conversations" }
      summary         = { key = "SummaryMemoryStrategy", name = "session_summaries", enabled = local.memory.summary, namespaces = local.memory.namespaces.summary, description = "A running summary of each session" }
      user_preference = { key = "UserPreferenceMemoryStrategy", name = "user_preferences", enabled = local.memory.user_preference, namespaces = local.memory.namespaces.user_preference, description = "Preferences stated by users" }
    } : kind => spec if spec.enabled
  }
  memory_namespaces = { for kind, spec in local.memory_strategy_kinds : kind => spec.namespaces }
  # The fixed part of each namespace, up to its first {variable}: what the ltm-pruner lists under.
  memory_namespace_paths = sort(distinct(flatten([
    for spec in values(local.memory_strategy_kinds) : [for ns in spec.namespaces : replace(ns, "/\\{.*$/", "")]
  ])))

  # ------------------------------------------------------------------------------------------- gateway
  gateway_targets  = local.gateway == null ? {} : local.gateway.targets
  target_title_ids = { for name in keys(local.gateway_targets) : name => join("", [for part in split("-", name) : title(part)]) }
  target_logical_ids = {
    for name, t in local.target_title_ids : name => length([for o in values(local.target_title_ids) : o if o == t]) > 1 ? "Target${t}${substr(sha1(name), 0, 8)}" : "Target${t}"
  }
  lambda_targets   = { for k, t in local.gateway_targets : k => t if t.lambda != null }
  credential_by_tg = { for k, t in local.gateway_targets : k => t.credential_provider if t.credential_provider != null }
  schema_s3_uris = sort(compact(flatten([
    for t in values(local.gateway_targets) : [try(t.lambda.s3_uri, null), try(t.openapi.s3_uri, null)]
  ])))

  # With the IAM authorizer, runtimes sign their gateway calls and need a grant; with JWT they need none.
  runtimes_call_gateway = try(local.gateway.authorizer_type, null) == "AWS_IAM"

  create_stack = length(local.runtimes) > 0 || local.gateway != null || local.memory != null
  tags         = var.tags
}
