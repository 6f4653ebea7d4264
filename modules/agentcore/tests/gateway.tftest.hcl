# Gateway: authorizer, MCP search, targets, and the gateway's own role.

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
  }
  runtimes = {
    "sre-orchestrator" = { container_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme-agents/sre-orchestrator:1.4.0" }
  }
  gateway = {
    targets = {
      "ops-tools" = {
        lambda = {
          function_arn = "arn:aws:lambda:us-east-1:123456789012:function:acme-ops-tools"
          inline_json  = "[{\"Name\":\"get_metrics\",\"Description\":\"Read a metric\",\"InputSchema\":{\"Type\":\"object\",\"Properties\":{\"name\":{\"Type\":\"string\"}},\"Required\":[\"name\"]}}]"
        }
      }
    }
  }
}

run "iam_authorizer_and_lambda_target_by_default" {
  command = plan

  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Gateway.Properties.AuthorizerType == "AWS_IAM" && !contains(keys(jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Gateway.Properties), "AuthorizerConfiguration")
    error_message = "AWS_IAM is the default authorizer and takes no configuration"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Gateway.Properties.ProtocolType == "MCP" && !contains(keys(jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Gateway.Properties), "ProtocolConfiguration")
    error_message = "MCP without semantic search by default (search is billed per call and per indexed tool)"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.TargetOpsTools.Properties.TargetConfiguration.Mcp.Lambda.ToolSchema.InlinePayload[0].Name == "get_metrics" && jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.TargetOpsTools.Properties.CredentialProviderConfigurations == [{ CredentialProviderType = "GATEWAY_IAM_ROLE" }]
    error_message = "a Lambda target carries its tool schema and is called with the gateway's role"
  }
  assert {
    condition     = jsondecode(aws_iam_role_policy.gateway[0].policy).Statement == [{ Sid = "InvokeLambdaTargets", Effect = "Allow", Action = ["lambda:InvokeFunction"], Resource = ["arn:aws:lambda:us-east-1:123456789012:function:acme-ops-tools"] }]
    error_message = "the gateway role may invoke its Lambda targets and nothing else"
  }
  assert {
    condition     = length(aws_iam_role_policy.runtime_fleet_resources) == 1
    error_message = "runtimes get a grant to call the gateway once it exists"
  }
  assert {
    condition     = length(output.cloudwatch_vended_log_group_names) == 1 && output.cloudwatch_vended_log_group_names["gateway"] == "/aws/vendedlogs/bedrock-agentcore/acme-agents/gateway"
    error_message = "the gateway's application logs go to a named vended-log group"
  }
}

run "custom_jwt_semantic_search_and_other_targets" {
  command = plan

  variables {
    gateway = {
      authorizer_type = "CUSTOM_JWT"
      jwt             = { discovery_url = "https://idp.example.com/.well-known/openid-configuration", allowed_clients = ["agents"] }
      semantic_search = true
      exception_level = "DEBUG"
      kms_key_arn     = "arn:aws:kms:us-east-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab"
      targets = {
        "wiki" = { mcp_server = { endpoint = "https://mcp.example.com/wiki" } }
        "crm" = {
          openapi             = { s3_uri = "s3://acme-schemas/crm.yaml" }
          credential_provider = { type = "API_KEY", provider_arn = "arn:aws:bedrock-agentcore:us-east-1:123456789012:token-vault/default/apikeycredentialprovider/crm", secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:crm-abc123", param_name = "x-api-key" }
        }
      }
    }
  }

  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Gateway.Properties.AuthorizerConfiguration == { CustomJWTAuthorizer = { DiscoveryUrl = "https://idp.example.com/.well-known/openid-configuration", AllowedClients = ["agents"] } }
    error_message = "CUSTOM_JWT carries the discovery URL and the allowed clients"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Gateway.Properties.ProtocolConfiguration == { Mcp = { SearchType = "SEMANTIC" } }
    error_message = "semantic_search sets SearchType SEMANTIC"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Gateway.Properties.ExceptionLevel == "DEBUG" && jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.Gateway.Properties.KmsKeyArn == "arn:aws:kms:us-east-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab"
    error_message = "exception level and key are passed through"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.TargetWiki.Properties.TargetConfiguration == { Mcp = { McpServer = { Endpoint = "https://mcp.example.com/wiki" } } } && !contains(keys(jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.TargetWiki.Properties), "CredentialProviderConfigurations")
    error_message = "an MCP server target without credentials"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack.this[0].template_body).Resources.TargetCrm.Properties.CredentialProviderConfigurations[0].CredentialProvider.ApiKeyCredentialProvider == { ProviderArn = "arn:aws:bedrock-agentcore:us-east-1:123456789012:token-vault/default/apikeycredentialprovider/crm", CredentialLocation = "HEADER", CredentialParameterName = "x-api-key" }
    error_message = "an OpenAPI target with an API key provider"
  }
  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.gateway[0].policy).Statement : s.Sid] == ["ReadToolSchemas", "OutboundCredentials", "ReadCredentialSecrets", "UseGatewayKey"]
    error_message = "the gateway role reads its schema object, fetches its API key and uses its key, and may invoke no Lambda"
  }
  assert {
    condition     = length(aws_iam_role_policy.runtime_fleet_resources) == 0
    error_message = "with a JWT authorizer, runtimes get no IAM grant on the gateway"
  }
}
