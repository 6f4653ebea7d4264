# One Lambda function the way every function of this project runs: a least-privilege role, its own
# log group with retention (created before the function, so Lambda never makes one without), an
# on-failure queue, an error alarm and, optionally, an EventBridge Scheduler schedule.

locals {
  # AWS rules several modules check inputs against (see variables.tf), written once: modules/aws-rules.json.
  aws_rules = jsondecode(file("${path.module}/../aws-rules.json"))
}

data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  # The settings var.function and var.defaults may hold, with this module's defaults (null: none; name
  # and handler are required, and exactly one of package_file and s3_package).
  setting_defaults = {
    name                  = null
    handler               = null
    package_file          = null
    s3_package            = null
    runtime               = "python3.12"
    architecture          = "arm64"
    memory_size           = 256
    timeout               = 60
    powertools_layer_arns = null
    additional_layer_arns = []
    tracing_mode          = "PassThrough"
    log_retention_in_days = 30
    kms_key_arn           = null
    alarm_actions         = []
    tags                  = {}
  }

  # A package given in var.function replaces the calling module's default package.
  package_given = try(var.function.package_file, null) != null || try(var.function.s3_package, null) != null
  defaults      = { for k, v in var.defaults : k => v if !(local.package_given && contains(["package_file", "s3_package"], k)) }

  # Attribute by attribute (an unknown value stays in its own attribute): var.function, else the
  # calling module's default, else this module's.
  fn = {
    for k, d in local.setting_defaults : k => (
      try(var.function[k], null) != null ? var.function[k] : try(local.defaults[k], null) != null ? local.defaults[k] : d
    )
  }

  # The schedule, with its defaults.
  schedule = var.schedule == null ? null : {
    expression = var.schedule.expression
    timezone   = try(coalesce(var.schedule.timezone, "UTC"), "UTC")
    input      = try(coalesce(var.schedule.input, "{}"), "{}")
    enabled    = try(var.schedule.enabled, null) != false
  }

  log_group_name = "/aws/lambda/${local.fn.name}"
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
    local.region, local.powertools_layer_account, replace(local.fn.runtime, ".", ""), local.fn.architecture,
    local.powertools_layer_version,
  )
  powertools_layer_arns = local.fn.powertools_layer_arns != null ? local.fn.powertools_layer_arns : (
    local.official_powertools_available ? [local.official_powertools_layer_arn] : []
  )
  layers = tolist(concat(
    local.powertools_layer_arns, local.fn.additional_layer_arns, [for k in sort(keys(var.layer_files)) : aws_lambda_layer_version.this[k].arn],
  ))
}

# Layers published with the function (layer_files): the pruner's boto3 layer.
resource "aws_lambda_layer_version" "this" {
  for_each = var.layer_files

  layer_name               = "${local.fn.name}-${each.key}"
  description              = "${each.key} for ${local.fn.name} (agentcore-finops)"
  filename                 = each.value
  source_code_hash         = filebase64sha256(each.value)
  compatible_runtimes      = [local.fn.runtime]
  compatible_architectures = [local.fn.architecture]
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_338:Retention is a cost lever here; 30 days by default, log_retention_in_days sets a year or more where compliance needs it.
  name              = local.log_group_name
  retention_in_days = local.fn.log_retention_in_days
  kms_key_id        = local.fn.kms_key_arn
  tags              = local.fn.tags
}

resource "aws_sqs_queue" "failures" {
  name                              = "${local.fn.name}-failures"
  message_retention_seconds         = 1209600 # 14 days, the maximum: failures wait for a human
  sqs_managed_sse_enabled           = local.fn.kms_key_arn == null ? true : null
  kms_master_key_id                 = local.fn.kms_key_arn
  kms_data_key_reuse_period_seconds = local.fn.kms_key_arn == null ? null : 3600
  tags                              = local.fn.tags
}

resource "aws_iam_role" "this" {
  name               = "${local.fn.name}-lambda"
  assume_role_policy = jsonencode(local.assume_role_policy["lambda"])
  tags               = local.fn.tags
}

locals {
  # Who may assume the function's and the scheduler's roles (this project's one IAM style: jsonencode).
  assume_role_policy = {
    for service in ["lambda", "scheduler"] : service => {
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Action    = ["sts:AssumeRole"]
        Principal = { Service = "${service}.amazonaws.com" }
      }]
    }
  }

  # The key encrypts the log group, environment, failure queue and the schedule's input.
  use_key_statements = local.fn.kms_key_arn == null ? [] : [{
    Sid      = "UseFleetKey"
    Effect   = "Allow"
    Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
    Resource = [local.fn.kms_key_arn]
  }]

  base_policy = {
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "WriteOwnLogs"
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
          Resource = ["${aws_cloudwatch_log_group.this.arn}:*"]
        },
        {
          Sid      = "SendFailures"
          Effect   = "Allow"
          Action   = ["sqs:SendMessage"]
          Resource = [aws_sqs_queue.failures.arn]
        },
      ],
      local.use_key_statements,
      local.fn.tracing_mode == "Active" ? [{
        Sid      = "WriteTraces"
        Effect   = "Allow"
        Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        Resource = ["*"] # X-Ray has no resource-level permissions
      }] : [],
    )
  }
}

resource "aws_iam_role_policy" "base" {
  name   = "base"
  role   = aws_iam_role.this.id
  policy = jsonencode(local.base_policy)
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
  function_name                  = local.fn.name
  description                    = var.description
  role                           = aws_iam_role.this.arn
  filename                       = local.fn.package_file
  source_code_hash               = local.fn.package_file == null ? null : filebase64sha256(local.fn.package_file)
  s3_bucket                      = try(local.fn.s3_package.bucket, null)
  s3_key                         = try(local.fn.s3_package.key, null)
  s3_object_version              = try(local.fn.s3_package.object_version, null)
  layers                         = local.layers
  handler                        = local.fn.handler
  runtime                        = local.fn.runtime
  architectures                  = [local.fn.architecture]
  memory_size                    = local.fn.memory_size
  timeout                        = local.fn.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions == null ? -1 : var.reserved_concurrent_executions
  kms_key_arn                    = local.fn.kms_key_arn

  dynamic "environment" {
    for_each = length(var.environment_variables) > 0 ? [1] : []
    content {
      variables = var.environment_variables
    }
  }

  tracing_config {
    mode = local.fn.tracing_mode
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  tags = local.fn.tags

  depends_on = [aws_iam_role_policy.base, aws_iam_role_policy.function]

  lifecycle {
    precondition {
      condition     = (local.fn.package_file == null) != (local.fn.s3_package == null)
      error_message = "Set exactly one of function.package_file (a local zip) and function.s3_package (an S3 object) for function ${local.fn.name}."
    }
    precondition {
      condition     = local.fn.powertools_layer_arns != null || local.official_powertools_available
      error_message = "function.powertools_layer_arns: the official Powertools layer is not published in ${data.aws_partition.current.partition}/${local.region}; pass the ARN of a Powertools layer you publish there (`make build` writes one to build/lambda/layers/powertools-<hash>.zip), or [] when the package brings Powertools itself."
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
  alarm_name          = "${local.fn.name}-errors"
  alarm_description   = "${local.fn.name} raised errors. Check its log group ${local.log_group_name} and the queue ${aws_sqs_queue.failures.name}."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.fn.alarm_actions
  ok_actions          = local.fn.alarm_actions
  tags                = local.fn.tags
}

resource "aws_cloudwatch_metric_alarm" "throttles" {
  count               = var.alarm_on_throttles ? 1 : 0
  alarm_name          = "${local.fn.name}-throttles"
  alarm_description   = "${local.fn.name} was throttled: raise reserved concurrency or the account limit."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.fn.alarm_actions
  ok_actions          = local.fn.alarm_actions
  tags                = local.fn.tags
}

# -- schedule -----------------------------------------------------------------------------------------

resource "aws_iam_role" "scheduler" {
  count              = var.schedule == null ? 0 : 1
  name               = "${local.fn.name}-scheduler"
  assume_role_policy = jsonencode(local.assume_role_policy["scheduler"])
  tags               = local.fn.tags
}

locals {
  scheduler_policy = {
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "InvokeThisFunction"
          Effect   = "Allow"
          Action   = ["lambda:InvokeFunction"]
          Resource = [aws_lambda_function.this.arn]
        },
        {
          Sid      = "SendUndeliveredEvents"
          Effect   = "Allow"
          Action   = ["sqs:SendMessage"]
          Resource = [aws_sqs_queue.failures.arn]
        },
      ],
      # The schedule's input is encrypted with the key, and so is the dead-letter queue it writes to.
      local.use_key_statements,
    )
  }
}

resource "aws_iam_role_policy" "scheduler" {
  count  = var.schedule == null ? 0 : 1
  name   = "invoke"
  role   = aws_iam_role.scheduler[0].id
  policy = jsonencode(local.scheduler_policy)
}

resource "aws_scheduler_schedule" "this" {
  count                        = var.schedule == null ? 0 : 1
  name                         = local.fn.name
  schedule_expression          = local.schedule.expression
  schedule_expression_timezone = local.schedule.timezone
  state                        = local.schedule.enabled ? "ENABLED" : "DISABLED"
  kms_key_arn                  = local.fn.kms_key_arn # null: an AWS owned key

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.this.arn
    role_arn = aws_iam_role.scheduler[0].arn
    input    = local.schedule.input

    dead_letter_config {
      arn = aws_sqs_queue.failures.arn
    }

    retry_policy {
      maximum_retry_attempts = 2
    }
  }
}
