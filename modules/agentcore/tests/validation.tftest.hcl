# Plan-time checks: every variable validation and precondition fails the plan on bad input.

mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_region" {
    defaults = { id = "us-east-1" }
  }
}

variables {
  name_prefix = "acme-agents"
  account_id  = "123456789012"
  agent_configs = {
    "sre-orchestrator" = { tier = 1, model_id = "global.anthropic.claude-sonnet-4-5-20250929-v1:0", ltm_enabled = true, trace_sample_rate = 0.25, idle_session_timeout_seconds = 300, max_session_lifetime_seconds = 3600 }
    "email-classifier" = { tier = 3, model_id = "amazon.nova-micro-v1:0", ltm_enabled = false, trace_sample_rate = 0.03, idle_session_timeout_seconds = 60, max_session_lifetime_seconds = 300 }
  }
  runtimes = {
    "email-classifier" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme-agents/email-classifier:1.0.0" }
  }
}

run "a_good_configuration_plans" {
  command = plan

  assert {
    condition     = length(aws_cloudformation_stack.this) == 1
    error_message = "the baseline must plan"
  }
}

run "runtime_for_an_agent_outside_the_fleet" {
  command = plan
  variables {
    runtimes = { "ghost-agent" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme-agents/ghost:1" } }
  }
  expect_failures = [aws_cloudformation_stack.this]
}

run "runtime_name_too_long" {
  command = plan
  variables {
    name_prefix = "a-very-long-fleet-name-prefix-xx"
    agent_configs = {
      "security-incident-orchestrator" = { tier = 1, model_id = "amazon.nova-pro-v1:0", ltm_enabled = false, trace_sample_rate = 0.25, idle_session_timeout_seconds = 300, max_session_lifetime_seconds = 3600 }
    }
    runtimes = { "security-incident-orchestrator" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/sec:1" } }
  }
  expect_failures = [aws_cloudformation_stack.this]
}

run "bad_name_prefix" {
  command = plan
  variables {
    name_prefix = "Acme_Agents"
  }
  expect_failures = [var.name_prefix]
}

# A bad account_id fails in modules/aws-scope, which a run here cannot name in expect_failures (a child
# module's variable): tests/plan/test_agentcore_inputs.py plans it ("bad_account_id").

run "both_artifacts" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    runtimes = { "email-classifier" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1", code = { s3_bucket = "acme-code", s3_prefix = "a.zip", entry_point = ["main.py"] } } }
  }
  expect_failures = [var.runtimes]
}

run "not_an_ecr_image" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    runtimes = { "email-classifier" = { container_uri = "docker.io/library/python:3.12" } }
  }
  expect_failures = [var.runtimes]
}

run "bad_code_runtime" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    runtimes = { "email-classifier" = { code = { s3_bucket = "acme-code", s3_prefix = "a.zip", entry_point = ["main.py"], python_runtime = "PYTHON_2_7" } } }
  }
  expect_failures = [var.runtimes]
}

run "bad_protocol" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    runtimes = { "email-classifier" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1", protocol = "GRPC" } }
  }
  expect_failures = [var.runtimes]
}

run "bad_network_mode" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    runtimes = { "email-classifier" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1", network_mode = "PRIVATE" } }
  }
  expect_failures = [var.runtimes]
}

run "vpc_without_subnets" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    runtimes = { "email-classifier" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1", network_mode = "VPC", security_group_ids = ["sg-0123456789abcdef0"] } }
  }
  expect_failures = [var.runtimes]
}

run "subnets_in_public_mode" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    runtimes = { "email-classifier" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1", subnet_ids = ["subnet-0123456789abcdef0"] } }
  }
  expect_failures = [var.runtimes]
}

run "bad_environment_variable_name" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    runtimes = { "email-classifier" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1", environment_variables = { "LOG-LEVEL" = "x" } } }
  }
  expect_failures = [var.runtimes]
}

run "sampler_set_by_hand" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    runtimes = { "email-classifier" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1", environment_variables = { OTEL_TRACES_SAMPLER_ARG = "1.0" } } }
  }
  expect_failures = [var.runtimes]
}

run "bad_runtime_name_override" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    runtimes = { "email-classifier" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1", name = "email-classifier" } }
  }
  expect_failures = [var.runtimes]
}

run "endpoint_named_default" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    runtimes = { "email-classifier" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1", endpoint_name = "DEFAULT" } }
  }
  expect_failures = [var.runtimes]
}

run "bad_authorizer" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    gateway = { authorizer_type = "NONE" }
  }
  expect_failures = [var.gateway]
}

run "jwt_without_configuration" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    gateway = { authorizer_type = "CUSTOM_JWT" }
  }
  expect_failures = [var.gateway]
}

run "jwt_with_bad_discovery_url" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    gateway = { authorizer_type = "CUSTOM_JWT", jwt = { discovery_url = "https://idp.example.com/keys", allowed_clients = ["a"] } }
  }
  expect_failures = [var.gateway]
}

run "bad_exception_level" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    gateway = { exception_level = "TRACE" }
  }
  expect_failures = [var.gateway]
}

run "target_with_two_kinds" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    gateway = { targets = { "t" = { mcp_server = { endpoint = "https://mcp.example.com" }, openapi = { inline = "{}" } } } }
  }
  expect_failures = [var.gateway]
}

run "lambda_target_without_schema" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    gateway = { targets = { "t" = { lambda = { function_arn = "arn:aws:lambda:us-east-1:123456789012:function:tools" } } } }
  }
  expect_failures = [var.gateway]
}

run "lambda_target_with_bad_inline_schema" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    gateway = { targets = { "t" = { lambda = { function_arn = "arn:aws:lambda:us-east-1:123456789012:function:tools", inline_json = "[{\"name\":\"lowercase keys\"}]" } } } }
  }
  expect_failures = [var.gateway]
}

run "openapi_target_without_credentials" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    gateway = { targets = { "crm" = { openapi = { s3_uri = "s3://acme-schemas/crm.yaml" } } } }
  }
  expect_failures = [var.gateway]
}

run "mcp_server_over_http" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    gateway = { targets = { "wiki" = { mcp_server = { endpoint = "http://mcp.example.com" } } } }
  }
  expect_failures = [var.gateway]
}

run "bad_target_name" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    gateway = { targets = { "ops_tools" = { mcp_server = { endpoint = "https://mcp.example.com" } } } }
  }
  expect_failures = [var.gateway]
}

run "event_expiry_too_short" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    memory = { event_expiry_days = 1 }
  }
  expect_failures = [var.memory]
}

run "event_expiry_too_long" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    memory = { event_expiry_days = 400 }
  }
  expect_failures = [var.memory]
}

run "record_expiry_below_service_minimum" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    memory = { record_expiry_days = 7 }
  }
  expect_failures = [var.memory]
}

run "bad_namespace" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    memory = { namespaces = { semantic = ["/facts/{userName}"] } }
  }
  expect_failures = [var.memory]
}

run "bad_memory_key" {
  command = plan
  module {
    source = "./inputs"
  }
  variables {
    memory = { kms_key_arn = "alias/agents" }
  }
  expect_failures = [var.memory]
}

run "bad_tag" {
  command = plan
  variables {
    tags = { "team" = "platform!" }
  }
  expect_failures = [var.tags]
}

# runtimes, gateway and memory are `any` here (a caller passes them unchanged) and converted to the
# types of inputs/variables.tf: an attribute those types do not declare fails the plan, naming the
# closest one.
run "runtime_attribute_misspelt" {
  command = plan
  variables {
    runtimes = { "email-classifier" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1", endpoint = "live" } }
  }
  expect_failures = [data.aws_region.current]
}

run "gateway_attribute_misspelt" {
  command = plan
  variables {
    gateway = { semantic_serch = true }
  }
  expect_failures = [data.aws_region.current]
}

run "memory_attribute_misspelt" {
  command = plan
  variables {
    memory = { event_expiry_day = 30 }
  }
  expect_failures = [data.aws_region.current]
}

run "memory_namespace_attribute_misspelt" {
  command = plan
  variables {
    memory = { namespaces = { semantics = ["/facts/{actorId}"] } }
  }
  expect_failures = [data.aws_region.current]
}

run "gateway_target_attribute_misspelt" {
  command = plan
  variables {
    gateway = { targets = { "tools" = { mcp_server = { endpoint = "https://tools.example.com/mcp", timeout = 5 } } } }
  }
  expect_failures = [data.aws_region.current]
}
