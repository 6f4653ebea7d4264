# Vended logs: the gateway's and memory's application logs delivered to CloudWatch log groups.

locals {
  vended_log_groups = var.log_delivery ? merge(
    var.gateway == null ? {} : { gateway = "/aws/vendedlogs/bedrock-agentcore/${var.name_prefix}/gateway" },
    var.memory == null ? {} : { memory = "/aws/vendedlogs/bedrock-agentcore/${var.name_prefix}/memory" },
  ) : {}
  vended_sources = {
    gateway = try(aws_cloudformation_stack.this[0].outputs["GatewayArn"], null)
    memory  = try(aws_cloudformation_stack.this[0].outputs["MemoryArn"], null)
  }
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
    destination_resource_arn = lookup(var.vended_log_group_arns, each.key, "${local.log_group_arn_prefix}${each.value}")
  }
  tags = local.tags
}

resource "aws_cloudwatch_log_delivery" "this" {
  for_each = local.vended_log_groups

  delivery_source_name     = aws_cloudwatch_log_delivery_source.this[each.key].name
  delivery_destination_arn = aws_cloudwatch_log_delivery_destination.this[each.key].arn
  tags                     = local.tags
}
