# The CloudFormation template (an HCL object rendered with jsonencode) and the stack that holds the
# runtimes, endpoints, gateway, targets and memory.

locals {
  # Drops null-valued properties: CloudFormation wants them absent, not null.
  runtime_resources = merge([
    for id, r in var.runtimes : {
      "Runtime${local.logical_ids[id]}" = {
        Type = "AWS::BedrockAgentCore::Runtime"
        Properties = { for k, v in {
          AgentRuntimeName = local.runtime_names[id]
          Description      = r.description != null ? r.description : "Agent ${id} (tier ${try(local.runtime_records[id].tier, "?")})"
          RoleArn          = { Ref = "RuntimeRoleArn${local.logical_ids[id]}" }
          AgentRuntimeArtifact = { for k, v in {
            ContainerConfiguration = r.container_uri == null ? null : { ContainerUri = r.container_uri }
            CodeConfiguration = r.code == null ? null : {
              Code       = { S3 = { for k, v in { Bucket = r.code.s3_bucket, Prefix = r.code.s3_prefix, VersionId = r.code.s3_version_id } : k => v if v != null } }
              Runtime    = r.code.python_runtime
              EntryPoint = r.code.entry_point
            }
          } : k => v if v != null }
          NetworkConfiguration = { for k, v in {
            NetworkMode       = r.network_mode
            NetworkModeConfig = r.network_mode == "VPC" ? { Subnets = r.subnet_ids, SecurityGroups = r.security_group_ids } : null
          } : k => v if v != null }
          ProtocolConfiguration = r.protocol
          # Both always set: the service fills in whichever is missing, with its own 900 s / 8 h.
          LifecycleConfiguration = {
            IdleRuntimeSessionTimeout = local.session_lifecycle[id].idle_session_timeout_seconds
            MaxLifetime               = local.session_lifecycle[id].max_session_lifetime_seconds
          }
          EnvironmentVariables = merge(
            r.environment_variables,
            local.otel_environment[id],
            var.tier_router == null ? {} : { TIER_ROUTER_FUNCTION = var.tier_router.function_name },
          )
          Tags = length(local.tags) > 0 ? local.tags : null
        } : k => v if v != null }
      }
      "Endpoint${local.logical_ids[id]}" = {
        Type = "AWS::BedrockAgentCore::RuntimeEndpoint"
        Properties = { for k, v in {
          Name                = r.endpoint_name
          AgentRuntimeId      = { "Fn::GetAtt" = ["Runtime${local.logical_ids[id]}", "AgentRuntimeId"] }
          AgentRuntimeVersion = { "Fn::GetAtt" = ["Runtime${local.logical_ids[id]}", "AgentRuntimeVersion"] }
          Description         = "Endpoint of agent ${id}"
          Tags                = length(local.tags) > 0 ? local.tags : null
        } : k => v if v != null }
      }
    }
  ]...)

  # One-or-no element list, so the body is only evaluated when a gateway is configured.
  gateway_resources = merge([for gw in(var.gateway == null ? [] : [var.gateway]) : merge(
    {
      Gateway = {
        Type = "AWS::BedrockAgentCore::Gateway"
        Properties = { for k, v in {
          Name           = local.gateway_name
          Description    = var.gateway.description
          RoleArn        = { Ref = "GatewayRoleArn" }
          AuthorizerType = var.gateway.authorizer_type
          AuthorizerConfiguration = var.gateway.jwt == null ? null : {
            CustomJWTAuthorizer = { for k, v in {
              DiscoveryUrl    = var.gateway.jwt.discovery_url
              AllowedAudience = length(var.gateway.jwt.allowed_audiences) > 0 ? var.gateway.jwt.allowed_audiences : null
              AllowedClients  = length(var.gateway.jwt.allowed_clients) > 0 ? var.gateway.jwt.allowed_clients : null
            } : k => v if v != null }
          }
          ProtocolType = "MCP"
          ProtocolConfiguration = var.gateway.semantic_search || var.gateway.instructions != null ? {
            Mcp = { for k, v in {
              SearchType   = var.gateway.semantic_search ? "SEMANTIC" : null
              Instructions = var.gateway.instructions
            } : k => v if v != null }
          } : null
          KmsKeyArn      = var.gateway.kms_key_arn
          ExceptionLevel = var.gateway.exception_level
          Tags           = length(local.tags) > 0 ? local.tags : null
        } : k => v if v != null }
      }
    },
    {
      for name, t in local.gateway_targets : local.target_logical_ids[name] => {
        Type = "AWS::BedrockAgentCore::GatewayTarget"
        Properties = { for k, v in {
          Name              = name
          Description       = t.description
          GatewayIdentifier = { "Fn::GetAtt" = ["Gateway", "GatewayIdentifier"] }
          TargetConfiguration = {
            Mcp = { for k, v in {
              Lambda = t.lambda == null ? null : {
                LambdaArn = t.lambda.function_arn
                ToolSchema = { for k, v in {
                  S3            = t.lambda.s3_uri == null ? null : { Uri = t.lambda.s3_uri }
                  InlinePayload = t.lambda.inline_json == null ? null : jsondecode(t.lambda.inline_json)
                } : k => v if v != null }
              }
              OpenApiSchema = t.openapi == null ? null : { for k, v in {
                S3            = t.openapi.s3_uri == null ? null : { Uri = t.openapi.s3_uri }
                InlinePayload = t.openapi.inline
              } : k => v if v != null }
              McpServer = t.mcp_server == null ? null : { Endpoint = t.mcp_server.endpoint }
            } : k => v if v != null }
          }
          # Lambda targets are called with the gateway's own role; OpenAPI and MCP server targets with
          # the OAuth or API-key credential provider given.
          CredentialProviderConfigurations = t.lambda == null && t.credential_provider == null ? null : [{ for k, v in {
            CredentialProviderType = t.lambda != null ? "GATEWAY_IAM_ROLE" : try(t.credential_provider.type, null)
            CredentialProvider = t.lambda != null ? null : { for k, v in {
              OauthCredentialProvider = try(t.credential_provider.type, null) != "OAUTH" ? null : {
                ProviderArn = t.credential_provider.provider_arn
                Scopes      = t.credential_provider.scopes
              }
              ApiKeyCredentialProvider = try(t.credential_provider.type, null) != "API_KEY" ? null : { for k, v in {
                ProviderArn             = t.credential_provider.provider_arn
                CredentialLocation      = t.credential_provider.location
                CredentialParameterName = t.credential_provider.param_name
                CredentialPrefix        = t.credential_provider.prefix
              } : k => v if v != null }
            } : k => v if v != null }
          } : k => v if v != null }]
        } : k => v if v != null }
      }
    },
  )]...)

  memory_resources = var.memory == null ? {} : {
    Memory = {
      Type = "AWS::BedrockAgentCore::Memory"
      Properties = { for k, v in {
        Name                   = local.memory_name
        Description            = var.memory.description != null ? var.memory.description : "Memory of fleet ${var.name_prefix}"
        EventExpiryDuration    = var.memory.event_expiry_days
        EncryptionKeyArn       = var.memory.kms_key_arn
        MemoryExecutionRoleArn = { Ref = "MemoryRoleArn" }
        MemoryStrategies = length(local.memory_strategy_kinds) == 0 ? null : [
          for kind in ["semantic", "summary", "user_preference"] : {
            (local.memory_strategy_kinds[kind].key) = { for k, v in {
              Name                      = local.memory_strategy_kinds[kind].name
              Description               = local.memory_strategy_kinds[kind].description
              Namespaces                = local.memory_strategy_kinds[kind].namespaces
              RecordExpirySpecification = var.memory.record_expiry_days == null ? null : { RecordExpiryDurationDays = var.memory.record_expiry_days }
            } : k => v if v != null }
          } if contains(keys(local.memory_strategy_kinds), kind)
        ]
        Tags = length(local.tags) > 0 ? local.tags : null
      } : k => v if v != null }
    }
  }

  template_parameters = merge(
    { for id in keys(var.runtimes) : "RuntimeRoleArn${local.logical_ids[id]}" => { Type = "String", Description = "Execution role of the runtime of agent ${id}" } },
    var.gateway == null ? {} : { GatewayRoleArn = { Type = "String", Description = "Execution role of the gateway" } },
    var.memory == null ? {} : { MemoryRoleArn = { Type = "String", Description = "Execution role of the memory" } },
  )

  template_outputs = merge(
    merge([
      for id in keys(var.runtimes) : {
        "Runtime${local.logical_ids[id]}Id"          = { Value = { "Fn::GetAtt" = ["Runtime${local.logical_ids[id]}", "AgentRuntimeId"] } }
        "Runtime${local.logical_ids[id]}Arn"         = { Value = { "Fn::GetAtt" = ["Runtime${local.logical_ids[id]}", "AgentRuntimeArn"] } }
        "Runtime${local.logical_ids[id]}EndpointId"  = { Value = { "Fn::GetAtt" = ["Endpoint${local.logical_ids[id]}", "Id"] } }
        "Runtime${local.logical_ids[id]}EndpointArn" = { Value = { "Fn::GetAtt" = ["Endpoint${local.logical_ids[id]}", "AgentRuntimeEndpointArn"] } }
      }
    ]...),
    var.gateway == null ? {} : {
      GatewayId  = { Value = { "Fn::GetAtt" = ["Gateway", "GatewayIdentifier"] } }
      GatewayArn = { Value = { "Fn::GetAtt" = ["Gateway", "GatewayArn"] } }
      GatewayUrl = { Value = { "Fn::GetAtt" = ["Gateway", "GatewayUrl"] } }
    },
    var.memory == null ? {} : {
      MemoryId  = { Value = { "Fn::GetAtt" = ["Memory", "MemoryId"] } }
      MemoryArn = { Value = { "Fn::GetAtt" = ["Memory", "MemoryArn"] } }
    },
  )

  template = {
    AWSTemplateFormatVersion = "2010-09-09"
    Description              = "AgentCore runtimes, gateway and memory of fleet ${var.name_prefix} (agentcore-finops modules/agentcore)"
    Parameters               = local.template_parameters
    Resources                = merge(local.runtime_resources, local.gateway_resources, local.memory_resources)
    Outputs                  = local.template_outputs
  }
}

resource "aws_cloudformation_stack" "this" {
  #checkov:skip=CKV_AWS_124:Terraform creates and updates this stack and reports its events and failures at apply; notification_arns sends them to SNS too when wanted.
  count = local.create_stack ? 1 : 0

  name          = local.stack_name
  template_body = jsonencode(local.template)
  parameters = merge(
    { for id in keys(var.runtimes) : "RuntimeRoleArn${local.logical_ids[id]}" => aws_iam_role.runtime[id].arn },
    var.gateway == null ? {} : { GatewayRoleArn = aws_iam_role.gateway[0].arn },
    var.memory == null ? {} : { MemoryRoleArn = aws_iam_role.memory[0].arn },
  )
  notification_arns = var.notification_arns
  on_failure        = "ROLLBACK"
  tags              = local.tags

  # The roles' own permissions must exist before AgentCore validates them at creation.
  depends_on = [aws_iam_role_policy.runtime, aws_iam_role_policy.gateway, aws_iam_role_policy.memory]

  lifecycle {
    precondition {
      condition     = length(local.unknown_agents) == 0
      error_message = "runtimes: ${join(", ", [for id in local.unknown_agents : "\"${id}\""])} not an agent of the fleet (agent_configs); known agents: ${join(", ", sort(keys(var.agent_configs)))}."
    }
    precondition {
      condition     = length(local.name_errors) == 0
      error_message = join("; ", local.name_errors)
    }
  }
}
