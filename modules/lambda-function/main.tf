# One Lambda function the way every function of this project runs: a least-privilege role, its own
# log group with retention (created before the function, so Lambda never makes one without), an
# on-failure queue, an error alarm and, optionally, an EventBridge Scheduler schedule.

data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  log_group_name = "/aws/lambda/${var.name}"
  region         = data.aws_region.current.id

  # The official Powertools for AWS Lambda (Python) V3 layer, published by AWS in account 017000801446
  # per region, Python version and architecture (source: docs.powertools.aws.dev/lambda/python,
  # "Lambda Layer"; see README). Keep the version in step with requirements/layers/powertools.txt.
  powertools_layer_account = "017000801446"
  powertools_layer_version = 37
  powertools_layer_regions = [
    "af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
    "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
    "ap-southeast-5", "ap-southeast-7", "ca-central-1", "eu-central-1", "eu-central-2", "eu-north-1",
    "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1",
    "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  ]
  official_powertools_available = (
    data.aws_partition.current.partition == "aws" && contains(local.powertools_layer_regions, local.region)
  )
  official_powertools_layer_arn = format(
    "arn:aws:lambda:%s:%s:layer:AWSLambdaPowertoolsPythonV3-%s-%s:%d",
    local.region, local.powertools_layer_account, replace(var.runtime, ".", ""), var.architecture,
    local.powertools_layer_version,
  )
  powertools_layer_arns = var.powertools_layer_arns != null ? var.powertools_layer_arns : (
    local.official_powertools_available ? [local.official_powertools_layer_arn] : []
  )
  layers = concat(local.powertools_layer_arns, var.additional_layer_arns)
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_338:Retention is a cost lever here; 30 days by default, log_retention_in_days sets a year or more where compliance needs it.
  name              = local.log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_sqs_queue" "failures" {
  name                              = "${var.name}-failures"
  message_retention_seconds         = 1209600 # 14 days, the maximum: failures wait for a human
  sqs_managed_sse_enabled           = var.kms_key_arn == null ? true : null
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = var.kms_key_arn == null ? null : 3600
  tags                              = var.tags
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "${var.name}-lambda"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "base" {
  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }
  statement {
    sid       = "SendFailures"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.failures.arn]
  }
  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [var.kms_key_arn]
    content {
      sid       = "UseFleetKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [statement.value]
    }
  }
  dynamic "statement" {
    for_each = var.tracing_mode == "Active" ? [1] : []
    content {
      sid       = "WriteTraces"
      actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
      resources = ["*"] # X-Ray has no resource-level permissions
    }
  }
}

resource "aws_iam_role_policy" "base" {
  name   = "base"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.base.json
}

resource "aws_iam_role_policy" "function" {
  count  = var.policy_json == null ? 0 : 1
  name   = "function"
  role   = aws_iam_role.this.id
  policy = var.policy_json
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_116:Failed asynchronous invocations go to an on-failure destination (aws_lambda_function_event_invoke_config), which records more than a DLQ.
  #checkov:skip=CKV_AWS_117:The function calls only AWS APIs; running it in a VPC would need endpoints or a NAT gateway, which cost more than they protect here.
  #checkov:skip=CKV_AWS_272:Packages are built reproducibly from this repository and pinned by content hash (source_code_hash); code signing is left to the user.
  #checkov:skip=CKV_AWS_50:X-Ray active tracing costs per trace; tracing_mode = "Active" turns it on.
  #checkov:skip=CKV_AWS_115:Reserved concurrency is an input (reserved_concurrent_executions); request-path functions stay unreserved by default.
  function_name                  = var.name
  description                    = var.description
  role                           = aws_iam_role.this.arn
  filename                       = var.package_file
  source_code_hash               = var.package_file == null ? null : filebase64sha256(var.package_file)
  s3_bucket                      = try(var.s3_package.bucket, null)
  s3_key                         = try(var.s3_package.key, null)
  s3_object_version              = try(var.s3_package.object_version, null)
  layers                         = local.layers
  handler                        = var.handler
  runtime                        = var.runtime
  architectures                  = [var.architecture]
  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions == null ? -1 : var.reserved_concurrent_executions
  kms_key_arn                    = var.kms_key_arn

  dynamic "environment" {
    for_each = length(var.environment_variables) > 0 ? [1] : []
    content {
      variables = var.environment_variables
    }
  }

  tracing_config {
    mode = var.tracing_mode
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.base, aws_iam_role_policy.function]

  lifecycle {
    precondition {
      condition     = (var.package_file == null) != (var.s3_package == null)
      error_message = "Set exactly one of package_file (a local zip) and s3_package (an S3 object) for function ${var.name}."
    }
    precondition {
      condition     = var.powertools_layer_arns != null || local.official_powertools_available
      error_message = "powertools_layer_arns: the official Powertools layer is not published in ${data.aws_partition.current.partition}/${local.region}; pass the ARN of a Powertools layer you publish there (`make build` writes one to build/lambda/layers/powertools-<hash>.zip), or [] when the package brings Powertools itself."
    }
  }
}

resource "aws_lambda_function_event_invoke_config" "this" {
  function_name          = aws_lambda_function.this.function_name
  maximum_retry_attempts = var.maximum_retry_attempts

  destination_config {
    on_failure {
      destination = aws_sqs_queue.failures.arn
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "${var.name}-errors"
  alarm_description   = "${var.name} raised errors. Check its log group ${local.log_group_name} and the queue ${aws_sqs_queue.failures.name}."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "throttles" {
  count               = var.alarm_on_throttles ? 1 : 0
  alarm_name          = "${var.name}-throttles"
  alarm_description   = "${var.name} was throttled: raise reserved concurrency or the account limit."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

# -- schedule -----------------------------------------------------------------------------------------

data "aws_iam_policy_document" "scheduler_assume" {
  count = var.schedule == null ? 0 : 1
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  count              = var.schedule == null ? 0 : 1
  name               = "${var.name}-scheduler"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume[0].json
  tags               = var.tags
}

data "aws_iam_policy_document" "scheduler" {
  count = var.schedule == null ? 0 : 1
  statement {
    sid       = "InvokeThisFunction"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_function.this.arn]
  }
  statement {
    sid       = "SendUndeliveredEvents"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.failures.arn]
  }
  # The schedule's input is encrypted with the key, and so is the dead-letter queue it writes to.
  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [var.kms_key_arn]
    content {
      sid       = "UseFleetKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "scheduler" {
  count  = var.schedule == null ? 0 : 1
  name   = "invoke"
  role   = aws_iam_role.scheduler[0].id
  policy = data.aws_iam_policy_document.scheduler[0].json
}

resource "aws_scheduler_schedule" "this" {
  count                        = var.schedule == null ? 0 : 1
  name                         = var.name
  schedule_expression          = var.schedule.expression
  schedule_expression_timezone = var.schedule.timezone
  state                        = var.schedule.enabled ? "ENABLED" : "DISABLED"
  kms_key_arn                  = var.kms_key_arn # null: an AWS owned key

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.this.arn
    role_arn = aws_iam_role.scheduler[0].arn
    input    = var.schedule.input

    dead_letter_config {
      arn = aws_sqs_queue.failures.arn
    }

    retry_policy {
      maximum_retry_attempts = 2
    }
  }
}
