variable "name" {
  description = "Name of the DynamoDB table that holds one resolved record per agent."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{3,255}$", var.name))
    error_message = "name must be 3-255 characters from a-z, A-Z, 0-9, '_', '-' and '.'; got \"${var.name}\"."
  }
}

variable "agents" {
  description = <<-EOT
    The fleet, keyed by agent id (2-48 characters: lowercase letters, digits and '-', starting with a
    letter, not ending with '-'). Only `tier` is required; every other field falls back to the tier's
    default (var.tiers, then the built-in defaults in tier-defaults.json).
  EOT
  type = map(object({
    tier                         = number
    model_id                     = optional(string)
    max_tokens                   = optional(number)
    step_budget                  = optional(number)
    tools                        = optional(list(string))
    async                        = optional(bool)
    ltm_enabled                  = optional(bool)
    ltm_importance_threshold     = optional(number)
    trace_sample_rate            = optional(number)
    escalation_model_id          = optional(string)
    idle_session_timeout_seconds = optional(number)
    max_session_lifetime_seconds = optional(number)
    description                  = optional(string)
  }))
  nullable = false

  validation {
    condition     = alltrue([for id in keys(var.agents) : can(regex("^[a-z][a-z0-9-]{0,46}[a-z0-9]$", id))])
    error_message = "agents: each agent id must be 2-48 characters of lowercase letters, digits and '-', start with a letter and not end with '-'; invalid: ${join(", ", [for id in keys(var.agents) : "\"${id}\"" if !can(regex("^[a-z][a-z0-9-]{0,46}[a-z0-9]$", id))])}."
  }

  validation {
    condition     = alltrue([for a in values(var.agents) : contains([1, 2, 3], a.tier)])
    error_message = "agents[*].tier must be 1, 2 or 3; invalid: ${join(", ", [for id, a in var.agents : "agents[\"${id}\"].tier = ${a.tier}" if !contains([1, 2, 3], a.tier)])}."
  }

  validation {
    condition     = alltrue([for a in values(var.agents) : a.model_id == null || can(regex("^(arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{0,12}:[a-z-]+/.+|[a-z0-9-]+(\\.[a-z0-9-]+)+(:[0-9a-z]+)*)$", a.model_id))])
    error_message = "agents[*].model_id must be a Bedrock model id, inference-profile id or ARN (e.g. \"amazon.nova-micro-v1:0\", \"global.anthropic.claude-haiku-4-5-20251001-v1:0\"); invalid: ${join(", ", [for id, a in var.agents : "agents[\"${id}\"].model_id = \"${a.model_id}\"" if a.model_id != null && !can(regex("^(arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{0,12}:[a-z-]+/.+|[a-z0-9-]+(\\.[a-z0-9-]+)+(:[0-9a-z]+)*)$", a.model_id))])}."
  }

  validation {
    condition     = alltrue([for a in values(var.agents) : a.escalation_model_id == null || can(regex("^(arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{0,12}:[a-z-]+/.+|[a-z0-9-]+(\\.[a-z0-9-]+)+(:[0-9a-z]+)*)$", a.escalation_model_id))])
    error_message = "agents[*].escalation_model_id must be a Bedrock model id, inference-profile id or ARN; invalid: ${join(", ", [for id, a in var.agents : "agents[\"${id}\"].escalation_model_id = \"${a.escalation_model_id}\"" if a.escalation_model_id != null && !can(regex("^(arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{0,12}:[a-z-]+/.+|[a-z0-9-]+(\\.[a-z0-9-]+)+(:[0-9a-z]+)*)$", a.escalation_model_id))])}."
  }

  validation {
    condition     = alltrue([for a in values(var.agents) : a.max_tokens == null || try(a.max_tokens == floor(a.max_tokens) && a.max_tokens >= 1 && a.max_tokens <= 65536, false)])
    error_message = "agents[*].max_tokens must be a whole number from 1 to 65536; invalid: ${join(", ", [for id, a in var.agents : "agents[\"${id}\"].max_tokens = ${a.max_tokens}" if a.max_tokens != null && !try(a.max_tokens == floor(a.max_tokens) && a.max_tokens >= 1 && a.max_tokens <= 65536, false)])}."
  }

  validation {
    condition     = alltrue([for a in values(var.agents) : a.step_budget == null || try(a.step_budget == floor(a.step_budget) && a.step_budget >= 1 && a.step_budget <= 100, false)])
    error_message = "agents[*].step_budget must be a whole number from 1 to 100; invalid: ${join(", ", [for id, a in var.agents : "agents[\"${id}\"].step_budget = ${a.step_budget}" if a.step_budget != null && !try(a.step_budget == floor(a.step_budget) && a.step_budget >= 1 && a.step_budget <= 100, false)])}."
  }

  validation {
    condition     = alltrue([for a in values(var.agents) : a.trace_sample_rate == null || try(a.trace_sample_rate >= 0 && a.trace_sample_rate <= 1, false)])
    error_message = "agents[*].trace_sample_rate must be between 0 and 1; invalid: ${join(", ", [for id, a in var.agents : "agents[\"${id}\"].trace_sample_rate = ${a.trace_sample_rate}" if a.trace_sample_rate != null && !try(a.trace_sample_rate >= 0 && a.trace_sample_rate <= 1, false)])}."
  }

  validation {
    condition     = alltrue([for a in values(var.agents) : a.ltm_importance_threshold == null || try(a.ltm_importance_threshold >= 0 && a.ltm_importance_threshold <= 1, false)])
    error_message = "agents[*].ltm_importance_threshold must be between 0 and 1, or null; invalid: ${join(", ", [for id, a in var.agents : "agents[\"${id}\"].ltm_importance_threshold = ${a.ltm_importance_threshold}" if a.ltm_importance_threshold != null && !try(a.ltm_importance_threshold >= 0 && a.ltm_importance_threshold <= 1, false)])}."
  }

  validation {
    condition     = alltrue([for a in values(var.agents) : a.idle_session_timeout_seconds == null || try(a.idle_session_timeout_seconds == floor(a.idle_session_timeout_seconds) && a.idle_session_timeout_seconds >= 60 && a.idle_session_timeout_seconds <= 28800, false)])
    error_message = "agents[*].idle_session_timeout_seconds must be a whole number from 60 to 28800; invalid: ${join(", ", [for id, a in var.agents : "agents[\"${id}\"].idle_session_timeout_seconds = ${a.idle_session_timeout_seconds}" if a.idle_session_timeout_seconds != null && !try(a.idle_session_timeout_seconds == floor(a.idle_session_timeout_seconds) && a.idle_session_timeout_seconds >= 60 && a.idle_session_timeout_seconds <= 28800, false)])}."
  }

  validation {
    condition     = alltrue([for a in values(var.agents) : a.max_session_lifetime_seconds == null || try(a.max_session_lifetime_seconds == floor(a.max_session_lifetime_seconds) && a.max_session_lifetime_seconds >= 60 && a.max_session_lifetime_seconds <= 28800, false)])
    error_message = "agents[*].max_session_lifetime_seconds must be a whole number from 60 to 28800; invalid: ${join(", ", [for id, a in var.agents : "agents[\"${id}\"].max_session_lifetime_seconds = ${a.max_session_lifetime_seconds}" if a.max_session_lifetime_seconds != null && !try(a.max_session_lifetime_seconds == floor(a.max_session_lifetime_seconds) && a.max_session_lifetime_seconds >= 60 && a.max_session_lifetime_seconds <= 28800, false)])}."
  }

  validation {
    condition     = alltrue(flatten([for a in values(var.agents) : [for t in coalesce(a.tools, []) : can(regex("^[a-zA-Z0-9_-]{1,64}$", t))]]))
    error_message = "agents[*].tools entries must be tool names of 1-64 characters from a-z, A-Z, 0-9, '_' and '-' (the Bedrock Converse tool-name rule); invalid: ${join(", ", flatten([for id, a in var.agents : [for t in coalesce(a.tools, []) : "agents[\"${id}\"].tools: \"${t}\"" if !can(regex("^[a-zA-Z0-9_-]{1,64}$", t))]]))}."
  }

  validation {
    condition     = alltrue([for a in values(var.agents) : a.description == null || try(length(a.description) <= 256, false)])
    error_message = "agents[*].description must be at most 256 characters; too long: ${join(", ", [for id, a in var.agents : "agents[\"${id}\"].description" if a.description != null && !try(length(a.description) <= 256, false)])}."
  }
}

variable "tiers" {
  description = <<-EOT
    Per-tier defaults keyed "1" (orchestrator), "2" (specialist) and "3" (utility). Every field is
    optional and overrides the built-in default of that tier (see README); agents override these.
  EOT
  type = map(object({
    model_id                     = optional(string)
    max_tokens                   = optional(number)
    step_budget                  = optional(number)
    tools                        = optional(list(string))
    async                        = optional(bool)
    ltm_enabled                  = optional(bool)
    ltm_importance_threshold     = optional(number)
    trace_sample_rate            = optional(number)
    escalation_model_id          = optional(string)
    idle_session_timeout_seconds = optional(number)
    max_session_lifetime_seconds = optional(number)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for t in keys(var.tiers) : contains(["1", "2", "3"], t)])
    error_message = "tiers keys must be \"1\", \"2\" or \"3\"; invalid: ${join(", ", [for t in keys(var.tiers) : "\"${t}\"" if !contains(["1", "2", "3"], t)])}."
  }

  validation {
    condition     = alltrue([for t in values(var.tiers) : t.model_id == null || can(regex("^(arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{0,12}:[a-z-]+/.+|[a-z0-9-]+(\\.[a-z0-9-]+)+(:[0-9a-z]+)*)$", t.model_id))])
    error_message = "tiers[*].model_id must be a Bedrock model id, inference-profile id or ARN; invalid: ${join(", ", [for k, t in var.tiers : "tiers[\"${k}\"].model_id = \"${t.model_id}\"" if t.model_id != null && !can(regex("^(arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{0,12}:[a-z-]+/.+|[a-z0-9-]+(\\.[a-z0-9-]+)+(:[0-9a-z]+)*)$", t.model_id))])}."
  }

  validation {
    condition     = alltrue([for t in values(var.tiers) : t.max_tokens == null || try(t.max_tokens == floor(t.max_tokens) && t.max_tokens >= 1 && t.max_tokens <= 65536, false)])
    error_message = "tiers[*].max_tokens must be a whole number from 1 to 65536; invalid: ${join(", ", [for k, t in var.tiers : "tiers[\"${k}\"].max_tokens = ${t.max_tokens}" if t.max_tokens != null && !try(t.max_tokens == floor(t.max_tokens) && t.max_tokens >= 1 && t.max_tokens <= 65536, false)])}."
  }

  validation {
    condition     = alltrue([for t in values(var.tiers) : t.step_budget == null || try(t.step_budget == floor(t.step_budget) && t.step_budget >= 1 && t.step_budget <= 100, false)])
    error_message = "tiers[*].step_budget must be a whole number from 1 to 100; invalid: ${join(", ", [for k, t in var.tiers : "tiers[\"${k}\"].step_budget = ${t.step_budget}" if t.step_budget != null && !try(t.step_budget == floor(t.step_budget) && t.step_budget >= 1 && t.step_budget <= 100, false)])}."
  }

  validation {
    condition     = alltrue([for t in values(var.tiers) : t.trace_sample_rate == null || try(t.trace_sample_rate >= 0 && t.trace_sample_rate <= 1, false)])
    error_message = "tiers[*].trace_sample_rate must be between 0 and 1; invalid: ${join(", ", [for k, t in var.tiers : "tiers[\"${k}\"].trace_sample_rate = ${t.trace_sample_rate}" if t.trace_sample_rate != null && !try(t.trace_sample_rate >= 0 && t.trace_sample_rate <= 1, false)])}."
  }

  validation {
    condition     = alltrue([for t in values(var.tiers) : t.ltm_importance_threshold == null || try(t.ltm_importance_threshold >= 0 && t.ltm_importance_threshold <= 1, false)])
    error_message = "tiers[*].ltm_importance_threshold must be between 0 and 1, or null; invalid: ${join(", ", [for k, t in var.tiers : "tiers[\"${k}\"].ltm_importance_threshold = ${t.ltm_importance_threshold}" if t.ltm_importance_threshold != null && !try(t.ltm_importance_threshold >= 0 && t.ltm_importance_threshold <= 1, false)])}."
  }

  validation {
    condition     = alltrue([for t in values(var.tiers) : t.idle_session_timeout_seconds == null || try(t.idle_session_timeout_seconds == floor(t.idle_session_timeout_seconds) && t.idle_session_timeout_seconds >= 60 && t.idle_session_timeout_seconds <= 28800, false)])
    error_message = "tiers[*].idle_session_timeout_seconds must be a whole number from 60 to 28800; invalid: ${join(", ", [for k, t in var.tiers : "tiers[\"${k}\"].idle_session_timeout_seconds = ${t.idle_session_timeout_seconds}" if t.idle_session_timeout_seconds != null && !try(t.idle_session_timeout_seconds == floor(t.idle_session_timeout_seconds) && t.idle_session_timeout_seconds >= 60 && t.idle_session_timeout_seconds <= 28800, false)])}."
  }

  validation {
    condition     = alltrue([for t in values(var.tiers) : t.max_session_lifetime_seconds == null || try(t.max_session_lifetime_seconds == floor(t.max_session_lifetime_seconds) && t.max_session_lifetime_seconds >= 60 && t.max_session_lifetime_seconds <= 28800, false)])
    error_message = "tiers[*].max_session_lifetime_seconds must be a whole number from 60 to 28800; invalid: ${join(", ", [for k, t in var.tiers : "tiers[\"${k}\"].max_session_lifetime_seconds = ${t.max_session_lifetime_seconds}" if t.max_session_lifetime_seconds != null && !try(t.max_session_lifetime_seconds == floor(t.max_session_lifetime_seconds) && t.max_session_lifetime_seconds >= 60 && t.max_session_lifetime_seconds <= 28800, false)])}."
  }

  validation {
    condition     = alltrue(flatten([for t in values(var.tiers) : [for n in coalesce(t.tools, []) : can(regex("^[a-zA-Z0-9_-]{1,64}$", n))]]))
    error_message = "tiers[*].tools entries must be tool names of 1-64 characters from a-z, A-Z, 0-9, '_' and '-'."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key for the table. Null uses the AWS managed key (aws/dynamodb)."
  type        = string
  default     = null
}

variable "point_in_time_recovery" {
  description = "Turn on point-in-time recovery for the table."
  type        = bool
  default     = true
  nullable    = false
}

variable "deletion_protection" {
  description = "Turn on deletion protection for the table. Set false for short-lived test stacks."
  type        = bool
  default     = true
  nullable    = false
}

variable "tags" {
  description = "Tags for every resource this module creates."
  type        = map(string)
  default     = {}
  nullable    = false
}
