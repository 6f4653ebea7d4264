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
  description = "AWS partition of the ARNs (aws, aws-us-gov, aws-cn; checked by modules/aws-scope)."
  type        = string
  default     = "aws"
  nullable    = false
}

variable "region" {
  description = "Region the models are invoked in: scopes base-model and inference-profile ARNs (checked by modules/aws-scope)."
  type        = string
  nullable    = false
}

variable "account_id" {
  description = "Account the inference profiles are used from (12 digits; checked by modules/aws-scope)."
  type        = string
  nullable    = false
}
