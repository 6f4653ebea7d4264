# Memory: long-term strategies only when some agent of the fleet keeps long-term memory.

mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_region" {
    defaults = { id = "us-east-1" }
  }
}

variables {
  name_prefix = "acme-agents"
  account_id  = "123456789012"
  agent_configs = {
    "sre-orchestrator" = { tier = 1, model_id = "global.anthropic.claude-sonnet-4-5-20250929-v1:0", ltm_enabled = true, trace_sample_rate = 0.25, idle_session_timeout_seconds = 300, max_session_lifetime_seconds = 3600 }
    "email-classifier" = { tier = 3, model_id = "amazon.nova-micro-v1:0", ltm_enabled = false, trace_sample_rate = 0.03, idle_session_timeout_seconds = 60, max_session_lifetime_seconds = 300 }
  }
  memory = {}
}

run "strategies_when_an_agent_keeps_long_term_memory" {
  command = plan

  assert {
    condition     = [for s in jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Memory.Properties.MemoryStrategies : keys(s)[0]] == ["SemanticMemoryStrategy", "SummaryMemoryStrategy", "UserPreferenceMemoryStrategy"]
    error_message = "semantic, summary and user-preference strategies when some agent has ltm_enabled"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Memory.Properties.MemoryStrategies[0].SemanticMemoryStrategy.Namespaces == ["/facts/{actorId}"] && jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Memory.Properties.MemoryStrategies[1].SummaryMemoryStrategy.Namespaces == ["/summaries/{actorId}/{sessionId}"] && jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Memory.Properties.MemoryStrategies[2].UserPreferenceMemoryStrategy.Namespaces == ["/preferences/{actorId}"]
    error_message = "each strategy writes to its own namespace"
  }
  assert {
    condition     = output.agentcore_memory_namespace_paths == tolist(["/facts/", "/preferences/", "/summaries/"])
    error_message = "the pruner lists under the fixed part of each namespace"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Memory.Properties.EventExpiryDuration == 30 && jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Memory.Properties.Name == "acme_agents_memory"
    error_message = "short-term events expire after 30 days by default"
  }
  assert {
    condition     = !contains(keys(jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Memory.Properties.MemoryStrategies[0].SemanticMemoryStrategy), "RecordExpirySpecification")
    error_message = "no service-side record expiry unless record_expiry_days is set"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Memory.Properties.MemoryExecutionRoleArn == { Ref = "MemoryRoleArn" } && length(aws_iam_role.memory) == 1 && length(aws_iam_role_policy.memory) == 0
    error_message = "the memory has its own execution role, with no permissions while it uses no customer key"
  }
}

run "no_strategies_when_no_agent_keeps_long_term_memory" {
  command = plan

  variables {
    agent_configs = {
      "email-classifier" = { tier = 3, model_id = "amazon.nova-micro-v1:0", ltm_enabled = false, trace_sample_rate = 0.03, idle_session_timeout_seconds = 60, max_session_lifetime_seconds = 300 }
      "doc-specialist"   = { tier = 2, model_id = "global.anthropic.claude-haiku-4-5-20251001-v1:0", ltm_enabled = false, trace_sample_rate = 0.1, idle_session_timeout_seconds = 120, max_session_lifetime_seconds = 1800 }
    }
  }

  assert {
    condition     = !contains(keys(jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Memory.Properties), "MemoryStrategies")
    error_message = "a short-term-only memory has no long-term strategies (they bill per stored record)"
  }
  assert {
    condition     = length(output.agentcore_memory_namespace_paths) == 0 && length(output.agentcore_memory_namespaces) == 0
    error_message = "nothing for the pruner to walk"
  }
}

run "strategies_can_be_switched_off_one_by_one" {
  command = plan

  variables {
    memory = {
      summary            = false
      record_expiry_days = 90
      event_expiry_days  = 7
      namespaces         = { semantic = ["/facts/{actorId}", "/shared/facts"] }
      kms_key_arn        = "arn:aws:kms:us-east-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab"
    }
  }

  assert {
    condition     = [for s in jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Memory.Properties.MemoryStrategies : keys(s)[0]] == ["SemanticMemoryStrategy", "UserPreferenceMemoryStrategy"]
    error_message = "a switched-off strategy is left out"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Memory.Properties.MemoryStrategies[0].SemanticMemoryStrategy.RecordExpirySpecification == { RecordExpiryDurationDays = 90 }
    error_message = "record_expiry_days sets the service-side TTL of long-term records"
  }
  assert {
    condition     = output.agentcore_memory_namespace_paths == tolist(["/facts/", "/preferences/", "/shared/facts"])
    error_message = "a namespace without variables is listed as it is"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Memory.Properties.EncryptionKeyArn == "arn:aws:kms:us-east-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab" && jsondecode(aws_iam_role_policy.memory[0].policy).Statement[0].Resource == "arn:aws:kms:us-east-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab"
    error_message = "a customer key encrypts the memory, and its role may use that key only"
  }
}

run "vended_log_groups_for_memory" {
  command = plan

  assert {
    condition     = length(output.cloudwatch_vended_log_group_names) == 1 && output.cloudwatch_vended_log_group_names["memory"] == "/aws/vendedlogs/bedrock-agentcore/acme-agents/memory"
    error_message = "the memory's application logs go to a named vended-log group"
  }
  assert {
    condition     = aws_cloudwatch_log_group.vended["memory"].name == "/aws/vendedlogs/bedrock-agentcore/acme-agents/memory" && aws_cloudwatch_log_group.vended["memory"].retention_in_days == 30 && aws_cloudwatch_log_group.vended["memory"].log_group_class == "STANDARD" && aws_cloudwatch_log_group.vended["memory"].kms_key_id == null
    error_message = "the module creates that group, with 30 days' retention by default"
  }
  assert {
    condition     = length(aws_cloudwatch_log_delivery_destination.this) == 1 && length(aws_cloudwatch_log_delivery.this) == 1
    error_message = "one delivery writes to that group"
  }
}

run "vended_log_groups_take_the_given_retention_class_and_key" {
  command = plan

  variables {
    log_groups = {
      retention_in_days = 365
      log_group_class   = "INFREQUENT_ACCESS"
      kms_key_arn       = "arn:aws:kms:us-east-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab"
    }
  }

  assert {
    condition     = aws_cloudwatch_log_group.vended["memory"].retention_in_days == 365 && aws_cloudwatch_log_group.vended["memory"].log_group_class == "INFREQUENT_ACCESS" && aws_cloudwatch_log_group.vended["memory"].kms_key_id == "arn:aws:kms:us-east-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab"
    error_message = "the vended-log group takes log_groups' retention, class and key"
  }
}

run "vended_log_group_retention_must_be_a_cloudwatch_value" {
  command = plan

  variables {
    log_groups = { retention_in_days = 45 }
  }

  expect_failures = [var.log_groups]
}

run "no_log_delivery_when_switched_off" {
  command = plan

  variables {
    log_delivery = false
  }

  assert {
    condition     = length(aws_cloudwatch_log_delivery.this) == 0 && length(aws_cloudwatch_log_group.vended) == 0 && length(output.cloudwatch_vended_log_group_names) == 0
    error_message = "log_delivery = false creates no delivery"
  }
}
