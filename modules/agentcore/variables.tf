variable "name_prefix" {
  description = "Prefix for every name: the stack \"<name_prefix>-agentcore\", runtimes \"<name_prefix>_<agent_id>\" (hyphens become underscores), the gateway \"<name_prefix>-gateway\", the memory \"<name_prefix>_memory\" and the IAM roles."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix)) && !strcontains(var.name_prefix, "--")
    error_message = "name_prefix must be 3-32 characters of lowercase letters, digits and single '-', starting with a letter and not ending with '-'; got \"${var.name_prefix}\"."
  }
}

variable "account_id" {
  description = "The AWS account the resources live in (12 digits; checked by modules/aws-scope). Scopes the roles' trust policies (aws:SourceAccount), log-group, memory and inference-profile ARNs; taken as an input so plans need no AWS call."
  type        = string
  nullable    = false
}

variable "agent_configs" {
  description = "The resolved fleet (modules/agent-config output agent_configs), keyed by agent id. Runtime lifecycle, trace sampling and model permissions come from these records; long-term memory strategies are created only when some agent has ltm_enabled."
  type = map(object({
    tier                         = number
    model_id                     = string
    escalation_model_id          = optional(string)
    ltm_enabled                  = bool
    trace_sample_rate            = number
    idle_session_timeout_seconds = number
    max_session_lifetime_seconds = number
  }))
  nullable = false
}

variable "runtimes" {
  description = <<-EOT
    AgentCore Runtimes, keyed by agent id (each must be an agent of agent_configs). Artifact: exactly one
    of container_uri (ECR image) or code (S3 zip with managed runtime and entry point). protocol: HTTP,
    MCP, A2A or AGUI. network_mode PUBLIC or VPC (VPC needs subnet_ids and security_group_ids).
    Session lifecycle and OTEL sampling variables come from the agent's record, not from here.
    Attributes: container_uri, code { s3_bucket, s3_prefix, s3_version_id, python_runtime
    ("PYTHON_3_12"), entry_point }, protocol ("HTTP"), network_mode ("PUBLIC"), subnet_ids, security_group_ids,
    environment_variables, name, endpoint_name ("live"), description. Declared, defaulted and checked in
    inputs/variables.tf; an unknown attribute fails the plan, naming the closest one.
  EOT
  type        = any
  default     = {}
  nullable    = false
}

variable "otel_environment" {
  description = "OpenTelemetry head-sampling variables per agent id (modules/sampling-profiles output), merged into each runtime's environment. An agent missing here gets OTEL_TRACES_SAMPLER=parentbased_traceidratio and OTEL_TRACES_SAMPLER_ARG=<its trace_sample_rate>."
  type        = map(map(string))
  default     = {}
  nullable    = false
}

variable "gateway" {
  description = <<-EOT
    An AgentCore Gateway (MCP) for the fleet's tools, or null for none. authorizer_type AWS_IAM (default:
    callers sign with SigV4, and every runtime role is allowed to invoke this gateway) or CUSTOM_JWT (set
    jwt). semantic_search turns on SearchType SEMANTIC (tool search; billed per search and per indexed
    tool). targets, keyed by target name, each set exactly one of lambda (function ARN and tool schema as
    s3_uri or inline_json, the JSON array of CloudFormation ToolDefinition objects), openapi (s3_uri or
    inline) or mcp_server (https endpoint). OpenAPI targets need a credential_provider (OAUTH or API_KEY,
    with the credential provider ARN and the Secrets Manager secret it keeps); MCP server targets may
    have an OAUTH one. exception_level DEBUG returns detailed errors to callers (null: generic errors).
    Declared, defaulted and checked in inputs/variables.tf; an unknown attribute (at any level) fails
    the plan, naming the closest one.
  EOT
  type        = any
  default     = null
}

variable "memory" {
  description = <<-EOT
    An AgentCore Memory for the fleet, or null for none. event_expiry_days: how long short-term events
    are kept (3-365). Long-term strategies (semantic facts, session summaries, user preferences; each can
    be switched off) are created only when some agent of the fleet has ltm_enabled, in the namespaces
    given here ({actorId}, {sessionId} and {memoryStrategyId} are filled in by AgentCore).
    record_expiry_days (31 or more, or null) makes AgentCore itself expire long-term records as a
    backstop to the ltm-pruner's per-tier TTL.
    Attributes: event_expiry_days (30), kms_key_arn, description, record_expiry_days, semantic (true),
    summary (true), user_preference (true), namespaces { semantic (["/facts/{actorId}"]), summary
    (["/summaries/{actorId}/{sessionId}"]), user_preference (["/preferences/{actorId}"]) }. Declared,
    defaulted and checked in inputs/variables.tf; an unknown attribute fails the plan, naming the closest one.
  EOT
  type        = any
  default     = null
}

variable "log_delivery" {
  description = "Deliver the gateway's and the memory's application logs (vended logs) to log groups this module creates under /aws/vendedlogs/bedrock-agentcore/<name_prefix>/ (output cloudwatch_vended_log_group_names), with the retention, class and key of log_groups."
  type        = bool
  default     = true
  nullable    = false
}

variable "log_groups" {
  description = "The vended-log groups this module creates (log_delivery): retention_in_days (a value CloudWatch accepts), log_group_class (STANDARD, or INFREQUENT_ACCESS at half the ingestion price) and kms_key_arn (null: the service key; a given key's policy must allow the CloudWatch Logs service principal)."
  type = object({
    retention_in_days = optional(number, 30)
    log_group_class   = optional(string, "STANDARD")
    kms_key_arn       = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = contains(local.aws_rules.log_retention_days, var.log_groups.retention_in_days)
    error_message = "log_groups.retention_in_days must be one of ${join(", ", local.aws_rules.log_retention_days)}; got ${coalesce(try(tostring(var.log_groups.retention_in_days), null), "null")}."
  }

  validation {
    condition     = contains(["STANDARD", "INFREQUENT_ACCESS"], coalesce(var.log_groups.log_group_class, "null"))
    error_message = "log_groups.log_group_class must be \"STANDARD\" or \"INFREQUENT_ACCESS\"; got \"${coalesce(var.log_groups.log_group_class, "null")}\"."
  }

  validation {
    condition     = var.log_groups.kms_key_arn == null || can(regex(local.aws_rules.kms_key_arn_pattern, coalesce(var.log_groups.kms_key_arn, "-")))
    error_message = "log_groups.kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>) or null."
  }
}

variable "notification_arns" {
  description = "SNS topic ARNs notified of the CloudFormation stack's events."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "tags" {
  description = "Tags for every resource this module creates (IAM roles, the stack and every AgentCore resource in it that takes tags)."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k, v in var.tags : can(regex("^[a-zA-Z0-9\\s._:/=+@-]{1,128}$", k)) && can(regex("^[a-zA-Z0-9\\s._:/=+@-]{0,256}$", v))])
    error_message = "tags keys (1-128) and values (0-256 characters) may use only letters, digits, spaces and . _ : / = + @ - (the AgentCore tag rule)."
  }
}

variable "tier_router" {
  description = "The tier-router function the agents call for every model call (modules/tier-router outputs): each runtime gets TIER_ROUTER_FUNCTION = function_name and lambda:InvokeFunction on function_arn. Null: the agents call no router."
  type = object({
    function_name = string
    function_arn  = string
  })
  default = null
}

variable "prompt_routers" {
  description = "Models of each Bedrock prompt router an agent may name as model_id, keyed by router ARN (modules/agent-config output prompt_router_models): the role may invoke the router and these models."
  type        = map(list(string))
  default     = {}
  nullable    = false
}
