# No provider is used; the mock keeps `terraform test` offline like every other module's.
mock_provider "aws" {}

variables {
  account_id = "210987654321"
  region     = "eu-west-1"
  services   = ["sns", "budgets", "logs", "dynamodb", "sns"]
}

run "one_statement_per_service_scoped_to_the_account" {
  command = plan

  assert {
    condition     = join(",", [for s in output.statements : s.Sid]) == "AccountAdministersKey,BudgetsPublishToTopic,CloudWatchLogs,DynamoDBForAccountPrincipals,SNSForAccountPrincipals"
    error_message = "administration first, then one statement per service, principals before kms:ViaService, each once"
  }
  assert {
    condition     = output.services == tolist(["budgets", "dynamodb", "logs", "sns"])
    error_message = "services are listed sorted, without duplicates"
  }
  assert {
    condition     = output.statements[2].Principal.Service == "logs.eu-west-1.amazonaws.com" && output.statements[2].Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"] == "arn:aws:logs:eu-west-1:210987654321:log-group:*"
    error_message = "CloudWatch Logs is the regional principal, limited to this account's log groups"
  }
  assert {
    condition     = output.statements[1].Condition.StringEquals["aws:SourceAccount"] == "210987654321" && output.statements[1].Condition.ArnLike["aws:SourceArn"] == "arn:aws:budgets::210987654321:*"
    error_message = "Budgets may use the key for this account's budgets only"
  }
  assert {
    condition     = output.statements[4].Principal.AWS == "arn:aws:iam::210987654321:root" && output.statements[4].Condition.StringEquals["kms:ViaService"] == "sns.eu-west-1.amazonaws.com" && output.statements[4].Condition.StringEquals["kms:CallerAccount"] == "210987654321"
    error_message = "SNS callers of this account use the key through SNS in this region only"
  }
  assert {
    condition     = length([for a in output.statements[0].Action : a if can(regex("^kms:(Encrypt|Decrypt|ReEncrypt|GenerateDataKey)", a))]) == 0
    error_message = "the account administers the key without cryptographic use of it"
  }
  assert {
    condition     = jsondecode(output.policy_json).Statement == jsondecode(jsonencode(output.statements))
    error_message = "policy_json holds exactly the statements"
  }
}

run "other_partition" {
  command = plan

  variables {
    partition = "aws-us-gov"
    region    = "us-gov-west-1"
    services  = ["cloudwatch"]
  }

  assert {
    condition     = output.statements[0].Principal.AWS == "arn:aws-us-gov:iam::210987654321:root" && output.statements[1].Condition.ArnLike["aws:SourceArn"] == "arn:aws-us-gov:cloudwatch:us-gov-west-1:210987654321:alarm:*"
    error_message = "ARNs use the partition given"
  }
}

run "unknown_service" {
  command = plan

  variables {
    services = ["dynamodb", "s3"]
  }

  expect_failures = [var.services]
}

