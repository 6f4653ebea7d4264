variable "name" {
  description = "Name of the AppConfig application and its deployment strategy; prefix of the Transaction Search stack."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,62}[a-zA-Z0-9]$", var.name))
    error_message = "name must be 2-64 characters of letters, digits and '-', starting with a letter and not ending with '-'; got \"${var.name}\"."
  }
}

variable "agent_configs" {
  description = "The resolved fleet, keyed by agent id: the `agent_configs` output of modules/agent-config. Only `tier` and `trace_sample_rate` are read; other attributes are ignored. The records are validated where they are resolved, not again here."
  type = map(object({
    tier              = number
    trace_sample_rate = number
  }))
  nullable = false
}

variable "tier_configs" {
  description = "The resolved per-tier defaults keyed \"1\", \"2\", \"3\": the `tier_configs` output of modules/agent-config. Only `trace_sample_rate` is read."
  type = map(object({
    trace_sample_rate = number
  }))
  nullable = false

  validation {
    condition     = length(var.tier_configs) == 3 && alltrue([for t in ["1", "2", "3"] : contains(keys(var.tier_configs), t)])
    error_message = "tier_configs must have exactly the keys \"1\", \"2\" and \"3\"; got [${join(", ", [for t in keys(var.tier_configs) : "\"${t}\""])}]."
  }

  validation {
    condition     = alltrue([for t in values(var.tier_configs) : t.trace_sample_rate >= 0 && t.trace_sample_rate <= 1])
    error_message = "tier_configs[*].trace_sample_rate must be between 0 and 1; invalid: ${join(", ", [for k, t in var.tier_configs : "tier_configs[\"${k}\"].trace_sample_rate = ${t.trace_sample_rate}" if !(t.trace_sample_rate >= 0 && t.trace_sample_rate <= 1)])}."
  }
}

variable "overrides" {
  description = <<-EOT
    Temporary rates that win over the fleet without editing it, e.g. `{ agents = { "sre-orchestrator" = 1 } }`
    to trace one agent fully during an investigation. `agents` is keyed by agent id (must be in
    agent_configs), `tiers` by "1", "2", "3"; a tier override applies to every agent of the tier, an agent
    override wins over it. Rates from 0 to 1. Applying a change is a new AppConfig deployment: no runtime
    or Lambda is redeployed.
  EOT
  type = object({
    agents = optional(map(number), {})
    tiers  = optional(map(number), {})
  })
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for r in values(var.overrides.agents) : r >= 0 && r <= 1])
    error_message = "overrides.agents rates must be between 0 and 1; invalid: ${join(", ", [for id, r in var.overrides.agents : "overrides.agents[\"${id}\"] = ${r}" if !(r >= 0 && r <= 1)])}."
  }

  validation {
    condition     = alltrue([for r in values(var.overrides.tiers) : r >= 0 && r <= 1])
    error_message = "overrides.tiers rates must be between 0 and 1; invalid: ${join(", ", [for t, r in var.overrides.tiers : "overrides.tiers[\"${t}\"] = ${r}" if !(r >= 0 && r <= 1)])}."
  }

  validation {
    condition     = alltrue([for t in keys(var.overrides.tiers) : contains(["1", "2", "3"], t)])
    error_message = "overrides.tiers keys must be \"1\", \"2\" or \"3\"; invalid: ${join(", ", [for t in keys(var.overrides.tiers) : "\"${t}\"" if !contains(["1", "2", "3"], t)])}."
  }
}

variable "environments" {
  description = "AppConfig environments to create and deploy the document to (readers name one, e.g. \"live\")."
  type        = list(string)
  default     = ["live"]
  nullable    = false

  validation {
    condition     = length(var.environments) > 0 && length(distinct(var.environments)) == length(var.environments)
    error_message = "environments must list at least one name, each once; got [${join(", ", [for e in var.environments : "\"${e}\""])}]."
  }

  validation {
    condition     = alltrue([for e in var.environments : can(regex("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$", e))])
    error_message = "environments: each name must be 1-64 characters of letters, digits, '_', '.' and '-', starting with a letter or digit; invalid: ${join(", ", [for e in var.environments : "\"${e}\"" if !can(regex("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$", e))])}."
  }
}

variable "deployment_strategy" {
  description = "How a new document reaches readers. The default deploys to every reader at once with no bake time, so flipping a rate for an investigation takes effect within the readers' cache time. Minutes from 0 to 1440; growth_factor (percent per step) 1-100; growth_type LINEAR or EXPONENTIAL."
  type = object({
    deployment_duration_in_minutes = optional(number, 0)
    final_bake_time_in_minutes     = optional(number, 0)
    growth_factor                  = optional(number, 100)
    growth_type                    = optional(string, "LINEAR")
  })
  default  = {}
  nullable = false

  validation {
    condition = alltrue([
      for m in [var.deployment_strategy.deployment_duration_in_minutes, var.deployment_strategy.final_bake_time_in_minutes] :
      m == floor(m) && m >= 0 && m <= 1440
    ])
    error_message = "deployment_strategy.deployment_duration_in_minutes and final_bake_time_in_minutes must be whole numbers from 0 to 1440; got ${var.deployment_strategy.deployment_duration_in_minutes} and ${var.deployment_strategy.final_bake_time_in_minutes}."
  }

  validation {
    condition     = var.deployment_strategy.growth_factor >= 1 && var.deployment_strategy.growth_factor <= 100
    error_message = "deployment_strategy.growth_factor must be from 1 to 100 (percent of readers per step); got ${var.deployment_strategy.growth_factor}."
  }

  validation {
    condition     = contains(["LINEAR", "EXPONENTIAL"], var.deployment_strategy.growth_type)
    error_message = "deployment_strategy.growth_type must be \"LINEAR\" or \"EXPONENTIAL\"; got \"${var.deployment_strategy.growth_type}\"."
  }
}

variable "transaction_search_indexing_percentage" {
  description = "Turn on CloudWatch Transaction Search for the account and region and index this percentage (0-100) of spans as X-Ray trace summaries (1% is free). Null leaves Transaction Search alone. An account setting: enable it from one stack only."
  type        = number
  default     = null

  validation {
    condition     = var.transaction_search_indexing_percentage == null || try(var.transaction_search_indexing_percentage >= 0 && var.transaction_search_indexing_percentage <= 100, false)
    error_message = "transaction_search_indexing_percentage must be from 0 to 100, or null; got ${var.transaction_search_indexing_percentage == null ? "null" : var.transaction_search_indexing_percentage}."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the hosted configuration. Null uses the AppConfig service key."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource this module creates."
  type        = map(string)
  default     = {}
  nullable    = false
}
