variable "name" {
  description = "Prefix for resource names: the security group's name starts with \"<name>-vpc-endpoints-\" and each endpoint is tagged Name = \"<name>-<service key>\"."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,46}[a-z0-9]$", var.name))
    error_message = "name must be 2-48 characters of lowercase letters, digits and '-', not starting or ending with '-'; got \"${var.name}\"."
  }
}

variable "vpc_id" {
  description = "ID of the VPC the endpoints go into. Private DNS needs the VPC's enableDnsSupport and enableDnsHostnames attributes on."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must be a VPC id such as \"vpc-0a1b2c3d4e5f67890\"; got \"${var.vpc_id}\"."
  }
}

variable "subnets" {
  description = <<-EOT
    Subnets for the interface endpoints, keyed by availability zone: { "us-east-1a" = "subnet-…" }.
    An interface endpoint takes at most one subnet per AZ, and AZ names are known at plan time when
    subnet ids are not, so the AZ is the key. Use the subnets the fleet runs in. Needed when any
    interface endpoint is created; may be empty for gateway endpoints only.
  EOT
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for az in keys(var.subnets) : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+[a-z]$|^[a-z]{2,5}[0-9]+-az[0-9]+$", az))])
    error_message = "subnets must be keyed by availability zone name (\"us-east-1a\") or AZ id (\"use1-az1\"); invalid keys: ${join(", ", [for az in keys(var.subnets) : "\"${az}\"" if !can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+[a-z]$|^[a-z]{2,5}[0-9]+-az[0-9]+$", az))])}."
  }

  validation {
    condition     = alltrue([for id in values(var.subnets) : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "subnets values must be subnet ids such as \"subnet-0a1b2c3d4e5f67890\"; invalid: ${join(", ", [for az, id in var.subnets : "subnets[\"${az}\"] = \"${id}\"" if !can(regex("^subnet-[0-9a-f]{8,17}$", id))])}."
  }

  validation {
    condition     = length(distinct(values(var.subnets))) == length(var.subnets)
    error_message = "subnets: each availability zone needs its own subnet (a subnet lives in one AZ); the same subnet id is given for more than one AZ."
  }
}

variable "single_az" {
  description = "Place every interface endpoint in one AZ (single_az_zone) instead of one per subnet: endpoint-hours fall by the number of AZs, and a fleet in that AZ pays no cross-AZ transfer, but an outage of that AZ cuts the whole fleet off from the AWS APIs behind the endpoints. See README."
  type        = bool
  default     = false
  nullable    = false
}

variable "single_az_zone" {
  description = "The AZ (a key of subnets) that holds the interface endpoints when single_az is true. Null picks the first key of subnets in alphabetical order. Put it where the fleet runs."
  type        = string
  default     = null

  validation {
    condition     = var.single_az_zone == null || can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+[a-z]$|^[a-z]{2,5}[0-9]+-az[0-9]+$", var.single_az_zone))
    error_message = "single_az_zone must be an availability zone name (\"us-east-1a\") or AZ id (\"use1-az1\") that is a key of subnets; got \"${coalesce(var.single_az_zone, "null")}\"."
  }
}

variable "interface_endpoints" {
  description = <<-EOT
    Service keys that get an interface endpoint; each becomes com.amazonaws.<region>.<key>. Default:
    what every AgentCore fleet calls (bedrock-runtime, bedrock-agentcore, logs, sts, appconfigdata).
    Opt-ins: bedrock-agentcore-control, bedrock-agentcore.gateway, ecr.api and ecr.dkr (container
    runtimes), secretsmanager. Any other service whose name follows the same pattern is accepted by
    key: lowercase dot-separated labels of letters, digits and '-', such as "ssm" or "kms".
    S3 and DynamoDB belong in gateway_endpoints (free).
  EOT
  type        = set(string)
  default     = ["appconfigdata", "bedrock-agentcore", "bedrock-runtime", "logs", "sts"]
  nullable    = false

  validation {
    condition     = alltrue([for k in var.interface_endpoints : !startswith(k, "com.amazonaws.")])
    error_message = "interface_endpoints takes service keys, not full service names: write \"bedrock-runtime\", not \"com.amazonaws.<region>.bedrock-runtime\" (the module adds the prefix and region); got ${join(", ", [for k in var.interface_endpoints : "\"${k}\"" if startswith(k, "com.amazonaws.")])}."
  }

  validation {
    condition     = alltrue([for k in var.interface_endpoints : startswith(k, "com.amazonaws.") || can(regex("^[a-z](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\\.[a-z](?:[a-z0-9-]{0,62}[a-z0-9])?)*$", k))])
    error_message = "interface_endpoints: malformed service key(s) ${join(", ", [for k in var.interface_endpoints : "\"${k}\"" if !startswith(k, "com.amazonaws.") && !can(regex("^[a-z](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\\.[a-z](?:[a-z0-9-]{0,62}[a-z0-9])?)*$", k))])}. A key is lowercase dot-separated labels of letters, digits and '-', each starting with a letter and not ending with '-' (e.g. \"bedrock-runtime\", \"bedrock-agentcore.gateway\", \"ecr.dkr\"); it becomes com.amazonaws.<region>.<key>. Known keys: appconfigdata, bedrock-agentcore, bedrock-agentcore-control, bedrock-agentcore.gateway, bedrock-runtime, ecr.api, ecr.dkr, logs, secretsmanager, sts."
  }

  validation {
    condition     = length(setintersection(var.interface_endpoints, ["s3", "dynamodb"])) == 0
    error_message = "interface_endpoints: s3 and dynamodb go in gateway_endpoints, where they are free (an interface endpoint bills hours and GB); got ${join(", ", setintersection(var.interface_endpoints, ["s3", "dynamodb"]))}."
  }
}

variable "gateway_endpoints" {
  description = "Services that get a gateway endpoint (free: no hourly or per-GB charge) on route_table_ids: \"s3\", \"dynamodb\", both (default) or none."
  type        = set(string)
  default     = ["dynamodb", "s3"]
  nullable    = false

  validation {
    condition     = length(setsubtract(var.gateway_endpoints, ["s3", "dynamodb"])) == 0
    error_message = "gateway_endpoints may hold only \"s3\" and \"dynamodb\" (the services AWS offers gateway endpoints for); got ${join(", ", [for k in setsubtract(var.gateway_endpoints, ["s3", "dynamodb"]) : "\"${k}\""])}."
  }
}

variable "route_table_ids" {
  description = "Route tables that get the gateway endpoints' routes: those of the subnets the fleet runs in. No other route table is touched. Needed when gateway_endpoints is not empty."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for id in var.route_table_ids : can(regex("^rtb-[0-9a-f]{8,17}$", id))])
    error_message = "route_table_ids must be route table ids such as \"rtb-0a1b2c3d4e5f67890\"; invalid: ${join(", ", [for id in var.route_table_ids : "\"${id}\"" if !can(regex("^rtb-[0-9a-f]{8,17}$", id))])}."
  }

  validation {
    condition     = length(distinct(var.route_table_ids)) == length(var.route_table_ids)
    error_message = "route_table_ids lists a route table more than once."
  }
}

variable "allowed_cidr_blocks" {
  description = "CIDR blocks allowed to reach the interface endpoints on TCP 443; usually the VPC's CIDR (add secondary CIDRs if the fleet uses them). At least one of allowed_cidr_blocks and allowed_security_group_ids is needed when interface endpoints are created."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for c in var.allowed_cidr_blocks : can(cidrhost(c, 0)) && !endswith(c, "/0")])
    error_message = "allowed_cidr_blocks must be CIDR blocks such as \"10.0.0.0/16\", never a /0 (the endpoints admit only the VPC or named security groups); invalid: ${join(", ", [for c in var.allowed_cidr_blocks : "\"${c}\"" if !(can(cidrhost(c, 0)) && !endswith(c, "/0"))])}."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups (for example the agent runtimes') allowed to reach the interface endpoints on TCP 443."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for id in var.allowed_security_group_ids : can(regex("^sg-[0-9a-f]{8,17}$", id))])
    error_message = "allowed_security_group_ids must be security group ids such as \"sg-0a1b2c3d4e5f67890\"; invalid: ${join(", ", [for id in var.allowed_security_group_ids : "\"${id}\"" if !can(regex("^sg-[0-9a-f]{8,17}$", id))])}."
  }
}

variable "private_dns_enabled" {
  description = "Give interface endpoints private DNS, so the SDKs' default regional hostnames resolve to the endpoints with no client change. Needs the VPC's DNS support and DNS hostnames on."
  type        = bool
  default     = true
  nullable    = false
}

variable "endpoint_policies" {
  description = "Optional endpoint policies (JSON documents) keyed by service key (of interface_endpoints or gateway_endpoints). Endpoints without one get AWS's default full-access policy; IAM still applies."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k, p in var.endpoint_policies : can(jsondecode(p).Statement)])
    error_message = "endpoint_policies values must be JSON policy documents with a Statement (e.g. from aws_iam_policy_document); invalid for: ${join(", ", [for k, p in var.endpoint_policies : "\"${k}\"" if !can(jsondecode(p).Statement)])}."
  }
}

variable "monthly_traffic_gb" {
  description = "Expected GB a month between the fleet and the services behind the interface endpoints, for monthly_cost_estimate (S3 and DynamoDB traffic through the gateway endpoints is free and not counted)."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.monthly_traffic_gb >= 0
    error_message = "monthly_traffic_gb must be 0 or more; got ${var.monthly_traffic_gb}."
  }
}

variable "prices" {
  description = "USD list prices for monthly_cost_estimate. Defaults are the us-east-1 values of the project's catalogue (lambda_src/agentcore_finops/data/prices.json, services.network; a unit test keeps them equal); override them for another region."
  type = object({
    interface_endpoint_hour_per_az = optional(number, 0.01)
    interface_endpoint_data_gb     = optional(number, 0.01)
    gateway_endpoint_hour          = optional(number, 0)
    nat_gateway_hour               = optional(number, 0.045)
    nat_gateway_data_gb            = optional(number, 0.045)
  })
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for k, v in var.prices : try(v >= 0, false)])
    error_message = "prices: every price must be a number of 0 or more; invalid: ${join(", ", [for k, v in var.prices : k if !try(v >= 0, false)])}."
  }
}

variable "tags" {
  description = "Tags for every resource this module creates."
  type        = map(string)
  default     = {}
  nullable    = false
}
