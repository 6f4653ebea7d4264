variable "region" {
  description = "AWS region to deploy the fleet into."
  type        = string
  default     = "us-east-1"
}

variable "account_id" {
  description = "The AWS account the fleet is deployed into (12 digits; required): the IAM policies name it. The local emulator's is 123456789012 (its exports set TF_VAR_account_id)."
  type        = string
}

variable "name_prefix" {
  description = "Prefix for every resource name."
  type        = string
  default     = "minimal-agents"
}

variable "deletion_protection" {
  description = "Protect stateful resources from deletion. The demo and tests set this to false."
  type        = bool
  default     = true
}
