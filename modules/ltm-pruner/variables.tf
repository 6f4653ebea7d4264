variable "function" {
  description = "The pruner function's deployment settings, passed unchanged to modules/lambda-function, which checks them (an unknown attribute fails the plan, naming the closest one): name (default \"ltm-pruner\"), package_file or s3_package (default: package/ltm_pruner.zip, committed with this module), handler, runtime, architecture, memory_size, timeout (default 300), powertools_layer_arns, additional_layer_arns, tracing_mode, log_retention_in_days, kms_key_arn, alarm_actions (told when a run fails, for example when a memory cannot be listed), tags."
  type        = any
  default     = {}
  nullable    = false
}

variable "boto3_layer_file" {
  description = "The boto3 layer zip (python/boto3, python/botocore) published for the pruner. Null (default): the one committed with this module (package/boto3-layer.zip, built from requirements/layers/boto3.txt)."
  type        = string
  default     = null

  validation {
    condition     = var.boto3_layer_file == null || try(fileexists(var.boto3_layer_file), false)
    error_message = "boto3_layer_file must be the path of an existing zip, or null for the layer committed with the module; got \"${coalesce(var.boto3_layer_file, "null")}\"."
  }
}

variable "memories" {
  description = "The memories to prune, each with the namespace paths to walk (every record under the path, e.g. \"/facts/\"; modules/agentcore output agentcore_memory_namespace_paths) and/or exact namespaces, and the memory's KMS key when it has one (the role may decrypt with it, through AgentCore only). The function's role may touch only these memories."
  type = list(object({
    memory_arn      = string
    namespace_paths = optional(list(string), [])
    namespaces      = optional(list(string), [])
    kms_key_arn     = optional(string) # the memory's customer managed key, if any
  }))
  nullable = false

  validation {
    condition     = length(var.memories) > 0
    error_message = "memories must list at least one memory."
  }

  validation {
    condition     = alltrue([for m in var.memories : can(regex("^arn:aws[a-z-]*:bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:memory/[a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9]{10}$", m.memory_arn))])
    error_message = "memories[*].memory_arn must be an AgentCore memory ARN (arn:aws:bedrock-agentcore:<region>:<account>:memory/<memory-id>); invalid: ${join(", ", [for m in var.memories : "\"${m.memory_arn}\"" if !can(regex("^arn:aws[a-z-]*:bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:memory/[a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9]{10}$", m.memory_arn))])}."
  }

  validation {
    condition     = alltrue([for m in var.memories : length(m.namespace_paths) + length(m.namespaces) > 0])
    error_message = "memories[*]: each memory needs at least one namespace path or namespace to walk."
  }

  validation {
    condition     = alltrue(flatten([for m in var.memories : [for ns in concat(m.namespace_paths, m.namespaces) : can(regex("^[a-zA-Z0-9/*][a-zA-Z0-9-_/*]*$", ns)) && length(ns) <= 1024]]))
    error_message = "memories[*] namespaces must be 1-1024 characters of letters, digits, '-', '_', '/' and '*' (the ListMemoryRecords rule), e.g. \"/facts/\"."
  }
}

variable "ttl_days" {
  description = "Days a long-term record may live, per tier (keys \"1\", \"2\", \"3\"). The tier is read from each record's metadata (written by the agent-side guards); a record without a readable tier is kept and reported."
  type        = map(number)
  default     = { "1" = 90, "2" = 30, "3" = 7 }
  nullable    = false

  validation {
    condition     = join(",", sort(keys(var.ttl_days))) == "1,2,3" && alltrue([for d in values(var.ttl_days) : d == floor(d) && d >= 1 && d <= 3650])
    error_message = "ttl_days needs exactly the keys \"1\", \"2\", \"3\", each a whole number of days from 1 to 3650."
  }
}

variable "protected_importance" {
  description = "Records with importance at or above this are never removed to honour max_records_per_namespace (the TTL still applies)."
  type        = number
  default     = 0.9
  nullable    = false

  validation {
    condition     = var.protected_importance >= 0 && var.protected_importance <= 1
    error_message = "protected_importance must be from 0 to 1; got ${var.protected_importance}."
  }
}

variable "min_age_days" {
  description = "No record younger than this many days is ever deleted, for the TTL or for the cap."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.min_age_days >= 1 && var.min_age_days <= 3650 && floor(var.min_age_days) == var.min_age_days
    error_message = "min_age_days must be a whole number of days from 1 to 3650; got ${var.min_age_days}."
  }
}

variable "max_records_per_namespace" {
  description = "Records kept per namespace at most; beyond it the least important, then the oldest, go."
  type        = number
  default     = 500
  nullable    = false

  validation {
    condition     = var.max_records_per_namespace == floor(var.max_records_per_namespace) && var.max_records_per_namespace >= 1
    error_message = "max_records_per_namespace must be a whole number of 1 or more; got ${var.max_records_per_namespace}."
  }
}

variable "max_deletions_per_run" {
  description = "Deletions per run at most; the rest wait for the next run."
  type        = number
  default     = 1000
  nullable    = false

  validation {
    condition     = var.max_deletions_per_run == floor(var.max_deletions_per_run) && var.max_deletions_per_run >= 0 && var.max_deletions_per_run <= 1000000
    error_message = "max_deletions_per_run must be a whole number from 0 to 1000000; got ${var.max_deletions_per_run}."
  }
}

variable "dry_run" {
  description = "Report what would be deleted without deleting. True by default; while true, the role gets no delete permission at all."
  type        = bool
  default     = true
  nullable    = false
}

variable "delete_retries" {
  description = "Times a record that failed in a batch delete is retried in a batch (then once on its own)."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = contains([0, 1, 2, 3, 4, 5], var.delete_retries)
    error_message = "delete_retries must be a whole number from 0 to 5; got ${var.delete_retries}."
  }
}

variable "storage_price_item" {
  description = "Pricing-catalogue item (service agentcore_memory) for the saving estimate: long_term_storage_builtin_per_1k_records_month (built-in strategies) or long_term_storage_custom_per_1k_records_month."
  type        = string
  default     = "long_term_storage_builtin_per_1k_records_month"
  nullable    = false

  validation {
    condition     = contains(["long_term_storage_builtin_per_1k_records_month", "long_term_storage_custom_per_1k_records_month"], var.storage_price_item)
    error_message = "storage_price_item must be long_term_storage_builtin_per_1k_records_month or long_term_storage_custom_per_1k_records_month."
  }
}

variable "schedule" {
  description = "When to run, passed unchanged to modules/lambda-function (which checks it): { expression = rate(...) or cron(...), timezone = \"UTC\", enabled = true }; daily at 03:30 by default. Null for no schedule."
  type        = any
  default     = { expression = "cron(30 3 * * ? *)" }
}
