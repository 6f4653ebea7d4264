variable "name" {
  description = "Function name; also names its role, log group, failure queue, alarm and schedule."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-zA-Z0-9-_]{1,56}$", var.name))
    error_message = "name must be 1-56 characters from a-z, A-Z, 0-9, '-' and '_'; got \"${var.name}\"."
  }
}

variable "package_file" {
  description = "Path to a log_retention_auditor zip to deploy instead of the one committed with this module (package/log_retention_auditor.zip, rebuilt by `make build`): for instance build/lambda/<manifest.json log_retention_auditor.filename>. Null (default): the committed package, unless s3_package is set."
  type        = string
  default     = null

  validation {
    condition     = var.package_file == null || try(fileexists(var.package_file), false)
    error_message = "package_file must be the path of an existing zip (for instance build/lambda/<manifest.json log_retention_auditor.filename> after `make build`), or null for the package committed with the module; got \"${coalesce(var.package_file, "null")}\"."
  }
}

variable "s3_package" {
  description = "Deploy the log_retention_auditor zip from S3 instead (organisations that publish artifacts): bucket, key and object_version (recommended: a new upload then redeploys). Takes precedence over package_file and the committed package."
  type = object({
    bucket         = string
    key            = string
    object_version = optional(string)
  })
  default = null
}

variable "powertools_layer_arns" {
  description = "Layers providing Powertools for AWS Lambda (Python). Null (default): the official Powertools V3 layer for the region and architecture; a list replaces it (a self-built layer, see modules/lambda-function)."
  type        = list(string)
  default     = null
}

variable "handler" {
  description = "Handler entry point in the package."
  type        = string
  default     = "log_retention_auditor.handler.lambda_handler"
  nullable    = false
}

variable "runtime" {
  description = "Lambda runtime the package was built for."
  type        = string
  default     = "python3.12"
  nullable    = false
}

variable "account_id" {
  description = "The AWS account the function runs in: PutRetentionPolicy is allowed on arn:<partition>:logs:<region>:<account_id>:log-group:<prefix>* only."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
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
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.target_retention_days)
    error_message = "target_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; got ${var.target_retention_days}."
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
    condition     = var.sns_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?$", var.sns_topic_arn))
    error_message = "sns_topic_arn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>), or null."
  }
}

variable "schedule_expression" {
  description = "When to run (EventBridge Scheduler rate(...) or cron(...)); daily at 03:00 by default. Null for no schedule."
  type        = string
  default     = "cron(0 3 * * ? *)"

  validation {
    condition     = var.schedule_expression == null || can(regex("^(rate|cron)\\(.+\\)$", coalesce(var.schedule_expression, "rate(1 day)")))
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
  description = "Function timeout in seconds (1-900). A run stops changing retention 15 s before it, reporting the rest as deferred."
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
  description = "ARNs (SNS topics) notified when the function errors (including when a retention change fails)."
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
