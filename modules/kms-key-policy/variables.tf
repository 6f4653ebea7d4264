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
  description = "Account that owns the key and the resources using it (12 digits; checked by modules/aws-scope)."
  type        = string
  nullable    = false
}

variable "region" {
  description = "Region of the key and of the services using it (checked by modules/aws-scope)."
  type        = string
  nullable    = false
}

variable "partition" {
  description = "AWS partition of the ARNs (aws, aws-us-gov, aws-cn; checked by modules/aws-scope)."
  type        = string
  default     = "aws"
  nullable    = false
}
