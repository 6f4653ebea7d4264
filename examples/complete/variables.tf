variable "region" {
  description = "AWS region to deploy the fleet into."
  type        = string
  default     = "us-east-1"
}

variable "name_prefix" {
  description = "Prefix for every resource name."
  type        = string
  default     = "acme-agents"
}

variable "deletion_protection" {
  description = "Protect stateful resources from deletion. The demo and tests set this to false."
  type        = bool
  default     = true
}

variable "account_id" {
  description = "The AWS account the fleet is deployed to (scopes the log-retention auditor's permission). The default is the local emulator's account; set your own."
  type        = string
  default     = "123456789012"
}

variable "sampling_overrides" {
  description = "Temporary trace-sampling rates, e.g. { agents = { \"sre-orchestrator\" = 1 } } to trace one agent fully; applied as an AppConfig deployment."
  type = object({
    agents = optional(map(number), {})
    tiers  = optional(map(number), {})
  })
  default = {}
}
