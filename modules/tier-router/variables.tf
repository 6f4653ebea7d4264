variable "function" {
  description = "The router function's deployment settings, passed unchanged to modules/lambda-function, which checks them (an unknown attribute fails the plan, naming the closest one): name (default \"tier-router\"), package_file or s3_package (default: package/tier_router.zip, committed with this module), handler, runtime, architecture, memory_size, timeout (default 90: invoke mode waits for the model's answer, retries included), powertools_layer_arns, additional_layer_arns, tracing_mode, log_retention_in_days, kms_key_arn (also the config table's key: the role may decrypt with it), alarm_actions (told when the error or throttle alarm fires), tags."
  type        = any
  default     = {}
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
    condition     = can(regex(local.aws_rules.dynamodb_table_arn_pattern, var.agent_config_table_arn))
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
  description = "Where the trace-sampling document lives in AppConfig (modules/sampling-profiles outputs, one environment): an object of application_id, environment_id, configuration_profile_id (AppConfig ids) and configuration_arn (the configuration the role may read, with those ids). This module alone declares and checks it (a caller such as the root passes it unchanged): a missing or unknown attribute fails the plan, naming it (and the closest known one). Null: each agent's trace_sample_rate decides."
  type        = any
  default     = null

  validation {
    condition     = var.sampling_appconfig == null || can(keys(var.sampling_appconfig))
    error_message = "sampling_appconfig must be an object { application_id, environment_id, configuration_profile_id, configuration_arn }, or null; got ${jsonencode(var.sampling_appconfig)}."
  }

  validation {
    condition     = length(setsubtract(try(keys(var.sampling_appconfig), []), local.sampling_appconfig_attributes)) == 0
    error_message = "sampling_appconfig: ${join("; ", [for k in sort(setsubtract(try(keys(var.sampling_appconfig), []), local.sampling_appconfig_attributes)) : "unknown attribute \"${k}\" (did you mean ${substr(reverse(sort([for n in local.sampling_appconfig_attributes : format("%03d%s", length([for i in range(min(length(k), length(n))) : i if substr(k, 0, i + 1) == substr(n, 0, i + 1)]) + length([for i in range(min(length(k), length(n))) : i if substr(k, length(k) - i - 1, i + 1) == substr(n, length(n) - i - 1, i + 1)]), n)]))[0], 3, -1)}?)"])}. Allowed: ${join(", ", local.sampling_appconfig_attributes)}."
  }

  validation {
    condition     = !can(keys(var.sampling_appconfig)) || alltrue([for k in local.sampling_appconfig_attributes : can(regex("^[a-zA-Z0-9:/_.-]+$", var.sampling_appconfig[k]))])
    error_message = "sampling_appconfig needs ${join(", ", local.sampling_appconfig_attributes)}, each a non-empty string; missing or invalid: ${join(", ", [for k in local.sampling_appconfig_attributes : k if !can(regex("^[a-zA-Z0-9:/_.-]+$", var.sampling_appconfig[k]))])}."
  }

  validation {
    condition = !can(keys(var.sampling_appconfig)) || can(regex(
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

variable "prompt_routers" {
  description = "Models of each Bedrock prompt router an agent may name as model_id, keyed by router ARN (modules/agent-config output prompt_router_models): the role may invoke the router and these models."
  type        = map(list(string))
  default     = {}
  nullable    = false
}
