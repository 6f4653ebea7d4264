# Guardrails for the fleet's bill: a monthly budget with actual and forecast alerts, Cost Anomaly
# Detection for the same spend, alarms on the project's own cost metrics, and a dashboard.

data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  # AWS rules several modules check inputs against (see variables.tf), written once: modules/aws-rules.json.
  aws_rules = jsondecode(file("${path.module}/../aws-rules.json"))
  # Partition and region of the provider (read as .id: .name is deprecated on hashicorp/aws 6.x).
  partition = data.aws_partition.current.partition
  region    = data.aws_region.current.id
  # Budget notification thresholds, actual and forecast alike: percent of the budget.
  max_threshold_percent = 1000
}

locals {
  create_topic = var.sns_topic_arn == null
  topic_arn    = local.create_topic ? aws_sns_topic.this[0].arn : var.sns_topic_arn

  # One filter for the budget and the anomaly monitor: a cost-allocation tag, or service names.
  tag_filter = var.cost_filter.tag
  budget_filter = local.tag_filter != null ? {
    name   = "TagKeyValue"
    values = [for v in local.tag_filter.values : format("user:%s$%s", local.tag_filter.key, v)]
    } : {
    name   = "Service"
    values = var.cost_filter.services
  }
  monitor_specification = local.tag_filter != null ? {
    Tags = { Key = local.tag_filter.key, Values = local.tag_filter.values, MatchOptions = ["EQUALS"] }
    } : {
    Dimensions = { Key = "SERVICE", Values = var.cost_filter.services, MatchOptions = ["EQUALS"] }
  }

  notifications = concat(
    [for p in var.notify_at_percent.actual : { type = "ACTUAL", threshold = p }],
    [for p in var.notify_at_percent.forecast : { type = "FORECASTED", threshold = p }],
  )

  anomaly_threshold = [for t in [
    var.anomaly_detection.threshold_usd == null ? null : {
      key = "ANOMALY_TOTAL_IMPACT_ABSOLUTE", value = var.anomaly_detection.threshold_usd
    },
    var.anomaly_detection.threshold_percent == null ? null : {
      key = "ANOMALY_TOTAL_IMPACT_PERCENTAGE", value = var.anomaly_detection.threshold_percent
    },
  ] : t if t != null]
}

# -- notifications --------------------------------------------------------------------------------------

# The topic is always encrypted. AWS Budgets, Cost Anomaly Detection and CloudWatch alarms cannot publish
# to a topic under the AWS managed SNS key (its policy cannot admit them), so without kms_key_arn the
# topic gets a key of its own (about 1 USD a month) whose policy admits exactly those publishers.
locals {
  create_topic_key = local.create_topic && coalesce(var.create_topic_key, var.kms_key_arn == null)
  topic_key_arn    = local.create_topic_key ? aws_kms_key.topic[0].arn : var.kms_key_arn
}

module "topic_key_policy" {
  source = "../kms-key-policy"
  count  = local.create_topic_key ? 1 : 0

  services   = ["sns", "budgets", "costalerts", "cloudwatch"]
  account_id = coalesce(var.account_id, "000000000000") # a null account fails the key's precondition first
  region     = local.region
  partition  = local.partition
}

resource "aws_kms_key" "topic" {
  count = local.create_topic_key ? 1 : 0

  description             = "${var.name}-cost-alerts topic (agentcore-finops cost-guardrails)"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy                  = module.topic_key_policy[0].policy_json
  tags                    = var.tags

  lifecycle {
    precondition {
      condition     = var.account_id != null
      error_message = "account_id is needed to encrypt the cost-alert topic with its own key (kms_key_arn is null): the key policy names the account."
    }
  }
}

resource "aws_sns_topic" "this" {
  count             = local.create_topic ? 1 : 0
  name              = "${var.name}-cost-alerts"
  kms_master_key_id = local.topic_key_arn
  tags              = var.tags
}

resource "aws_sns_topic_policy" "this" {
  count = local.create_topic ? 1 : 0
  arn   = aws_sns_topic.this[0].arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [merge(
      {
        Sid       = "CostServicesPublish"
        Effect    = "Allow"
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.this[0].arn
        Principal = { Service = ["budgets.amazonaws.com", "costalerts.amazonaws.com", "cloudwatch.amazonaws.com"] }
      },
      var.account_id == null ? {} : { Condition = { StringEquals = { "aws:SourceAccount" = var.account_id } } },
    )]
  })
}

resource "aws_sns_topic_subscription" "email" {
  for_each  = local.create_topic ? toset(var.notification_emails) : toset([])
  topic_arn = aws_sns_topic.this[0].arn
  protocol  = "email"
  endpoint  = each.value
}

# -- budget -------------------------------------------------------------------------------------------

resource "aws_budgets_budget" "this" {
  name         = "${var.name}-monthly"
  account_id   = var.account_id
  budget_type  = "COST"
  limit_amount = format("%.2f", var.monthly_budget_usd)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  cost_filter {
    name   = local.budget_filter.name
    values = local.budget_filter.values
  }

  dynamic "notification" {
    for_each = local.notifications
    content {
      comparison_operator        = "GREATER_THAN"
      threshold                  = notification.value.threshold
      threshold_type             = "PERCENTAGE"
      notification_type          = notification.value.type
      subscriber_sns_topic_arns  = [local.topic_arn]
      subscriber_email_addresses = var.notification_emails
    }
  }

  tags = var.tags

  depends_on = [aws_sns_topic_policy.this]
}

# -- anomaly detection -----------------------------------------------------------------------------------

resource "aws_ce_anomaly_monitor" "this" {
  count                 = var.anomaly_detection.enabled ? 1 : 0
  name                  = "${var.name}-spend"
  monitor_type          = "CUSTOM"
  monitor_specification = jsonencode(local.monitor_specification)
  tags                  = var.tags
}

resource "aws_ce_anomaly_subscription" "topic" {
  count            = var.anomaly_detection.enabled ? 1 : 0
  name             = "${var.name}-anomalies"
  frequency        = var.anomaly_detection.frequency
  monitor_arn_list = [aws_ce_anomaly_monitor.this[0].arn]

  # IMMEDIATE alerts go to the SNS topic (and so to its e-mail subscriptions); DAILY and WEEKLY
  # digests can only go to e-mail addresses.
  dynamic "subscriber" {
    for_each = var.anomaly_detection.frequency == "IMMEDIATE" ? [{ type = "SNS", address = local.topic_arn }] : [
      for e in var.notification_emails : { type = "EMAIL", address = e }
    ]
    content {
      type    = subscriber.value.type
      address = subscriber.value.address
    }
  }

  dynamic "threshold_expression" {
    for_each = length(local.anomaly_threshold) == 1 ? local.anomaly_threshold : []
    content {
      dimension {
        key           = threshold_expression.value.key
        match_options = ["GREATER_THAN_OR_EQUAL"]
        values        = [tostring(threshold_expression.value.value)]
      }
    }
  }

  dynamic "threshold_expression" {
    for_each = length(local.anomaly_threshold) == 2 ? [1] : []
    content {
      dynamic "or" {
        for_each = local.anomaly_threshold
        content {
          dimension {
            key           = or.value.key
            match_options = ["GREATER_THAN_OR_EQUAL"]
            values        = [tostring(or.value.value)]
          }
        }
      }
    }
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.anomaly_detection.frequency == "IMMEDIATE" || length(var.notification_emails) > 0
      error_message = "anomaly_detection.frequency ${var.anomaly_detection.frequency} sends e-mail digests: set notification_emails, or use IMMEDIATE (SNS)."
    }
    precondition {
      condition     = length(local.anomaly_threshold) > 0
      error_message = "anomaly_detection needs threshold_usd or threshold_percent."
    }
  }
}

# -- alarms on the project's own metrics ----------------------------------------------------------------
# The Lambdas and guards emit per agent (dimensions service, AgentId, Tier); a fleet-wide alarm sums
# them with a CloudWatch Metrics Insights query, so no extra aggregate metric is needed.

locals {
  alarm_thresholds = merge(
    { cost-per-hour = 25, tool-call-storm = 20, ltm-growth = 5000 },
    var.alarm_thresholds,
  )

  alarms = {
    for name, a in {
      cost-per-hour = {
        threshold   = local.alarm_thresholds["cost-per-hour"]
        period      = 3600
        query       = "SELECT SUM(CostUSD) FROM ${local.per_agent} WHERE service = 'tier-router'"
        description = "Model spend through the tier router passed USD ${coalesce(local.alarm_thresholds["cost-per-hour"], 0)} in an hour."
      }
      tool-call-storm = {
        threshold   = local.alarm_thresholds["tool-call-storm"]
        period      = 300
        query       = "SELECT SUM(StepBudgetExhausted) FROM ${local.per_agent} WHERE service = 'agent-guards'"
        description = "More than ${coalesce(local.alarm_thresholds["tool-call-storm"], 0)} agent invocations hit their step budget in 5 minutes: a tool or prompt is looping."
      }
      ltm-growth = {
        threshold   = local.alarm_thresholds["ltm-growth"]
        period      = 86400
        query       = "SELECT SUM(LtmRecordsWritten) FROM ${local.per_agent} WHERE service = 'agent-guards'"
        description = "More than ${coalesce(local.alarm_thresholds["ltm-growth"], 0)} long-term memory records written in a day: check importance thresholds and the pruner."
      }
    } : name => a if a.threshold != null
  }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  comparison_operator = "GreaterThanThreshold"
  threshold           = each.value.threshold
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [local.topic_arn]
  ok_actions          = [local.topic_arn]

  metric_query {
    id          = "q1"
    expression  = each.value.query
    period      = each.value.period
    return_data = true
  }

  tags = var.tags
}

# -- dashboard ------------------------------------------------------------------------------------------
# Every widget is a Metrics Insights query over the metrics the project emits: the tier router and the
# agent-side guards per agent (dimensions service, AgentId, Tier), the auditor and the pruner per run
# (dimension service). tests/plan/test_dashboard_metrics.py checks each (service, metric, dimensions)
# against what the Lambdas and guards declare in METRIC_NAMES.

locals {
  per_agent = "SCHEMA(\"${var.metric_namespace}\", AgentId, Tier, service)"
  per_run   = "SCHEMA(\"${var.metric_namespace}\", service)"
  top       = var.dashboard.top_agents

  # title, then one query per line of the graph: [label, query]
  graphs = [
    {
      title = "Model cost per tier (USD per hour)", period = 3600, stacked = true
      lines = [["", "SELECT SUM(CostUSD) FROM ${local.per_agent} WHERE service = 'tier-router' GROUP BY Tier"]]
    },
    {
      title = "Model cost, top ${local.top} agents (USD per hour)", period = 3600, stacked = false
      lines = [["", "SELECT SUM(CostUSD) FROM ${local.per_agent} WHERE service = 'tier-router' GROUP BY AgentId ORDER BY SUM() DESC LIMIT ${local.top}"]]
    },
    {
      title = "Tokens per tier, by kind (per hour)", period = 3600, stacked = true
      lines = [
        ["input", "SELECT SUM(InputTokens) FROM ${local.per_agent} WHERE service = 'tier-router' GROUP BY Tier"],
        ["output", "SELECT SUM(OutputTokens) FROM ${local.per_agent} WHERE service = 'tier-router' GROUP BY Tier"],
        ["cache read", "SELECT SUM(CacheReadInputTokens) FROM ${local.per_agent} WHERE service = 'tier-router' GROUP BY Tier"],
        ["cache write", "SELECT SUM(CacheWriteInputTokens) FROM ${local.per_agent} WHERE service = 'tier-router' GROUP BY Tier"],
      ]
    },
    {
      title = "Tokens, top ${local.top} agents (input + output per hour)", period = 3600, stacked = false
      lines = [
        ["input", "SELECT SUM(InputTokens) FROM ${local.per_agent} WHERE service = 'tier-router' GROUP BY AgentId ORDER BY SUM() DESC LIMIT ${local.top}"],
        ["output", "SELECT SUM(OutputTokens) FROM ${local.per_agent} WHERE service = 'tier-router' GROUP BY AgentId ORDER BY SUM() DESC LIMIT ${local.top}"],
      ]
    },
    {
      title = "Prompt-cache hit ratio per tier", period = 3600, stacked = false
      lines = [["", "SELECT AVG(CacheHitRatio) FROM ${local.per_agent} WHERE service = 'tier-router' GROUP BY Tier"]]
    },
    {
      title = "Model calls and escalations per tier", period = 3600, stacked = false
      lines = [
        ["calls", "SELECT SUM(ModelCalls) FROM ${local.per_agent} WHERE service = 'tier-router' GROUP BY Tier"],
        ["escalated", "SELECT SUM(Escalations) FROM ${local.per_agent} WHERE service = 'tier-router' GROUP BY Tier"],
        ["throttled", "SELECT SUM(ModelThrottles) FROM ${local.per_agent} WHERE service = 'tier-router' GROUP BY Tier"],
      ]
    },
    {
      title = "Step budgets: tool calls, cancelled calls, exhausted invocations", period = 300, stacked = false
      lines = [
        ["tool calls", "SELECT SUM(ToolCalls) FROM ${local.per_agent} WHERE service = 'agent-guards' GROUP BY Tier"],
        ["cancelled", "SELECT SUM(ToolCallsCancelled) FROM ${local.per_agent} WHERE service = 'agent-guards' GROUP BY Tier"],
        ["budget spent", "SELECT SUM(StepBudgetExhausted) FROM ${local.per_agent} WHERE service = 'agent-guards' GROUP BY Tier"],
      ]
    },
    {
      title = "Memory writes: short-term events, long-term records written and skipped", period = 3600, stacked = false
      lines = [
        ["events", "SELECT SUM(MemoryEventsWritten) FROM ${local.per_agent} WHERE service = 'agent-guards' GROUP BY Tier"],
        ["LTM written", "SELECT SUM(LtmRecordsWritten) FROM ${local.per_agent} WHERE service = 'agent-guards' GROUP BY Tier"],
        ["LTM skipped", "SELECT SUM(LtmRecordsSkipped) FROM ${local.per_agent} WHERE service = 'agent-guards' GROUP BY Tier"],
      ]
    },
    {
      title = "Log-retention auditor: groups scanned, non-compliant, fixed", period = 86400, stacked = false
      lines = [
        ["scanned", "SELECT MAX(LogGroupsScanned) FROM ${local.per_run} WHERE service = 'log-retention-auditor'"],
        ["non-compliant", "SELECT MAX(LogGroupsNonCompliant) FROM ${local.per_run} WHERE service = 'log-retention-auditor'"],
        ["fixed", "SELECT SUM(LogGroupsFixed) FROM ${local.per_run} WHERE service = 'log-retention-auditor'"],
      ]
    },
    {
      title = "Log-retention auditor: bytes stored in groups without retention", period = 86400, stacked = false
      lines = [["", "SELECT MAX(UnmanagedStoredBytes) FROM ${local.per_run} WHERE service = 'log-retention-auditor'"]]
    },
    {
      title = "LTM pruner: records scanned, deleted, kept, failed", period = 86400, stacked = false
      lines = [
        ["scanned", "SELECT MAX(RecordsScanned) FROM ${local.per_run} WHERE service = 'ltm-pruner'"],
        ["deleted", "SELECT SUM(RecordsDeleted) FROM ${local.per_run} WHERE service = 'ltm-pruner'"],
        ["would delete (dry run)", "SELECT SUM(RecordsWouldDelete) FROM ${local.per_run} WHERE service = 'ltm-pruner'"],
        ["kept", "SELECT MAX(RecordsKept) FROM ${local.per_run} WHERE service = 'ltm-pruner'"],
        ["failed", "SELECT SUM(RecordsFailed) FROM ${local.per_run} WHERE service = 'ltm-pruner'"],
      ]
    },
    {
      title = "LTM pruner: estimated monthly saving (USD)", period = 86400, stacked = false
      lines = [["", "SELECT MAX(EstimatedMonthlySavingUSD) FROM ${local.per_run} WHERE service = 'ltm-pruner'"]]
    },
  ]

  # The usage digest puts each agent's recommended saving once a week (dimensions AgentId, service):
  # the widget shows the last two weeks (what Metrics Insights can read), one point per day.
  digest_graphs = var.dashboard.recommended_saving ? [
    {
      title = "Recommended saving, top ${local.top} agents (USD a month, weekly usage digest)", period = 86400, stacked = false, start = "-P14D"
      lines = [["", "SELECT MAX(RecommendedSavingUSD) FROM ${local.per_digest_agent} WHERE service = 'usage-digest' GROUP BY AgentId ORDER BY MAX() DESC LIMIT ${local.top}"]]
    },
  ] : []
  per_digest_agent = "SCHEMA(\"${var.metric_namespace}\", AgentId, service)"
  all_graphs       = concat(local.graphs, local.digest_graphs)

  graph_widgets = [
    for i, g in local.all_graphs : {
      type   = "metric"
      x      = (i % 2) * 12
      y      = 2 + floor(i / 2) * 6
      width  = 12
      height = 6
      properties = merge({
        title   = g.title
        region  = local.region
        view    = "timeSeries"
        stacked = g.stacked
        period  = g.period
        metrics = [
          for j, line in g.lines : [{ expression = line[1], id = "q${j + 1}", label = line[0], period = g.period }]
        ]
      }, try({ start = g.start }, {}))
    }
  ]

  dashboard_body = jsonencode({
    widgets = concat(
      [{
        type   = "text"
        x      = 0
        y      = 0
        width  = 24
        height = 2
        properties = {
          markdown = "## ${var.name}: agent fleet cost\nMonthly budget USD ${format("%.2f", var.monthly_budget_usd)}. Metrics from namespace `${var.metric_namespace}`: the tier router and the agent-side guards per agent, the log-retention auditor and the long-term-memory pruner per run."
        }
      }],
      local.graph_widgets,
      length(aws_cloudwatch_metric_alarm.this) == 0 ? [] : [{
        type   = "alarm"
        x      = 0
        y      = 2 + ceil(length(local.all_graphs) / 2) * 6
        width  = 24
        height = 3
        properties = {
          title  = "Cost guardrail alarms"
          alarms = [for a in aws_cloudwatch_metric_alarm.this : a.arn]
        }
      }],
    )
  })
}

resource "aws_cloudwatch_dashboard" "this" {
  count          = var.dashboard.enabled ? 1 : 0
  dashboard_name = "${var.name}-cost"
  dashboard_body = local.dashboard_body
}
