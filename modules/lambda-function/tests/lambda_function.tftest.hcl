mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
  mock_data "aws_region" {
    defaults = {
      id   = "eu-west-1"
      name = "eu-west-1"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
}

variables {
  name         = "probe-fn"
  package_file = "tests/fixtures/empty.zip"
  handler      = "probe.handler.lambda_handler"
}

run "defaults_are_cheap_and_bounded" {
  command = plan

  assert {
    condition     = aws_lambda_function.this.architectures == tolist(["arm64"]) && aws_lambda_function.this.runtime == "python3.12"
    error_message = "functions default to arm64 and python3.12"
  }
  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/aws/lambda/probe-fn" && aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "the function's log group exists with 30-day retention"
  }
  assert {
    condition     = aws_lambda_function.this.logging_config[0].log_group == "/aws/lambda/probe-fn"
    error_message = "the function logs to the module's log group"
  }
  assert {
    condition     = aws_lambda_function.this.source_code_hash == filebase64sha256("tests/fixtures/empty.zip")
    error_message = "the code hash comes from the package file"
  }
  assert {
    condition     = aws_lambda_function.this.reserved_concurrent_executions == -1 && aws_lambda_function.this.tracing_config[0].mode == "PassThrough"
    error_message = "unreserved, no active tracing by default"
  }
  assert {
    condition     = length(aws_scheduler_schedule.this) == 0 && length(aws_cloudwatch_metric_alarm.throttles) == 0
    error_message = "no schedule and no throttle alarm unless asked"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.errors.metric_name == "Errors" && aws_cloudwatch_metric_alarm.errors.threshold == 0
    error_message = "an alarm on any error"
  }
  assert {
    condition     = aws_lambda_function_event_invoke_config.this.maximum_retry_attempts == 2
    error_message = "failed async invocations are retried twice, then sent to the failure queue"
  }
  assert {
    condition     = length(aws_iam_role_policy.function) == 0
    error_message = "no function policy unless given"
  }
}

run "schedule_throttle_alarm_and_policy" {
  command = plan

  variables {
    schedule                       = { expression = "rate(1 day)", input = "{\"mode\":\"report\"}" }
    alarm_on_throttles             = true
    alarm_actions                  = ["arn:aws:sns:us-east-1:123456789012:alerts"]
    reserved_concurrent_executions = 1
    policy_json                    = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"logs:DescribeLogGroups\",\"Resource\":\"*\"}]}"
  }

  assert {
    condition     = aws_scheduler_schedule.this[0].schedule_expression == "rate(1 day)" && aws_scheduler_schedule.this[0].target[0].input == "{\"mode\":\"report\"}"
    error_message = "the schedule sends the configured event"
  }
  assert {
    condition     = aws_scheduler_schedule.this[0].flexible_time_window[0].mode == "OFF" && aws_scheduler_schedule.this[0].state == "ENABLED"
    error_message = "the schedule is enabled and exact"
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.throttles) == 1 && aws_cloudwatch_metric_alarm.errors.alarm_actions == toset(["arn:aws:sns:us-east-1:123456789012:alerts"])
    error_message = "alarms notify the given topic"
  }
  assert {
    condition     = aws_lambda_function.this.reserved_concurrent_executions == 1
    error_message = "reserved concurrency is passed through"
  }
  assert {
    condition     = length(aws_iam_role_policy.function) == 1
    error_message = "the function policy is attached"
  }
}

run "bad_architecture" {
  command = plan
  variables {
    architecture = "sparc"
  }
  expect_failures = [var.architecture]
}

run "retention_not_accepted_by_cloudwatch" {
  command = plan
  variables {
    log_retention_in_days = 31
  }
  expect_failures = [var.log_retention_in_days]
}

run "bad_schedule_expression" {
  command = plan
  variables {
    schedule = { expression = "every day" }
  }
  expect_failures = [var.schedule]
}

run "schedule_input_not_json" {
  command = plan
  variables {
    schedule = { expression = "rate(1 hour)", input = "mode=report" }
  }
  expect_failures = [var.schedule]
}

run "name_too_long" {
  command = plan
  variables {
    name = "a-function-name-that-is-far-too-long-for-the-suffixes-we-add"
  }
  expect_failures = [var.name]
}

run "a_key_encrypts_every_store_of_the_function" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    schedule    = { expression = "rate(1 day)" }
  }

  assert {
    condition = alltrue([for k in [
      aws_cloudwatch_log_group.this.kms_key_id, aws_sqs_queue.failures.kms_master_key_id,
      aws_lambda_function.this.kms_key_arn, aws_scheduler_schedule.this[0].kms_key_arn,
    ] : k == "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"])
    error_message = "the log group, failure queue, environment and schedule use the key"
  }
  assert {
    condition     = aws_sqs_queue.failures.kms_data_key_reuse_period_seconds == 3600
    error_message = "the queue reuses a data key for an hour (fewer KMS requests)"
  }
}

run "without_a_key_the_queue_uses_sqs_managed_encryption" {
  command = plan

  assert {
    condition     = aws_sqs_queue.failures.sqs_managed_sse_enabled && aws_sqs_queue.failures.kms_master_key_id == null && aws_lambda_function.this.kms_key_arn == null
    error_message = "SQS managed encryption, and Lambda's AWS managed key for the environment"
  }
}

# -- packages and layers -------------------------------------------------------------------------------

run "the_official_powertools_layer_for_the_region_runtime_and_architecture" {
  command = plan

  assert {
    condition     = aws_lambda_function.this.layers == tolist(["arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-arm64:37"])
    error_message = "by default the function runs with AWS's Powertools V3 layer for eu-west-1, python3.12, arm64"
  }
  assert {
    condition     = output.lambda_layer_arns == aws_lambda_function.this.layers
    error_message = "the output lists the layers"
  }
}

run "x86_64_and_additional_layers_come_after_powertools" {
  command = plan

  variables {
    architecture          = "x86_64"
    additional_layer_arns = ["arn:aws:lambda:eu-west-1:123456789012:layer:probe-boto3:4"]
  }

  assert {
    condition = aws_lambda_function.this.layers == tolist([
      "arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:37",
      "arn:aws:lambda:eu-west-1:123456789012:layer:probe-boto3:4",
    ])
    error_message = "Powertools for x86_64, then the additional layers in order"
  }
}

run "a_self_built_powertools_layer_replaces_the_official_one" {
  command = plan

  variables {
    powertools_layer_arns = ["arn:aws:lambda:eu-west-1:123456789012:layer:powertools:1"]
  }

  assert {
    condition     = aws_lambda_function.this.layers == tolist(["arn:aws:lambda:eu-west-1:123456789012:layer:powertools:1"])
    error_message = "powertools_layer_arns replaces the official layer"
  }
}

run "a_package_from_s3" {
  command = plan

  variables {
    package_file = null
    s3_package   = { bucket = "artifacts-bucket", key = "agentcore-finops/0.2.0/probe.zip", object_version = "v3" }
  }

  assert {
    condition = (
      aws_lambda_function.this.s3_bucket == "artifacts-bucket" && aws_lambda_function.this.s3_key == "agentcore-finops/0.2.0/probe.zip"
      && aws_lambda_function.this.s3_object_version == "v3" && aws_lambda_function.this.filename == null
    )
    error_message = "the code comes from the S3 object version"
  }
}

run "both_package_sources_is_an_error" {
  command = plan

  variables {
    s3_package = { bucket = "artifacts-bucket", key = "probe.zip" }
  }

  expect_failures = [aws_lambda_function.this]
}

run "no_package_source_is_an_error" {
  command = plan

  variables {
    package_file = null
  }

  expect_failures = [aws_lambda_function.this]
}

run "a_missing_package_file_is_refused" {
  command = plan

  variables {
    package_file = "tests/fixtures/absent.zip"
  }

  expect_failures = [var.package_file]
}

run "a_malformed_layer_arn_is_refused" {
  command = plan

  variables {
    powertools_layer_arns = ["AWSLambdaPowertoolsPythonV3"]
    additional_layer_arns = ["arn:aws:lambda:eu-west-1:123456789012:layer:no-version"]
  }

  expect_failures = [var.powertools_layer_arns, var.additional_layer_arns]
}
