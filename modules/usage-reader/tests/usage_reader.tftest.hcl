mock_provider "aws" {}

variables {
  config_table_arn = "arn:aws:dynamodb:eu-west-1:210987654321:table/fleet-agent-config"
}

run "the_document_reads_and_never_writes" {
  command = plan

  assert {
    condition = jsondecode(output.policy_json).Statement == [
      { Sid = "ReadFleetMetrics", Effect = "Allow", Action = ["cloudwatch:GetMetricData", "cloudwatch:ListMetrics"], Resource = "*" },
      { Sid = "ReadAgentConfig", Effect = "Allow", Action = ["dynamodb:Scan"], Resource = "arn:aws:dynamodb:eu-west-1:210987654321:table/fleet-agent-config" },
      { Sid = "ReadLogGroupSizes", Effect = "Allow", Action = ["logs:DescribeLogGroups"], Resource = "*" },
    ]
    error_message = "the policy is exactly the three read statements"
  }
  assert {
    condition     = length(aws_iam_policy.this) == 0 && output.policy_arn == null
    error_message = "no policy is created without policy_name"
  }
}

run "a_named_policy_is_created_with_the_document" {
  command = plan

  variables {
    policy_name = "agentcore-finops-usage-reader"
  }

  assert {
    condition     = aws_iam_policy.this[0].name == "agentcore-finops-usage-reader" && aws_iam_policy.this[0].policy == output.policy_json
    error_message = "the created policy carries the document"
  }
}

run "the_sampling_application_adds_its_history_reads_scoped_to_it" {
  command = plan

  variables {
    sampling_application_arn = "arn:aws:appconfig:eu-west-1:210987654321:application/abc1234"
  }

  assert {
    condition = jsondecode(output.policy_json).Statement[3] == {
      Sid      = "ReadSamplingHistory"
      Effect   = "Allow"
      Action   = ["appconfig:GetHostedConfigurationVersion", "appconfig:ListConfigurationProfiles", "appconfig:ListDeployments", "appconfig:ListEnvironments"]
      Resource = ["arn:aws:appconfig:eu-west-1:210987654321:application/abc1234", "arn:aws:appconfig:eu-west-1:210987654321:application/abc1234/*"]
    }
    error_message = "the AppConfig reads are granted on the sampling application only"
  }
  assert {
    condition     = length(jsondecode(output.policy_json).Statement) == 4
    error_message = "one statement more than without the application"
  }
}

run "an_application_id_is_not_an_arn" {
  command = plan

  variables {
    sampling_application_arn = "abc1234"
  }

  expect_failures = [var.sampling_application_arn]
}

run "a_table_name_is_not_an_arn" {
  command = plan

  variables {
    config_table_arn = "fleet-agent-config"
  }

  expect_failures = [var.config_table_arn]
}
