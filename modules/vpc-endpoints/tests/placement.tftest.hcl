# Where the endpoints go: service names from the region, interface endpoints in every given subnet or
# in one AZ with single_az, gateway endpoints on exactly the given route tables, one security group.

mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      id = "eu-west-1"
    }
  }
}

variables {
  name   = "fleet"
  vpc_id = "vpc-0a1b2c3d4e5f67890"
  subnets = {
    "eu-west-1a" = "subnet-0aaaaaaaaaaaaaaaa"
    "eu-west-1b" = "subnet-0bbbbbbbbbbbbbbbb"
    "eu-west-1c" = "subnet-0cccccccccccccccc"
  }
  route_table_ids     = ["rtb-0aaaaaaaaaaaaaaaa", "rtb-0bbbbbbbbbbbbbbbb"]
  allowed_cidr_blocks = ["10.20.0.0/16"]
  tags                = { team = "platform" }
}

run "defaults_cover_what_every_fleet_calls" {
  command = plan

  assert {
    condition     = toset(keys(aws_vpc_endpoint.interface)) == toset(["appconfigdata", "bedrock-agentcore", "bedrock-runtime", "logs", "sts"])
    error_message = "the default interface endpoints are bedrock-runtime, bedrock-agentcore, logs, sts and appconfigdata"
  }
  assert {
    condition     = aws_vpc_endpoint.interface["bedrock-runtime"].service_name == "com.amazonaws.eu-west-1.bedrock-runtime" && aws_vpc_endpoint.interface["bedrock-agentcore"].service_name == "com.amazonaws.eu-west-1.bedrock-agentcore"
    error_message = "service names are built from the provider's region"
  }
  assert {
    condition     = alltrue([for e in aws_vpc_endpoint.interface : e.vpc_endpoint_type == "Interface" && e.private_dns_enabled && e.vpc_id == "vpc-0a1b2c3d4e5f67890"])
    error_message = "interface endpoints are of type Interface, in the VPC, with private DNS"
  }
  assert {
    condition     = toset(keys(aws_vpc_endpoint.gateway)) == toset(["s3", "dynamodb"]) && alltrue([for e in aws_vpc_endpoint.gateway : e.vpc_endpoint_type == "Gateway"])
    error_message = "S3 and DynamoDB get gateway endpoints"
  }
  assert {
    condition     = aws_vpc_endpoint.gateway["dynamodb"].service_name == "com.amazonaws.eu-west-1.dynamodb"
    error_message = "gateway service names are built from the region"
  }
  assert {
    condition     = alltrue([for e in aws_vpc_endpoint.interface : toset(e.subnet_ids) == toset(["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb", "subnet-0cccccccccccccccc"])])
    error_message = "without single_az, every interface endpoint is in every given subnet"
  }
  assert {
    condition     = output.vpc_endpoint_subnets == tomap({ "eu-west-1a" = "subnet-0aaaaaaaaaaaaaaaa", "eu-west-1b" = "subnet-0bbbbbbbbbbbbbbbb", "eu-west-1c" = "subnet-0cccccccccccccccc" })
    error_message = "the placement output lists every subnet"
  }
  assert {
    condition     = aws_vpc_endpoint.interface["logs"].tags == tomap({ team = "platform", Name = "fleet-logs", "agentcore-finops:availability-zones" = "eu-west-1a eu-west-1b eu-west-1c" }) && aws_vpc_endpoint.gateway["s3"].tags["Name"] == "fleet-s3"
    error_message = "tags are merged into every endpoint, with a Name per service"
  }
}

run "single_az_puts_every_interface_endpoint_in_one_subnet" {
  command = plan

  variables {
    single_az = true
  }

  assert {
    condition     = alltrue([for e in aws_vpc_endpoint.interface : e.subnet_ids == toset(["subnet-0aaaaaaaaaaaaaaaa"])])
    error_message = "with single_az and no zone named, every interface endpoint is in the alphabetically first AZ's subnet"
  }
  assert {
    condition     = output.vpc_endpoint_subnets == tomap({ "eu-west-1a" = "subnet-0aaaaaaaaaaaaaaaa" })
    error_message = "the placement output names the one AZ"
  }
  assert {
    condition     = length(distinct(flatten([for e in aws_vpc_endpoint.interface : tolist(e.subnet_ids)]))) == 1
    error_message = "all interface endpoints share one subnet"
  }
}

run "single_az_tags_the_endpoints_with_their_one_az" {
  command = plan

  variables {
    single_az      = true
    single_az_zone = "eu-west-1b"
  }

  assert {
    condition     = alltrue([for e in aws_vpc_endpoint.interface : e.tags["agentcore-finops:availability-zones"] == "eu-west-1b"])
    error_message = "the AZ tag (read by the cost estimator) lists only the one AZ"
  }
}

run "single_az_in_the_named_zone" {
  command = plan

  variables {
    single_az           = true
    single_az_zone      = "eu-west-1c"
    interface_endpoints = ["bedrock-runtime", "bedrock-agentcore", "bedrock-agentcore-control", "bedrock-agentcore.gateway", "ecr.api", "ecr.dkr", "secretsmanager", "logs", "sts", "appconfigdata", "ssm"]
  }

  assert {
    condition     = length(aws_vpc_endpoint.interface) == 11 && alltrue([for e in aws_vpc_endpoint.interface : e.subnet_ids == toset(["subnet-0cccccccccccccccc"])])
    error_message = "every interface endpoint, opt-ins and custom keys included, is in the named AZ's subnet"
  }
  assert {
    condition     = aws_vpc_endpoint.interface["bedrock-agentcore.gateway"].service_name == "com.amazonaws.eu-west-1.bedrock-agentcore.gateway" && aws_vpc_endpoint.interface["ecr.dkr"].service_name == "com.amazonaws.eu-west-1.ecr.dkr"
    error_message = "dotted keys keep their dots in the service name"
  }
  assert {
    condition     = aws_vpc_endpoint.interface["ssm"].service_name == "com.amazonaws.eu-west-1.ssm"
    error_message = "a custom key becomes com.amazonaws.<region>.<key>"
  }
}

run "gateway_endpoints_attach_only_to_the_given_route_tables" {
  command = plan

  assert {
    condition     = alltrue([for e in aws_vpc_endpoint.gateway : e.route_table_ids == toset(["rtb-0aaaaaaaaaaaaaaaa", "rtb-0bbbbbbbbbbbbbbbb"])])
    error_message = "each gateway endpoint is on exactly the given route tables"
  }
}

run "gateway_endpoints_only" {
  command = plan

  variables {
    interface_endpoints = []
    gateway_endpoints   = ["s3"]
    subnets             = {}
    allowed_cidr_blocks = []
    route_table_ids     = ["rtb-0cccccccccccccccc"]
  }

  assert {
    condition     = length(aws_vpc_endpoint.interface) == 0 && length(aws_security_group.this) == 0 && output.security_group_id == null
    error_message = "no interface endpoint and no security group when none is asked for"
  }
  assert {
    condition     = keys(aws_vpc_endpoint.gateway) == ["s3"] && aws_vpc_endpoint.gateway["s3"].route_table_ids == toset(["rtb-0cccccccccccccccc"])
    error_message = "only the S3 gateway endpoint, on the one route table"
  }
}

run "security_group_admits_443_from_the_allowed_sources_only" {
  command = plan

  variables {
    allowed_cidr_blocks        = ["10.20.0.0/16", "10.21.0.0/16"]
    allowed_security_group_ids = ["sg-0aaaaaaaaaaaaaaaa"]
  }

  assert {
    condition     = length(aws_security_group.this[0].ingress) == 2 && alltrue([for r in aws_security_group.this[0].ingress : r.protocol == "tcp" && r.from_port == 443 && r.to_port == 443])
    error_message = "two ingress rules, both TCP 443 only"
  }
  assert {
    condition     = toset(flatten([for r in aws_security_group.this[0].ingress : coalesce(r.cidr_blocks, [])])) == toset(["10.20.0.0/16", "10.21.0.0/16"]) && toset(flatten([for r in aws_security_group.this[0].ingress : tolist(coalesce(r.security_groups, []))])) == toset(["sg-0aaaaaaaaaaaaaaaa"])
    error_message = "sources are exactly the given CIDR blocks and security groups"
  }
  assert {
    condition     = length(aws_security_group.this[0].egress) == 0
    error_message = "no egress rule"
  }
  assert {
    condition     = aws_security_group.this[0].vpc_id == "vpc-0a1b2c3d4e5f67890" && startswith(aws_security_group.this[0].name_prefix, "fleet-vpc-endpoints-")
    error_message = "the group is in the VPC and named after the module"
  }
  assert {
    condition     = alltrue([for e in aws_vpc_endpoint.interface : length(e.security_group_ids) == 1])
    error_message = "every interface endpoint has the module's security group and no other"
  }
}

run "security_groups_only" {
  command = plan

  variables {
    allowed_cidr_blocks        = []
    allowed_security_group_ids = ["sg-0aaaaaaaaaaaaaaaa"]
  }

  assert {
    condition     = length(aws_security_group.this[0].ingress) == 1 && alltrue([for r in aws_security_group.this[0].ingress : length(coalesce(r.cidr_blocks, [])) == 0 && r.security_groups == toset(["sg-0aaaaaaaaaaaaaaaa"])])
    error_message = "with only security groups allowed, no CIDR block is admitted"
  }
}

run "endpoint_policies_and_private_dns_off" {
  command = plan

  variables {
    private_dns_enabled = false
    endpoint_policies = {
      "bedrock-runtime" = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"bedrock:InvokeModel\",\"Resource\":\"*\"}]}"
      "s3"              = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"
    }
  }

  assert {
    condition     = jsondecode(aws_vpc_endpoint.interface["bedrock-runtime"].policy).Statement[0].Action == "bedrock:InvokeModel" && jsondecode(aws_vpc_endpoint.gateway["s3"].policy).Statement[0].Action == "s3:GetObject"
    error_message = "each given policy lands on its endpoint"
  }
  assert {
    condition     = alltrue([for e in aws_vpc_endpoint.interface : !e.private_dns_enabled])
    error_message = "private_dns_enabled = false reaches every interface endpoint"
  }
}
