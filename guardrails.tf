# -- cost-guardrails: a budget, anomaly alerts, alarms and a dashboard (modules/cost-guardrails) ---------
# Its SNS topic also receives the error alarms of this project's Lambdas.

locals {
  create_cost_guardrails = coalesce(var.create_cost_guardrails, var.cost_guardrails != null)
  guardrail_topic_arns   = [for g in module.cost_guardrails : g.sns_topic_arn]
}

resource "terraform_data" "cost_guardrails_requirements" {
  count = var.create_cost_guardrails == true ? 1 : 0

  lifecycle {
    precondition {
      condition     = var.cost_guardrails != null
      error_message = "create_cost_guardrails is true: set cost_guardrails = { monthly_budget_usd = ... }."
    }
  }
}

module "cost_guardrails" {
  source = "./modules/cost-guardrails"
  count  = local.create_cost_guardrails && var.cost_guardrails != null ? 1 : 0

  name               = var.name_prefix
  account_id         = local.account_id
  monthly_budget_usd = var.cost_guardrails.monthly_budget_usd
  # The fleet's own cost-allocation tag (every resource and role here carries it), or the services.
  cost_filter = var.cost_guardrails.cost_allocation_tag ? {
    tag = { key = "agentcore-finops:fleet", values = [var.name_prefix] }
  } : {}
  notification_emails = var.cost_guardrails.notification_emails
  sns_topic_arn       = var.cost_guardrails.sns_topic_arn
  anomaly_detection   = { threshold_usd = var.cost_guardrails.anomaly_threshold_usd }
  alarm_thresholds    = var.cost_guardrails.alarm_thresholds
  dashboard           = { top_agents = var.cost_guardrails.dashboard_top_agents }
  # Null makes the module key the topic itself; the fleet key, even while create_kms_key's ARN is
  # unknown, is known not to be null (kms.tf), so no second key is made.
  kms_key_arn = local.kms_key_arn
  tags        = local.tags
}
