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

run "a_table_name_is_not_an_arn" {
  command = plan

  variables {
    config_table_arn = "fleet-agent-config"
  }

  expect_failures = [var.config_table_arn]
}
