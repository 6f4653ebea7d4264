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
  description = "The AWS account the fleet is deployed into (12 digits). The default is the emulator's account; the ECR image URIs are placeholders in it."
  type        = string
  default     = "123456789012"
}

variable "create_agentcore" {
  description = "Create the AgentCore runtimes, gateway and memory (one CloudFormation stack) and the long-term memory pruner."
  type        = bool
  default     = true
}
