# Every input rule fails the plan: single-variable rules on the variable, cross-field rules on the
# vpc_endpoint_ids output.

mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      id = "us-east-1"
    }
  }
}

variables {
  name   = "fleet"
  vpc_id = "vpc-0a1b2c3d4e5f67890"
  subnets = {
    "us-east-1a" = "subnet-0aaaaaaaaaaaaaaaa"
    "us-east-1b" = "subnet-0bbbbbbbbbbbbbbbb"
  }
  route_table_ids     = ["rtb-0aaaaaaaaaaaaaaaa"]
  allowed_cidr_blocks = ["10.0.0.0/16"]
}

run "valid_inputs_plan" {
  command = plan
}

run "custom_well_formed_key_plans" {
  command = plan
  variables {
    interface_endpoints = ["bedrock-runtime", "kms", "ssm-contacts", "execute-api"]
  }
}

run "malformed_key_underscore" {
  command = plan
  variables {
    interface_endpoints = ["bedrock_runtime"]
  }
  expect_failures = [var.interface_endpoints]
}

run "malformed_key_uppercase" {
  command = plan
  variables {
    interface_endpoints = ["Bedrock-Runtime"]
  }
  expect_failures = [var.interface_endpoints]
}

run "malformed_key_trailing_dot" {
  command = plan
  variables {
    interface_endpoints = ["ecr."]
  }
  expect_failures = [var.interface_endpoints]
}

run "malformed_key_empty_label" {
  command = plan
  variables {
    interface_endpoints = ["bedrock-agentcore..gateway"]
  }
  expect_failures = [var.interface_endpoints]
}

run "malformed_key_with_space" {
  command = plan
  variables {
    interface_endpoints = ["bedrock runtime"]
  }
  expect_failures = [var.interface_endpoints]
}

run "full_service_name_instead_of_key" {
  command = plan
  variables {
    interface_endpoints = ["com.amazonaws.us-east-1.bedrock-runtime"]
  }
  expect_failures = [var.interface_endpoints]
}

run "s3_as_interface_endpoint" {
  command = plan
  variables {
    interface_endpoints = ["s3", "logs"]
  }
  expect_failures = [var.interface_endpoints]
}

run "unknown_gateway_service" {
  command = plan
  variables {
    gateway_endpoints = ["s3", "sqs"]
  }
  expect_failures = [var.gateway_endpoints]
}

run "name_with_uppercase" {
  command = plan
  variables {
    name = "Fleet"
  }
  expect_failures = [var.name]
}

run "vpc_id_malformed" {
  command = plan
  variables {
    vpc_id = "my-vpc"
  }
  expect_failures = [var.vpc_id]
}

run "subnets_keyed_by_subnet_id" {
  command = plan
  variables {
    subnets = { "subnet-0aaaaaaaaaaaaaaaa" = "us-east-1a" }
  }
  expect_failures = [var.subnets]
}

run "subnets_value_not_a_subnet_id" {
  command = plan
  variables {
    subnets = { "us-east-1a" = "private-a" }
  }
  expect_failures = [var.subnets]
}

run "subnets_same_subnet_in_two_azs" {
  command = plan
  variables {
    subnets = { "us-east-1a" = "subnet-0aaaaaaaaaaaaaaaa", "us-east-1b" = "subnet-0aaaaaaaaaaaaaaaa" }
  }
  expect_failures = [var.subnets]
}

run "subnets_keyed_by_az_id_plan" {
  command = plan
  variables {
    subnets = { "use1-az1" = "subnet-0aaaaaaaaaaaaaaaa", "use1-az2" = "subnet-0bbbbbbbbbbbbbbbb" }
  }
}

run "single_az_zone_malformed" {
  command = plan
  variables {
    single_az      = true
    single_az_zone = "a"
  }
  expect_failures = [var.single_az_zone]
}

run "single_az_zone_not_among_subnets" {
  command = plan
  variables {
    single_az      = true
    single_az_zone = "us-east-1d"
  }
  expect_failures = [output.vpc_endpoint_ids]
}

run "interface_endpoints_without_subnets" {
  command = plan
  variables {
    subnets = {}
  }
  expect_failures = [output.vpc_endpoint_ids]
}

run "interface_endpoints_without_allowed_sources" {
  command = plan
  variables {
    allowed_cidr_blocks = []
  }
  expect_failures = [output.vpc_endpoint_ids]
}

run "gateway_endpoints_without_route_tables" {
  command = plan
  variables {
    route_table_ids = []
  }
  expect_failures = [output.vpc_endpoint_ids]
}

run "route_table_id_malformed" {
  command = plan
  variables {
    route_table_ids = ["main"]
  }
  expect_failures = [var.route_table_ids]
}

run "route_table_listed_twice" {
  command = plan
  variables {
    route_table_ids = ["rtb-0aaaaaaaaaaaaaaaa", "rtb-0aaaaaaaaaaaaaaaa"]
  }
  expect_failures = [var.route_table_ids]
}

run "cidr_malformed" {
  command = plan
  variables {
    allowed_cidr_blocks = ["10.0.0.0/33"]
  }
  expect_failures = [var.allowed_cidr_blocks]
}

run "cidr_open_to_the_world" {
  command = plan
  variables {
    allowed_cidr_blocks = ["0.0.0.0/0"]
  }
  expect_failures = [var.allowed_cidr_blocks]
}

run "security_group_id_malformed" {
  command = plan
  variables {
    allowed_security_group_ids = ["agents"]
  }
  expect_failures = [var.allowed_security_group_ids]
}

run "policy_not_json" {
  command = plan
  variables {
    endpoint_policies = { "logs" = "allow everything" }
  }
  expect_failures = [var.endpoint_policies]
}

run "policy_for_an_endpoint_not_created" {
  command = plan
  variables {
    endpoint_policies = { "secretsmanager" = "{\"Statement\":[]}" }
  }
  expect_failures = [output.vpc_endpoint_ids]
}

run "negative_traffic" {
  command = plan
  variables {
    monthly_traffic_gb = -1
  }
  expect_failures = [var.monthly_traffic_gb]
}

run "negative_price" {
  command = plan
  variables {
    prices = { nat_gateway_hour = -0.045 }
  }
  expect_failures = [var.prices]
}
