variable "function" {
  description = "The auditor function's deployment settings, passed unchanged to modules/lambda-function, which checks them (an unknown attribute fails the plan, naming the closest one): name (default \"log-retention-auditor\"), package_file or s3_package (default: package/log_retention_auditor.zip, committed with this module), handler, runtime, architecture, memory_size, timeout (default 300; a run stops changing retention 15 s before it, reporting the rest as deferred), powertools_layer_arns, additional_layer_arns, tracing_mode, log_retention_in_days, kms_key_arn (also used to publish to an encrypted topic), alarm_actions (told when a run fails, including when a retention change fails), tags."
  type        = any
  default     = {}
  nullable    = false
}

variable "account_id" {
  description = "The AWS account the function runs in: it may list arn:<partition>:logs:<region>:<account_id>:log-group:* and, in enforce mode, call PutRetentionPolicy on arn:<partition>:logs:<region>:<account_id>:log-group:<prefix>* only."
  type        = string

  validation {
    condition     = can(regex(local.aws_rules.account_id_pattern, var.account_id))
    error_message = "account_id must be the 12-digit AWS account id the function runs in; got ${var.account_id == null ? "null" : "\"${var.account_id}\""}."
  }
}

variable "include_prefixes" {
  description = "Log group name prefixes to audit; the function may change retention under these and nowhere else. E.g. [\"/aws/bedrock-agentcore/\", \"/aws/vendedlogs/bedrock-agentcore/\"]."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.include_prefixes) > 0 && alltrue([for p in var.include_prefixes : can(regex("^[.\\-_/#A-Za-z0-9]{1,512}$", p))])
    error_message = "include_prefixes must list at least one prefix, each 1-512 characters of letters, digits and . - _ / # (no wildcards: the prefix is matched as is); invalid: [${join(", ", [for p in var.include_prefixes : "\"${p}\"" if !can(regex("^[.\\-_/#A-Za-z0-9]{1,512}$", p))])}]."
  }
}

variable "exclude_prefixes" {
  description = "Log group name prefixes to leave out of the audit (and never change), e.g. groups another team owns."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for p in var.exclude_prefixes : can(regex("^[.\\-_/#A-Za-z0-9]{1,512}$", p))])
    error_message = "exclude_prefixes: each prefix must be 1-512 characters of letters, digits and . - _ / #; invalid: [${join(", ", [for p in var.exclude_prefixes : "\"${p}\"" if !can(regex("^[.\\-_/#A-Za-z0-9]{1,512}$", p))])}]."
  }
}

variable "max_retention_days" {
  description = "Policy maximum in days: a group keeping data longer is non-compliant (reported; shortened only with allow_shorten)."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = var.max_retention_days == floor(var.max_retention_days) && var.max_retention_days >= 1 && var.max_retention_days <= 3653
    error_message = "max_retention_days must be a whole number from 1 to 3653; got ${var.max_retention_days}."
  }
}

variable "target_retention_days" {
  description = "Retention set on non-compliant groups in enforce mode (a value CloudWatch accepts, no more than max_retention_days)."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains(local.aws_rules.log_retention_days, var.target_retention_days)
    error_message = "target_retention_days must be one of ${join(", ", local.aws_rules.log_retention_days)}; got ${var.target_retention_days}."
  }
}

variable "mode" {
  description = "report (default): find and report, change nothing. enforce: also set retention on groups without one (at most max_changes per run)."
  type        = string
  default     = "report"
  nullable    = false

  validation {
    condition     = contains(["report", "enforce"], var.mode)
    error_message = "mode must be \"report\" or \"enforce\"; got \"${var.mode}\"."
  }
}

variable "allow_shorten" {
  description = "In enforce mode, also shorten retention that is longer than max_retention_days. Off by default: a long retention is usually deliberate."
  type        = bool
  default     = false
  nullable    = false
}

variable "max_changes" {
  description = "Most retention changes per run (0-10000); the largest groups are changed first and the rest reported as capped."
  type        = number
  default     = 100
  nullable    = false

  validation {
    condition     = var.max_changes == floor(var.max_changes) && var.max_changes >= 0 && var.max_changes <= 10000
    error_message = "max_changes must be a whole number from 0 to 10000; got ${var.max_changes}."
  }
}

variable "sns_topic_arn" {
  description = "SNS topic told (summary and the largest findings) when a run finds non-compliant groups. Null for none."
  type        = string
  default     = null

  validation {
    condition     = var.sns_topic_arn == null || can(regex(local.aws_rules.sns_topic_arn_pattern, var.sns_topic_arn))
    error_message = "sns_topic_arn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>), or null."
  }
}

variable "schedule" {
  description = "When to run, passed unchanged to modules/lambda-function (which checks it): { expression = rate(...) or cron(...), timezone = \"UTC\", enabled = true }; daily at 03:00 by default. Null for no schedule."
  type        = any
  default     = { expression = "cron(0 3 * * ? *)" }
}
