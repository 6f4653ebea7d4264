# AgentCore for part of the reference fleet: a runtime each for one orchestrator, two specialists and
# two utilities (placeholder ECR images in the example account), a gateway whose Lambda target serves
# the SRE tools, and a memory. Tier 1 keeps long-term memory, so the memory gets its long-term
# strategies and the pruner walks them (in dry run until you turn that off).

locals {
  ecr = "${var.account_id}.dkr.ecr.${var.region}.amazonaws.com/${var.name_prefix}"

  agentcore_runtimes = {
    "sre-orchestrator"  = { container_uri = "${local.ecr}/sre-orchestrator:1.4.0", description = "SRE incident triage" }
    "doc-specialist"    = { container_uri = "${local.ecr}/doc-specialist:2.0.1", protocol = "MCP" }
    "knowledge-curator" = { container_uri = "${local.ecr}/knowledge-curator:0.7.2" }
    "email-classifier"  = { container_uri = "${local.ecr}/email-classifier:3.2.0", environment_variables = { LOG_LEVEL = "WARNING" } }
    "invoice-validator" = { container_uri = "${local.ecr}/invoice-validator:1.0.3", environment_variables = { LOG_LEVEL = "WARNING" } }
  }

  agentcore_gateway = {
    description = "Tools of the ${var.name_prefix} fleet"
    targets = {
      "sre-tools" = {
        description = "Metrics, logs and tickets for the SRE agents"
        lambda = {
          function_arn = "arn:aws:lambda:${var.region}:${var.account_id}:function:${var.name_prefix}-sre-tools"
          inline_json = jsonencode([
            {
              Name        = "get_metrics"
              Description = "Read a CloudWatch metric of a service over the last N minutes"
              InputSchema = {
                Type       = "object"
                Properties = { service = { Type = "string" }, metric = { Type = "string" }, minutes = { Type = "integer" } }
                Required   = ["service", "metric"]
              }
            },
            {
              Name        = "open_ticket"
              Description = "Open an incident ticket"
              InputSchema = {
                Type       = "object"
                Properties = { title = { Type = "string" }, severity = { Type = "string" } }
                Required   = ["title"]
              }
            },
          ])
        }
      }
    }
  }

  agentcore_memory = { event_expiry_days = 30 }
}
