variable "name_prefix" {
  description = "Prefix for every resource name (the config table is \"<name_prefix>-agent-config\")."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 characters of lowercase letters, digits and '-', starting with a letter and not ending with '-'; got \"${var.name_prefix}\"."
  }
}

variable "account_id" {
  description = "The AWS account the fleet is deployed to, 12 digits (required): scopes the ARNs of IAM and key policies (the log-retention auditor's log groups, the AgentCore roles' trust, the fleet key's policy, the cost-alert topic) with no AWS call at plan time. Checked by modules/aws-scope against modules/aws-rules.json, like every account id of this project."
  type        = string
  nullable    = false
}

variable "agents" {
  description = "The fleet, keyed by agent id: { tier = 1|2|3, ...fields }. Only `tier` is required; the fields and their rules are in modules/agent-config (fleet-rules.json). A misspelled field, a wrong type or a value out of range fails the plan naming the agent and field."
  # Passed through untyped: modules/agent-config checks it against fleet-rules.json (an object type
  # here would silently drop a misspelled attribute).
  type     = any
  nullable = false
}

variable "tiers" {
  description = "Per-tier defaults keyed \"1\", \"2\", \"3\"; every field optional. See modules/agent-config."
  type        = any
  default     = {}
  nullable    = false
}

variable "allow_unlisted_models" {
  description = "Model ids the fleet may use although the pricing catalogue does not list them (a model newer than the catalogue); their per-model checks are skipped and the estimator says it cannot price them. See modules/agent-config."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "prompt_routers" {
  description = "Bedrock Intelligent Prompt Routers an agent or tier may name as model_id, keyed by router ARN: { models = [the model ids it picks from], split = { model id = share of calls } }. The router Lambda's and runtimes' roles may invoke the router and its models; split (default: equal shares) is what the cost estimator prices the router at. See modules/agent-config."
  # `any`, like agents and tiers: an object type would silently drop a misspelled attribute.
  type     = any
  default  = {}
  nullable = false
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for every store of the fleet: the config table, every log group, the Lambdas' environment, failure queues and schedules, the cost-alert topic, the AppConfig sampling document, AgentCore Memory and Gateway (agentcore_memory/agentcore_gateway kms_key_arn override it there). Give it the policy in output kms_key_policy. Null (and create_kms_key false): AWS managed keys."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex(local.aws_rules.kms_key_arn_pattern, var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>), not an alias or key id; got \"${coalesce(var.kms_key_arn, "null")}\"."
  }
}

variable "create_kms_key" {
  description = "Create the fleet's customer managed key here (rotation on, the policy of output kms_key_policy, alias/<name_prefix>) and use it like kms_key_arn. Not with kms_key_arn."
  type        = bool
  default     = false
  nullable    = false
}

variable "deletion_protection" {
  description = "Protect stateful resources (the config table) from deletion. Set false for short-lived stacks."
  type        = bool
  default     = true
  nullable    = false
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "lambda_package_dir" {
  description = "Folder holding Lambda zips and manifest.json written by `make build` (scripts/build_lambdas.py), to deploy instead of the packages committed with the modules (for instance a build of your own changes). Null (default): the committed packages."
  type        = string
  default     = null
}

variable "lambda_s3_packages" {
  description = "Lambda packages as S3 objects, for organisations that publish artifacts: function name (tier_router, log_retention_auditor, ltm_pruner, usage_digest) -> bucket, key and object_version (recommended: a new upload then redeploys). A function not listed gets lambda_package_dir's zip or the committed one."
  type = map(object({
    bucket         = string
    key            = string
    object_version = optional(string)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = length(setsubtract(keys(var.lambda_s3_packages), ["tier_router", "log_retention_auditor", "ltm_pruner", "usage_digest"])) == 0
    error_message = "lambda_s3_packages keys must be tier_router, log_retention_auditor, ltm_pruner or usage_digest; got ${jsonencode(sort(keys(var.lambda_s3_packages)))}."
  }
}

variable "powertools_layer_arns" {
  description = "Layers providing Powertools for AWS Lambda (Python) to the root's Lambdas. Null (default): the official Powertools V3 layer for the region and architecture (see modules/lambda-function); a list replaces it."
  type        = list(string)
  default     = null
}

variable "powertools_layer_file" {
  description = "A self-built Powertools layer zip to publish and attach to the root's Lambdas instead of the official layer (`make build` writes build/lambda/layers/powertools-<hash>.zip), for accounts that cannot attach layers from AWS's account. Takes precedence over powertools_layer_arns."
  type        = string
  default     = null

  validation {
    condition     = var.powertools_layer_file == null || try(fileexists(var.powertools_layer_file), false)
    error_message = "powertools_layer_file must be the path of an existing zip (make build writes build/lambda/layers/powertools-<hash>.zip); got \"${coalesce(var.powertools_layer_file, "null")}\"."
  }
}

# -- vpc-endpoints (network.tf) -------------------------------------------------------------------

variable "create_vpc_endpoints" {
  description = "Create VPC endpoints for the fleet (modules/vpc-endpoints) in the VPC that vpc_endpoints names."
  type        = bool
  default     = false
  nullable    = false
}

variable "vpc_endpoints" {
  description = <<-EOT
    Private networking settings (modules/vpc-endpoints), used when create_vpc_endpoints is true. Give
    vpc_id and subnets (keyed by AZ), route_table_ids for the free S3/DynamoDB gateway endpoints, and
    allowed_cidr_blocks and/or allowed_security_group_ids for the endpoints' security group. Fields
    left null take the module's defaults (interface endpoints bedrock-runtime, bedrock-agentcore,
    logs, sts, appconfigdata; gateway endpoints s3, dynamodb; multi-AZ; private DNS on).
  EOT
  type = object({
    vpc_id                     = optional(string)
    subnets                    = optional(map(string), {})
    route_table_ids            = optional(list(string), [])
    allowed_cidr_blocks        = optional(list(string), [])
    allowed_security_group_ids = optional(list(string), [])
    single_az                  = optional(bool, false)
    single_az_zone             = optional(string)
    interface_endpoints        = optional(set(string))
    gateway_endpoints          = optional(set(string))
    private_dns_enabled        = optional(bool, true)
    endpoint_policies          = optional(map(string), {})
    monthly_traffic_gb         = optional(number, 0)
  })
  default  = {}
  nullable = false

  # Both rules between the switch and its settings sit here: two variables whose validations refer to
  # each other would be a cycle.
  validation {
    condition     = !var.create_vpc_endpoints || (var.vpc_endpoints.vpc_id != null && length(var.vpc_endpoints.subnets) > 0)
    error_message = "create_vpc_endpoints is true: set vpc_endpoints.vpc_id and vpc_endpoints.subnets (subnet ids keyed by AZ)."
  }

  validation {
    condition     = var.create_vpc_endpoints || var.vpc_endpoints.vpc_id == null
    error_message = "vpc_endpoints.vpc_id is set but create_vpc_endpoints is false: set create_vpc_endpoints = true to create the endpoints (a vpc_endpoints object no longer turns them on by itself), or remove vpc_endpoints."
  }
}

# -- tier-router ------------------------------------------------------------------------------------

variable "create_tier_router" {
  description = "Deploy the tier-router Lambda (modules/tier-router)."
  type        = bool
  default     = true
  nullable    = false
}

variable "tier_router" {
  description = "Tier-router settings: config_cache_ttl_seconds (how soon a table change takes effect), reserved_concurrent_executions (null: unreserved), log_retention_in_days (null: the root's log_retention_in_days), alarm_actions."
  type = object({
    config_cache_ttl_seconds       = optional(number, 60)
    reserved_concurrent_executions = optional(number)
    log_retention_in_days          = optional(number)
    alarm_actions                  = optional(list(string), [])
  })
  default  = {}
  nullable = false
}

variable "tier_router_sampling_appconfig" {
  description = "Optional AppConfig location of the trace-sampling document for the router (modules/sampling-profiles outputs for one environment): { application_id, environment_id, configuration_profile_id, configuration_arn }, passed unchanged to modules/tier-router (sampling_appconfig), which checks it (an unknown attribute fails the plan, naming the closest one). Null: each agent's trace_sample_rate decides. Ignored when create_sampling_profiles is true: the router then reads the document this root serves (its first sampling environment)."
  type        = any
  default     = null
}

# -- observability: modules/sampling-profiles, modules/log-groups, modules/log-retention-auditor --------

variable "create_sampling_profiles" {
  description = "Serve per-tier and per-agent trace-sampling rates from AppConfig (modules/sampling-profiles), so sampling can be flipped without a redeploy."
  type        = bool
  default     = true
  nullable    = false
}

variable "sampling_overrides" {
  description = "Temporary trace-sampling rates that win over the fleet, e.g. { agents = { \"sre-orchestrator\" = 1 } } during an investigation; applied as a new AppConfig deployment, no redeploy. See modules/sampling-profiles."
  type = object({
    agents = optional(map(number), {})
    tiers  = optional(map(number), {})
  })
  default  = {}
  nullable = false
}

variable "sampling_environments" {
  description = "AppConfig environments that receive the sampling document."
  type        = list(string)
  default     = ["live"]
  nullable    = false
}

variable "sampling_deployment_strategy" {
  description = "How a sampling change reaches readers; default all at once with no bake time. See modules/sampling-profiles."
  type = object({
    deployment_duration_in_minutes = optional(number, 0)
    final_bake_time_in_minutes     = optional(number, 0)
    growth_factor                  = optional(number, 100)
    growth_type                    = optional(string, "LINEAR")
  })
  default  = {}
  nullable = false
}

variable "transaction_search_indexing_percentage" {
  description = "With create_sampling_profiles: turn on CloudWatch Transaction Search (an account setting) indexing this percentage of spans (1% is free). Null leaves it alone."
  type        = number
  default     = null
}

variable "create_log_groups" {
  description = "Create the AgentCore runtimes' log groups and the groups named below with retention (modules/log-groups). The fleet's Lambdas always get their own, and the gateway's and memory's vended-log groups come with modules/agentcore (agentcore_log_delivery)."
  type        = bool
  default     = true
  nullable    = false
}

variable "log_retention_in_days" {
  description = "Retention of the fleet's log groups and its Lambdas' groups, and the auditor's default target (a value CloudWatch accepts)."
  type        = number
  default     = 30
  nullable    = false
}

variable "log_group_class" {
  description = "Class of the AgentCore log groups: STANDARD or INFREQUENT_ACCESS (half the ingestion price, fewer features)."
  type        = string
  default     = "STANDARD"
  nullable    = false
}

variable "agentcore_runtime_endpoints" {
  description = "AgentCore runtime endpoints whose log groups to create, keyed by a plan-time name: { runtime_id, endpoint_name = \"DEFAULT\" }. See modules/log-groups."
  type = map(object({
    runtime_id    = string
    endpoint_name = optional(string, "DEFAULT")
  }))
  default  = {}
  nullable = false
}

variable "agentcore_vended_log_groups" {
  description = "More log groups under /aws/vendedlogs/ to create with retention, keyed by a plan-time name: those of AgentCore gateways and memories this root does not manage (its own come with modules/agentcore)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "extra_log_groups" {
  description = "More log groups to create with retention, keyed by name; each may set retention_in_days and log_group_class."
  type = map(object({
    retention_in_days = optional(number)
    log_group_class   = optional(string)
  }))
  default  = {}
  nullable = false
}

variable "create_log_retention_auditor" {
  description = "Deploy the scheduled log-retention auditor (modules/log-retention-auditor; report mode unless log_retention_auditor.mode says otherwise)."
  type        = bool
  default     = true
  nullable    = false
}

variable "log_retention_auditor" {
  description = "Auditor settings; every field optional. include_prefixes defaults to the AgentCore runtime and vended-log prefixes plus /aws/lambda/<name_prefix>-; target_retention_days to log_retention_in_days. See modules/log-retention-auditor."
  type = object({
    mode                  = optional(string, "report")
    include_prefixes      = optional(list(string))
    exclude_prefixes      = optional(list(string), [])
    max_retention_days    = optional(number, 90)
    target_retention_days = optional(number)
    allow_shorten         = optional(bool, false)
    max_changes           = optional(number, 100)
    sns_topic_arn         = optional(string)
    schedule_expression   = optional(string, "cron(0 3 * * ? *)")
    alarm_actions         = optional(list(string), [])
  })
  default  = {}
  nullable = false
}

# -- agentcore and ltm-pruner (modules/agentcore, modules/ltm-pruner) --------------------------------

variable "create_agentcore" {
  description = "Create the fleet's AgentCore runtimes, gateway and memory (modules/agentcore) that agentcore_runtimes, agentcore_gateway and agentcore_memory describe."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = var.create_agentcore || (length(var.agentcore_runtimes) == 0 && var.agentcore_gateway == null && var.agentcore_memory == null)
    error_message = "agentcore_runtimes, agentcore_gateway or agentcore_memory is set but create_agentcore is false: set create_agentcore = true to create them (describing them no longer turns AgentCore on by itself), or remove them."
  }
}

variable "agentcore_runtimes" {
  description = "AgentCore Runtimes keyed by agent id of the fleet: container_uri or code, protocol, network mode, environment. Session lifecycle and trace sampling come from each agent's tier. Passed unchanged to modules/agentcore (runtimes), which declares, defaults and checks every attribute: an unknown one fails the plan, naming the closest one."
  type        = any
  default     = {}
  nullable    = false
}

variable "agentcore_gateway" {
  description = "The fleet's AgentCore Gateway (authorizer, semantic search, targets), or null for none. Passed unchanged to modules/agentcore (gateway), which declares, defaults and checks every attribute: an unknown one fails the plan, naming the closest one. Without its own kms_key_arn the gateway uses the fleet key."
  type        = any
  default     = null
}

variable "agentcore_memory" {
  description = "The fleet's AgentCore Memory (event expiry, KMS key, long-term strategies and namespaces), or null for none. Long-term strategies are created only when some agent has ltm_enabled. Passed to modules/agentcore (memory), which declares, defaults and checks every attribute: an unknown one fails the plan, naming the closest one. Without its own kms_key_arn the memory uses the fleet key."
  type        = any
  default     = null
}

variable "agentcore_log_delivery" {
  description = "Deliver the gateway's and memory's application logs to vended-log groups that modules/agentcore creates with log_retention_in_days, log_group_class and the fleet key (listed in agentcore_log_group_names)."
  type        = bool
  default     = true
  nullable    = false
}

variable "create_ltm_pruner" {
  description = "Create the scheduled long-term memory pruner (modules/ltm-pruner) for the AgentCore memory. Needs create_agentcore, agentcore_memory and an agent with ltm_enabled."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.create_ltm_pruner || length(local.ltm_pruner_problems) == 0
    error_message = "create_ltm_pruner is true, but: ${join("; ", local.ltm_pruner_problems)}."
  }
}

variable "ltm_pruner" {
  description = "Pruner settings: dry_run (default true), ttl_days per tier, protected_importance, min_age_days (default 1), max_records_per_namespace, max_deletions_per_run, schedule_expression. See modules/ltm-pruner."
  type = object({
    dry_run                   = optional(bool, true)
    ttl_days                  = optional(map(number), { "1" = 90, "2" = 30, "3" = 7 })
    protected_importance      = optional(number, 0.9)
    min_age_days              = optional(number, 1)
    max_records_per_namespace = optional(number, 500)
    max_deletions_per_run     = optional(number, 1000)
    schedule_expression       = optional(string, "cron(30 3 * * ? *)")
  })
  default  = {}
  nullable = false
}

# -- cost-guardrails (guardrails.tf) -------------------------------------------------------------------

variable "create_usage_digest" {
  description = "Deploy the weekly usage digest (modules/usage-digest): the top recommended savings and cost drifts to the guardrails topic, and the dashboard's recommended-saving widget. Needs create_cost_guardrails (its topic) or usage_digest.sns_topic_arn."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.create_usage_digest || var.create_cost_guardrails || var.usage_digest.sns_topic_arn != null
    error_message = "create_usage_digest is true: set create_cost_guardrails = true (the digest goes to its topic) or usage_digest.sns_topic_arn."
  }
}

variable "usage_digest" {
  description = "Digest settings, every field optional (modules/usage-digest): window_days, top_k, min_calls, lowest_tier, schedule_expression, and sns_topic_arn (null: the guardrails topic)."
  type = object({
    window_days         = optional(number, 7)
    top_k               = optional(number, 5)
    min_calls           = optional(number, 1000)
    lowest_tier         = optional(string, "3")
    schedule_expression = optional(string, "cron(0 7 ? * MON *)")
    sns_topic_arn       = optional(string)
  })
  default  = {}
  nullable = false
}

variable "create_cost_guardrails" {
  description = "Create the budget, anomaly alerts, alarms and cost dashboard (modules/cost-guardrails) with the settings of cost_guardrails."
  type        = bool
  default     = false
  nullable    = false
}

variable "cost_guardrails" {
  description = <<-EOT
    Guardrails for the fleet's bill (modules/cost-guardrails), used when create_cost_guardrails is true: monthly_budget_usd (required then); cost_allocation_tag
    (true: budget and anomaly monitor count spend tagged agentcore-finops:fleet = name_prefix, which needs the tag
    activated for cost allocation; false: the Bedrock and AgentCore services); notification_emails; sns_topic_arn
    (null: the module creates one, which also gets the Lambdas' error alarms); anomaly_threshold_usd;
    alarm_thresholds ("cost-per-hour", "tool-call-storm", "ltm-growth"; null turns one off);
    dashboard_top_agents.
  EOT
  type = object({
    monthly_budget_usd    = optional(number)
    cost_allocation_tag   = optional(bool, false)
    notification_emails   = optional(list(string), [])
    sns_topic_arn         = optional(string)
    anomaly_threshold_usd = optional(number, 50)
    alarm_thresholds      = optional(map(number), {})
    dashboard_top_agents  = optional(number, 10)
  })
  default  = {}
  nullable = false

  # Both rules between the switch and its settings sit here (validations referring to each other
  # would be a cycle).
  validation {
    condition     = !var.create_cost_guardrails || var.cost_guardrails.monthly_budget_usd != null
    error_message = "create_cost_guardrails is true: set cost_guardrails = { monthly_budget_usd = ... }."
  }

  validation {
    condition     = var.create_cost_guardrails || var.cost_guardrails.monthly_budget_usd == null
    error_message = "cost_guardrails.monthly_budget_usd is set but create_cost_guardrails is false: set create_cost_guardrails = true to create the budget and alarms (a cost_guardrails object no longer turns them on by itself), or remove cost_guardrails."
  }
}
