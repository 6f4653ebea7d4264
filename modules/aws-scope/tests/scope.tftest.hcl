# No provider is used; the mock keeps `terraform test` offline like every other module's.
mock_provider "aws" {}

variables {
  region     = "eu-west-1"
  account_id = "210987654321"
}

run "a_valid_scope_is_returned_as_given" {
  command = plan

  variables {
    partition = "aws-us-gov"
    region    = "us-gov-west-1"
  }

  assert {
    condition     = output.partition == "aws-us-gov" && output.region == "us-gov-west-1" && output.account_id == "210987654321"
    error_message = "the checked values come back unchanged"
  }
}

run "the_partition_defaults_to_aws" {
  command = plan

  assert {
    condition     = output.partition == "aws"
    error_message = "aws unless told otherwise"
  }
}

run "bad_account_is_refused" {
  command = plan

  variables {
    account_id = "12345"
  }
  expect_failures = [var.account_id]
}

run "bad_region_is_refused" {
  command = plan

  variables {
    region = "EU"
  }
  expect_failures = [var.region]
}

run "unknown_partition_is_refused" {
  command = plan

  variables {
    partition = "aws-mars"
  }
  expect_failures = [var.partition]
}
