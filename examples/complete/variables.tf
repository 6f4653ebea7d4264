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
  description = "CIDR block of the fleet's VPC; each of the two private subnets takes a /20 of a /16."
  type        = string
  default     = "10.40.0.0/16"
}

variable "availability_zones" {
  description = "The two AZs for the private subnets. Null uses the region's \"a\" and \"b\" zones; set it where those do not exist (ap-northeast-1 has no \"b\")."
  type        = list(string)
  default     = null
}

variable "monthly_network_traffic_gb" {
  description = "GB a month between the fleet and the services behind the interface endpoints, for the network cost estimate. 150: about 110 GB of logs and spans (the reference fleet's ~$55 of CloudWatch ingestion at $0.50/GB) plus about 40 GB of model calls (1M calls a month at ~40 KB each)."
  type        = number
  default     = 150
}
