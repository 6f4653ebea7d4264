mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      id = "us-east-1"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
  mock_resource "aws_kms_key" {
    defaults = {
      arn = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000"
    }
  }
  mock_resource "aws_ce_anomaly_monitor" {
    defaults = {
      arn = "arn:aws:ce::123456789012:anomalymonitor/00000000-0000-0000-0000-000000000000"
    }
  }
  mock_resource "aws_cloudwatch_metric_alarm" {
    defaults = {
      arn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:fleet"
    }
  }
  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:us-east-1:123456789012:fleet-cost-alerts"
    }
  }
}

variables {
  name               = "fleet"
  account_id         = "123456789012"
  monthly_budget_usd = 2500
}

run "defaults_watch_bedrock_and_agentcore_spend" {
  # apply (against the mock provider) so that the topic's ARN is known in the assertions
  command = apply

  assert {
    condition     = aws_budgets_budget.this.limit_amount == "2500.00" && aws_budgets_budget.this.time_unit == "MONTHLY" && aws_budgets_budget.this.budget_type == "COST"
    error_message = "a monthly cost budget of the given amount"
  }
  assert {
    condition     = [for f in aws_budgets_budget.this.cost_filter : f.name] == ["Service"] && tolist(one(aws_budgets_budget.this.cost_filter).values) == tolist(["Amazon Bedrock", "Amazon Bedrock AgentCore"])
    error_message = "the budget counts Bedrock and AgentCore spend by default"
  }
  assert {
    condition     = sort([for n in aws_budgets_budget.this.notification : "${n.notification_type}:${n.threshold}"]) == sort(["ACTUAL:80", "ACTUAL:100", "FORECASTED:100"])
    error_message = "actual alerts at 80% and 100%, forecast at 100%"
  }
  assert {
    condition     = alltrue([for n in aws_budgets_budget.this.notification : n.subscriber_sns_topic_arns == toset(["arn:aws:sns:us-east-1:123456789012:fleet-cost-alerts"])])
    error_message = "every budget notification goes to the module's topic"
  }
  assert {
    condition = jsondecode(aws_sns_topic_policy.this[0].policy) == {
      Version = "2012-10-17"
      Statement = [{
        Sid       = "CostServicesPublish"
        Effect    = "Allow"
        Action    = "sns:Publish"
        Resource  = "arn:aws:sns:us-east-1:123456789012:fleet-cost-alerts"
        Principal = { Service = ["budgets.amazonaws.com", "costalerts.amazonaws.com", "cloudwatch.amazonaws.com"] }
        Condition = { StringEquals = { "aws:SourceAccount" = "123456789012" } }
      }]
    }
    error_message = "only Budgets, Cost Anomaly Detection and CloudWatch of this account may publish to the topic"
  }
  assert {
    condition     = jsondecode(aws_ce_anomaly_monitor.this[0].monitor_specification) == { Dimensions = { Key = "SERVICE", Values = ["Amazon Bedrock", "Amazon Bedrock AgentCore"], MatchOptions = ["EQUALS"] } }
    error_message = "the anomaly monitor watches the same services"
  }
  assert {
    condition     = aws_ce_anomaly_subscription.topic[0].frequency == "IMMEDIATE" && one(aws_ce_anomaly_subscription.topic[0].subscriber).type == "SNS"
    error_message = "anomalies are sent at once to the topic"
  }
  assert {
    condition     = one(one(aws_ce_anomaly_subscription.topic[0].threshold_expression).dimension).key == "ANOMALY_TOTAL_IMPACT_ABSOLUTE" && one(one(aws_ce_anomaly_subscription.topic[0].threshold_expression).dimension).values == toset(["50"])
    error_message = "an anomaly alerts from USD 50 of impact"
  }
  assert {
    condition     = sort(keys(aws_cloudwatch_metric_alarm.this)) == tolist(["cost-per-hour", "ltm-growth", "tool-call-storm"])
    error_message = "three alarms by default"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.this["cost-per-hour"].threshold == 25 && one(aws_cloudwatch_metric_alarm.this["cost-per-hour"].metric_query).period == 3600 && strcontains(one(aws_cloudwatch_metric_alarm.this["cost-per-hour"].metric_query).expression, "SUM(CostUSD)")
    error_message = "the cost alarm sums the router's CostUSD per hour"
  }
  assert {
    condition     = strcontains(one(aws_cloudwatch_metric_alarm.this["tool-call-storm"].metric_query).expression, "SUM(StepBudgetExhausted)") && one(aws_cloudwatch_metric_alarm.this["tool-call-storm"].metric_query).period == 300
    error_message = "the storm alarm counts step-budget exhaustions per 5 minutes"
  }
  assert {
    condition     = length(jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets) == 14 && !strcontains(aws_cloudwatch_dashboard.this[0].dashboard_body, "RecommendedSavingUSD")
    error_message = "a title, 12 graphs and the alarm widget; no recommended-saving widget without the digest"
  }
}

run "the_recommended_saving_widget_with_the_usage_digest" {
  command = plan

  variables {
    dashboard = { top_agents = 8, recommended_saving = true }
  }

  assert {
    condition = [
      for w in jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets : w.properties.metrics[0][0].expression
      if strcontains(try(w.properties.title, ""), "Recommended saving")
      ] == [
      "SELECT MAX(RecommendedSavingUSD) FROM SCHEMA(\"AgentCoreFinOps\", AgentId, service) WHERE service = 'usage-digest' GROUP BY AgentId ORDER BY MAX() DESC LIMIT 8",
    ]
    error_message = "one widget: the top agents by the digest's RecommendedSavingUSD"
  }
  assert {
    condition     = [for w in jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets : w.properties.start if try(w.properties.start, null) != null] == ["-P14D"]
    error_message = "the widget shows two weeks (a weekly metric), the other widgets the dashboard's range"
  }
  assert {
    condition     = length(jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets) == 15 && contains(output.dashboard_queries, "SELECT MAX(RecommendedSavingUSD) FROM SCHEMA(\"AgentCoreFinOps\", AgentId, service) WHERE service = 'usage-digest' GROUP BY AgentId ORDER BY MAX() DESC LIMIT 8")
    error_message = "a 13th graph, and its query in dashboard_queries"
  }
}

run "a_cost_allocation_tag_instead_of_services" {
  command = plan

  variables {
    cost_filter = { tag = { key = "agentcore-finops:fleet", values = ["acme-agents"] } }
  }

  assert {
    condition     = one(aws_budgets_budget.this.cost_filter).name == "TagKeyValue" && tolist(one(aws_budgets_budget.this.cost_filter).values) == tolist(["user:agentcore-finops:fleet$acme-agents"])
    error_message = "the budget filters on the tag"
  }
  assert {
    condition     = jsondecode(aws_ce_anomaly_monitor.this[0].monitor_specification) == { Tags = { Key = "agentcore-finops:fleet", Values = ["acme-agents"], MatchOptions = ["EQUALS"] } }
    error_message = "the anomaly monitor filters on the same tag"
  }
}

run "an_existing_topic_and_e_mail_digests" {
  command = plan

  variables {
    sns_topic_arn       = "arn:aws:sns:us-east-1:123456789012:platform-alerts"
    notification_emails = ["finops@example.com"]
    anomaly_detection   = { frequency = "DAILY", threshold_usd = 100, threshold_percent = 20 }
    alarm_thresholds    = { "ltm-growth" = null }
    dashboard           = { enabled = false }
  }

  assert {
    condition     = length(aws_sns_topic.this) == 0 && length(aws_sns_topic_subscription.email) == 0
    error_message = "no topic is created when one is given"
  }
  assert {
    condition     = alltrue([for a in aws_cloudwatch_metric_alarm.this : a.alarm_actions == toset(["arn:aws:sns:us-east-1:123456789012:platform-alerts"])])
    error_message = "alarms notify the given topic"
  }
  assert {
    condition     = [for s in aws_ce_anomaly_subscription.topic[0].subscriber : s.type] == ["EMAIL"]
    error_message = "daily digests go to the e-mail addresses"
  }
  assert {
    condition     = length(one(aws_ce_anomaly_subscription.topic[0].threshold_expression).or) == 2
    error_message = "an absolute and a percentage threshold are combined with OR"
  }
  assert {
    condition     = !contains(keys(aws_cloudwatch_metric_alarm.this), "ltm-growth") && length(aws_cloudwatch_dashboard.this) == 0
    error_message = "a null threshold turns its alarm off; the dashboard can be turned off"
  }
}

run "notify_at_percent_sets_each_list_on_its_own" {
  command = plan
  variables {
    notify_at_percent = { forecast = [90, 120] }
  }
  assert {
    condition     = sort([for n in aws_budgets_budget.this.notification : "${n.notification_type}:${n.threshold}"]) == sort(["ACTUAL:80", "ACTUAL:100", "FORECASTED:90", "FORECASTED:120"])
    error_message = "a forecast list of its own keeps the actual default"
  }
}

run "notify_at_percent_actual_out_of_range" {
  command = plan
  variables {
    notify_at_percent = { actual = [0] }
  }
  expect_failures = [var.notify_at_percent]
}

run "notify_at_percent_forecast_out_of_range" {
  command = plan
  variables {
    notify_at_percent = { forecast = [1001] }
  }
  expect_failures = [var.notify_at_percent]
}

run "budget_must_be_positive" {
  command = plan
  variables {
    monthly_budget_usd = 0
  }
  expect_failures = [var.monthly_budget_usd]
}

run "filter_needs_services_or_a_tag" {
  command = plan
  variables {
    cost_filter = { services = [] }
  }
  expect_failures = [var.cost_filter]
}

run "bad_email" {
  command = plan
  variables {
    notification_emails = ["finops"]
  }
  expect_failures = [var.notification_emails]
}

run "bad_frequency" {
  command = plan
  variables {
    anomaly_detection = { frequency = "HOURLY" }
  }
  expect_failures = [var.anomaly_detection]
}

run "digest_without_emails" {
  command = plan
  variables {
    anomaly_detection = { frequency = "WEEKLY" }
  }
  expect_failures = [aws_ce_anomaly_subscription.topic]
}

run "bad_account_id" {
  command = plan
  variables {
    account_id = "12345"
  }
  expect_failures = [var.account_id]
}

run "top_agents_out_of_range" {
  command = plan
  variables {
    dashboard = { top_agents = 0 }
  }
  expect_failures = [var.dashboard]
}

run "unknown_alarm_name" {
  command = plan
  variables {
    alarm_thresholds = { "cost-per-day" = 100 }
  }
  expect_failures = [var.alarm_thresholds]
}

run "alarm_threshold_must_be_positive" {
  command = plan
  variables {
    alarm_thresholds = { "tool-call-storm" = 0 }
  }
  expect_failures = [var.alarm_thresholds]
}

run "without_a_key_the_topic_gets_its_own_that_admits_the_cost_services" {
  command = plan

  assert {
    condition     = length(aws_kms_key.topic) == 1 && aws_kms_key.topic[0].enable_key_rotation
    error_message = "a topic key with rotation is created when kms_key_arn is null"
  }
  assert {
    condition     = aws_sns_topic.this[0].kms_master_key_id == "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000"
    error_message = "the topic is encrypted with its own key"
  }
  assert {
    condition = toset([for s in jsondecode(aws_kms_key.topic[0].policy).Statement : try(s.Principal.Service, "")]) == toset([
      "", "budgets.amazonaws.com", "costalerts.amazonaws.com", "cloudwatch.amazonaws.com",
    ])
    error_message = "the key admits Budgets, Cost Anomaly Detection and CloudWatch (and SNS callers of the account)"
  }
}

run "a_given_key_encrypts_the_topic_and_no_key_is_made" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = length(aws_kms_key.topic) == 0 && aws_sns_topic.this[0].kms_master_key_id == "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    error_message = "the given key encrypts the topic"
  }
}

run "an_existing_topic_needs_no_key" {
  command = plan

  variables {
    sns_topic_arn = "arn:aws:sns:us-east-1:123456789012:platform-alerts"
  }

  assert {
    condition     = length(aws_kms_key.topic) == 0
    error_message = "no key is made for a topic the module does not create"
  }
}
