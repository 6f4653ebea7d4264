mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
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
