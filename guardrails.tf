# -- cost-guardrails: a budget, anomaly alerts, alarms and a dashboard (modules/cost-guardrails) ---------
# Its SNS topic also receives the error alarms of this project's Lambdas.

locals {
  create_cost_guardrails = var.create_cost_guardrails
  guardrail_topic_arns   = [for g in module.cost_guardrails : g.sns_topic_arn]
}

module "cost_guardrails" {
  source = "./modules/cost-guardrails"
  count  = local.create_cost_guardrails ? 1 : 0

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
  # The recommended-saving widget reads the metric the usage digest puts.
  dashboard = {
    top_agents         = var.cost_guardrails.dashboard_top_agents
    recommended_saving = local.create_usage_digest
  }
  # Null makes the module key the topic itself; the fleet key, even while create_kms_key's ARN is
  # unknown, is known not to be null (kms.tf), so no second key is made.
  kms_key_arn = local.kms_key_arn
  tags        = local.tags
}

# -- usage digest: weekly top savings and drifts to the guardrails topic (modules/usage-digest) ----------

locals {
  # A topic of its own, or the guardrails' (create_usage_digest's validation requires one of them).
  create_usage_digest = var.create_usage_digest
}

module "usage_digest" {
  source = "./modules/usage-digest"
  count  = local.create_usage_digest ? 1 : 0

  function = local.lambda_function["usage_digest"]

  config_table_arn = module.agent_config.dynamodb_table_arn
  sns_topic_arn    = coalesce(var.usage_digest.sns_topic_arn, one(local.guardrail_topic_arns))
  window_days      = var.usage_digest.window_days
  top_k            = var.usage_digest.top_k
  min_calls        = var.usage_digest.min_calls
  lowest_tier      = var.usage_digest.lowest_tier
  tiers            = var.tiers
  schedule         = var.usage_digest.schedule_expression == null ? null : { expression = var.usage_digest.schedule_expression }
}
