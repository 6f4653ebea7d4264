variable "services" {
  description = "Services that use the key: any of logs, budgets, costalerts, cloudwatch (service principals) and dynamodb, sqs, sns, lambda, appconfig, scheduler, bedrock-agentcore (through kms:ViaService)."
  type        = list(string)
  nullable    = false

  validation {
    condition     = alltrue([for s in var.services : contains(["logs", "budgets", "costalerts", "cloudwatch", "dynamodb", "sqs", "sns", "lambda", "appconfig", "scheduler", "bedrock-agentcore"], s)])
    error_message = "services may hold logs, budgets, costalerts, cloudwatch, dynamodb, sqs, sns, lambda, appconfig, scheduler and bedrock-agentcore; unknown: ${join(", ", [for s in var.services : "\"${s}\"" if !contains(["logs", "budgets", "costalerts", "cloudwatch", "dynamodb", "sqs", "sns", "lambda", "appconfig", "scheduler", "bedrock-agentcore"], s)])}."
  }
}

variable "account_id" {
  description = "Account that owns the key and the resources using it (12 digits)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex(local.aws_rules.account_id_pattern, var.account_id))
    error_message = "account_id must be 12 digits; got \"${var.account_id}\"."
  }
}

variable "region" {
  description = "Region of the key and of the services using it."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex(local.aws_rules.region_pattern, var.region))
    error_message = "region must be an AWS region name such as \"us-east-1\"; got \"${var.region}\"."
  }
}

variable "partition" {
  description = "AWS partition of the ARNs (aws, aws-us-gov, aws-cn)."
  type        = string
  default     = "aws"
  nullable    = false

  validation {
    condition     = contains(local.aws_rules.partitions, var.partition)
    error_message = "partition must be one of ${join(", ", local.aws_rules.partitions)}; got \"${var.partition}\"."
  }
}
