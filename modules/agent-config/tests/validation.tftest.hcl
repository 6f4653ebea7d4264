# The fleet's rules (rules.tf, from fleet-rules.json and the model catalogue) fail the plan on the
# table's preconditions, before anything is written. tests/plan/bad_fleets.yaml holds the full list of
# invalid fleets and checks each message; these runs check the module on its own.

mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_region" {
    defaults = { id = "us-east-1" }
  }
}

variables {
  name = "test-agent-config"
  agents = {
    "ok-agent" = { tier = 2 }
  }
}

run "valid_fleet_plans" {
  command = plan
}

run "misspelled_attribute" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 2, max_token = 99999 } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "attribute_of_the_wrong_type" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = "two" } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "tier_null" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = null } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "value_out_of_range" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 1, step_budget = 101 } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "invalid_agent_id" {
  command = plan
  variables {
    agents = { "Bad_Agent" = { tier = 1 } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "unknown_tier_key" {
  command = plan
  variables {
    tiers = { "4" = { max_tokens = 10 } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "tier_field_typo" {
  command = plan
  variables {
    tiers = { "2" = { trace_sample = 0.5 } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "idle_longer_than_max_lifetime_after_defaults" {
  command = plan
  variables {
    tiers = { "2" = { idle_session_timeout_seconds = 3600 } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "max_tokens_above_the_model_output_limit" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 3, max_tokens = 65536 } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "escalation_to_a_cheaper_model" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 2, escalation_model_id = "amazon.nova-micro-v1:0" } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "model_not_in_the_catalogue" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 2, model_id = "anthropic.claude-haiku-4-5" } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "unlisted_model_allowed" {
  command = plan
  variables {
    agents                = { "ok-agent" = { tier = 3, model_id = "amazon.nova-2-lite-v1:0" } }
    allow_unlisted_models = ["amazon.nova-2-lite-v1:0"]
  }
  assert {
    condition     = output.agent_configs["ok-agent"].model_id == "amazon.nova-2-lite-v1:0"
    error_message = "a model listed in allow_unlisted_models must be accepted"
  }
}

run "model_arn_of_another_partition" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 3, model_id = "arn:aws-cn:bedrock:cn-north-1::foundation-model/amazon.nova-micro-v1:0" } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "model_arn_of_this_region" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 3, model_id = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0" } }
  }
  assert {
    condition     = output.agent_configs["ok-agent"].model_id == "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0"
    error_message = "a foundation-model ARN of this partition and region must be accepted"
  }
}

run "tier_on_a_declared_prompt_router" {
  command = plan
  variables {
    tiers = { "2" = { model_id = "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1" } }
    prompt_routers = {
      "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1" = {
        models = ["anthropic.claude-3-haiku-20240307-v1:0", "global.anthropic.claude-haiku-4-5-20251001-v1:0"]
      }
    }
  }
  assert {
    condition     = output.agent_configs["ok-agent"].model_id == "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1"
    error_message = "a tier on a prompt router gives its agents the router ARN as model_id"
  }
  assert {
    condition     = output.prompt_router_models["arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1"] == tolist(["anthropic.claude-3-haiku-20240307-v1:0", "global.anthropic.claude-haiku-4-5-20251001-v1:0"])
    error_message = "the router's models are an output for the callers' IAM policies"
  }
}

run "undeclared_prompt_router" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 2, model_id = "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1" } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "prompt_router_with_an_unlisted_model" {
  command = plan
  variables {
    prompt_routers = {
      "arn:aws:bedrock:us-east-1:123456789012:prompt-router/abc123" = { models = ["anthropic.claude-haiku-4-5", "amazon.nova-micro-v1:0"] }
    }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "bad_table_name" {
  command = plan
  variables {
    name = "x"
  }
  expect_failures = [var.name]
}
