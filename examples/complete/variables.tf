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

# -- network (network.tf) -------------------------------------------------------------------------

variable "vpc_cidr" {
  description = "CIDR block of the fleet's VPC; each private subnet takes a sixteenth of it (a /20 of the default /16)."
  type        = string
  default     = "10.40.0.0/16"
}

variable "availability_zones" {
  description = "AZs for the private subnets, one subnet each. Null uses the region's \"a\" and \"b\" zones; set it where those do not exist (ap-northeast-1 has no \"b\")."
  type        = list(string)
  default     = null

  validation {
    condition     = var.availability_zones == null || try(length(var.availability_zones) >= 1 && length(var.availability_zones) <= 16 && length(distinct(var.availability_zones)) == length(var.availability_zones), false)
    error_message = "availability_zones must list 1 to 16 distinct AZ names, or be null."
  }
}

variable "monthly_network_traffic_gb" {
  description = "GB a month between the fleet and the services behind the interface endpoints, for the network cost estimate. 150: about 110 GB of logs and spans (the reference fleet's ~$55 of CloudWatch ingestion at $0.50/GB) plus about 40 GB of model calls (1M calls a month at ~40 KB each)."
  type        = number
  default     = 150
}


variable "sampling_overrides" {
  description = "Temporary trace-sampling rates, e.g. { agents = { \"sre-orchestrator\" = 1 } } to trace one agent fully; applied as an AppConfig deployment."
  type = object({
    agents = optional(map(number), {})
    tiers  = optional(map(number), {})
  })
  default = {}
}

variable "account_id" {
  description = "The AWS account the fleet is deployed into (12 digits; required): IAM and key policies name it, and the placeholder ECR image URIs of agentcore.tf point into it. The local emulator's is 123456789012 (its exports set TF_VAR_account_id)."
  type        = string
}

variable "create_agentcore" {
  description = "Create the AgentCore runtimes, gateway and memory (one CloudFormation stack) and the long-term memory pruner."
  type        = bool
  default     = true
}

variable "doc_specialists_on_prompt_router" {
  description = "Run the document specialists (tier 2, tool search_docs: 7 agents) on the Amazon Nova default prompt router (Nova Lite and Nova Pro) instead of their tier's model; fleet.tf declares the router and the split the estimator prices it at."
  type        = bool
  default     = false
  nullable    = false
}

variable "monthly_budget_usd" {
  description = "Monthly budget for the fleet's Bedrock and AgentCore spend; the estimate for this fleet is about USD 2,800 at list prices (agentcore-finops estimate)."
  type        = number
  default     = 3000
}

variable "notification_emails" {
  description = "E-mail addresses for budget alerts and the cost-alert topic."
  type        = list(string)
  default     = []
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for every store of the fleet (give it the policy in output kms_key_policy). Null: AWS managed keys, unless create_kms_key."
  type        = string
  default     = null
}

variable "create_kms_key" {
  description = "Create the fleet's customer managed key (rotation on) with the policy the deployment needs."
  type        = bool
  default     = false
}
