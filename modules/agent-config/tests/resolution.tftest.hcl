# Plan-time resolution of the fleet: built-in tier defaults, then var.tiers, then the agent's own fields.

mock_provider "aws" {}

variables {
  name = "test-agent-config"
  agents = {
    "sre-orchestrator"  = { tier = 1, tools = ["get_metrics", "open_ticket"] }
    "doc-specialist"    = { tier = 2, escalation_model_id = "us.anthropic.claude-sonnet-4-5-20250929-v1:0" }
    "invoice-validator" = { tier = 3 }
    "report-batcher"    = { tier = 3, async = true, max_tokens = 64, description = "nightly report" }
  }
}

run "builtin_tier_defaults" {
  command = plan

  assert {
    condition     = output.agent_configs["sre-orchestrator"].model_id == "global.anthropic.claude-sonnet-4-5-20250929-v1:0"
    error_message = "tier 1 must default to Claude Sonnet 4.5 (global profile)"
  }
  assert {
    condition     = output.agent_configs["doc-specialist"].model_id == "global.anthropic.claude-haiku-4-5-20251001-v1:0"
    error_message = "tier 2 must default to Claude Haiku 4.5 (global profile)"
  }
  assert {
    condition     = output.agent_configs["invoice-validator"].model_id == "amazon.nova-micro-v1:0"
    error_message = "tier 3 must default to Nova Micro"
  }
  assert {
    condition     = [for id in ["sre-orchestrator", "doc-specialist", "invoice-validator"] : output.agent_configs[id].step_budget] == [15, 6, 3]
    error_message = "step budgets must be 15 / 6 / 3"
  }
  assert {
    condition     = [for id in ["sre-orchestrator", "doc-specialist", "invoice-validator"] : output.agent_configs[id].trace_sample_rate] == [0.25, 0.1, 0.03]
    error_message = "trace sample rates must be 0.25 / 0.10 / 0.03"
  }
  assert {
    condition     = [for id in ["sre-orchestrator", "doc-specialist", "invoice-validator"] : output.agent_configs[id].ltm_enabled] == [true, false, false]
    error_message = "long-term memory must be on for tier 1 only"
  }
  assert {
    condition     = output.agent_configs["sre-orchestrator"].ltm_importance_threshold == 0.4 && output.agent_configs["doc-specialist"].ltm_importance_threshold == 0.75 && output.agent_configs["invoice-validator"].ltm_importance_threshold == null
    error_message = "importance thresholds must be 0.4 / 0.75 / null"
  }
  assert {
    condition     = [for id in ["sre-orchestrator", "doc-specialist", "invoice-validator"] : [output.agent_configs[id].idle_session_timeout_seconds, output.agent_configs[id].max_session_lifetime_seconds]] == [[300, 3600], [120, 1800], [60, 300]]
    error_message = "session lifetimes must be 300/3600, 120/1800 and 60/300 seconds"
  }
  assert {
    condition     = output.agent_configs["sre-orchestrator"].escalation_model_id == null && output.agent_configs["invoice-validator"].escalation_model_id == "global.anthropic.claude-haiku-4-5-20251001-v1:0"
    error_message = "tier 1 has no escalation model; tier 3 escalates to Haiku 4.5"
  }
}

run "agent_fields_override_tier_defaults" {
  command = plan

  assert {
    condition     = output.agent_configs["sre-orchestrator"].tools == tolist(["get_metrics", "open_ticket"])
    error_message = "an agent's tools must be kept"
  }
  assert {
    condition     = length(output.agent_configs["invoice-validator"].tools) == 0
    error_message = "an agent without tools gets none"
  }
  assert {
    condition     = output.agent_configs["doc-specialist"].escalation_model_id == "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
    error_message = "an agent's escalation model must override the tier's"
  }
  assert {
    condition     = output.agent_configs["report-batcher"].max_tokens == 64 && output.agent_configs["report-batcher"].async && output.agent_configs["report-batcher"].step_budget == 3
    error_message = "overridden fields change, the rest stay at the tier default"
  }
  assert {
    condition     = output.agent_configs["report-batcher"].description == "nightly report" && output.agent_configs["invoice-validator"].description == ""
    error_message = "description defaults to an empty string"
  }
}

run "tier_overrides_apply_to_every_agent_of_the_tier" {
  command = plan

  variables {
    tiers = {
      "3" = { model_id = "amazon.nova-lite-v1:0", trace_sample_rate = 0.01 }
    }
  }

  assert {
    condition     = output.agent_configs["invoice-validator"].model_id == "amazon.nova-lite-v1:0" && output.agent_configs["report-batcher"].model_id == "amazon.nova-lite-v1:0"
    error_message = "a tier's model override must reach every agent of the tier"
  }
  assert {
    condition     = output.agent_configs["invoice-validator"].trace_sample_rate == 0.01 && output.agent_configs["invoice-validator"].max_tokens == 256
    error_message = "unset tier fields keep their built-in default"
  }
  assert {
    condition     = output.agent_configs["doc-specialist"].model_id == "global.anthropic.claude-haiku-4-5-20251001-v1:0"
    error_message = "other tiers are untouched"
  }
  assert {
    condition     = output.tier_configs["3"].model_id == "amazon.nova-lite-v1:0"
    error_message = "tier_configs shows the resolved tier default"
  }
}

run "one_item_per_agent_with_the_resolved_record" {
  command = plan

  assert {
    condition     = length(aws_dynamodb_table_item.this) == 4
    error_message = "one item per agent"
  }
  assert {
    condition     = jsondecode(aws_dynamodb_table_item.this["invoice-validator"].item).model_id.S == "amazon.nova-micro-v1:0"
    error_message = "the item stores the resolved model id"
  }
  assert {
    condition     = jsondecode(aws_dynamodb_table_item.this["invoice-validator"].item).ltm_importance_threshold == { NULL = true }
    error_message = "null fields are stored as DynamoDB NULL"
  }
  assert {
    condition     = jsondecode(aws_dynamodb_table_item.this["sre-orchestrator"].item).tools == { L = [{ S = "get_metrics" }, { S = "open_ticket" }] }
    error_message = "tools are stored as a list of strings"
  }
  assert {
    condition     = jsondecode(aws_dynamodb_table_item.this["sre-orchestrator"].item).config_version.S == output.agent_configs["sre-orchestrator"].config_version
    error_message = "the item carries the record's config_version"
  }
  assert {
    condition     = length(distinct([for c in values(output.agent_configs) : c.config_version])) == 4
    error_message = "different records have different config versions"
  }
}

run "table_defaults_are_safe_and_cheap" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.this.billing_mode == "PAY_PER_REQUEST" && aws_dynamodb_table.this.hash_key == "agent_id"
    error_message = "the table is on demand, keyed by agent_id"
  }
  assert {
    condition     = aws_dynamodb_table.this.point_in_time_recovery[0].enabled && aws_dynamodb_table.this.deletion_protection_enabled
    error_message = "point-in-time recovery and deletion protection default on"
  }
  assert {
    condition     = aws_dynamodb_table.this.server_side_encryption[0].enabled
    error_message = "server-side encryption is always on"
  }
}

run "config_version_changes_with_the_record" {
  command = plan

  variables {
    agents = {
      "sre-orchestrator"  = { tier = 1, tools = ["get_metrics", "open_ticket"] }
      "doc-specialist"    = { tier = 2, escalation_model_id = "us.anthropic.claude-sonnet-4-5-20250929-v1:0" }
      "invoice-validator" = { tier = 3, max_tokens = 128 }
      "report-batcher"    = { tier = 3, async = true, max_tokens = 64, description = "nightly report" }
    }
  }

  assert {
    condition     = output.agent_configs["invoice-validator"].config_version != run.one_item_per_agent_with_the_resolved_record.agent_configs["invoice-validator"].config_version
    error_message = "a changed field must change config_version"
  }
  assert {
    condition     = output.agent_configs["sre-orchestrator"].config_version == run.one_item_per_agent_with_the_resolved_record.agent_configs["sre-orchestrator"].config_version
    error_message = "an unchanged record keeps its config_version"
  }
}
