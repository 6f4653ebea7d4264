variable "model_ids" {
  description = "Bedrock model ids, inference-profile ids or ARNs (duplicates and nulls are ignored)."
  type        = list(string)
  nullable    = false
}

variable "prompt_routers" {
  description = "Models of each Bedrock prompt router, keyed by router ARN (modules/agent-config output prompt_router_models). A router among model_ids also gets the ARNs of its models: the router invokes them as its caller."
  type        = map(list(string))
  default     = {}
  nullable    = false
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

variable "region" {
  description = "Region the models are invoked in: scopes base-model and inference-profile ARNs."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex(local.aws_rules.region_pattern, var.region))
    error_message = "region must be an AWS region name such as \"us-east-1\"; got \"${var.region}\"."
  }
}

variable "account_id" {
  description = "Account the inference profiles are used from (12 digits)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex(local.aws_rules.account_id_pattern, var.account_id))
    error_message = "account_id must be 12 digits; got \"${var.account_id}\"."
  }
}
