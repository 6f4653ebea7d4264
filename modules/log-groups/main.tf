# Log groups the fleet writes to, created ahead of time with retention, so nothing AgentCore logs is
# kept forever by default. The project's own Lambdas are not here: modules/lambda-function gives each
# function its own group with retention, created before the function.

locals {
  # AWS rules several modules check inputs against (see variables.tf), written once: modules/aws-rules.json.
  aws_rules = jsondecode(file("${path.module}/../aws-rules.json"))
}

locals {
  groups = merge(
    {
      for key, e in var.agentcore_runtime_endpoints : "runtime/${key}" => {
        name              = "/aws/bedrock-agentcore/runtimes/${e.runtime_id}-${e.endpoint_name}"
        retention_in_days = var.retention_in_days
        log_group_class   = var.log_group_class
      }
    },
    {
      for key, name in var.agentcore_vended_log_groups : "vended/${key}" => {
        name              = name
        retention_in_days = var.retention_in_days
        log_group_class   = var.log_group_class
      }
    },
    {
      for name, g in var.extra_log_groups : "extra/${name}" => {
        name              = name
        retention_in_days = coalesce(g.retention_in_days, var.retention_in_days)
        log_group_class   = coalesce(g.log_group_class, var.log_group_class)
      }
    },
  )
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_338:Retention is a cost lever here: 30 days by default; retention_in_days sets a year or more where compliance needs it.
  for_each = local.groups

  name              = each.value.name
  retention_in_days = each.value.retention_in_days
  log_group_class   = each.value.log_group_class
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}
