variable "partition" {
  description = "AWS partition (aws, aws-us-gov, aws-cn)."
  type        = string
  default     = "aws"
  nullable    = false

  validation {
    condition     = contains(local.aws_rules.partitions, var.partition)
    error_message = "partition must be one of ${join(", ", local.aws_rules.partitions)}; got \"${var.partition}\"."
  }
}

variable "region" {
  description = "AWS region name, e.g. us-east-1."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex(local.aws_rules.region_pattern, var.region))
    error_message = "region must be an AWS region name such as \"us-east-1\"; got \"${var.region}\"."
  }
}

variable "account_id" {
  description = "AWS account id (12 digits)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex(local.aws_rules.account_id_pattern, var.account_id))
    error_message = "account_id must be 12 digits; got \"${var.account_id}\"."
  }
}
