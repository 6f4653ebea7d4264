variable "config_table_arn" {
  description = "ARN of the agent-config table (root output agent_config_table_arn): the only table the policy may scan."
  type        = string

  validation {
    condition     = can(regex(local.aws_rules.dynamodb_table_arn_pattern, var.config_table_arn))
    error_message = "config_table_arn must be a DynamoDB table ARN (arn:<partition>:dynamodb:<region>:<account>:table/<name>)."
  }
}

variable "policy_name" {
  description = "Name of a customer-managed IAM policy to create with the document; null creates nothing (use policy_json)."
  type        = string
  default     = null

  validation {
    condition     = var.policy_name == null || can(regex("^[A-Za-z0-9+=,.@_-]{1,128}$", var.policy_name))
    error_message = "policy_name must be 1-128 characters of letters, digits and + = , . @ _ -, or null."
  }
}

variable "tags" {
  description = "Tags of the IAM policy, when one is created."
  type        = map(string)
  default     = {}
}

variable "sampling_application_arn" {
  description = "ARN of the trace-sampling AppConfig application (arn:<partition>:appconfig:<region>:<account>:application/<id>; the id is the root output sampling_appconfig_application_id), for recommend --sampling-app; null grants no AppConfig read."
  type        = string
  default     = null

  validation {
    condition     = var.sampling_application_arn == null || can(regex("^arn:aws[a-z-]*:appconfig:[a-z0-9-]+:[0-9]{12}:application/[a-z0-9]{4,7}$", var.sampling_application_arn))
    error_message = "sampling_application_arn must be an AppConfig application ARN (arn:<partition>:appconfig:<region>:<account>:application/<id>), or null."
  }
}
