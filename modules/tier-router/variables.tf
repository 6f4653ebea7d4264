variable "name" {
  description = "Function name; also names its role, log group, failure queue and alarms."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-zA-Z0-9-_]{1,56}$", var.name))
    error_message = "name must be 1-56 characters from a-z, A-Z, 0-9, '-' and '_'; got \"${var.name}\"."
  }
}

variable "package_file" {
  description = "Path to a tier_router zip to deploy instead of the one committed with this module (package/tier_router.zip, rebuilt by `make build`): for instance build/lambda/<manifest.json tier_router.filename>. Null (default): the committed package, unless s3_package is set."
  type        = string
  default     = null

  validation {
    condition     = var.package_file == null || try(fileexists(var.package_file), false)
    error_message = "package_file must be the path of an existing zip (for instance build/lambda/<manifest.json tier_router.filename> after `make build`), or null for the package committed with the module; got \"${coalesce(var.package_file, "null")}\"."
  }
}

variable "s3_package" {
  description = "Deploy the tier_router zip from S3 instead (organisations that publish artifacts): bucket, key and object_version (recommended: a new upload then redeploys). Takes precedence over package_file and the committed package."
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
  description = "Handler entry point (manifest.json tier_router.handler)."
  type        = string
  default     = "tier_router.handler.lambda_handler"
  nullable    = false
}

variable "runtime" {
  description = "Lambda runtime (manifest.json tier_router.runtime)."
  type        = string
  default     = "python3.12"
  nullable    = false
}

variable "agent_config_table_name" {
  description = "Name of the agent-config table (modules/agent-config output dynamodb_table_name)."
  type        = string
  nullable    = false
}

variable "agent_config_table_arn" {
  description = "ARN of the agent-config table (modules/agent-config output dynamodb_table_arn). Its partition, region and account also scope the inference-profile ARNs."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[a-zA-Z0-9_.-]+$", var.agent_config_table_arn))
    error_message = "agent_config_table_arn must be a DynamoDB table ARN, arn:<partition>:dynamodb:<region>:<account>:table/<name>; got \"${var.agent_config_table_arn}\"."
  }
}

variable "agent_configs" {
  description = "The resolved fleet (modules/agent-config output agent_configs). Only model_id and escalation_model_id are read here: they decide which models and inference profiles the role may invoke."
  type = map(object({
    model_id            = string
    escalation_model_id = optional(string)
  }))
  nullable = false

  validation {
    condition     = length(var.agent_configs) > 0
    error_message = "agent_configs must hold at least one agent (pass module.agent_config.agent_configs)."
  }
}

variable "additional_model_arns" {
  description = "More Bedrock ARNs the role may invoke, for what cannot be derived from a model id: application inference profiles and the foundation models behind them, provisioned throughput."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for arn in var.additional_model_arns : can(regex("^arn:aws[a-z-]*:bedrock:[a-z0-9-*]*:[0-9]*:[a-z-]+/.+$", arn))])
    error_message = "additional_model_arns must be Bedrock ARNs, arn:<partition>:bedrock:<region>:<account>:<type>/<id>."
  }
}

variable "config_cache_ttl_seconds" {
  description = "How long the router uses an agent record before reading the table again (0-3600). A changed record is picked up at most this long after apply."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.config_cache_ttl_seconds >= 0 && var.config_cache_ttl_seconds <= 3600
    error_message = "config_cache_ttl_seconds must be from 0 to 3600; got ${var.config_cache_ttl_seconds}."
  }
}

variable "sampling_appconfig" {
  description = "Where the trace-sampling document lives in AppConfig (modules/sampling-profiles outputs, one environment): application, environment and configuration-profile ids and the configuration ARN the role may read. Null: each agent's trace_sample_rate decides."
  type = object({
    application_id           = string
    environment_id           = string
    configuration_profile_id = string
    configuration_arn        = string
  })
  default = null

  validation {
    condition = var.sampling_appconfig == null || can(regex(
      "^arn:aws[a-z-]*:appconfig:[a-z0-9-]+:[0-9]{12}:application/${var.sampling_appconfig.application_id}/environment/${var.sampling_appconfig.environment_id}/configuration/${var.sampling_appconfig.configuration_profile_id}$",
      var.sampling_appconfig.configuration_arn,
    ))
    error_message = "sampling_appconfig.configuration_arn must be arn:<partition>:appconfig:<region>:<account>:application/<application_id>/environment/<environment_id>/configuration/<configuration_profile_id>, with the ids given beside it."
  }
}

variable "sampling_cache_ttl_seconds" {
  description = "How long the sampling document is cached (whole seconds, 1-3600); a switch to 100% sampling takes effect within this time."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.sampling_cache_ttl_seconds >= 1 && var.sampling_cache_ttl_seconds <= 3600 && floor(var.sampling_cache_ttl_seconds) == var.sampling_cache_ttl_seconds
    error_message = "sampling_cache_ttl_seconds must be a whole number from 1 to 3600; got ${var.sampling_cache_ttl_seconds}."
  }
}

variable "converse_max_attempts" {
  description = "Converse attempts when Bedrock throttles (1-10), with exponential backoff and jitter between them."
  type        = number
  default     = 4
  nullable    = false

  validation {
    condition     = var.converse_max_attempts >= 1 && var.converse_max_attempts <= 10 && floor(var.converse_max_attempts) == var.converse_max_attempts
    error_message = "converse_max_attempts must be a whole number from 1 to 10; got ${var.converse_max_attempts}."
  }
}

variable "reserved_concurrent_executions" {
  description = "Reserved concurrency for the router (caps the model calls in flight, and so the spend rate). Null leaves it unreserved."
  type        = number
  default     = null

  validation {
    condition     = var.reserved_concurrent_executions == null || try(var.reserved_concurrent_executions >= 1, false)
    error_message = "reserved_concurrent_executions must be null or at least 1 (0 would stop the router)."
  }
}

variable "memory_size" {
  description = "Memory in MB (128-10240)."
  type        = number
  default     = 256
  nullable    = false
}

variable "timeout" {
  description = "Timeout in seconds (1-900). Invoke mode waits for the model's answer, retries included."
  type        = number
  default     = 90
  nullable    = false
}

variable "log_level" {
  description = "POWERTOOLS_LOG_LEVEL: DEBUG logs every decision (one log event per request, billed as ingestion), INFO refusals, WARNING throttling and catalogue gaps."
  type        = string
  default     = "INFO"
  nullable    = false

  validation {
    condition     = contains(["DEBUG", "INFO", "WARNING", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARNING or ERROR; got \"${var.log_level}\"."
  }
}

variable "log_retention_in_days" {
  description = "Retention of the function's log group, in days (a value CloudWatch accepts)."
  type        = number
  default     = 30
  nullable    = false
}

variable "kms_key_arn" {
  description = "Customer managed KMS key of the config table (the role may decrypt with it); also encrypts the function's log group, environment and failure queue. Null uses AWS managed keys."
  type        = string
  default     = null
}

variable "alarm_actions" {
  description = "ARNs (SNS topics) notified when the error or throttle alarm fires."
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

variable "prompt_routers" {
  description = "Models of each Bedrock prompt router an agent may name as model_id, keyed by router ARN (modules/agent-config output prompt_router_models): the role may invoke the router and these models."
  type        = map(list(string))
  default     = {}
  nullable    = false
}
