# Runtimes: session lifecycle per tier from the resolved fleet, sampling variables, names, endpoints and
# least-privilege execution roles. The template is read back with jsondecode(), as CloudFormation gets it.

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
    "sre-orchestrator"  = { tier = 1, model_id = "global.anthropic.claude-sonnet-4-5-20250929-v1:0", escalation_model_id = null, ltm_enabled = true, trace_sample_rate = 0.25, idle_session_timeout_seconds = 300, max_session_lifetime_seconds = 3600 }
    "doc-specialist"    = { tier = 2, model_id = "global.anthropic.claude-haiku-4-5-20251001-v1:0", escalation_model_id = "us.anthropic.claude-sonnet-4-5-20250929-v1:0", ltm_enabled = false, trace_sample_rate = 0.1, idle_session_timeout_seconds = 120, max_session_lifetime_seconds = 1800 }
    "email-classifier"  = { tier = 3, model_id = "amazon.nova-micro-v1:0", escalation_model_id = "global.anthropic.claude-haiku-4-5-20251001-v1:0", ltm_enabled = false, trace_sample_rate = 0.03, idle_session_timeout_seconds = 60, max_session_lifetime_seconds = 300 }
    "invoice-validator" = { tier = 3, model_id = "amazon.nova-micro-v1:0", escalation_model_id = null, ltm_enabled = false, trace_sample_rate = 0, idle_session_timeout_seconds = 60, max_session_lifetime_seconds = 300 }
    "report-writer"     = { tier = 3, model_id = "amazon.nova-micro-v1:0", escalation_model_id = null, ltm_enabled = false, trace_sample_rate = 1, idle_session_timeout_seconds = 60, max_session_lifetime_seconds = 300 }
  }
  runtimes = {
    "sre-orchestrator"  = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme-agents/sre-orchestrator:1.4.0" }
    "doc-specialist"    = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme-agents/doc-specialist:2.0.1", protocol = "MCP" }
    "email-classifier"  = { code = { s3_bucket = "acme-agent-code", s3_prefix = "email-classifier/v3.zip", entry_point = ["main.py"] }, environment_variables = { LOG_LEVEL = "WARNING" } }
    "invoice-validator" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme-agents/invoice-validator:0.9.0", network_mode = "VPC", subnet_ids = ["subnet-0123456789abcdef0"], security_group_ids = ["sg-0123456789abcdef0"] }
  }
}

run "lifecycle_comes_from_each_agents_tier" {
  command = plan

  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.RuntimeSreOrchestrator.Properties.LifecycleConfiguration == { IdleRuntimeSessionTimeout = 300, MaxLifetime = 3600 }
    error_message = "tier 1 (orchestrator): 300 s idle, 1 h lifetime"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.RuntimeDocSpecialist.Properties.LifecycleConfiguration == { IdleRuntimeSessionTimeout = 120, MaxLifetime = 1800 }
    error_message = "tier 2 (specialist): 120 s idle, 30 min lifetime"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.RuntimeEmailClassifier.Properties.LifecycleConfiguration == { IdleRuntimeSessionTimeout = 60, MaxLifetime = 300 }
    error_message = "tier 3 (utility): 60 s idle, 5 min lifetime, not the 900 s / 8 h service defaults"
  }
  assert {
    condition = alltrue([
      for name, r in jsondecode(aws_cloudformation_stack.this[0].template_body).Resources :
      length(keys(r.Properties.LifecycleConfiguration)) == 2 if r.Type == "AWS::BedrockAgentCore::Runtime"
    ])
    error_message = "every runtime sets both IdleRuntimeSessionTimeout and MaxLifetime (hashicorp/terraform-provider-aws#45290)"
  }
  assert {
    condition     = output.agentcore_runtime_lifecycle["invoice-validator"] == { tier = 3, idle_session_timeout_seconds = 60, max_session_lifetime_seconds = 300, trace_sample_rate = 0 }
    error_message = "the lifecycle output shows what each runtime was given"
  }
}

run "an_agent_override_reaches_its_runtime_only" {
  command = plan

  variables {
    agent_configs = {
      "sre-orchestrator"  = { tier = 1, model_id = "global.anthropic.claude-sonnet-4-5-20250929-v1:0", ltm_enabled = true, trace_sample_rate = 0.25, idle_session_timeout_seconds = 300, max_session_lifetime_seconds = 3600 }
      "doc-specialist"    = { tier = 2, model_id = "global.anthropic.claude-haiku-4-5-20251001-v1:0", ltm_enabled = false, trace_sample_rate = 0.1, idle_session_timeout_seconds = 120, max_session_lifetime_seconds = 1800 }
      "email-classifier"  = { tier = 3, model_id = "amazon.nova-micro-v1:0", ltm_enabled = false, trace_sample_rate = 0.03, idle_session_timeout_seconds = 90, max_session_lifetime_seconds = 120 }
      "invoice-validator" = { tier = 3, model_id = "amazon.nova-micro-v1:0", ltm_enabled = false, trace_sample_rate = 0.03, idle_session_timeout_seconds = 60, max_session_lifetime_seconds = 300 }
    }
  }

  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.RuntimeEmailClassifier.Properties.LifecycleConfiguration == { IdleRuntimeSessionTimeout = 90, MaxLifetime = 120 }
    error_message = "the agent's own session fields win"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.RuntimeInvoiceValidator.Properties.LifecycleConfiguration == { IdleRuntimeSessionTimeout = 60, MaxLifetime = 300 }
    error_message = "other agents of the tier keep the tier default"
  }
}

run "sampling_variables_follow_the_trace_sample_rate" {
  command = plan

  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.RuntimeSreOrchestrator.Properties.EnvironmentVariables == { OTEL_TRACES_SAMPLER = "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG = "0.25" }
    error_message = "tier 1 samples 25% of traces"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.RuntimeEmailClassifier.Properties.EnvironmentVariables == { LOG_LEVEL = "WARNING", OTEL_TRACES_SAMPLER = "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG = "0.03" }
    error_message = "the runtime's own variables are kept beside the sampling ones"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.RuntimeInvoiceValidator.Properties.EnvironmentVariables.OTEL_TRACES_SAMPLER_ARG == "0.0"
    error_message = "a rate of 0 is written as agentcore_finops.sampling.otel_environment writes it"
  }
}

run "sampling_profile_variables_win_over_the_fallback" {
  command = plan

  variables {
    otel_environment = {
      "sre-orchestrator" = { OTEL_TRACES_SAMPLER = "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG = "1.0" }
    }
  }

  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.RuntimeSreOrchestrator.Properties.EnvironmentVariables.OTEL_TRACES_SAMPLER_ARG == "1.0"
    error_message = "otel_environment from modules/sampling-profiles is used as given"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.RuntimeDocSpecialist.Properties.EnvironmentVariables.OTEL_TRACES_SAMPLER_ARG == "0.1"
    error_message = "agents missing from otel_environment fall back to their own rate"
  }
}

run "names_artifacts_network_and_endpoints" {
  command = plan

  assert {
    condition     = output.agentcore_runtime_names == { "doc-specialist" = "acme_agents_doc_specialist", "email-classifier" = "acme_agents_email_classifier", "invoice-validator" = "acme_agents_invoice_validator", "sre-orchestrator" = "acme_agents_sre_orchestrator" }
    error_message = "runtime names are <prefix>_<agent id> with '-' turned into '_'"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.RuntimeEmailClassifier.Properties.AgentRuntimeArtifact == { CodeConfiguration = { Code = { S3 = { Bucket = "acme-agent-code", Prefix = "email-classifier/v3.zip" } }, Runtime = "PYTHON_3_12", EntryPoint = ["main.py"] } }
    error_message = "a code artifact is rendered as CodeConfiguration"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.RuntimeInvoiceValidator.Properties.NetworkConfiguration == { NetworkMode = "VPC", NetworkModeConfig = { Subnets = ["subnet-0123456789abcdef0"], SecurityGroups = ["sg-0123456789abcdef0"] } }
    error_message = "VPC mode carries subnets and security groups"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.RuntimeSreOrchestrator.Properties.NetworkConfiguration == { NetworkMode = "PUBLIC" }
    error_message = "PUBLIC mode has no VPC settings"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.RuntimeDocSpecialist.Properties.ProtocolConfiguration == "MCP"
    error_message = "the protocol is passed through"
  }
  assert {
    condition     = length([for r in values(jsondecode(aws_cloudformation_stack.this[0].template_body).Resources) : r if r.Type == "AWS::BedrockAgentCore::RuntimeEndpoint"]) == 4
    error_message = "one endpoint per runtime"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.EndpointSreOrchestrator.Properties.AgentRuntimeId == { "Fn::GetAtt" = ["RuntimeSreOrchestrator", "AgentRuntimeId"] } && jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.EndpointSreOrchestrator.Properties.Name == "live"
    error_message = "the endpoint points at its runtime"
  }
  assert {
    condition     = !contains(keys(jsondecode(aws_cloudformation_stack.this[0].template_body).Resources), "Gateway") && !contains(keys(jsondecode(aws_cloudformation_stack.this[0].template_body).Resources), "Memory")
    error_message = "no gateway or memory unless asked for"
  }
  assert {
    condition     = length(aws_iam_role.gateway) == 0 && length(aws_iam_role.memory) == 0 && length(aws_iam_role_policy.runtime_fleet_resources) == 0
    error_message = "no gateway or memory roles, and no fleet-resource grants, without a gateway or memory"
  }
}

run "runtime_roles_are_least_privilege" {
  command = plan

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.runtime["sre-orchestrator"].policy).Statement : s.Resource if s.Sid == "InvokeOwnModels"][0] == ["arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0", "arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0"]
    error_message = "an inference profile needs the profile ARN in the account and the foundation model in any region"
  }
  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.runtime["email-classifier"].policy).Statement : s.Resource if s.Sid == "InvokeOwnModels"][0] == ["arn:aws:bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0", "arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-haiku-4-5-20251001-v1:0", "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0"]
    error_message = "the escalation model is allowed beside the agent's own model, and nothing else"
  }
  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.runtime["sre-orchestrator"].policy).Statement : s.Resource if s.Sid == "PullOwnImage"][0] == "arn:aws:ecr:us-east-1:123456789012:repository/acme-agents/sre-orchestrator"
    error_message = "a runtime pulls only its own repository"
  }
  assert {
    condition     = length([for s in jsondecode(aws_iam_role_policy.runtime["email-classifier"].policy).Statement : s if startswith(s.Sid, "Ecr") || s.Sid == "PullOwnImage"]) == 0 && [for s in jsondecode(aws_iam_role_policy.runtime["email-classifier"].policy).Statement : s.Resource if s.Sid == "ReadOwnCode"][0] == "arn:aws:s3:::acme-agent-code/email-classifier/v3.zip*"
    error_message = "a code runtime reads only its own S3 object and gets no ECR access"
  }
  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.runtime["doc-specialist"].policy).Statement : s.Resource if s.Sid == "WriteOwnLogs"][0] == ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/bedrock-agentcore/runtimes/acme_agents_doc_specialist-*", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/bedrock-agentcore/runtimes/acme_agents_doc_specialist-*:log-stream:*"]
    error_message = "a runtime writes only to its own log groups"
  }
  assert {
    condition     = !contains(flatten([for s in jsondecode(aws_iam_role_policy.runtime["doc-specialist"].policy).Statement : s.Action]), "logs:CreateLogGroup")
    error_message = "runtimes may not create log groups (they would have no retention); modules/log-groups creates them"
  }
  assert {
    condition     = length([for s in jsondecode(aws_iam_role_policy.runtime["invoice-validator"].policy).Statement : s if s.Sid == "WriteSampledTraces"]) == 0 && length([for s in jsondecode(aws_iam_role_policy.runtime["email-classifier"].policy).Statement : s if s.Sid == "WriteSampledTraces"]) == 1
    error_message = "X-Ray permissions only for runtimes that sample traces (rate > 0)"
  }
  assert {
    condition     = jsondecode(aws_iam_role.runtime["sre-orchestrator"].assume_role_policy).Statement[0].Condition == { StringEquals = { "aws:SourceAccount" = "123456789012" }, ArnLike = { "aws:SourceArn" = "arn:aws:bedrock-agentcore:us-east-1:123456789012:*" } }
    error_message = "the role trusts AgentCore only when acting for this account and region"
  }
  assert {
    condition     = output.bedrock_model_arns["doc-specialist"] == tolist(["arn:aws:bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0", "arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0", "arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-haiku-4-5-20251001-v1:0", "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0"])
    error_message = "geographic profiles (us.) are handled like global ones"
  }
  assert {
    condition     = toset(keys(aws_cloudformation_stack.this[0].parameters)) == toset(keys(jsondecode(aws_cloudformation_stack.this[0].template_body).Parameters)) && length(keys(jsondecode(aws_cloudformation_stack.this[0].template_body).Parameters)) == 4
    error_message = "each runtime's role reaches the template as a parameter, so the template is known at plan time"
  }
}

run "agents_call_the_tier_router" {
  command = plan

  variables {
    tier_router = {
      function_name = "acme-agents-tier-router"
      function_arn  = "arn:aws:lambda:us-east-1:123456789012:function:acme-agents-tier-router"
    }
  }

  assert {
    condition     = alltrue([for r in ["RuntimeSreOrchestrator", "RuntimeEmailClassifier"] : jsondecode(aws_cloudformation_stack.this[0].template_body).Resources[r].Properties.EnvironmentVariables.TIER_ROUTER_FUNCTION == "acme-agents-tier-router"])
    error_message = "every runtime is told which router to call"
  }
  assert {
    condition     = jsondecode(aws_iam_role_policy.runtime_tier_router["doc-specialist"].policy).Statement == [{ Sid = "CallTierRouter", Effect = "Allow", Action = ["lambda:InvokeFunction"], Resource = "arn:aws:lambda:us-east-1:123456789012:function:acme-agents-tier-router" }]
    error_message = "and may invoke that function only"
  }
  assert {
    condition     = length(aws_iam_role_policy.runtime_tier_router) == 4
    error_message = "every runtime gets the permission"
  }
}

run "no_router_no_router_permission" {
  command = plan

  assert {
    condition     = length(aws_iam_role_policy.runtime_tier_router) == 0 && !contains(keys(jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.RuntimeDocSpecialist.Properties.EnvironmentVariables), "TIER_ROUTER_FUNCTION")
    error_message = "without a router, no permission and no variable"
  }
}

run "ids_that_would_collide_get_distinct_logical_ids" {
  command = plan

  variables {
    agent_configs = {
      "agent-2x" = { tier = 3, model_id = "amazon.nova-micro-v1:0", ltm_enabled = false, trace_sample_rate = 0.03, idle_session_timeout_seconds = 60, max_session_lifetime_seconds = 300 }
      "agent2x"  = { tier = 3, model_id = "amazon.nova-micro-v1:0", ltm_enabled = false, trace_sample_rate = 0.03, idle_session_timeout_seconds = 60, max_session_lifetime_seconds = 300 }
    }
    runtimes = {
      "agent-2x" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1" }
      "agent2x"  = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/b:1" }
    }
  }

  assert {
    condition     = length([for r in values(jsondecode(aws_cloudformation_stack.this[0].template_body).Resources) : r if r.Type == "AWS::BedrockAgentCore::Runtime"]) == 2
    error_message = "both runtimes are in the template under their own logical ids"
  }
  assert {
    condition     = output.agentcore_runtime_names == { "agent-2x" = "acme_agents_agent_2x", "agent2x" = "acme_agents_agent2x" }
    error_message = "runtime names stay distinct"
  }
}
