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

# -- vpc-endpoints (network.tf) -------------------------------------------------------------------

variable "vpc_endpoints" {
  description = <<-EOT
    Private networking for the fleet (modules/vpc-endpoints): null (default) creates nothing. Give
    vpc_id and subnets (keyed by AZ), route_table_ids for the free S3/DynamoDB gateway endpoints, and
    allowed_cidr_blocks and/or allowed_security_group_ids for the endpoints' security group. Fields
    left null take the module's defaults (interface endpoints bedrock-runtime, bedrock-agentcore,
    logs, sts, appconfigdata; gateway endpoints s3, dynamodb; multi-AZ; private DNS on).
  EOT
  type = object({
    vpc_id                     = string
    subnets                    = map(string)
    route_table_ids            = optional(list(string), [])
    allowed_cidr_blocks        = optional(list(string), [])
    allowed_security_group_ids = optional(list(string), [])
    single_az                  = optional(bool, false)
    single_az_zone             = optional(string)
    interface_endpoints        = optional(set(string))
    gateway_endpoints          = optional(set(string))
    private_dns_enabled        = optional(bool, true)
    endpoint_policies          = optional(map(string), {})
    monthly_traffic_gb         = optional(number, 0)
  })
  default = null
}

# -- tier-router ------------------------------------------------------------------------------------

variable "create_tier_router" {
  description = "Deploy the tier-router Lambda (modules/tier-router). Needs lambda_package_dir."
  type        = bool
  default     = false
  nullable    = false
}

variable "tier_router" {
  description = "Tier-router settings: config_cache_ttl_seconds (how soon a table change takes effect), reserved_concurrent_executions (null: unreserved), log_retention_in_days, alarm_actions."
  type = object({
    config_cache_ttl_seconds       = optional(number, 60)
    reserved_concurrent_executions = optional(number)
    log_retention_in_days          = optional(number, 30)
    alarm_actions                  = optional(list(string), [])
  })
  default  = {}
  nullable = false
}

variable "tier_router_sampling_appconfig" {
  description = "Optional AppConfig location of the trace-sampling document for the router (modules/sampling-profiles outputs for one environment). Null: each agent's trace_sample_rate decides. Superseded by the sampling-profiles module once the root composes it."
  type = object({
    application_id           = string
    environment_id           = string
    configuration_profile_id = string
    configuration_arn        = string
  })
  default = null
}
