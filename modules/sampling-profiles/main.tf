# Trace sampling per tier and per agent, served from AppConfig so a rate can be flipped (one agent or a
# whole tier to 1.0 for an investigation) by a new deployment instead of a redeploy. The document is
# the one agentcore_finops.sampling parses; sampling-profile.schema.json is the same contract for
# AppConfig, which refuses to deploy a document that breaks it.

locals {
  tier_rates = { for tier, t in var.tier_configs : tier => t.trace_sample_rate }

  # The document lists every agent. An agent's rate: its override, else its tier's override, else the
  # resolved fleet rate (the agent's own, or its tier default).
  agent_rates = {
    for id, a in var.agent_configs : id => lookup(
      var.overrides.agents, id,
      lookup(var.overrides.tiers, tostring(a.tier), a.trace_sample_rate)
    )
  }

  document = {
    version = 1
    tiers   = merge(local.tier_rates, var.overrides.tiers)
    agents  = local.agent_rates
  }

  unknown_override_agents = sort(setsubtract(keys(var.overrides.agents), keys(var.agent_configs)))

  # Head sampling inside each runtime, from the fleet's rates (not the overrides: an override changes
  # the AppConfig document only, never a runtime). parentbased_* follows the caller's decision when a
  # trace arrives already sampled or not. The rate is written as Python's repr(float) writes it,
  # so this matches agentcore_finops.sampling.otel_environment.
  otel_environment = {
    for id, a in var.agent_configs : id => {
      OTEL_TRACES_SAMPLER     = "parentbased_traceidratio"
      OTEL_TRACES_SAMPLER_ARG = floor(a.trace_sample_rate) == a.trace_sample_rate ? format("%.1f", a.trace_sample_rate) : tostring(a.trace_sample_rate)
    }
  }
}

resource "aws_appconfig_application" "this" {
  name        = var.name
  description = "Trace-sampling rates per tier and per agent (agentcore-finops)."
  tags        = var.tags
}

resource "aws_appconfig_environment" "this" {
  for_each = toset(var.environments)

  name           = each.key
  application_id = aws_appconfig_application.this.id
  description    = "Readers of the trace-sampling document in ${each.key}."
  tags           = var.tags
}

resource "aws_appconfig_configuration_profile" "this" {
  application_id     = aws_appconfig_application.this.id
  name               = "trace-sampling"
  description        = "Head-sampling rates: version 1, every tier, optional per-agent rates, each 0-1."
  location_uri       = "hosted"
  type               = "AWS.Freeform"
  kms_key_identifier = var.kms_key_arn

  validator {
    type    = "JSON_SCHEMA"
    content = file("${path.module}/sampling-profile.schema.json")
  }

  tags = var.tags
}

resource "aws_appconfig_hosted_configuration_version" "this" {
  application_id           = aws_appconfig_application.this.id
  configuration_profile_id = aws_appconfig_configuration_profile.this.configuration_profile_id
  content_type             = "application/json"
  content                  = jsonencode(local.document)
  description              = "${length(local.agent_rates)} agents; overrides: ${length(var.overrides.agents)} agent(s), ${length(var.overrides.tiers)} tier(s)."

  lifecycle {
    # A new version is created before the old one is removed, so the deployed version never disappears.
    create_before_destroy = true

    precondition {
      condition     = length(local.unknown_override_agents) == 0
      error_message = "overrides.agents names agents that are not in agent_configs: ${join(", ", [for id in local.unknown_override_agents : "\"${id}\""])}. Allowed: the fleet's agent ids."
    }
  }
}

resource "aws_appconfig_deployment_strategy" "this" {
  name                           = var.name
  description                    = "How trace-sampling changes reach readers (agentcore-finops)."
  deployment_duration_in_minutes = var.deployment_strategy.deployment_duration_in_minutes
  final_bake_time_in_minutes     = var.deployment_strategy.final_bake_time_in_minutes
  growth_factor                  = var.deployment_strategy.growth_factor
  growth_type                    = var.deployment_strategy.growth_type
  replicate_to                   = "NONE"
  tags                           = var.tags
}

resource "aws_appconfig_deployment" "this" {
  for_each = aws_appconfig_environment.this

  application_id           = aws_appconfig_application.this.id
  environment_id           = each.value.environment_id
  configuration_profile_id = aws_appconfig_configuration_profile.this.configuration_profile_id
  configuration_version    = tostring(aws_appconfig_hosted_configuration_version.this.version_number)
  deployment_strategy_id   = aws_appconfig_deployment_strategy.this.id
  kms_key_identifier       = var.kms_key_arn
  description              = "Trace-sampling document version ${aws_appconfig_hosted_configuration_version.this.version_number}."
  tags                     = var.tags
}

# -- optional: CloudWatch Transaction Search --------------------------------------------------------
# aws_xray_indexing_rule is not in hashicorp/aws 5.x, so the account setting is a small CloudFormation
# stack: the Logs resource policy that lets X-Ray write spans, then the TransactionSearchConfig.

locals {
  transaction_search_template = {
    AWSTemplateFormatVersion = "2010-09-09"
    Description              = "CloudWatch Transaction Search for agent traces (agentcore-finops)."
    Resources = {
      SpansResourcePolicy = {
        Type = "AWS::Logs::ResourcePolicy"
        Properties = {
          PolicyName = "${var.name}-transaction-search"
          PolicyDocument = {
            "Fn::Sub" = jsonencode({
              Version = "2012-10-17"
              Statement = [{
                Sid       = "XRayWritesSpans"
                Effect    = "Allow"
                Principal = { Service = "xray.amazonaws.com" }
                Action    = "logs:PutLogEvents"
                Resource = [
                  "arn:$${AWS::Partition}:logs:$${AWS::Region}:$${AWS::AccountId}:log-group:aws/spans:*",
                  "arn:$${AWS::Partition}:logs:$${AWS::Region}:$${AWS::AccountId}:log-group:/aws/application-signals/data:*",
                ]
                Condition = {
                  ArnLike      = { "aws:SourceArn" = "arn:$${AWS::Partition}:xray:$${AWS::Region}:$${AWS::AccountId}:*" }
                  StringEquals = { "aws:SourceAccount" = "$${AWS::AccountId}" }
                }
              }]
            })
          }
        }
      }
      TransactionSearchConfig = {
        Type      = "AWS::XRay::TransactionSearchConfig"
        DependsOn = "SpansResourcePolicy"
        Properties = {
          IndexingPercentage = var.transaction_search_indexing_percentage
        }
      }
    }
  }
}

resource "aws_cloudformation_stack" "transaction_search" {
  #checkov:skip=CKV_AWS_124:A two-resource stack holding one account setting; its events are in the CloudFormation console and the Terraform run, so no notification topic is needed.
  count = var.transaction_search_indexing_percentage == null ? 0 : 1

  name          = "${var.name}-transaction-search"
  template_body = jsonencode(local.transaction_search_template)
  tags          = var.tags
}
