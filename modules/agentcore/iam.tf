# IAM roles of the runtimes, the gateway and the memory (trust: AgentCore in this account and region),
# their policies, and the Bedrock ARNs each runtime may invoke.

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
    for id, r in local.runtimes : id => jsonencode({
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
  for_each = local.runtimes

  name               = "${substr(local.runtime_names[each.key], 0, 48)}-runtime"
  description        = "AgentCore Runtime of agent ${each.key}"
  assume_role_policy = local.assume_role_policy
  tags               = local.tags
}

resource "aws_iam_role_policy" "runtime" {
  for_each = local.runtimes

  name   = "runtime"
  role   = aws_iam_role.runtime[each.key].id
  policy = local.runtime_policies[each.key]
}

# The tier router the agents call for every model call: its own policy, so the rest of the runtime's
# permissions stay known at plan time while the function's ARN is not yet.
resource "aws_iam_role_policy" "runtime_tier_router" {
  for_each = var.tier_router == null ? {} : local.runtimes

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
  for_each = length(aws_cloudformation_stack.this) > 0 && (local.runtimes_call_gateway || local.memory != null) ? local.runtimes : {}

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
      local.memory == null ? [] : [{
        Sid      = "ShortTermMemory"
        Effect   = "Allow"
        Action   = ["bedrock-agentcore:CreateEvent", "bedrock-agentcore:GetEvent", "bedrock-agentcore:ListEvents", "bedrock-agentcore:DeleteEvent", "bedrock-agentcore:ListSessions", "bedrock-agentcore:ListActors"]
        Resource = aws_cloudformation_stack.this[0].outputs["MemoryArn"]
      }],
      local.memory == null || !try(local.runtime_records[each.key].ltm_enabled, false) || length(local.memory_strategy_kinds) == 0 ? [] : [{
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
  count = local.gateway == null ? 0 : 1

  name               = "${var.name_prefix}-agentcore-gateway"
  description        = "AgentCore Gateway ${local.gateway_name}: calls its targets"
  assume_role_policy = local.assume_role_policy
  tags               = local.tags
}

resource "aws_iam_role_policy" "gateway" {
  count = local.gateway != null && length(local.gateway_statements) > 0 ? 1 : 0

  name   = "gateway"
  role   = aws_iam_role.gateway[0].id
  policy = jsonencode({ Version = "2012-10-17", Statement = local.gateway_statements })
}

resource "aws_iam_role" "memory" {
  count = local.memory == null ? 0 : 1

  name               = "${var.name_prefix}-agentcore-memory"
  description        = "AgentCore Memory ${local.memory_name}: execution role for extraction"
  assume_role_policy = local.assume_role_policy
  tags               = local.tags
}

resource "aws_iam_role_policy" "memory" {
  count = local.memory != null && length(local.memory_statements) > 0 ? 1 : 0

  name   = "memory"
  role   = aws_iam_role.memory[0].id
  policy = jsonencode({ Version = "2012-10-17", Statement = local.memory_statements })
}

module "model_arns" {
  source = "../bedrock-model-arns"

  model_ids      = local.model_ids
  prompt_routers = var.prompt_routers
  partition      = local.partition
  region         = local.region
  account_id     = local.account
}
