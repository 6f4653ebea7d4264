# The log-retention auditor: a scheduled Lambda that finds log groups keeping data forever (or longer
# than policy) under the configured prefixes, reports them with their stored bytes and monthly storage
# cost, and in enforce mode sets retention. Built on modules/lambda-function (role, own log group,
# failure queue, error alarm, schedule); this module adds the least-privilege policy and the settings.

locals {
  # AWS rules several modules check inputs against (see variables.tf), written once: modules/aws-rules.json.
  aws_rules = jsondecode(file("${path.module}/../aws-rules.json"))
}

data "aws_partition" "current" {}

data "aws_region" "current" {
  lifecycle {
    # A rule over two inputs (a validation block cannot compare variables before Terraform 1.9).
    precondition {
      condition     = var.target_retention_days <= var.max_retention_days
      error_message = "target_retention_days (${var.target_retention_days}) must not be above max_retention_days (${var.max_retention_days}): enforcing would make groups non-compliant."
    }
  }
}

locals {
  # Listing /aws/ already lists /aws/lambda/: only prefixes no other prefix covers are needed.
  covering_prefixes = sort([
    for p in distinct(var.include_prefixes) : p
    if length([for q in distinct(var.include_prefixes) : q if q != p && startswith(p, q)]) == 0
  ])

  log_group_arn_prefix = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.id}:${var.account_id}:log-group:"

  # Least privilege: DescribeLogGroups on the account's log groups in this region (its resource type
  # is log-group:*); in enforce mode only, PutRetentionPolicy limited to the include prefixes (report
  # mode never writes, and the handler refuses an event asking for enforce when MODE=report); Publish
  # to the one topic. Written with jsonencode (not a data source) so the plan shows it and the
  # module's tests can check it.
  policy = {
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "ListLogGroups"
          Effect   = "Allow"
          Action   = ["logs:DescribeLogGroups"]
          Resource = "${local.log_group_arn_prefix}*"
        },
      ],
      var.mode != "enforce" ? [] : [
        {
          Sid      = "SetRetentionUnderIncludedPrefixes"
          Effect   = "Allow"
          Action   = ["logs:PutRetentionPolicy"]
          Resource = [for p in local.covering_prefixes : "${local.log_group_arn_prefix}${p}*"]
        },
      ],
      var.sns_topic_arn == null ? [] : [
        {
          Sid      = "NotifyFindings"
          Effect   = "Allow"
          Action   = ["sns:Publish"]
          Resource = var.sns_topic_arn
        },
      ],
    )
  }

  environment = merge(
    {
      INCLUDE_PREFIXES        = jsonencode(var.include_prefixes)
      EXCLUDE_PREFIXES        = jsonencode(var.exclude_prefixes)
      MAX_RETENTION_DAYS      = tostring(var.max_retention_days)
      TARGET_RETENTION_DAYS   = tostring(var.target_retention_days)
      MODE                    = var.mode
      ALLOW_SHORTEN           = tostring(var.allow_shorten)
      MAX_CHANGES             = tostring(var.max_changes)
      POWERTOOLS_SERVICE_NAME = "log-retention-auditor"
      POWERTOOLS_LOG_LEVEL    = "INFO"
    },
    var.sns_topic_arn == null ? {} : { SNS_TOPIC_ARN = var.sns_topic_arn },
  )
}

module "function" {
  source = "../lambda-function"

  function = var.function
  defaults = {
    name         = "log-retention-auditor"
    handler      = "log_retention_auditor.handler.lambda_handler"
    package_file = "${path.module}/package/log_retention_auditor.zip" # own code only, rebuilt byte for byte by `make build`
    timeout      = 300
  }
  description                    = "agentcore-finops log-retention auditor: ${var.mode} mode, target ${var.target_retention_days} days, maximum ${var.max_retention_days} days."
  environment_variables          = local.environment
  policy_json                    = jsonencode(local.policy)
  schedule                       = var.schedule
  reserved_concurrent_executions = 1 # two runs at once would race for the same groups and the cap
  maximum_retry_attempts         = 0 # a failed run is reported; the next scheduled run picks up where it stopped
}
