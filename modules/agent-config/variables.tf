variable "name" {
  description = "Name of the DynamoDB table that holds one resolved record per agent."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{3,255}$", var.name))
    error_message = "name must be 3-255 characters from a-z, A-Z, 0-9, '_', '-' and '.'; got \"${var.name}\"."
  }
}

variable "agents" {
  description = <<-EOT
    The fleet, keyed by agent id. Only `tier` is required; every other field falls back to the tier's
    default (var.tiers, then the built-in defaults in tier-defaults.json). The fields and their rules
    are in fleet-rules.json; an unknown attribute, a wrong type or a value out of range fails the plan
    naming the agent, the field and what is allowed.
  EOT
  # `any`, not an object type: an object type would silently drop a misspelled attribute.
  # rules.tf checks it (a precondition of the table, so the plan fails before any write).
  type     = any
  nullable = false
}

variable "tiers" {
  description = <<-EOT
    Per-tier defaults keyed "1" (orchestrator), "2" (specialist) and "3" (utility). Every field is
    optional and overrides the built-in default of that tier (see README); agents override these.
  EOT
  type        = any
  default     = {}
  nullable    = false
}

variable "allow_unlisted_models" {
  description = "Model ids (as written in agents or tiers) that may be used although the pricing catalogue (prices.json) does not list them, e.g. a model newer than the catalogue. Their per-model checks are skipped and the estimator reports that it cannot price them."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "prompt_routers" {
  description = "Bedrock Intelligent Prompt Routers the fleet may name as model_id (of an agent or a tier), keyed by router ARN (a default router ...:default-prompt-router/<family>:1, or a custom one ...:prompt-router/<id>). models: the models the router picks from (catalogue model or inference-profile ids, at least two); the router's callers may invoke them, max_tokens is checked against the smallest of their output limits, and an escalation model must cost more than the cheapest of them. split: the share of calls each model gets (0-1, adding up to 1), the cost estimator's assumption; default equal shares."
  # `any`, like agents and tiers: an object type would silently drop a misspelled attribute.
  type     = any
  default  = {}
  nullable = false
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key for the table. Null uses the AWS managed key (aws/dynamodb)."
  type        = string
  default     = null
}

variable "point_in_time_recovery" {
  description = "Turn on point-in-time recovery for the table."
  type        = bool
  default     = true
  nullable    = false
}

variable "deletion_protection" {
  description = "Turn on deletion protection for the table. Set false for short-lived test stacks."
  type        = bool
  default     = true
  nullable    = false
}

variable "tags" {
  description = "Tags for every resource this module creates."
  type        = map(string)
  default     = {}
  nullable    = false
}
