# Vended logs: the gateway's and memory's application logs delivered to CloudWatch log groups that
# this module creates, with retention and the given key, before the deliveries that write to them.

locals {
  vended_log_groups = var.log_delivery ? merge(
    local.gateway == null ? {} : { gateway = "/aws/vendedlogs/bedrock-agentcore/${var.name_prefix}/gateway" },
    local.memory == null ? {} : { memory = "/aws/vendedlogs/bedrock-agentcore/${var.name_prefix}/memory" },
  ) : {}
  vended_sources = {
    gateway = try(aws_cloudformation_stack.this[0].outputs["GatewayArn"], null)
    memory  = try(aws_cloudformation_stack.this[0].outputs["MemoryArn"], null)
  }
}

resource "aws_cloudwatch_log_group" "vended" {
  #checkov:skip=CKV_AWS_338:Retention is a cost lever here: 30 days by default; log_groups.retention_in_days sets a year or more where compliance needs it.
  for_each = local.vended_log_groups

  name              = each.value
  retention_in_days = var.log_groups.retention_in_days
  log_group_class   = var.log_groups.log_group_class
  kms_key_id        = var.log_groups.kms_key_arn
  tags              = local.tags
}

resource "aws_cloudwatch_log_delivery_source" "this" {
  for_each = local.vended_log_groups

  name         = "${var.name_prefix}-agentcore-${each.key}"
  log_type     = "APPLICATION_LOGS"
  resource_arn = local.vended_sources[each.key]
  tags         = local.tags
}

resource "aws_cloudwatch_log_delivery_destination" "this" {
  for_each = local.vended_log_groups

  name = "${var.name_prefix}-agentcore-${each.key}"
  delivery_destination_configuration {
    destination_resource_arn = aws_cloudwatch_log_group.vended[each.key].arn
  }
  tags = local.tags
}

resource "aws_cloudwatch_log_delivery" "this" {
  for_each = local.vended_log_groups

  delivery_source_name     = aws_cloudwatch_log_delivery_source.this[each.key].name
  delivery_destination_arn = aws_cloudwatch_log_delivery_destination.this[each.key].arn
  tags                     = local.tags
}
