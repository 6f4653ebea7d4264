name_prefix = "acme-agents"
account_id  = "123456789012"
agent_configs = {
  "sre-orchestrator" = { tier = 1, model_id = "global.anthropic.claude-sonnet-4-5-20250929-v1:0", ltm_enabled = true, trace_sample_rate = 0.25, idle_session_timeout_seconds = 300, max_session_lifetime_seconds = 3600 }
  "email-classifier" = { tier = 3, model_id = "amazon.nova-micro-v1:0", escalation_model_id = "global.anthropic.claude-haiku-4-5-20251001-v1:0", ltm_enabled = false, trace_sample_rate = 0.03, idle_session_timeout_seconds = 60, max_session_lifetime_seconds = 300 }
}
runtimes = {
  "sre-orchestrator" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme-agents/sre-orchestrator:1.4.0" }
  "email-classifier" = {
    container_uri      = "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme-agents/email-classifier:2.1.0"
    network_mode       = "VPC"
    subnet_ids         = ["subnet-0a1b2c3d4e5f67890"]
    security_group_ids = ["sg-0a1b2c3d4e5f67890"]
  }
}
gateway = {
  targets = {
    "ops-tools" = {
      lambda = {
        function_arn = "arn:aws:lambda:us-east-1:123456789012:function:acme-ops-tools"
        inline_json  = "[{\"Name\":\"get_metrics\",\"Description\":\"Read one CloudWatch metric\",\"InputSchema\":{\"Type\":\"object\",\"Properties\":{\"service\":{\"Type\":\"string\"}},\"Required\":[\"service\"]}}]"
      }
    }
  }
}
memory = { event_expiry_days = 30 }
tags   = { team = "platform" }
