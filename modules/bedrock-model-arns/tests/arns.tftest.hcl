# No provider is used; the mock keeps `terraform test` offline like every other module's.
mock_provider "aws" {}

variables {
  region     = "eu-west-1"
  account_id = "210987654321"
  model_ids = [
    "amazon.nova-micro-v1:0",
    "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
    "us.anthropic.claude-haiku-4-5-20251001-v1:0",
    "amazon.nova-micro-v1:0",
  ]
}

run "ids_become_region_scoped_arns" {
  command = plan

  assert {
    condition     = output.arns["amazon.nova-micro-v1:0"] == tolist(["arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-micro-v1:0"])
    error_message = "a base model id is its foundation model in this region"
  }
  assert {
    condition = output.arns["global.anthropic.claude-sonnet-4-5-20250929-v1:0"] == tolist([
      "arn:aws:bedrock:eu-west-1:210987654321:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
    ])
    error_message = "an inference profile is the profile here plus its base model in any region"
  }
  assert {
    condition     = length(output.all_arns) == 5 && output.all_arns == sort(output.all_arns)
    error_message = "all_arns lists each ARN once, sorted"
  }
}

run "arns_are_kept_and_profile_arns_add_their_base_model" {
  command = plan

  variables {
    partition = "aws-us-gov"
    region    = "us-gov-west-1"
    model_ids = [
      "arn:aws-us-gov:bedrock:us-gov-west-1:210987654321:inference-profile/us-gov.anthropic.claude-3-haiku-20240307-v1:0",
      "arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/amazon.nova-micro-v1:0",
      "arn:aws-us-gov:bedrock:us-gov-west-1:210987654321:application-inference-profile/abc123",
    ]
  }

  assert {
    condition = output.arns["arn:aws-us-gov:bedrock:us-gov-west-1:210987654321:inference-profile/us-gov.anthropic.claude-3-haiku-20240307-v1:0"] == tolist([
      "arn:aws-us-gov:bedrock:us-gov-west-1:210987654321:inference-profile/us-gov.anthropic.claude-3-haiku-20240307-v1:0",
      "arn:aws-us-gov:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
    ])
    error_message = "a system-defined profile ARN also allows its base model"
  }
  assert {
    condition     = output.arns["arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/amazon.nova-micro-v1:0"] == tolist(["arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/amazon.nova-micro-v1:0"])
    error_message = "a foundation-model ARN is used as given"
  }
  assert {
    condition     = output.arns["arn:aws-us-gov:bedrock:us-gov-west-1:210987654321:application-inference-profile/abc123"] == tolist(["arn:aws-us-gov:bedrock:us-gov-west-1:210987654321:application-inference-profile/abc123"])
    error_message = "an application inference profile is used as given"
  }
}

run "a_prompt_router_brings_the_models_it_picks_from" {
  command = plan

  variables {
    model_ids = ["arn:aws:bedrock:eu-west-1:210987654321:default-prompt-router/anthropic.claude:1", "amazon.nova-micro-v1:0"]
    prompt_routers = {
      "arn:aws:bedrock:eu-west-1:210987654321:default-prompt-router/anthropic.claude:1" = [
        "anthropic.claude-3-haiku-20240307-v1:0",
        "us.anthropic.claude-haiku-4-5-20251001-v1:0",
      ]
    }
  }

  assert {
    condition = output.arns["arn:aws:bedrock:eu-west-1:210987654321:default-prompt-router/anthropic.claude:1"] == tolist([
      "arn:aws:bedrock:eu-west-1:210987654321:default-prompt-router/anthropic.claude:1",
      "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
      "arn:aws:bedrock:eu-west-1:210987654321:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0",
      "arn:aws:bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0",
    ])
    error_message = "a router's ARNs are its own plus those of every model it picks from"
  }
  assert {
    condition     = keys(output.arns) == ["amazon.nova-micro-v1:0", "arn:aws:bedrock:eu-west-1:210987654321:default-prompt-router/anthropic.claude:1"]
    error_message = "arns is keyed by the ids asked for, not by the routers' models"
  }
  assert {
    condition     = length(output.all_arns) == 5
    error_message = "all_arns holds the router, its models and the other ids"
  }
}
