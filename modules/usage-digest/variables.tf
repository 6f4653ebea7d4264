variable "name" {
  description = "Function name; also names its role, log group, failure queue, alarm and schedule."
  type        = string
  nullable    = false
  # Checked by modules/lambda-function, which receives it as is (the rule is written once).
}

variable "package_file" {
  description = "Path to a usage_digest zip to deploy instead of the one committed with this module (package/usage_digest.zip, rebuilt by `make build`): for instance build/lambda/<manifest.json usage_digest.filename>. Null (default): the committed package, unless s3_package is set."
  type        = string
  default     = null

  validation {
    condition     = var.package_file == null || try(fileexists(var.package_file), false)
    error_message = "package_file must be the path of an existing zip (for instance build/lambda/<manifest.json usage_digest.filename> after `make build`), or null for the package committed with the module; got \"${coalesce(var.package_file, "null")}\"."
  }
}

variable "s3_package" {
  description = "Deploy the usage_digest zip from S3 instead: bucket, key and object_version. Takes precedence over package_file and the committed package."
  type = object({
    bucket         = string
    key            = string
    object_version = optional(string)
  })
  default = null
}

variable "powertools_layer_arns" {
  description = "Layers providing Powertools for AWS Lambda (Python). Null (default): the official Powertools V3 layer for the region and architecture; a list replaces it (see modules/lambda-function)."
  type        = list(string)
  default     = null
}

variable "handler" {
  description = "Handler entry point in the package."
  type        = string
  default     = "usage_digest.handler.lambda_handler"
  nullable    = false
}

variable "runtime" {
  description = "Lambda runtime the package was built for."
  type        = string
  default     = "python3.12"
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
    condition     = can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?$", var.sns_topic_arn))
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

variable "schedule_expression" {
  description = "When to run (EventBridge Scheduler rate(...) or cron(...)); Mondays at 07:00 by default. Null for no schedule."
  type        = string
  default     = "cron(0 7 ? * MON *)"

  validation {
    condition     = var.schedule_expression == null || can(regex("^(rate|cron)\\(.+\\)$", coalesce(var.schedule_expression, "rate(7 days)")))
    error_message = "schedule_expression must be rate(...) or cron(...), or null."
  }
}

variable "schedule_timezone" {
  description = "Time zone of a cron schedule_expression."
  type        = string
  default     = "UTC"
  nullable    = false
}

variable "timeout" {
  description = "Function timeout in seconds."
  type        = number
  default     = 300
  nullable    = false
}

variable "memory_size" {
  description = "Function memory in MB."
  type        = number
  default     = 256
  nullable    = false
}

variable "log_retention_in_days" {
  description = "Retention of the function's own log group."
  type        = number
  default     = 30
  nullable    = false
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the function's log group, environment and failure queue (also used to publish to an encrypted topic). Null uses AWS managed keys."
  type        = string
  default     = null
}

variable "alarm_actions" {
  description = "ARNs (SNS topics) notified when the function errors (a read, the metric or the publish failed)."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "tags" {
  description = "Tags for every resource this module creates."
  type        = map(string)
  default     = {}
  nullable    = false
}
