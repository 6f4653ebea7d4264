mock_provider "aws" {
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
  function = {
    name         = "probe-fn"
    package_file = "tests/fixtures/empty.zip"
    handler      = "probe.handler.lambda_handler"
  }
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
    function                       = { name = "probe-fn", handler = "probe.handler.lambda_handler", package_file = "tests/fixtures/empty.zip", alarm_actions = ["arn:aws:sns:us-east-1:123456789012:alerts"] }
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
    function = { name = "probe-fn", handler = "probe.handler.lambda_handler", package_file = "tests/fixtures/empty.zip", architecture = "sparc" }
  }
  expect_failures = [var.function]
}

run "retention_not_accepted_by_cloudwatch" {
  command = plan
  variables {
    function = { name = "probe-fn", handler = "probe.handler.lambda_handler", package_file = "tests/fixtures/empty.zip", log_retention_in_days = 31 }
  }
  expect_failures = [var.function]
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
    function = { name = "a-function-name-that-is-far-too-long-for-the-suffixes-we-add", handler = "probe.handler.lambda_handler", package_file = "tests/fixtures/empty.zip" }
  }
  expect_failures = [var.function]
}

run "a_key_encrypts_every_store_of_the_function" {
  command = plan

  variables {
    function = { name = "probe-fn", handler = "probe.handler.lambda_handler", package_file = "tests/fixtures/empty.zip", kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555" }
    schedule = { expression = "rate(1 day)" }
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
    function    = { name = "probe-fn", handler = "probe.handler.lambda_handler", package_file = "tests/fixtures/empty.zip", architecture = "x86_64", additional_layer_arns = ["arn:aws:lambda:eu-west-1:123456789012:layer:probe-boto3:4"] }
    layer_files = { boto3 = "tests/fixtures/empty.zip" }
  }

  assert {
    condition     = aws_lambda_layer_version.this["boto3"].layer_name == "probe-fn-boto3" && aws_lambda_layer_version.this["boto3"].source_code_hash == filebase64sha256("tests/fixtures/empty.zip")
    error_message = "layer_files are published as <name>-<key>"
  }
  assert {
    condition     = length(aws_lambda_function.this.layers) == 3
    error_message = "Powertools, the additional ARN, then the published layer"
  }

  assert {
    condition = slice(aws_lambda_function.this.layers, 0, 2) == tolist([
      "arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:37",
      "arn:aws:lambda:eu-west-1:123456789012:layer:probe-boto3:4",
    ])
    error_message = "Powertools for x86_64, then the additional layers in order"
  }
}

run "a_self_built_powertools_layer_replaces_the_official_one" {
  command = plan

  variables {
    function = { name = "probe-fn", handler = "probe.handler.lambda_handler", package_file = "tests/fixtures/empty.zip", powertools_layer_arns = ["arn:aws:lambda:eu-west-1:123456789012:layer:powertools:1"] }
  }

  assert {
    condition     = aws_lambda_function.this.layers == tolist(["arn:aws:lambda:eu-west-1:123456789012:layer:powertools:1"])
    error_message = "powertools_layer_arns replaces the official layer"
  }
}

run "a_package_from_s3" {
  command = plan

  variables {
    function = { name = "probe-fn", handler = "probe.handler.lambda_handler", s3_package = { bucket = "artifacts-bucket", key = "agentcore-finops/0.2.0/probe.zip", object_version = "v3" } }
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
    function = { name = "probe-fn", handler = "probe.handler.lambda_handler", package_file = "tests/fixtures/empty.zip", s3_package = { bucket = "artifacts-bucket", key = "probe.zip" } }
  }

  expect_failures = [aws_lambda_function.this]
}

run "no_package_source_is_an_error" {
  command = plan

  variables {
    function = { name = "probe-fn", handler = "probe.handler.lambda_handler" }
  }

  expect_failures = [aws_lambda_function.this]
}

run "a_missing_package_file_is_refused" {
  command = plan

  variables {
    function = { name = "probe-fn", handler = "probe.handler.lambda_handler", package_file = "tests/fixtures/absent.zip" }
  }

  expect_failures = [var.function]
}

run "a_malformed_layer_arn_is_refused" {
  command = plan

  variables {
    function = { name = "probe-fn", handler = "probe.handler.lambda_handler", package_file = "tests/fixtures/empty.zip", powertools_layer_arns = ["AWSLambdaPowertoolsPythonV3"], additional_layer_arns = ["arn:aws:lambda:eu-west-1:123456789012:layer:no-version"] }
  }

  expect_failures = [var.function]
}

run "a_misspelt_setting_is_refused" {
  command = plan

  variables {
    function = { name = "probe-fn", handler = "probe.handler.lambda_handler", package_file = "tests/fixtures/empty.zip", memroy_size = 512 }
  }

  expect_failures = [var.function]
}

run "settings_of_the_wrong_type_are_refused" {
  command = plan

  variables {
    function = { name = "probe-fn", handler = "probe.handler.lambda_handler", package_file = "tests/fixtures/empty.zip", memory_size = "lots", tags = { team = ["a"] } }
  }

  expect_failures = [var.function]
}

run "a_calling_module_sets_defaults_and_function_wins" {
  command = plan

  variables {
    function = { name = "probe-fn", s3_package = { bucket = "artifacts-bucket", key = "probe.zip" }, memory_size = null }
    defaults = { handler = "probe.handler.lambda_handler", package_file = "tests/fixtures/empty.zip", timeout = 300, memory_size = 512 }
  }

  assert {
    condition     = aws_lambda_function.this.handler == "probe.handler.lambda_handler" && aws_lambda_function.this.timeout == 300
    error_message = "the calling module's defaults apply where function sets nothing"
  }
  assert {
    condition     = aws_lambda_function.this.memory_size == 512
    error_message = "a null setting in function takes the default"
  }
  assert {
    condition     = aws_lambda_function.this.s3_bucket == "artifacts-bucket" && aws_lambda_function.this.filename == null
    error_message = "a package in function replaces the default package"
  }
}

run "a_calling_module_cannot_default_an_unknown_setting" {
  command = plan

  variables {
    defaults = { memory = 512 }
  }

  expect_failures = [var.defaults]
}

run "name_and_handler_are_required" {
  command = plan

  variables {
    function = { package_file = "tests/fixtures/empty.zip" }
  }

  expect_failures = [var.function]
}

run "a_paused_schedule_in_the_default_time_zone" {
  command = plan

  variables {
    schedule = { expression = "rate(1 day)", enabled = false }
  }

  assert {
    condition     = aws_scheduler_schedule.this[0].state == "DISABLED" && aws_scheduler_schedule.this[0].schedule_expression_timezone == "UTC" && aws_scheduler_schedule.this[0].target[0].input == "{}"
    error_message = "enabled = false pauses the schedule; timezone and input keep their defaults"
  }
}

run "a_misspelt_schedule_attribute_is_refused" {
  command = plan

  variables {
    schedule = { expression = "rate(1 day)", timzone = "Europe/Paris" }
  }

  expect_failures = [var.schedule]
}
