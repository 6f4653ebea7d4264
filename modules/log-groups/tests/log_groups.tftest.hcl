# Every group the fleet needs exists with retention, under the names AgentCore writes to.

mock_provider "aws" {}

variables {
  agentcore_runtime_endpoints = {
    "sre-orchestrator" = { runtime_id = "sre_orchestrator-Ab12Cd34Ef" }
    "doc-specialist"   = { runtime_id = "doc_specialist-Gh56Ij78Kl", endpoint_name = "canary" }
  }
  agentcore_vended_log_groups = {
    gateway = "/aws/vendedlogs/bedrock-agentcore/gateway/acme-agents"
    memory  = "/aws/vendedlogs/bedrock-agentcore/memory/acme-agents"
  }
  extra_log_groups = {
    "/acme/agents/audit" = { retention_in_days = 365 }
    "/acme/agents/debug" = { log_group_class = "INFREQUENT_ACCESS" }
  }
  tags = { team = "platform" }
}

run "names_retention_and_class" {
  command = plan

  assert {
    condition     = aws_cloudwatch_log_group.this["runtime/sre-orchestrator"].name == "/aws/bedrock-agentcore/runtimes/sre_orchestrator-Ab12Cd34Ef-DEFAULT"
    error_message = "a runtime's default endpoint logs to /aws/bedrock-agentcore/runtimes/<runtime_id>-DEFAULT"
  }
  assert {
    condition     = aws_cloudwatch_log_group.this["runtime/doc-specialist"].name == "/aws/bedrock-agentcore/runtimes/doc_specialist-Gh56Ij78Kl-canary"
    error_message = "a named endpoint logs to /aws/bedrock-agentcore/runtimes/<runtime_id>-<endpoint_name>"
  }
  assert {
    condition     = aws_cloudwatch_log_group.this["vended/gateway"].name == "/aws/vendedlogs/bedrock-agentcore/gateway/acme-agents"
    error_message = "vended-log groups keep the given names"
  }
  assert {
    condition     = length(aws_cloudwatch_log_group.this) == 6
    error_message = "two runtime, two vended and two extra groups"
  }
  assert {
    condition     = alltrue([for k, g in aws_cloudwatch_log_group.this : g.retention_in_days == 30 if k != "extra//acme/agents/audit"])
    error_message = "every group keeps 30 days by default"
  }
  assert {
    condition     = aws_cloudwatch_log_group.this["extra//acme/agents/audit"].retention_in_days == 365
    error_message = "an extra group may keep its own retention"
  }
  assert {
    condition     = aws_cloudwatch_log_group.this["extra//acme/agents/debug"].log_group_class == "INFREQUENT_ACCESS" && aws_cloudwatch_log_group.this["vended/memory"].log_group_class == "STANDARD"
    error_message = "class per extra group, STANDARD by default"
  }
  assert {
    condition     = alltrue([for g in aws_cloudwatch_log_group.this : g.tags == tomap({ team = "platform" }) && g.kms_key_id == null])
    error_message = "tags on every group; the service key by default"
  }
}

run "module_wide_settings" {
  command = plan

  variables {
    retention_in_days = 90
    log_group_class   = "INFREQUENT_ACCESS"
    kms_key_arn       = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = aws_cloudwatch_log_group.this["vended/gateway"].retention_in_days == 90 && aws_cloudwatch_log_group.this["extra//acme/agents/audit"].retention_in_days == 365
    error_message = "the module's retention applies unless a group sets its own"
  }
  assert {
    condition     = alltrue([for g in aws_cloudwatch_log_group.this : g.log_group_class == "INFREQUENT_ACCESS" && g.kms_key_id == "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"])
    error_message = "class and key apply to every group"
  }
}

run "nothing_asked_nothing_created" {
  command = plan

  variables {
    agentcore_runtime_endpoints = {}
    agentcore_vended_log_groups = {}
    extra_log_groups            = {}
  }

  assert {
    condition     = length(aws_cloudwatch_log_group.this) == 0
    error_message = "no inputs, no groups"
  }
}

run "retention_not_accepted_by_cloudwatch" {
  command = plan
  variables {
    retention_in_days = 31
  }
  expect_failures = [var.retention_in_days]
}

run "extra_group_retention_not_accepted" {
  command = plan
  variables {
    extra_log_groups = { "/acme/x" = { retention_in_days = 45 } }
  }
  expect_failures = [var.extra_log_groups]
}

run "extra_group_class_unknown" {
  command = plan
  variables {
    extra_log_groups = { "/acme/x" = { log_group_class = "COLD" } }
  }
  expect_failures = [var.extra_log_groups]
}

run "extra_group_name_with_a_space" {
  command = plan
  variables {
    extra_log_groups = { "/acme/bad name" = {} }
  }
  expect_failures = [var.extra_log_groups]
}

run "class_unknown" {
  command = plan
  variables {
    log_group_class = "ARCHIVE"
  }
  expect_failures = [var.log_group_class]
}

run "vended_group_outside_vendedlogs" {
  command = plan
  variables {
    agentcore_vended_log_groups = { gateway = "/acme/gateway" }
  }
  expect_failures = [var.agentcore_vended_log_groups]
}

run "endpoint_name_with_a_hyphen" {
  command = plan
  variables {
    agentcore_runtime_endpoints = { "a" = { runtime_id = "a-1", endpoint_name = "blue-green" } }
  }
  expect_failures = [var.agentcore_runtime_endpoints]
}
