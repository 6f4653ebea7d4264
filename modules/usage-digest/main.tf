# The usage digest: a weekly Lambda that reads the last week of the fleet's usage as
# `agentcore-finops usage` does, runs the `recommend` rules on it and publishes the top savings and the
# largest cost drifts to a topic (the guardrails topic in the root), plus each agent's recommended
# saving as the RecommendedSavingUSD metric for the cost dashboard. Built on modules/lambda-function
# (role, own log group, failure queue, error alarm, schedule); this module adds the policy and settings.

locals {
  # AWS rules several modules check inputs against (see variables.tf), written once: modules/aws-rules.json.
  aws_rules = jsondecode(file("${path.module}/../aws-rules.json"))

  # The read part is modules/usage-reader's read-only document (the policy `usage`/`recommend` run
  # with), less the log group sizes the digest does not read.
  read_statements = [
    for s in jsondecode(module.reader.policy_json).Statement : s
    if contains(["ReadFleetMetrics", "ReadAgentConfig"], s.Sid)
  ]

  policy = {
    Version = "2012-10-17"
    Statement = concat(local.read_statements, [
      {
        # PutMetricData authorises no resource; the condition keeps it to the project's namespace.
        Sid       = "PutRecommendedSaving"
        Effect    = "Allow"
        Action    = ["cloudwatch:PutMetricData"]
        Resource  = "*"
        Condition = { StringEquals = { "cloudwatch:namespace" = "AgentCoreFinOps" } }
      },
      {
        Sid      = "PublishDigest"
        Effect   = "Allow"
        Action   = ["sns:Publish"]
        Resource = var.sns_topic_arn
      },
    ])
  }

  environment = {
    CONFIG_TABLE_NAME       = local.config_table_name
    SNS_TOPIC_ARN           = var.sns_topic_arn
    WINDOW_DAYS             = tostring(var.window_days)
    TOP_K                   = tostring(var.top_k)
    MIN_CALLS               = tostring(var.min_calls)
    LOWEST_TIER             = var.lowest_tier
    TIERS                   = jsonencode(var.tiers)
    POWERTOOLS_SERVICE_NAME = "usage-digest"
    POWERTOOLS_LOG_LEVEL    = "INFO"
  }

  config_table_name = element(split("/", var.config_table_arn), 1)
}

module "reader" {
  source = "../usage-reader"

  config_table_arn = var.config_table_arn
}

module "function" {
  source = "../lambda-function"

  function = var.function
  defaults = {
    name         = "usage-digest"
    handler      = "usage_digest.handler.lambda_handler"
    package_file = "${path.module}/package/usage_digest.zip" # own code only, rebuilt byte for byte by `make build`
    timeout      = 300
  }
  description                    = "agentcore-finops usage digest: ${var.window_days}-day usage, top ${var.top_k} savings and drifts to the topic."
  environment_variables          = local.environment
  policy_json                    = jsonencode(local.policy)
  schedule                       = var.schedule
  reserved_concurrent_executions = 1 # one digest at a time
  maximum_retry_attempts         = 0 # a failed run has already published what it could; no second digest
}
