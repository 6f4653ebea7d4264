variable "name" {
  description = "Function name; also names its role, log group, failure queue, alarms and schedule."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-zA-Z0-9-_]{1,56}$", var.name))
    error_message = "name must be 1-56 characters from a-z, A-Z, 0-9, '-' and '_' (room is kept for the suffixes of related resources); got \"${var.name}\"."
  }
}

variable "description" {
  description = "Function description."
  type        = string
  default     = ""
  nullable    = false
}

variable "package_file" {
  description = "Path to the function's zip, as built by scripts/build_lambdas.py (build/lambda/<name>-<hash>.zip, or a module's committed package/<name>.zip). Set this or s3_package."
  type        = string
  default     = null

  validation {
    condition     = var.package_file == null || try(fileexists(var.package_file), false)
    error_message = "package_file must be the path of an existing zip; got \"${coalesce(var.package_file, "null")}\"."
  }
}

variable "s3_package" {
  description = "The function's zip as an S3 object, for organisations that publish artifacts: bucket, key and (recommended, so a new upload redeploys) object_version. Set this or package_file."
  type = object({
    bucket         = string
    key            = string
    object_version = optional(string)
  })
  default = null

  validation {
    condition     = var.s3_package == null || (try(length(var.s3_package.bucket), 0) >= 3 && try(length(var.s3_package.key), 0) >= 1)
    error_message = "s3_package needs a bucket name (3+ characters) and a key."
  }
}

variable "powertools_layer_arns" {
  description = "Layers that provide Powertools for AWS Lambda (Python). Null (default): the official Powertools V3 layer for the region, runtime and architecture; a list: these ARNs instead (a self-built layer in accounts that cannot use AWS's, or [] when the package brings Powertools itself)."
  type        = list(string)
  default     = null

  validation {
    condition     = var.powertools_layer_arns == null || alltrue([for arn in coalesce(var.powertools_layer_arns, []) : can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[a-zA-Z0-9_-]+:[0-9]+$", arn))])
    error_message = "powertools_layer_arns must be layer version ARNs, arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>."
  }
}

variable "additional_layer_arns" {
  description = "More layer version ARNs, attached after the Powertools layer (the pruner's boto3 layer). At most 5 layers in all."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for arn in var.additional_layer_arns : can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[a-zA-Z0-9_-]+:[0-9]+$", arn))])
    error_message = "additional_layer_arns must be layer version ARNs, arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>."
  }
}

variable "handler" {
  description = "Handler entry point, <package>.handler.lambda_handler for this project's functions."
  type        = string
  nullable    = false
}

variable "runtime" {
  description = "Lambda runtime."
  type        = string
  default     = "python3.12"
  nullable    = false
}

variable "architecture" {
  description = "arm64 (Graviton, about 20% cheaper per GB-second) or x86_64."
  type        = string
  default     = "arm64"
  nullable    = false

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be \"arm64\" or \"x86_64\"; got \"${var.architecture}\"."
  }
}

variable "memory_size" {
  description = "Memory in MB (128-10240)."
  type        = number
  default     = 256
  nullable    = false

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be from 128 to 10240 MB; got ${var.memory_size}."
  }
}

variable "timeout" {
  description = "Timeout in seconds (1-900)."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be from 1 to 900 seconds; got ${var.timeout}."
  }
}

variable "environment_variables" {
  description = "Environment variables for the function."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "policy_json" {
  description = "IAM policy document with the function's own permissions (logging to its log group is added by the module). Null for none."
  type        = string
  default     = null
}

variable "reserved_concurrent_executions" {
  description = "Reserved concurrency; null leaves the function unreserved. 1 keeps a scheduled job from overlapping itself."
  type        = number
  default     = null
}

variable "tracing_mode" {
  description = "X-Ray tracing: PassThrough (default; no trace cost unless the caller samples) or Active."
  type        = string
  default     = "PassThrough"
  nullable    = false

  validation {
    condition     = contains(["PassThrough", "Active"], var.tracing_mode)
    error_message = "tracing_mode must be \"PassThrough\" or \"Active\"; got \"${var.tracing_mode}\"."
  }
}

variable "log_retention_in_days" {
  description = "Retention of the function's log group, in days (a value CloudWatch accepts)."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; got ${var.log_retention_in_days}."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the log group, environment variables and failure queue. Null uses AWS managed keys."
  type        = string
  default     = null
}

variable "maximum_retry_attempts" {
  description = "Retries of a failed asynchronous invocation (0-2) before it goes to the failure queue."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = contains([0, 1, 2], var.maximum_retry_attempts)
    error_message = "maximum_retry_attempts must be 0, 1 or 2; got ${var.maximum_retry_attempts}."
  }
}

variable "schedule" {
  description = "Run on a schedule with EventBridge Scheduler: expression (rate(...) or cron(...)), timezone, and the JSON event to send. Null for no schedule."
  type = object({
    expression = string
    timezone   = optional(string, "UTC")
    input      = optional(string, "{}")
    enabled    = optional(bool, true)
  })
  default = null

  validation {
    condition     = var.schedule == null || can(regex("^(rate|cron|at)\\(.+\\)$", var.schedule.expression))
    error_message = "schedule.expression must be rate(...), cron(...) or at(...)."
  }

  validation {
    condition     = var.schedule == null || can(jsondecode(var.schedule.input))
    error_message = "schedule.input must be a JSON document."
  }
}

variable "alarm_actions" {
  description = "ARNs (SNS topics) notified when an alarm fires."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "alarm_on_throttles" {
  description = "Also alarm when the function is throttled (for request-path functions)."
  type        = bool
  default     = false
  nullable    = false
}

variable "tags" {
  description = "Tags for every resource this module creates."
  type        = map(string)
  default     = {}
  nullable    = false
}
