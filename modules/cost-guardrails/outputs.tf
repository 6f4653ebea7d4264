output "budgets_budget_name" {
  description = "Name of the monthly cost budget."
  value       = aws_budgets_budget.this.name
}

output "ce_anomaly_monitor_arn" {
  description = "ARN of the Cost Anomaly Detection monitor, or null."
  value       = try(aws_ce_anomaly_monitor.this[0].arn, null)
}

output "cloudwatch_dashboard_name" {
  description = "Name of the cost dashboard, or null."
  value       = try(aws_cloudwatch_dashboard.this[0].dashboard_name, null)
}

output "cloudwatch_metric_alarm_arns" {
  description = "Alarm ARNs keyed cost-per-hour, tool-call-storm, ltm-growth (the ones turned on)."
  value       = { for k, a in aws_cloudwatch_metric_alarm.this : k => a.arn }
}

output "dashboard_queries" {
  description = "Every Metrics Insights query on the dashboard and in the alarms (for checks against the emitters)."
  value = concat(
    flatten([for g in local.all_graphs : [for line in g.lines : line[1]]]),
    [for a in values(local.alarms) : a.query],
  )
}

output "sns_topic_arn" {
  description = "SNS topic every notification goes to (created by the module unless sns_topic_arn was given)."
  value       = local.topic_arn
}
