variable "agentcore_runtime_endpoints" {
  description = "AgentCore runtime endpoints whose log groups to create, keyed by a name known at plan time (e.g. the agent id): runtime_id and endpoint_name (default \"DEFAULT\"). The group is /aws/bedrock-agentcore/runtimes/<runtime_id>-<endpoint_name>, the name AgentCore writes to. runtime_id may be known only after apply."
  type = map(object({
    runtime_id    = string
    endpoint_name = optional(string, "DEFAULT")
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for e in values(var.agentcore_runtime_endpoints) : can(regex("^[a-zA-Z][a-zA-Z0-9_]{0,47}$", e.endpoint_name))])
    error_message = "agentcore_runtime_endpoints[*].endpoint_name must be 1-48 characters of letters, digits and '_', starting with a letter (AgentCore's rule); invalid: ${join(", ", [for k, e in var.agentcore_runtime_endpoints : "agentcore_runtime_endpoints[\"${k}\"].endpoint_name = \"${e.endpoint_name}\"" if !can(regex("^[a-zA-Z][a-zA-Z0-9_]{0,47}$", e.endpoint_name))])}."
  }
}

variable "agentcore_vended_log_groups" {
  description = "Log groups that AgentCore gateway, memory and identity logs are delivered to (vended logs), keyed by a name known at plan time, e.g. { gateway = \"/aws/vendedlogs/bedrock-agentcore/gateway/acme\" }. Names must start with /aws/vendedlogs/, which keeps delivery clear of the Logs resource-policy size limit."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for n in values(var.agentcore_vended_log_groups) : can(regex("^/aws/vendedlogs/[.\\-_/#A-Za-z0-9]{1,496}$", n))])
    error_message = "agentcore_vended_log_groups: each name must start with \"/aws/vendedlogs/\" and use only letters, digits and . - _ / #; invalid: ${join(", ", [for k, n in var.agentcore_vended_log_groups : "agentcore_vended_log_groups[\"${k}\"] = \"${n}\"" if !can(regex("^/aws/vendedlogs/[.\\-_/#A-Za-z0-9]{1,496}$", n))])}."
  }
}

variable "extra_log_groups" {
  description = "More log groups to create, keyed by log group name; each may set its own retention_in_days and log_group_class (else the module's)."
  type = map(object({
    retention_in_days = optional(number)
    log_group_class   = optional(string)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for n in keys(var.extra_log_groups) : can(regex("^[.\\-_/#A-Za-z0-9]{1,512}$", n))])
    error_message = "extra_log_groups: each key must be a log group name of 1-512 letters, digits and . - _ / #; invalid: ${join(", ", [for n in keys(var.extra_log_groups) : "\"${n}\"" if !can(regex("^[.\\-_/#A-Za-z0-9]{1,512}$", n))])}."
  }

  validation {
    condition     = alltrue([for g in values(var.extra_log_groups) : g.retention_in_days == null || contains(local.aws_rules.log_retention_days, coalesce(g.retention_in_days, 30))])
    error_message = "extra_log_groups[*].retention_in_days must be one of ${join(", ", local.aws_rules.log_retention_days)} (or null for the module's); invalid: ${join(", ", [for n, g in var.extra_log_groups : "extra_log_groups[\"${n}\"].retention_in_days = ${g.retention_in_days}" if g.retention_in_days != null && !contains(local.aws_rules.log_retention_days, coalesce(g.retention_in_days, 30))])}."
  }

  validation {
    condition     = alltrue([for g in values(var.extra_log_groups) : g.log_group_class == null || contains(["STANDARD", "INFREQUENT_ACCESS"], coalesce(g.log_group_class, "STANDARD"))])
    error_message = "extra_log_groups[*].log_group_class must be \"STANDARD\" or \"INFREQUENT_ACCESS\" (or null for the module's); invalid: ${join(", ", [for n, g in var.extra_log_groups : "extra_log_groups[\"${n}\"].log_group_class = \"${g.log_group_class}\"" if g.log_group_class != null && !contains(["STANDARD", "INFREQUENT_ACCESS"], coalesce(g.log_group_class, "STANDARD"))])}."
  }
}

variable "retention_in_days" {
  description = "Retention of every group, in days (a value CloudWatch accepts). 30 suits operations; 90 or more where compliance asks for it."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains(local.aws_rules.log_retention_days, var.retention_in_days)
    error_message = "retention_in_days must be one of ${join(", ", local.aws_rules.log_retention_days)}; got ${var.retention_in_days}."
  }
}

variable "log_group_class" {
  description = "STANDARD, or INFREQUENT_ACCESS (half the ingestion price; no metric filters, subscriptions or Live Tail). Cannot be changed after a group exists."
  type        = string
  default     = "STANDARD"
  nullable    = false

  validation {
    condition     = contains(["STANDARD", "INFREQUENT_ACCESS"], var.log_group_class)
    error_message = "log_group_class must be \"STANDARD\" or \"INFREQUENT_ACCESS\"; got \"${var.log_group_class}\"."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for every group (its key policy must allow the CloudWatch Logs service principal). Null uses the service key."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every log group."
  type        = map(string)
  default     = {}
  nullable    = false
}
