variable "function" {
  description = "The function's deployment settings, one object (a Lambda module of this project passes its own `function` input here unchanged): name and handler (required, here or in defaults), package_file or s3_package (exactly one), runtime (\"python3.12\"), architecture (\"arm64\"), memory_size (256), timeout (60), powertools_layer_arns (null: the official layer), additional_layer_arns ([]), tracing_mode (\"PassThrough\"), log_retention_in_days (30), kms_key_arn (null: AWS managed keys), alarm_actions ([]), tags ({}). A null attribute takes its default; an unknown one fails the plan, naming the closest setting. The \"Settings\" section of the README says what each allows."
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition     = can(keys(var.function))
    error_message = "function must be an object of settings such as { name = \"nightly-job\", memory_size = 512 }; got ${jsonencode(var.function)}."
  }

  validation {
    condition     = length(setsubtract(try(keys(var.function), []), keys(local.setting_defaults))) == 0
    error_message = "function: ${join("; ", [for k in sort(setsubtract(try(keys(var.function), []), keys(local.setting_defaults))) : "unknown attribute \"${k}\" (did you mean ${substr(reverse(sort([for n in keys(local.setting_defaults) : format("%03d%s", length([for i in range(min(length(k), length(n))) : i if substr(k, 0, i + 1) == substr(n, 0, i + 1)]) + length([for i in range(min(length(k), length(n))) : i if substr(k, length(k) - i - 1, i + 1) == substr(n, length(n) - i - 1, i + 1)]), n)]))[0], 3, -1)}?)"])}. Allowed: ${join(", ", sort(keys(local.setting_defaults)))}."
  }

  validation {
    condition     = !can(keys(var.function)) || alltrue([for k in ["name", "handler"] : try(var.function[k], null) != null || try(var.defaults[k], null) != null])
    error_message = "function.name and function.handler are required; missing: ${join(", ", [for k in ["name", "handler"] : k if try(var.function[k], null) == null && try(var.defaults[k], null) == null])}."
  }

  validation {
    condition     = try(var.function.name, null) == null || can(regex("^[a-zA-Z0-9-_]{1,56}$", var.function.name))
    error_message = "function.name must be 1-56 characters from a-z, A-Z, 0-9, '-' and '_' (room is kept for the suffixes of related resources); got ${jsonencode(try(var.function.name, null))}."
  }

  validation {
    condition     = try(var.function.package_file, null) == null || try(fileexists(var.function.package_file), false)
    error_message = "function.package_file must be the path of an existing zip (`make build` writes build/lambda/<function>-<hash>.zip, listed in its manifest.json); got ${jsonencode(try(var.function.package_file, null))}."
  }

  validation {
    condition     = try(var.function.s3_package, null) == null || try(length(setsubtract(keys(var.function.s3_package), ["bucket", "key", "object_version"])) == 0 && length(var.function.s3_package.bucket) >= 3 && length(var.function.s3_package.key) >= 1, false)
    error_message = "function.s3_package must be { bucket = <3+ characters>, key = <the object key>, object_version = <optional, recommended> }; got ${jsonencode(try(var.function.s3_package, null))}."
  }

  validation {
    condition = try(alltrue([
      for arn in concat(
        try(var.function.powertools_layer_arns, null) == null ? [] : var.function.powertools_layer_arns,
        try(var.function.additional_layer_arns, null) == null ? [] : var.function.additional_layer_arns,
      ) : can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[a-zA-Z0-9_-]+:[0-9]+$", arn))
    ]), false)
    error_message = "function.powertools_layer_arns and function.additional_layer_arns must be lists of layer version ARNs, arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>; got ${jsonencode({ for k in ["powertools_layer_arns", "additional_layer_arns"] : k => try(var.function[k], null) })}."
  }

  validation {
    condition     = try(var.function.handler, null) == null || can(regex("^[^\\s]{1,128}$", var.function.handler))
    error_message = "function.handler must be an entry point such as \"tier_router.handler.lambda_handler\" (1-128 characters, no spaces); got ${jsonencode(try(var.function.handler, null))}."
  }

  validation {
    condition     = try(var.function.runtime, null) == null || can(regex("^python3\\.[0-9]+$", var.function.runtime))
    error_message = "function.runtime must be a Python runtime such as \"python3.12\" (the Powertools layer is picked by it); got ${jsonencode(try(var.function.runtime, null))}."
  }

  validation {
    condition     = try(var.function.architecture, null) == null || contains(["arm64", "x86_64"], try(var.function.architecture, ""))
    error_message = "function.architecture must be \"arm64\" or \"x86_64\"; got ${jsonencode(try(var.function.architecture, null))}."
  }

  validation {
    condition     = try(var.function.memory_size, null) == null || try(var.function.memory_size >= 128 && var.function.memory_size <= 10240 && floor(var.function.memory_size) == var.function.memory_size, false)
    error_message = "function.memory_size must be a whole number of MB from 128 to 10240; got ${jsonencode(try(var.function.memory_size, null))}."
  }

  validation {
    condition     = try(var.function.timeout, null) == null || try(var.function.timeout >= 1 && var.function.timeout <= 900 && floor(var.function.timeout) == var.function.timeout, false)
    error_message = "function.timeout must be a whole number of seconds from 1 to 900; got ${jsonencode(try(var.function.timeout, null))}."
  }

  validation {
    condition     = try(var.function.tracing_mode, null) == null || contains(["PassThrough", "Active"], try(var.function.tracing_mode, ""))
    error_message = "function.tracing_mode must be \"PassThrough\" or \"Active\"; got ${jsonencode(try(var.function.tracing_mode, null))}."
  }

  validation {
    condition     = try(var.function.log_retention_in_days, null) == null || try(contains(local.aws_rules.log_retention_days, var.function.log_retention_in_days), false)
    error_message = "function.log_retention_in_days must be one of ${join(", ", local.aws_rules.log_retention_days)}; got ${jsonencode(try(var.function.log_retention_in_days, null))}."
  }

  validation {
    condition     = try(var.function.kms_key_arn, null) == null || can(regex(local.aws_rules.kms_key_arn_pattern, var.function.kms_key_arn))
    error_message = "function.kms_key_arn must be a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key id>, or null for AWS managed keys; got ${jsonencode(try(var.function.kms_key_arn, null))}."
  }

  validation {
    condition     = try(var.function.alarm_actions, null) == null || try(alltrue([for arn in tolist(var.function.alarm_actions) : can(regex("^arn:aws[a-z-]*:", arn))]), false)
    error_message = "function.alarm_actions must be a list of ARNs (SNS topics); got ${jsonencode(try(var.function.alarm_actions, null))}."
  }

  validation {
    condition     = try(var.function.tags, null) == null || try(alltrue([for k, v in var.function.tags : can(tostring(v))]), false)
    error_message = "function.tags must be a map of strings (tag key to value); got ${jsonencode(try(var.function.tags, null))}."
  }
}

variable "defaults" {
  description = "A calling module's defaults for attributes of function, e.g. its name, handler, committed package and a longer timeout. function wins attribute by attribute, and a package given in function (package_file or s3_package) replaces the default one."
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition     = length(setsubtract(try(keys(var.defaults), ["?"]), keys(local.setting_defaults))) == 0
    error_message = "defaults must be an object of function's settings (${join(", ", sort(keys(local.setting_defaults)))}); got ${jsonencode(var.defaults)}."
  }
}

variable "description" {
  description = "Function description."
  type        = string
  default     = ""
  nullable    = false
}

variable "layer_files" {
  description = "Layer zips to publish with the function (name suffix -> path; layer <name>-<suffix>) and attach after additional_layer_arns: the pruner's boto3 layer."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for f in values(var.layer_files) : try(fileexists(f), false)]) && alltrue([for k in keys(var.layer_files) : can(regex("^[a-zA-Z0-9_-]{1,20}$", k))])
    error_message = "layer_files must map short names (1-20 of a-z, A-Z, 0-9, '-', '_') to existing zip files."
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

  validation {
    condition     = var.reserved_concurrent_executions == null || try(var.reserved_concurrent_executions >= 0 && floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions, false)
    error_message = "reserved_concurrent_executions must be null or a whole number of 0 or more; got ${coalesce(var.reserved_concurrent_executions, "null")}."
  }
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
  description = "Run on a schedule with EventBridge Scheduler: { expression = rate(...), cron(...) or at(...), timezone = \"UTC\", input = the JSON event to send (\"{}\"), enabled = true }; a Lambda module of this project passes its own `schedule` input here unchanged. Null for no schedule."
  type        = any
  default     = null

  validation {
    condition     = var.schedule == null || try(length(setsubtract(keys(var.schedule), ["expression", "timezone", "input", "enabled"])) == 0, false)
    error_message = "schedule must be an object with expression and, optionally, timezone, input and enabled; got ${jsonencode(var.schedule)}."
  }

  validation {
    condition     = var.schedule == null || can(regex("^(rate|cron|at)\\(.+\\)$", var.schedule.expression))
    error_message = "schedule.expression must be rate(...), cron(...) or at(...); got ${jsonencode(try(var.schedule.expression, null))}."
  }

  validation {
    condition     = var.schedule == null || try(var.schedule.input, null) == null || can(jsondecode(var.schedule.input))
    error_message = "schedule.input must be a JSON document; got ${jsonencode(try(var.schedule.input, null))}."
  }

  validation {
    condition     = var.schedule == null || (try(var.schedule.timezone, null) == null || can(regex("^[A-Za-z0-9_+/-]{1,50}$", var.schedule.timezone))) && contains(["true", "false", "null"], jsonencode(try(var.schedule.enabled, null)))
    error_message = "schedule.timezone must be a time zone name such as \"Europe/Paris\" and schedule.enabled true or false; got ${jsonencode(try({ timezone = var.schedule.timezone, enabled = var.schedule.enabled }, var.schedule))}."
  }
}

variable "alarm_on_throttles" {
  description = "Also alarm when the function is throttled (for request-path functions)."
  type        = bool
  default     = false
  nullable    = false
}
