variable "name_prefix" {
  description = "Prefix for every resource name (the config table is \"<name_prefix>-agent-config\")."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 characters of lowercase letters, digits and '-', starting with a letter and not ending with '-'; got \"${var.name_prefix}\"."
  }
}

variable "agents" {
  description = "The fleet, keyed by agent id. Only `tier` is required; see modules/agent-config for every field."
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
}

variable "tiers" {
  description = "Per-tier defaults keyed \"1\", \"2\", \"3\"; every field optional. See modules/agent-config."
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
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the fleet's data at rest (config table). Null uses AWS managed keys."
  type        = string
  default     = null
}

variable "deletion_protection" {
  description = "Protect stateful resources (the config table) from deletion. Set false for short-lived stacks."
  type        = bool
  default     = true
  nullable    = false
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "lambda_package_dir" {
  description = "Folder holding the Lambda zips and manifest.json written by `make build` (scripts/build_lambdas.py). Required when any of this project's Lambdas is created."
  type        = string
  default     = null
}

# -- agentcore and ltm-pruner (modules/agentcore, modules/ltm-pruner) --------------------------------

variable "account_id" {
  description = "AWS account id (12 digits) for the AgentCore roles' trust policies and ARNs. Null takes it from the agent-config table's ARN (known after apply)."
  type        = string
  default     = null

  validation {
    condition     = var.account_id == null || can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be 12 digits or null."
  }
}

variable "create_agentcore" {
  description = "Create the fleet's AgentCore runtimes, gateway and memory (modules/agentcore) from agentcore_runtimes, agentcore_gateway and agentcore_memory."
  type        = bool
  default     = false
  nullable    = false
}

variable "agentcore_runtimes" {
  description = "AgentCore Runtimes keyed by agent id of the fleet: container_uri or code, protocol, network mode, environment. Session lifecycle and trace sampling come from each agent's tier. See modules/agentcore."
  type = map(object({
    container_uri = optional(string)
    code = optional(object({
      s3_bucket      = string
      s3_prefix      = string
      s3_version_id  = optional(string)
      python_runtime = optional(string, "PYTHON_3_12")
      entry_point    = list(string)
    }))
    protocol              = optional(string, "HTTP")
    network_mode          = optional(string, "PUBLIC")
    subnet_ids            = optional(list(string), [])
    security_group_ids    = optional(list(string), [])
    environment_variables = optional(map(string), {})
    name                  = optional(string)
    endpoint_name         = optional(string, "live")
    description           = optional(string)
  }))
  default  = {}
  nullable = false
}

variable "agentcore_gateway" {
  description = "The fleet's AgentCore Gateway (authorizer, semantic search, targets), or null for none. See modules/agentcore."
  type = object({
    authorizer_type = optional(string, "AWS_IAM")
    jwt = optional(object({
      discovery_url     = string
      allowed_audiences = optional(list(string), [])
      allowed_clients   = optional(list(string), [])
    }))
    semantic_search = optional(bool, false)
    instructions    = optional(string)
    kms_key_arn     = optional(string)
    exception_level = optional(string)
    description     = optional(string)
    targets = optional(map(object({
      description = optional(string)
      lambda = optional(object({
        function_arn = string
        s3_uri       = optional(string)
        inline_json  = optional(string)
      }))
      openapi = optional(object({
        s3_uri = optional(string)
        inline = optional(string)
      }))
      mcp_server = optional(object({
        endpoint = string
      }))
      credential_provider = optional(object({
        type         = string
        provider_arn = string
        secret_arn   = string
        scopes       = optional(list(string), [])
        location     = optional(string, "HEADER")
        param_name   = optional(string)
        prefix       = optional(string)
      }))
    })), {})
  })
  default = null
}

variable "agentcore_memory" {
  description = "The fleet's AgentCore Memory (event expiry, KMS key, long-term strategies and namespaces), or null for none. Long-term strategies are created only when some agent has ltm_enabled. See modules/agentcore."
  type = object({
    event_expiry_days  = optional(number, 30)
    kms_key_arn        = optional(string)
    description        = optional(string)
    record_expiry_days = optional(number)
    semantic           = optional(bool, true)
    summary            = optional(bool, true)
    user_preference    = optional(bool, true)
    namespaces = optional(object({
      semantic        = optional(list(string), ["/facts/{actorId}"])
      summary         = optional(list(string), ["/summaries/{actorId}/{sessionId}"])
      user_preference = optional(list(string), ["/preferences/{actorId}"])
    }), {})
  })
  default = null
}

variable "agentcore_log_delivery" {
  description = "Deliver the gateway's and memory's application logs to vended-log groups (listed in agentcore_log_group_names)."
  type        = bool
  default     = true
  nullable    = false
}

variable "create_ltm_pruner" {
  description = "Create the scheduled long-term memory pruner (modules/ltm-pruner) for the AgentCore memory. Needs create_agentcore, agentcore_memory, an agent with ltm_enabled and lambda_package_dir."
  type        = bool
  default     = false
  nullable    = false
}

variable "ltm_pruner" {
  description = "Pruner settings: dry_run (default true), ttl_days per tier, protected_importance, max_records_per_namespace, max_deletions_per_run, schedule_expression. See modules/ltm-pruner."
  type = object({
    dry_run                   = optional(bool, true)
    ttl_days                  = optional(map(number), { "1" = 90, "2" = 30, "3" = 7 })
    protected_importance      = optional(number, 0.9)
    max_records_per_namespace = optional(number, 500)
    max_deletions_per_run     = optional(number, 1000)
    schedule_expression       = optional(string, "cron(30 3 * * ? *)")
  })
  default  = {}
  nullable = false
}
