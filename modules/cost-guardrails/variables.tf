variable "name" {
  description = "Name prefix for the budget, anomaly monitor, topic, dashboard and alarms."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1-64 characters from a-z, A-Z, 0-9, '_' and '-'; got \"${var.name}\"."
  }
}

variable "account_id" {
  description = "Account the budget belongs to, named in the policy of the topic key the module creates without kms_key_arn (which needs it set). Null: the provider's account for the budget."
  type        = string
  default     = null

  validation {
    condition     = var.account_id == null || can(regex(local.aws_rules.account_id_pattern, var.account_id))
    error_message = "account_id must be 12 digits, or null for the provider's account."
  }
}

variable "monthly_budget_usd" {
  description = "Monthly budget for the fleet's spend, in USD."
  type        = number
  nullable    = false

  validation {
    condition     = var.monthly_budget_usd > 0
    error_message = "monthly_budget_usd must be more than 0; got ${var.monthly_budget_usd}."
  }
}

variable "cost_filter" {
  description = <<-EOT
    What the budget and the anomaly monitor count. `services` (Cost Explorer service names) is the
    default; `tag` (a cost-allocation tag key and values, activated in Billing) is more precise:
    Bedrock attributes model spend to tagged IAM roles, and this project tags every role it creates.
  EOT
  type = object({
    services = optional(list(string), ["Amazon Bedrock", "Amazon Bedrock AgentCore"])
    tag = optional(object({
      key    = string
      values = list(string)
    }))
  })
  default  = {}
  nullable = false

  validation {
    condition     = length(var.cost_filter.services) > 0 || var.cost_filter.tag != null
    error_message = "cost_filter needs at least one service name in services, or a tag."
  }
}

variable "notify_at_percent" {
  description = "Percentages of the budget at which it notifies: when `actual` spend passes each one (default 80 and 100) and when `forecast` spend does (default 100)."
  type = object({
    actual   = optional(list(number), [80, 100])
    forecast = optional(list(number), [100])
  })
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for p in concat(var.notify_at_percent.actual, var.notify_at_percent.forecast) : p > 0 && p <= local.max_threshold_percent])
    error_message = "notify_at_percent: every actual and forecast percentage must be above 0 and at most ${local.max_threshold_percent}; got ${jsonencode(var.notify_at_percent)}."
  }
}

variable "notification_emails" {
  description = "E-mail addresses notified by the budget and the anomaly subscription (besides the SNS topic)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for e in var.notification_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "notification_emails must be e-mail addresses."
  }
}

variable "sns_topic_arn" {
  description = "Existing SNS topic for all notifications. Null creates one (encrypted, with a policy letting Budgets, Cost Anomaly Detection and CloudWatch publish)."
  type        = string
  default     = null
}

variable "anomaly_detection" {
  description = "Cost Anomaly Detection: a monitor for the same spend and a subscription alerting when an anomaly's impact reaches threshold_usd (absolute) or threshold_percent."
  type = object({
    enabled           = optional(bool, true)
    threshold_usd     = optional(number, 50)
    threshold_percent = optional(number)
    frequency         = optional(string, "IMMEDIATE")
  })
  default  = {}
  nullable = false

  validation {
    condition     = contains(["IMMEDIATE", "DAILY", "WEEKLY"], var.anomaly_detection.frequency)
    error_message = "anomaly_detection.frequency must be IMMEDIATE, DAILY or WEEKLY."
  }

  validation {
    condition     = var.anomaly_detection.threshold_usd == null || try(var.anomaly_detection.threshold_usd > 0, false)
    error_message = "anomaly_detection.threshold_usd must be more than 0, or null."
  }
}

variable "alarm_thresholds" {
  description = <<-EOT
    CloudWatch alarms on the metrics this project emits, by name: "cost-per-hour" (USD of model spend
    through the tier router in an hour, default 25), "tool-call-storm" (agent invocations that spent
    their step budget in 5 minutes, default 20) and "ltm-growth" (long-term memory records written in
    a day, default 5000). Set a threshold to change it, or to null to turn that alarm off.
  EOT
  type        = map(number)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k in keys(var.alarm_thresholds) : contains(["cost-per-hour", "tool-call-storm", "ltm-growth"], k)])
    error_message = "alarm_thresholds keys must be \"cost-per-hour\", \"tool-call-storm\" or \"ltm-growth\"; got ${join(", ", [for k in keys(var.alarm_thresholds) : "\"${k}\""])}."
  }

  validation {
    condition     = alltrue([for v in values(var.alarm_thresholds) : v == null || try(v > 0, false)])
    error_message = "alarm_thresholds values must be more than 0, or null to turn the alarm off."
  }
}

variable "dashboard" {
  description = "CloudWatch dashboard of cost and tokens per tier and per agent (the top_agents by cost), cache hits, escalations, step-budget exhaustions, and the auditor's and pruner's results. recommended_saving adds the top_agents by RecommendedSavingUSD, the metric modules/usage-digest puts each week."
  type = object({
    enabled            = optional(bool, true)
    top_agents         = optional(number, 10)
    recommended_saving = optional(bool, false)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.dashboard.top_agents >= 1 && var.dashboard.top_agents <= 100
    error_message = "dashboard.top_agents must be from 1 to 100."
  }
}

variable "metric_namespace" {
  description = "CloudWatch namespace the project's Lambdas and guards emit to."
  type        = string
  default     = "AgentCoreFinOps"
  nullable    = false
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the SNS topic the module creates; its policy must admit budgets, costalerts and cloudwatch (see modules/kms-key-policy). Null: the module creates a key for the topic (rotation on; needs account_id), since those services cannot publish to a topic under the AWS managed SNS key."
  type        = string
  default     = null
}

variable "create_topic_key" {
  description = "Create a key for the topic the module creates. Null: when kms_key_arn is null. Set false when kms_key_arn is a key created in the same apply (its ARN is known only after apply)."
  type        = bool
  default     = null
}

variable "tags" {
  description = "Tags for every resource this module creates."
  type        = map(string)
  default     = {}
  nullable    = false
}
