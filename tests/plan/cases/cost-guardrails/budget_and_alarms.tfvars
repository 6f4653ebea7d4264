name                = "acme-agents"
account_id          = "123456789012"
monthly_budget_usd  = 3000
notification_emails = ["finops@example.com"]
cost_filter = {
  tag = { key = "agentcore-finops:fleet", values = ["acme-agents"] }
}
alarm_thresholds = {
  "cost-per-hour" = 10
  "ltm-growth"    = null
}
tags = { team = "platform" }
