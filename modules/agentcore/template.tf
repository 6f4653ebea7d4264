# The CloudFormation template (an HCL object rendered with jsonencode) and the stack that holds the
# runtimes, endpoints, gateway, targets and memory.

locals {
  # The resources are written with null for every property that does not apply; `resources` (below)
  # drops them all at once.
  runtime_resources = merge([
    for id, r in local.runtimes : {
      "Runtime${local.logical_ids[id]}" = {
        Type = "AWS::BedrockAgentCore::Runtime"
        Properties = {
          AgentRuntimeName = local.runtime_names[id]
          Description      = r.description != null ? r.description : "Agent ${id} (tier ${try(local.runtime_records[id].tier, "?")})"
          RoleArn          = { Ref = "RuntimeRoleArn${local.logical_ids[id]}" }
          AgentRuntimeArtifact = {
            ContainerConfiguration = r.container_uri == null ? null : { ContainerUri = r.container_uri }
            CodeConfiguration = r.code == null ? null : {
              Code       = { S3 = { Bucket = r.code.s3_bucket, Prefix = r.code.s3_prefix, VersionId = r.code.s3_version_id } }
              Runtime    = r.code.python_runtime
              EntryPoint = r.code.entry_point
            }
          }
          NetworkConfiguration = {
            NetworkMode       = r.network_mode
            NetworkModeConfig = r.network_mode == "VPC" ? { Subnets = r.subnet_ids, SecurityGroups = r.security_group_ids } : null
          }
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
        }
      }
      "Endpoint${local.logical_ids[id]}" = {
        Type = "AWS::BedrockAgentCore::RuntimeEndpoint"
        Properties = {
          Name                = r.endpoint_name
          AgentRuntimeId      = { "Fn::GetAtt" = ["Runtime${local.logical_ids[id]}", "AgentRuntimeId"] }
          AgentRuntimeVersion = { "Fn::GetAtt" = ["Runtime${local.logical_ids[id]}", "AgentRuntimeVersion"] }
          Description         = "Endpoint of agent ${id}"
          Tags                = length(local.tags) > 0 ? local.tags : null
        }
      }
    }
  ]...)

  # One-or-no element list, so the body is only evaluated when a gateway is configured.
  gateway_resources = merge([for gw in(local.gateway == null ? [] : [local.gateway]) : merge(
    {
      Gateway = {
        Type = "AWS::BedrockAgentCore::Gateway"
        Properties = {
          Name           = local.gateway_name
          Description    = local.gateway.description
          RoleArn        = { Ref = "GatewayRoleArn" }
          AuthorizerType = local.gateway.authorizer_type
          AuthorizerConfiguration = local.gateway.jwt == null ? null : {
            CustomJWTAuthorizer = {
              DiscoveryUrl    = local.gateway.jwt.discovery_url
              AllowedAudience = length(local.gateway.jwt.allowed_audiences) > 0 ? local.gateway.jwt.allowed_audiences : null
              AllowedClients  = length(local.gateway.jwt.allowed_clients) > 0 ? local.gateway.jwt.allowed_clients : null
            }
          }
          ProtocolType = "MCP"
          ProtocolConfiguration = local.gateway.semantic_search || local.gateway.instructions != null ? {
            Mcp = {
              SearchType   = local.gateway.semantic_search ? "SEMANTIC" : null
              Instructions = local.gateway.instructions
            }
          } : null
          KmsKeyArn      = local.gateway.kms_key_arn
          ExceptionLevel = local.gateway.exception_level
          Tags           = length(local.tags) > 0 ? local.tags : null
        }
      }
    },
    {
      for name, t in local.gateway_targets : local.target_logical_ids[name] => {
        Type = "AWS::BedrockAgentCore::GatewayTarget"
        Properties = {
          Name              = name
          Description       = t.description
          GatewayIdentifier = { "Fn::GetAtt" = ["Gateway", "GatewayIdentifier"] }
          TargetConfiguration = {
            Mcp = {
              Lambda = t.lambda == null ? null : {
                LambdaArn = t.lambda.function_arn
                ToolSchema = {
                  S3            = t.lambda.s3_uri == null ? null : { Uri = t.lambda.s3_uri }
                  InlinePayload = t.lambda.inline_json == null ? null : jsondecode(t.lambda.inline_json)
                }
              }
              OpenApiSchema = t.openapi == null ? null : {
                S3            = t.openapi.s3_uri == null ? null : { Uri = t.openapi.s3_uri }
                InlinePayload = t.openapi.inline
              }
              McpServer = t.mcp_server == null ? null : { Endpoint = t.mcp_server.endpoint }
            }
          }
          # Lambda targets are called with the gateway's own role; OpenAPI and MCP server targets with
          # the OAuth or API-key credential provider given.
          CredentialProviderConfigurations = t.lambda == null && t.credential_provider == null ? null : [{
            CredentialProviderType = t.lambda != null ? "GATEWAY_IAM_ROLE" : try(t.credential_provider.type, null)
            CredentialProvider = t.lambda != null ? null : {
              OauthCredentialProvider = try(t.credential_provider.type, null) != "OAUTH" ? null : {
                ProviderArn = t.credential_provider.provider_arn
                Scopes      = t.credential_provider.scopes
              }
              ApiKeyCredentialProvider = try(t.credential_provider.type, null) != "API_KEY" ? null : {
                ProviderArn             = t.credential_provider.provider_arn
                CredentialLocation      = t.credential_provider.location
                CredentialParameterName = t.credential_provider.param_name
                CredentialPrefix        = t.credential_provider.prefix
              }
            }
          }]
        }
      }
    },
  )]...)

  memory_resources = local.memory == null ? {} : {
    Memory = {
      Type = "AWS::BedrockAgentCore::Memory"
      Properties = {
        Name                   = local.memory_name
        Description            = local.memory.description != null ? local.memory.description : "Memory of fleet ${var.name_prefix}"
        EventExpiryDuration    = local.memory.event_expiry_days
        EncryptionKeyArn       = local.memory.kms_key_arn
        MemoryExecutionRoleArn = { Ref = "MemoryRoleArn" }
        MemoryStrategies = length(local.memory_strategy_kinds) == 0 ? null : [
          for kind in ["semantic", "summary", "user_preference"] : {
            (local.memory_strategy_kinds[kind].key) = {
              Name                      = local.memory_strategy_kinds[kind].name
              Description               = local.memory_strategy_kinds[kind].description
              Namespaces                = local.memory_strategy_kinds[kind].namespaces
              RecordExpirySpecification = local.memory.record_expiry_days == null ? null : { RecordExpiryDurationDays = local.memory.record_expiry_days }
            }
          } if contains(keys(local.memory_strategy_kinds), kind)
        ]
        Tags = length(local.tags) > 0 ? local.tags : null
      }
    }
  }

  # CloudFormation wants a property that does not apply left out, not null. This drops every null
  # member of every resource's properties, five levels deep (the deepest the template goes), in maps
  # and lists alike. Terraform has no recursive functions, so each level is written out; each has the
  # same shape: for a value v<n>, c<n> holds its members already cleaned one level down, then v<n> is
  # rebuilt as a map without its null members (keys() fails on a list), else as a list without null
  # elements, else (a string, number, bool or null) kept as it is.
  resources = {
    for name, r in merge(local.runtime_resources, local.gateway_resources, local.memory_resources) : name => merge(r, {
      Properties = [for v1 in [r.Properties] :
        try(one([for c1 in [{ for k1, v2 in v1 : k1 =>
          try(one([for c2 in [{ for k2, v3 in v2 : k2 =>
            try(one([for c3 in [{ for k3, v4 in v3 : k3 =>
              try(one([for c4 in [{ for k4, v5 in v4 : k4 =>
                try(one([for c5 in [{ for k5, v6 in v5 : k5 =>
                  v6
                }] : try({ for k in keys(v5) : k => c5[k] if c5[k] != null }, [for i, x in v5 : c5[tostring(i)] if x != null])]), v5)
              }] : try({ for k in keys(v4) : k => c4[k] if c4[k] != null }, [for i, x in v4 : c4[tostring(i)] if x != null])]), v4)
            }] : try({ for k in keys(v3) : k => c3[k] if c3[k] != null }, [for i, x in v3 : c3[tostring(i)] if x != null])]), v3)
          }] : try({ for k in keys(v2) : k => c2[k] if c2[k] != null }, [for i, x in v2 : c2[tostring(i)] if x != null])]), v2)
        }] : try({ for k in keys(v1) : k => c1[k] if c1[k] != null }, [for i, x in v1 : c1[tostring(i)] if x != null])]), v1)
      ][0]
    })
  }

  template_parameters = merge(
    { for id in keys(local.runtimes) : "RuntimeRoleArn${local.logical_ids[id]}" => { Type = "String", Description = "Execution role of the runtime of agent ${id}" } },
    local.gateway == null ? {} : { GatewayRoleArn = { Type = "String", Description = "Execution role of the gateway" } },
    local.memory == null ? {} : { MemoryRoleArn = { Type = "String", Description = "Execution role of the memory" } },
  )

  template_outputs = merge(
    merge([
      for id in keys(local.runtimes) : {
        "Runtime${local.logical_ids[id]}Id"          = { Value = { "Fn::GetAtt" = ["Runtime${local.logical_ids[id]}", "AgentRuntimeId"] } }
        "Runtime${local.logical_ids[id]}Arn"         = { Value = { "Fn::GetAtt" = ["Runtime${local.logical_ids[id]}", "AgentRuntimeArn"] } }
        "Runtime${local.logical_ids[id]}EndpointId"  = { Value = { "Fn::GetAtt" = ["Endpoint${local.logical_ids[id]}", "Id"] } }
        "Runtime${local.logical_ids[id]}EndpointArn" = { Value = { "Fn::GetAtt" = ["Endpoint${local.logical_ids[id]}", "AgentRuntimeEndpointArn"] } }
      }
    ]...),
    local.gateway == null ? {} : {
      GatewayId  = { Value = { "Fn::GetAtt" = ["Gateway", "GatewayIdentifier"] } }
      GatewayArn = { Value = { "Fn::GetAtt" = ["Gateway", "GatewayArn"] } }
      GatewayUrl = { Value = { "Fn::GetAtt" = ["Gateway", "GatewayUrl"] } }
    },
    local.memory == null ? {} : {
      MemoryId  = { Value = { "Fn::GetAtt" = ["Memory", "MemoryId"] } }
      MemoryArn = { Value = { "Fn::GetAtt" = ["Memory", "MemoryArn"] } }
    },
  )

  template = {
    AWSTemplateFormatVersion = "2010-09-09"
    Description              = "AgentCore runtimes, gateway and memory of fleet ${var.name_prefix} (agentcore-finops modules/agentcore)"
    Parameters               = local.template_parameters
    Resources                = local.resources
    Outputs                  = local.template_outputs
  }
}

resource "aws_cloudformation_stack" "this" {
  #checkov:skip=CKV_AWS_124:Terraform creates and updates this stack and reports its events and failures at apply; notification_arns sends them to SNS too when wanted.
  count = local.create_stack ? 1 : 0

  name          = local.stack_name
  template_body = jsonencode(local.template)
  parameters = merge(
    { for id in keys(local.runtimes) : "RuntimeRoleArn${local.logical_ids[id]}" => aws_iam_role.runtime[id].arn },
    local.gateway == null ? {} : { GatewayRoleArn = aws_iam_role.gateway[0].arn },
    local.memory == null ? {} : { MemoryRoleArn = aws_iam_role.memory[0].arn },
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
