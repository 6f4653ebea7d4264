variable "region" {
  description = "AWS region of the VPC."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Prefix for the security group's name and the endpoints' Name tags."
  type        = string
  default     = "agents"
}

variable "vpc_id" {
  description = "ID of your VPC (its DNS support and DNS hostnames must be on for private DNS)."
  type        = string
}

variable "subnets" {
  description = "The subnets your fleet runs in, keyed by availability zone: { \"us-east-1a\" = \"subnet-…\" }."
  type        = map(string)
}

variable "route_table_ids" {
  description = "Route tables of those subnets; the free S3 and DynamoDB gateway endpoints are added to these only."
  type        = list(string)
}

variable "allowed_cidr_blocks" {
  description = "CIDR blocks allowed to reach the endpoints on 443, usually the VPC's CIDR."
  type        = list(string)
  default     = []
}

variable "allowed_security_group_ids" {
  description = "Security groups allowed to reach the endpoints on 443, for example your agent runtimes'."
  type        = list(string)
  default     = []
}

variable "interface_endpoints" {
  description = "Service keys for interface endpoints. Null keeps the module's defaults (bedrock-runtime, bedrock-agentcore, logs, sts, appconfigdata)."
  type        = set(string)
  default     = null
}

variable "single_az" {
  description = "Put every interface endpoint in one AZ (cheaper; see modules/vpc-endpoints for the availability trade-off)."
  type        = bool
  default     = false
}

variable "single_az_zone" {
  description = "The AZ for single_az; null picks the first key of subnets."
  type        = string
  default     = null
}

variable "monthly_traffic_gb" {
  description = "Expected GB a month through the interface endpoints, for the cost estimate."
  type        = number
  default     = 0
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
