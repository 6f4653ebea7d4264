# The digest's settings reach the function, its policy is the usage reader's reads plus one metric
# namespace and one topic, and bad settings fail the plan naming the input.

mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/acme-usage-digest-lambda"
    }
  }
  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:acme-usage-digest-failures"
    }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn = "arn:aws:lambda:eu-west-1:123456789012:function:acme-usage-digest"
    }
  }
  mock_resource "aws_scheduler_schedule" {
    defaults = {
      arn = "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/acme-usage-digest"
    }
  }
  mock_data "aws_region" {
    defaults = {
      id   = "eu-west-1"
      name = "eu-west-1"
    }
  }
}

variables {
  function         = { name = "acme-usage-digest", package_file = "tests/fixtures/empty.zip" }
  config_table_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/acme-agent-config"
  sns_topic_arn    = "arn:aws:sns:eu-west-1:123456789012:acme-cost-alerts"
}

run "defaults_reach_the_function" {
  command = plan

  assert {
    condition = local.environment == {
      CONFIG_TABLE_NAME       = "acme-agent-config"
      SNS_TOPIC_ARN           = "arn:aws:sns:eu-west-1:123456789012:acme-cost-alerts"
      WINDOW_DAYS             = "7"
      TOP_K                   = "5"
      MIN_CALLS               = "1000"
      LOWEST_TIER             = "3"
      TIERS                   = "{}"
      POWERTOOLS_SERVICE_NAME = "usage-digest"
      POWERTOOLS_LOG_LEVEL    = "INFO"
    }
    error_message = "the function reads the config table and publishes to the topic with the default window"
  }
  assert {
    condition     = output.function.lambda_function_name == "acme-usage-digest" && output.metric_name == "RecommendedSavingUSD"
    error_message = "the function is named by function.name and puts RecommendedSavingUSD"
  }
}

run "policy_is_read_only_but_for_one_namespace_and_one_topic" {
  command = plan

  assert {
    condition = [for s in jsondecode(output.iam_policy_json).Statement : s.Sid] == [
      "ReadFleetMetrics", "ReadAgentConfig", "PutRecommendedSaving", "PublishDigest",
    ]
    error_message = "the usage reader's metric and table reads (not the log group sizes), the metric and the topic"
  }
  assert {
    condition = [for s in jsondecode(output.iam_policy_json).Statement : s.Resource if s.Sid == "ReadAgentConfig"] == [
      "arn:aws:dynamodb:eu-west-1:123456789012:table/acme-agent-config",
    ]
    error_message = "Scan of the one config table"
  }
  assert {
    condition = [for s in jsondecode(output.iam_policy_json).Statement : s.Condition if s.Sid == "PutRecommendedSaving"] == [
      { StringEquals = { "cloudwatch:namespace" = "AgentCoreFinOps" } },
    ]
    error_message = "PutMetricData only into the project's namespace"
  }
  assert {
    condition     = [for s in jsondecode(output.iam_policy_json).Statement : s.Resource if s.Sid == "PublishDigest"] == ["arn:aws:sns:eu-west-1:123456789012:acme-cost-alerts"]
    error_message = "Publish to the one topic"
  }
  assert {
    condition = alltrue([
      for s in jsondecode(output.iam_policy_json).Statement : alltrue([
        for a in s.Action : !strcontains(a, "*") && (startswith(a, "cloudwatch:Get") || startswith(a, "cloudwatch:List") || contains(["dynamodb:Scan", "cloudwatch:PutMetricData", "sns:Publish"], a))
      ])
    ])
    error_message = "reads, the metric and the publish only; no wildcard action"
  }
}

run "settings_and_tiers_reach_the_function" {
  command = plan

  variables {
    window_days = 14
    top_k       = 10
    min_calls   = 5000
    lowest_tier = "2"
    tiers       = { "2" = { max_tokens = 2048 } }
    schedule    = { expression = "cron(0 6 ? * MON *)" }
  }

  assert {
    condition = (
      local.environment.WINDOW_DAYS == "14" && local.environment.TOP_K == "10" &&
      local.environment.MIN_CALLS == "5000" && local.environment.LOWEST_TIER == "2" &&
      jsondecode(local.environment.TIERS) == { "2" = { max_tokens = 2048 } }
    )
    error_message = "every setting reaches the function"
  }
}

run "no_schedule" {
  command = apply # against the mock provider, so the output is known
  variables {
    schedule = null
  }
  assert {
    condition     = output.function.scheduler_schedule_arn == null
    error_message = "null schedule: invoke on demand only"
  }
}

run "window_too_long" {
  command = plan
  variables {
    window_days = 91
  }
  expect_failures = [var.window_days]
}

run "top_k_zero" {
  command = plan
  variables {
    top_k = 0
  }
  expect_failures = [var.top_k]
}

run "lowest_tier_unknown" {
  command = plan
  variables {
    lowest_tier = "4"
  }
  expect_failures = [var.lowest_tier]
}

run "not_a_topic" {
  command = plan
  variables {
    sns_topic_arn = "acme-cost-alerts"
  }
  expect_failures = [var.sns_topic_arn]
}

