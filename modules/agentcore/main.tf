# AgentCore Runtime, Gateway and Memory for a fleet, through one CloudFormation stack (hashicorp/aws 5.x
# has no aws_bedrockagentcore_* resources; AWS::BedrockAgentCore::* works on 5.x and 6.x alike). The
# template is built here as an HCL object and rendered with jsonencode(); the IAM roles are ordinary
# Terraform resources passed in as stack parameters, so the template is fully known at plan time and
# can be linted (tests/compliance/test_cfn_lint.py) exactly as CloudFormation will receive it.

locals {
  # AWS rules several modules check inputs against (see variables.tf), written once: modules/aws-rules.json.
  aws_rules = jsondecode(file("${path.module}/../aws-rules.json"))
}

data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  partition = data.aws_partition.current.partition
  region    = data.aws_region.current.name
  account   = var.account_id

  # The memory's and gateway's customer managed keys, or null (also when there is no memory/gateway).
  memory_kms_key_arn  = var.memory == null ? null : var.memory.kms_key_arn
  gateway_kms_key_arn = var.gateway == null ? null : var.gateway.kms_key_arn

  prefix_underscored = replace(var.name_prefix, "-", "_")
  stack_name         = "${var.name_prefix}-agentcore"
  gateway_name       = "${var.name_prefix}-gateway"
  memory_name        = "${local.prefix_underscored}_memory"

  # ------------------------------------------------------------------------------------------ runtimes
  # The resolved record of each runtime's agent. try() keeps an unknown agent id from failing here with
  # an index error; the precondition on the stack reports it by name instead.
  runtime_records = { for id in keys(var.runtimes) : id => try(var.agent_configs[id], null) }
  unknown_agents  = sort([for id, rec in local.runtime_records : id if rec == null])

  runtime_names = {
    for id, r in var.runtimes : id => r.name != null ? r.name : "${local.prefix_underscored}_${replace(id, "-", "_")}"
  }
  # CloudFormation logical ids: letters and digits only ("sre-orchestrator" -> "SreOrchestrator"). Ids
  # that would collide ("agent-2x" and "agent2x") get a hash of the agent id appended.
  title_ids   = { for id in keys(var.runtimes) : id => join("", [for part in split("-", id) : title(part)]) }
  logical_ids = { for id, t in local.title_ids : id => length([for o in values(local.title_ids) : o if o == t]) > 1 ? "${t}${substr(sha1(id), 0, 8)}" : t }

  session_lifecycle = {
    for id, rec in local.runtime_records : id => {
      idle_session_timeout_seconds = try(rec.idle_session_timeout_seconds, null)
      max_session_lifetime_seconds = try(rec.max_session_lifetime_seconds, null)
    }
  }
  name_errors = [
    for id, name in local.runtime_names :
    "runtimes[\"${id}\"]: runtime name \"${name}\" (${length(name)} characters) must match [a-zA-Z][a-zA-Z0-9_]{0,47}; shorten name_prefix or set runtimes[\"${id}\"].name"
    if !can(regex("^[a-zA-Z][a-zA-Z0-9_]{0,47}$", name))
  ]

  # Head sampling: the sampling-profiles module's variables when given, else the same values from the
  # agent's own rate (agentcore_finops.sampling.otel_environment writes 0.03 as "0.03" and 1 as "1.0").
  sample_rate = { for id, rec in local.runtime_records : id => try(rec.trace_sample_rate, 0) }
  otel_environment = {
    for id, rate in local.sample_rate : id => lookup(var.otel_environment, id, {
      OTEL_TRACES_SAMPLER     = "parentbased_traceidratio"
      OTEL_TRACES_SAMPLER_ARG = rate == floor(rate) ? format("%.1f", rate) : tostring(rate)
    })
  }

  # -------------------------------------------------------------------------------- model permissions
  # Each runtime may invoke its model and escalation model (ARNs from modules/bedrock-model-arns, the
  # rules the tier router's role follows too).
  model_ids = sort(distinct(flatten([
    for rec in values(local.runtime_records) : compact([try(rec.model_id, null), try(rec.escalation_model_id, null)])
  ])))
  runtime_model_arns = {
    for id, rec in local.runtime_records : id => sort(distinct(flatten([
      for m in compact([try(rec.model_id, null), try(rec.escalation_model_id, null)]) : module.model_arns.arns[m]
    ])))
  }

  # ECR repository ARN of each container image (public.ecr.aws images need no pull permission).
  ecr_image = {
    for id, r in var.runtimes : id => try(regex("^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.[^/]+/([^:@]+)", r.container_uri), null)
  }

  # -------------------------------------------------------------------------------------------- memory
  ltm_needed = anytrue([for rec in values(var.agent_configs) : rec.ltm_enabled])
  memory_strategy_kinds = var.memory == null || !local.ltm_needed ? {} : {
    for kind, spec in {
      semantic        = { key = "SemanticMemoryStrategy", name = "semantic_facts", enabled = var.memory.semantic, namespaces = var.memory.namespaces.semantic, description = "Facts and knowledge extracted from conversations" }
      summary         = { key = "SummaryMemoryStrategy", name = "session_summaries", enabled = var.memory.summary, namespaces = var.memory.namespaces.summary, description = "A running summary of each session" }
      user_preference = { key = "UserPreferenceMemoryStrategy", name = "user_preferences", enabled = var.memory.user_preference, namespaces = var.memory.namespaces.user_preference, description = "Preferences stated by users" }
    } : kind => spec if spec.enabled
  }
  memory_namespaces = { for kind, spec in local.memory_strategy_kinds : kind => spec.namespaces }
  # The fixed part of each namespace, up to its first {variable}: what the ltm-pruner lists under.
  memory_namespace_paths = sort(distinct(flatten([
    for spec in values(local.memory_strategy_kinds) : [for ns in spec.namespaces : replace(ns, "/\\{.*$/", "")]
  ])))

  # ------------------------------------------------------------------------------------------- gateway
  gateway_targets  = var.gateway == null ? {} : var.gateway.targets
  target_title_ids = { for name in keys(local.gateway_targets) : name => join("", [for part in split("-", name) : title(part)]) }
  target_logical_ids = {
    for name, t in local.target_title_ids : name => length([for o in values(local.target_title_ids) : o if o == t]) > 1 ? "Target${t}${substr(sha1(name), 0, 8)}" : "Target${t}"
  }
  lambda_targets   = { for k, t in local.gateway_targets : k => t if t.lambda != null }
  credential_by_tg = { for k, t in local.gateway_targets : k => t.credential_provider if t.credential_provider != null }
  schema_s3_uris = sort(compact(flatten([
    for t in values(local.gateway_targets) : [try(t.lambda.s3_uri, null), try(t.openapi.s3_uri, null)]
  ])))

  # With the IAM authorizer, runtimes sign their gateway calls and need a grant; with JWT they need none.
  runtimes_call_gateway = try(var.gateway.authorizer_type, null) == "AWS_IAM"

  create_stack = length(var.runtimes) > 0 || var.gateway != null || var.memory != null
  tags         = var.tags
}

# ------------------------------------------------------------------------------------------ IAM roles

locals {
  # Every role here is assumed only by AgentCore acting for this account and region.
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AgentCoreInThisAccount"
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "bedrock-agentcore.amazonaws.com" }
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account }
        ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:bedrock-agentcore:${local.region}:${local.account}:*" }
      }
    }]
  })

  log_group_arn_prefix        = "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:"
  workload_identity_directory = "arn:${local.partition}:bedrock-agentcore:${local.region}:${local.account}:workload-identity-directory/default"

  runtime_policies = {
    for id, r in var.runtimes : id => jsonencode({
      Version = "2012-10-17"
      Statement = concat(
        r.container_uri == null ? [] : [{
          Sid      = "EcrToken"
          Effect   = "Allow"
          Action   = ["ecr:GetAuthorizationToken"]
          Resource = "*" # GetAuthorizationToken has no resource-level permissions
        }],
        local.ecr_image[id] == null ? [] : [{
          Sid      = "PullOwnImage"
          Effect   = "Allow"
          Action   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
          Resource = "arn:${local.partition}:ecr:${local.ecr_image[id][1]}:${local.ecr_image[id][0]}:repository/${local.ecr_image[id][2]}"
        }],
        r.code == null ? [] : [{
          Sid      = "ReadOwnCode"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:GetObjectVersion"]
          Resource = "arn:${local.partition}:s3:::${r.code.s3_bucket}/${r.code.s3_prefix}*"
        }],
        [
          {
            Sid      = "WriteOwnLogs"
            Effect   = "Allow"
            Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
            Resource = ["${local.log_group_arn_prefix}/aws/bedrock-agentcore/runtimes/${local.runtime_names[id]}-*", "${local.log_group_arn_prefix}/aws/bedrock-agentcore/runtimes/${local.runtime_names[id]}-*:log-stream:*"]
          },
          {
            Sid      = "FindLogGroups"
            Effect   = "Allow"
            Action   = ["logs:DescribeLogGroups"]
            Resource = "${local.log_group_arn_prefix}*"
          },
          {
            Sid       = "PublishAgentMetrics"
            Effect    = "Allow"
            Action    = ["cloudwatch:PutMetricData"]
            Resource  = "*" # PutMetricData has no resources; the namespace condition scopes it
            Condition = { StringEquals = { "cloudwatch:namespace" = "bedrock-agentcore" } }
          },
          {
            Sid    = "OwnWorkloadIdentity"
            Effect = "Allow"
            Action = ["bedrock-agentcore:GetWorkloadAccessToken", "bedrock-agentcore:GetWorkloadAccessTokenForJWT"]
            Resource = [
              local.workload_identity_directory,
              "${local.workload_identity_directory}/workload-identity/${local.runtime_names[id]}-*",
            ]
          },
        ],
        local.sample_rate[id] > 0 ? [{
          Sid      = "WriteSampledTraces"
          Effect   = "Allow"
          Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]
          Resource = "*" # X-Ray has no resource-level permissions
        }] : [],
        # The memory's events and records are encrypted with its key; AgentCore uses the key with the
        # caller's rights. On the key only, and only through AgentCore.
        local.memory_kms_key_arn == null ? [] : [{
          Sid       = "UseMemoryKey"
          Effect    = "Allow"
          Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
          Resource  = local.memory_kms_key_arn
          Condition = { StringEquals = { "kms:ViaService" = "bedrock-agentcore.${local.region}.amazonaws.com" } }
        }],
        length(local.runtime_model_arns[id]) == 0 ? [] : [{
          Sid      = "InvokeOwnModels"
          Effect   = "Allow"
          Action   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
          Resource = local.runtime_model_arns[id]
        }],
      )
    })
  }
}

resource "aws_iam_role" "runtime" {
  for_each = var.runtimes

  name               = "${substr(local.runtime_names[each.key], 0, 48)}-runtime"
  description        = "AgentCore Runtime of agent ${each.key}"
  assume_role_policy = local.assume_role_policy
  tags               = local.tags
}

resource "aws_iam_role_policy" "runtime" {
  for_each = var.runtimes

  name   = "runtime"
  role   = aws_iam_role.runtime[each.key].id
  policy = local.runtime_policies[each.key]
}

# The tier router the agents call for every model call: its own policy, so the rest of the runtime's
# permissions stay known at plan time while the function's ARN is not yet.
resource "aws_iam_role_policy" "runtime_tier_router" {
  for_each = var.tier_router == null ? {} : var.runtimes

  name = "tier-router"
  role = aws_iam_role.runtime[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "CallTierRouter"
      Effect   = "Allow"
      Action   = ["lambda:InvokeFunction"]
      Resource = var.tier_router.function_arn
    }]
  })
}

# Permissions on what the stack creates (the gateway to call, the memory to use) can only be written
# once the stack exists; AgentCore needs them only when an agent runs, not to create the runtime.
resource "aws_iam_role_policy" "runtime_fleet_resources" {
  for_each = length(aws_cloudformation_stack.this) > 0 && (local.runtimes_call_gateway || var.memory != null) ? var.runtimes : {}

  name = "fleet-resources"
  role = aws_iam_role.runtime[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      !local.runtimes_call_gateway ? [] : [{
        Sid      = "CallFleetGateway"
        Effect   = "Allow"
        Action   = ["bedrock-agentcore:InvokeGateway"]
        Resource = aws_cloudformation_stack.this[0].outputs["GatewayArn"]
      }],
      var.memory == null ? [] : [{
        Sid      = "ShortTermMemory"
        Effect   = "Allow"
        Action   = ["bedrock-agentcore:CreateEvent", "bedrock-agentcore:GetEvent", "bedrock-agentcore:ListEvents", "bedrock-agentcore:DeleteEvent", "bedrock-agentcore:ListSessions", "bedrock-agentcore:ListActors"]
        Resource = aws_cloudformation_stack.this[0].outputs["MemoryArn"]
      }],
      var.memory == null || !try(local.runtime_records[each.key].ltm_enabled, false) || length(local.memory_strategy_kinds) == 0 ? [] : [{
        Sid      = "LongTermMemory"
        Effect   = "Allow"
        Action   = ["bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:ListMemoryRecords", "bedrock-agentcore:GetMemoryRecord", "bedrock-agentcore:BatchCreateMemoryRecords", "bedrock-agentcore:BatchUpdateMemoryRecords"]
        Resource = aws_cloudformation_stack.this[0].outputs["MemoryArn"]
      }],
    )
  })
}

locals {
  gateway_statements = concat(
    length(local.lambda_targets) == 0 ? [] : [{
      Sid      = "InvokeLambdaTargets"
      Effect   = "Allow"
      Action   = ["lambda:InvokeFunction"]
      Resource = sort(distinct([for t in values(local.lambda_targets) : t.lambda.function_arn]))
    }],
    length(local.schema_s3_uris) == 0 ? [] : [{
      Sid      = "ReadToolSchemas"
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = [for u in local.schema_s3_uris : "arn:${local.partition}:s3:::${trimprefix(u, "s3://")}"]
    }],
    length(local.credential_by_tg) == 0 ? [] : [{
      Sid    = "OutboundCredentials"
      Effect = "Allow"
      Action = distinct(concat(
        ["bedrock-agentcore:GetWorkloadAccessToken"],
        [for c in values(local.credential_by_tg) : c.type == "OAUTH" ? "bedrock-agentcore:GetResourceOauth2Token" : "bedrock-agentcore:GetResourceApiKey"],
      ))
      Resource = sort(distinct(concat(
        [local.workload_identity_directory, "${local.workload_identity_directory}/workload-identity/${local.gateway_name}-*"],
        [for c in values(local.credential_by_tg) : c.provider_arn],
        [for c in values(local.credential_by_tg) : join("/", slice(split("/", c.provider_arn), 0, 2))],
      )))
    }],
    length(local.credential_by_tg) == 0 ? [] : [{
      Sid      = "ReadCredentialSecrets"
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
      Resource = sort(distinct([for c in values(local.credential_by_tg) : c.secret_arn]))
    }],
    local.gateway_kms_key_arn == null ? [] : [{
      Sid      = "UseGatewayKey"
      Effect   = "Allow"
      Action   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:CreateGrant"]
      Resource = local.gateway_kms_key_arn
    }],
  )

  memory_statements = local.memory_kms_key_arn == null ? [] : [{
    Sid      = "UseMemoryKey"
    Effect   = "Allow"
    Action   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey", "kms:CreateGrant", "kms:ReEncryptFrom", "kms:ReEncryptTo"]
    Resource = local.memory_kms_key_arn
  }]
}

resource "aws_iam_role" "gateway" {
  count = var.gateway == null ? 0 : 1

  name               = "${var.name_prefix}-agentcore-gateway"
  description        = "AgentCore Gateway ${local.gateway_name}: calls its targets"
  assume_role_policy = local.assume_role_policy
  tags               = local.tags
}

resource "aws_iam_role_policy" "gateway" {
  count = var.gateway != null && length(local.gateway_statements) > 0 ? 1 : 0

  name   = "gateway"
  role   = aws_iam_role.gateway[0].id
  policy = jsonencode({ Version = "2012-10-17", Statement = local.gateway_statements })
}

resource "aws_iam_role" "memory" {
  count = var.memory == null ? 0 : 1

  name               = "${var.name_prefix}-agentcore-memory"
  description        = "AgentCore Memory ${local.memory_name}: execution role for extraction"
  assume_role_policy = local.assume_role_policy
  tags               = local.tags
}

resource "aws_iam_role_policy" "memory" {
  count = var.memory != null && length(local.memory_statements) > 0 ? 1 : 0

  name   = "memory"
  role   = aws_iam_role.memory[0].id
  policy = jsonencode({ Version = "2012-10-17", Statement = local.memory_statements })
}

# ------------------------------------------------------------------------------------------- template

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

# ------------------------------------------------------------------------------------- vended logs

locals {
  vended_log_groups = var.log_delivery ? merge(
    var.gateway == null ? {} : { gateway = "/aws/vendedlogs/bedrock-agentcore/${var.name_prefix}/gateway" },
    var.memory == null ? {} : { memory = "/aws/vendedlogs/bedrock-agentcore/${var.name_prefix}/memory" },
  ) : {}
  vended_sources = {
    gateway = try(aws_cloudformation_stack.this[0].outputs["GatewayArn"], null)
    memory  = try(aws_cloudformation_stack.this[0].outputs["MemoryArn"], null)
  }
}

resource "aws_cloudwatch_log_delivery_source" "this" {
  for_each = local.vended_log_groups

  name         = "${var.name_prefix}-agentcore-${each.key}"
  log_type     = "APPLICATION_LOGS"
  resource_arn = local.vended_sources[each.key]
  tags         = local.tags
}

resource "aws_cloudwatch_log_delivery_destination" "this" {
  for_each = local.vended_log_groups

  name = "${var.name_prefix}-agentcore-${each.key}"
  delivery_destination_configuration {
    destination_resource_arn = lookup(var.vended_log_group_arns, each.key, "${local.log_group_arn_prefix}${each.value}")
  }
  tags = local.tags
}

resource "aws_cloudwatch_log_delivery" "this" {
  for_each = local.vended_log_groups

  delivery_source_name     = aws_cloudwatch_log_delivery_source.this[each.key].name
  delivery_destination_arn = aws_cloudwatch_log_delivery_destination.this[each.key].arn
  tags                     = local.tags
}

module "model_arns" {
  source = "../bedrock-model-arns"

  model_ids      = local.model_ids
  prompt_routers = var.prompt_routers
  partition      = local.partition
  region         = local.region
  account_id     = local.account
}
