# The auditor's settings reach the function, its policy is least privilege, and bad settings fail the
# plan naming the input.

mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
  # ARN-shaped values, for the one run that applies against the mock.
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/acme-log-retention-auditor-lambda"
    }
  }
  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:acme-log-retention-auditor-failures"
    }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn = "arn:aws:lambda:eu-west-1:123456789012:function:acme-log-retention-auditor"
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
  function         = { name = "acme-log-retention-auditor", package_file = "tests/fixtures/empty.zip" }
  account_id       = "123456789012"
  include_prefixes = ["/aws/bedrock-agentcore/", "/aws/vendedlogs/bedrock-agentcore/", "/aws/lambda/acme-"]
}

# Resource-level settings of the function (reserved concurrency 1, the daily schedule, its own log
# group) are checked in the plan inventory tests/plan/cases/examples-complete; a module's terraform
# test cannot see inside a child module.
run "defaults_report_with_the_module_policy" {
  command = plan

  assert {
    condition = local.environment == {
      INCLUDE_PREFIXES        = "[\"/aws/bedrock-agentcore/\",\"/aws/vendedlogs/bedrock-agentcore/\",\"/aws/lambda/acme-\"]"
      EXCLUDE_PREFIXES        = "[]"
      MAX_RETENTION_DAYS      = "90"
      TARGET_RETENTION_DAYS   = "30"
      MODE                    = "report"
      ALLOW_SHORTEN           = "false"
      MAX_CHANGES             = "100"
      POWERTOOLS_SERVICE_NAME = "log-retention-auditor"
      POWERTOOLS_LOG_LEVEL    = "INFO"
    }
    error_message = "the function runs in report mode with the module's policy"
  }
  assert {
    condition     = output.function.lambda_function_name == "acme-log-retention-auditor" && output.function.settings.timeout == 300
    error_message = "the function is named by function.name and keeps the auditor's timeout"
  }
}

run "report_mode_policy_only_lists" {
  command = plan

  assert {
    condition     = [for s in jsondecode(output.iam_policy_json).Statement : s.Action] == [["logs:DescribeLogGroups"]]
    error_message = "report mode (the default) only lists log groups: no PutRetentionPolicy, no SNS permission without a topic"
  }
  assert {
    condition     = [for s in jsondecode(output.iam_policy_json).Statement : s.Resource if s.Action == ["logs:DescribeLogGroups"]] == ["arn:aws:logs:eu-west-1:123456789012:log-group:*"]
    error_message = "DescribeLogGroups is limited to the account's log groups in the region, not *"
  }
}

run "enforce_mode_policy_is_least_privilege" {
  command = plan

  variables {
    mode = "enforce"
  }

  assert {
    condition     = alltrue([for s in jsondecode(output.iam_policy_json).Statement : alltrue([for a in s.Action : !strcontains(a, "*")])])
    error_message = "no statement allows a wildcard action"
  }
  assert {
    condition     = alltrue([for s in jsondecode(output.iam_policy_json).Statement : s.Resource != "*"])
    error_message = "no statement allows every resource"
  }
  assert {
    condition = [for s in jsondecode(output.iam_policy_json).Statement : s.Resource if contains(s.Action, "logs:PutRetentionPolicy")] == [[
      "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/bedrock-agentcore/*",
      "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/acme-*",
      "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/bedrock-agentcore/*",
    ]]
    error_message = "PutRetentionPolicy only under the include prefixes, in this account and region"
  }
  assert {
    condition     = length(jsondecode(output.iam_policy_json).Statement) == 2
    error_message = "list and set retention only: no SNS permission without a topic"
  }
}

run "covered_prefixes_are_not_repeated" {
  command = plan

  variables {
    mode             = "enforce"
    include_prefixes = ["/aws/lambda/acme-", "/aws/", "/aws/"]
  }

  assert {
    condition     = [for s in jsondecode(output.iam_policy_json).Statement : s.Resource if contains(s.Action, "logs:PutRetentionPolicy")] == [["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/*"]]
    error_message = "/aws/ covers /aws/lambda/acme-"
  }
}

run "enforce_with_notification" {
  command = plan

  variables {
    mode                  = "enforce"
    allow_shorten         = true
    max_changes           = 25
    max_retention_days    = 365
    target_retention_days = 90
    exclude_prefixes      = ["/aws/lambda/acme-keep"]
    sns_topic_arn         = "arn:aws:sns:eu-west-1:123456789012:log-retention"
    schedule              = { expression = "rate(12 hours)" }
  }

  assert {
    condition = (
      local.environment.MODE == "enforce" &&
      local.environment.ALLOW_SHORTEN == "true" &&
      local.environment.MAX_CHANGES == "25" &&
      local.environment.TARGET_RETENTION_DAYS == "90" &&
      local.environment.MAX_RETENTION_DAYS == "365" &&
      local.environment.EXCLUDE_PREFIXES == "[\"/aws/lambda/acme-keep\"]" &&
      local.environment.SNS_TOPIC_ARN == "arn:aws:sns:eu-west-1:123456789012:log-retention"
    )
    error_message = "every setting reaches the function"
  }
  assert {
    condition     = [for s in jsondecode(output.iam_policy_json).Statement : s.Resource if s.Action == ["sns:Publish"]] == ["arn:aws:sns:eu-west-1:123456789012:log-retention"]
    error_message = "Publish to the one topic only"
  }
  assert {
    condition     = [for s in jsondecode(output.iam_policy_json).Statement : s.Sid] == ["ListLogGroups", "SetRetentionUnderIncludedPrefixes", "NotifyFindings"]
    error_message = "enforce mode with a topic: list, set retention, publish"
  }
}

run "report_mode_with_notification_cannot_set_retention" {
  command = plan

  variables {
    sns_topic_arn = "arn:aws:sns:eu-west-1:123456789012:log-retention"
  }

  assert {
    condition     = [for s in jsondecode(output.iam_policy_json).Statement : s.Sid] == ["ListLogGroups", "NotifyFindings"]
    error_message = "report mode with a topic: list and publish, never PutRetentionPolicy"
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

run "target_above_maximum" {
  command = plan
  variables {
    target_retention_days = 180
    max_retention_days    = 90
  }
  expect_failures = [data.aws_region.current]
}

run "target_not_accepted_by_cloudwatch" {
  command = plan
  variables {
    target_retention_days = 31
  }
  expect_failures = [var.target_retention_days]
}

run "mode_unknown" {
  command = plan
  variables {
    mode = "fix"
  }
  expect_failures = [var.mode]
}

run "wildcard_in_a_prefix" {
  command = plan
  variables {
    include_prefixes = ["/aws/*"]
  }
  expect_failures = [var.include_prefixes]
}

run "no_prefix" {
  command = plan
  variables {
    include_prefixes = []
  }
  expect_failures = [var.include_prefixes]
}

run "bad_exclude_prefix" {
  command = plan
  variables {
    exclude_prefixes = ["bad prefix"]
  }
  expect_failures = [var.exclude_prefixes]
}

run "account_id_not_12_digits" {
  command = plan
  variables {
    account_id = "12345"
  }
  expect_failures = [var.account_id]
}

run "max_changes_out_of_range" {
  command = plan
  variables {
    max_changes = -1
  }
  expect_failures = [var.max_changes]
}

run "max_retention_out_of_range" {
  command = plan
  variables {
    max_retention_days = 0
  }
  expect_failures = [var.max_retention_days]
}

run "sns_topic_not_an_arn" {
  command = plan
  variables {
    sns_topic_arn = "log-retention"
  }
  expect_failures = [var.sns_topic_arn]
}


run "account_id_missing" {
  command = plan
  variables {
    account_id = null
  }
  expect_failures = [var.account_id]
}

