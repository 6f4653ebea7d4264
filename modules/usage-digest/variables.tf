variable "function" {
  description = "The digest function's deployment settings, passed unchanged to modules/lambda-function, which checks them (an unknown attribute fails the plan, naming the closest one): name (default \"usage-digest\"), package_file or s3_package (default: package/usage_digest.zip, committed with this module), handler, runtime, architecture, memory_size, timeout (default 300), powertools_layer_arns, additional_layer_arns, tracing_mode, log_retention_in_days, kms_key_arn (also used to publish to an encrypted topic), alarm_actions (told when a run fails: a read, the metric or the publish), tags."
  type        = any
  default     = {}
  nullable    = false
}

variable "config_table_arn" {
  description = "ARN of the agent-config table (root output agent_config_table_arn): the only table the function may scan."
  type        = string
  nullable    = false
  # Checked by modules/usage-reader, which receives it as is (the rule is written once).
}

variable "sns_topic_arn" {
  description = "The topic the digest is published to (the root passes the guardrails topic); the only topic the function may publish to."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex(local.aws_rules.sns_topic_arn_pattern, var.sns_topic_arn))
    error_message = "sns_topic_arn must be an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<topic>)."
  }
}

variable "window_days" {
  description = "Days of usage each digest reads, ending at 00:00 UTC of the run's day (1-90); drifts compare them with as many days before."
  type        = number
  default     = 7
  nullable    = false

  validation {
    condition     = var.window_days == floor(var.window_days) && var.window_days >= 1 && var.window_days <= 90
    error_message = "window_days must be a whole number from 1 to 90."
  }
}

variable "top_k" {
  description = "Savings and drifts listed in each digest (1-50)."
  type        = number
  default     = 5
  nullable    = false

  validation {
    condition     = var.top_k == floor(var.top_k) && var.top_k >= 1 && var.top_k <= 50
    error_message = "top_k must be a whole number from 1 to 50."
  }
}

variable "min_calls" {
  description = "Model calls an agent needs in the window before a rule considers it (recommend --min-calls)."
  type        = number
  default     = 1000
  nullable    = false

  validation {
    condition     = var.min_calls == floor(var.min_calls) && var.min_calls >= 1 && var.min_calls <= 10000000
    error_message = "min_calls must be a whole number from 1 to 10000000."
  }
}

variable "lowest_tier" {
  description = "Floor of the lower-tier rule: no tier cheaper than this one is proposed (recommend --lowest-tier)."
  type        = string
  default     = "3"
  nullable    = false

  validation {
    condition     = contains(["1", "2", "3"], var.lowest_tier)
    error_message = "lowest_tier must be \"1\", \"2\" or \"3\"."
  }
}

variable "tiers" {
  description = "The fleet's tier overrides (the root's tiers), so the lower-tier rule prices the tiers the fleet runs."
  type        = any
  default     = {}
  nullable    = false
}

variable "schedule" {
  description = "When to run, passed unchanged to modules/lambda-function (which checks it): { expression = rate(...) or cron(...), timezone = \"UTC\", enabled = true }; Mondays at 07:00 by default. Null for no schedule."
  type        = any
  default     = { expression = "cron(0 7 ? * MON *)" }
}
