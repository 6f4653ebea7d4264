# Every input rule fails the plan on the variable (or, for rules that need resolved values, the item).

mock_provider "aws" {}

variables {
  name = "test-agent-config"
  agents = {
    "ok-agent" = { tier = 2 }
  }
}

run "valid_fleet_plans" {
  command = plan
}

run "tier_outside_1_to_3" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 4 } }
  }
  expect_failures = [var.agents]
}

run "tier_zero" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 0 } }
  }
  expect_failures = [var.agents]
}

run "agent_id_with_uppercase" {
  command = plan
  variables {
    agents = { "Bad_Agent" = { tier = 1 } }
  }
  expect_failures = [var.agents]
}

run "agent_id_ending_with_hyphen" {
  command = plan
  variables {
    agents = { "bad-" = { tier = 1 } }
  }
  expect_failures = [var.agents]
}

run "agent_id_too_long" {
  command = plan
  variables {
    agents = { "a123456789012345678901234567890123456789012345678" = { tier = 1 } }
  }
  expect_failures = [var.agents]
}

run "sample_rate_above_one" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 2, trace_sample_rate = 1.5 } }
  }
  expect_failures = [var.agents]
}

run "sample_rate_negative" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 2, trace_sample_rate = -0.1 } }
  }
  expect_failures = [var.agents]
}

run "importance_threshold_above_one" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 1, ltm_importance_threshold = 2 } }
  }
  expect_failures = [var.agents]
}

run "max_tokens_zero" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 3, max_tokens = 0 } }
  }
  expect_failures = [var.agents]
}

run "max_tokens_fractional" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 3, max_tokens = 100.5 } }
  }
  expect_failures = [var.agents]
}

run "max_tokens_above_bound" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 3, max_tokens = 65537 } }
  }
  expect_failures = [var.agents]
}

run "step_budget_above_bound" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 1, step_budget = 101 } }
  }
  expect_failures = [var.agents]
}

run "step_budget_zero" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 1, step_budget = 0 } }
  }
  expect_failures = [var.agents]
}

run "idle_timeout_below_60" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 3, idle_session_timeout_seconds = 30 } }
  }
  expect_failures = [var.agents]
}

run "max_lifetime_above_8_hours" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 1, max_session_lifetime_seconds = 28801 } }
  }
  expect_failures = [var.agents]
}

run "idle_longer_than_max_lifetime" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 3, idle_session_timeout_seconds = 900 } }
  }
  # 900 > tier 3's default max lifetime of 300: only visible after resolution.
  expect_failures = [aws_dynamodb_table_item.this["ok-agent"]]
}

run "ltm_enabled_without_threshold" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 3, ltm_enabled = true } }
  }
  expect_failures = [aws_dynamodb_table_item.this["ok-agent"]]
}

run "malformed_model_id" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 2, model_id = "Claude Sonnet" } }
  }
  expect_failures = [var.agents]
}

run "malformed_escalation_model_id" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 2, escalation_model_id = "sonnet please" } }
  }
  expect_failures = [var.agents]
}

run "tool_name_with_spaces" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 2, tools = ["open ticket"] } }
  }
  expect_failures = [var.agents]
}

run "description_too_long" {
  command = plan
  variables {
    agents = { "ok-agent" = { tier = 2, description = join("", [for i in range(26) : "0123456789"]) } }
  }
  expect_failures = [var.agents]
}

run "unknown_tier_key" {
  command = plan
  variables {
    tiers = { "4" = { max_tokens = 10 } }
  }
  expect_failures = [var.tiers]
}

run "tier_sample_rate_above_one" {
  command = plan
  variables {
    tiers = { "2" = { trace_sample_rate = 1.5 } }
  }
  expect_failures = [var.tiers]
}

run "tier_max_tokens_zero" {
  command = plan
  variables {
    tiers = { "2" = { max_tokens = 0 } }
  }
  expect_failures = [var.tiers]
}

run "tier_step_budget_above_bound" {
  command = plan
  variables {
    tiers = { "1" = { step_budget = 1000 } }
  }
  expect_failures = [var.tiers]
}

run "tier_timeout_out_of_range" {
  command = plan
  variables {
    tiers = { "3" = { idle_session_timeout_seconds = 10 } }
  }
  expect_failures = [var.tiers]
}

run "tier_idle_longer_than_max" {
  command = plan
  variables {
    tiers = { "2" = { idle_session_timeout_seconds = 3600 } }
  }
  expect_failures = [aws_dynamodb_table_item.this["ok-agent"]]
}

run "tier_importance_threshold_negative" {
  command = plan
  variables {
    tiers = { "1" = { ltm_importance_threshold = -1 } }
  }
  expect_failures = [var.tiers]
}

run "tier_malformed_model_id" {
  command = plan
  variables {
    tiers = { "3" = { model_id = "nova micro" } }
  }
  expect_failures = [var.tiers]
}

run "bad_table_name" {
  command = plan
  variables {
    name = "x"
  }
  expect_failures = [var.name]
}
