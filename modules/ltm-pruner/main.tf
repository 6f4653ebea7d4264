# The long-term memory pruner: the ltm_pruner Lambda on a schedule, one run at a time, allowed to touch
# only the memories it is given (and to delete nothing while in dry run).

locals {
  memory_arns = sort(distinct([for m in var.memories : m.memory_arn]))

  read_actions   = ["bedrock-agentcore:ListMemoryRecords", "bedrock-agentcore:GetMemoryRecord"]
  delete_actions = ["bedrock-agentcore:BatchDeleteMemoryRecords", "bedrock-agentcore:DeleteMemoryRecord"]

  environment_variables = {
    MEMORY_SCOPES = jsonencode([
      for m in var.memories : {
        memory_id       = element(split("/", m.memory_arn), 1)
        namespace_paths = m.namespace_paths
        namespaces      = m.namespaces
      }
    ])
    TTL_DAYS                  = jsonencode(var.ttl_days)
    PROTECTED_IMPORTANCE      = tostring(var.protected_importance)
    MIN_AGE_DAYS              = tostring(var.min_age_days)
    MAX_RECORDS_PER_NAMESPACE = tostring(var.max_records_per_namespace)
    MAX_DELETIONS_PER_RUN     = tostring(var.max_deletions_per_run)
    DRY_RUN                   = tostring(var.dry_run)
    DELETE_RETRIES            = tostring(var.delete_retries)
    STORAGE_PRICE_ITEM        = var.storage_price_item
    POWERTOOLS_SERVICE_NAME   = "ltm-pruner"
  }

  # Keys of memories encrypted with a customer managed key: records are decrypted with the caller's rights.
  memory_key_arns = distinct([for m in var.memories : m.kms_key_arn if m.kms_key_arn != null])

  policy_json = jsonencode({
    Version = "2012-10-17"
    Statement = concat([{
      Sid      = var.dry_run ? "ReadConfiguredMemories" : "PruneConfiguredMemories"
      Effect   = "Allow"
      Action   = var.dry_run ? local.read_actions : concat(local.read_actions, local.delete_actions)
      Resource = local.memory_arns
      }], length(local.memory_key_arns) == 0 ? [] : [{
      Sid       = "UseMemoryKeys"
      Effect    = "Allow"
      Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource  = local.memory_key_arns
      Condition = { StringEquals = { "kms:ViaService" = "bedrock-agentcore.${element(split(":", local.memory_arns[0]), 3)}.amazonaws.com" } }
    }])
  })
}

module "function" {
  source = "../lambda-function"

  name                  = var.name
  description           = "Prunes AgentCore long-term memory: TTL per tier, per-namespace cap, capped deletions per run${var.dry_run ? " (dry run)" : ""}"
  package_file          = local.package_file
  s3_package            = var.s3_package
  powertools_layer_arns = var.powertools_layer_arns
  additional_layer_arns = [aws_lambda_layer_version.boto3.arn]
  handler               = var.handler
  runtime               = var.runtime
  timeout               = var.timeout
  memory_size           = var.memory_size
  environment_variables = local.environment_variables
  log_retention_in_days = var.log_retention_in_days
  kms_key_arn           = var.kms_key_arn
  alarm_actions         = var.alarm_actions
  tags                  = var.tags

  # One run at a time: two overlapping runs would race on the same records and the deletion cap.
  reserved_concurrent_executions = 1
  # A failed run is not retried at once; the next scheduled run picks up where this one stopped.
  maximum_retry_attempts = 0
  schedule               = { expression = var.schedule_expression, input = jsonencode({}) }

  policy_json = local.policy_json
}

# The package: S3 when s3_package is set (the function module reads it), else package_file, else the
# zip committed with this module (package/ltm_pruner.zip: own code only, rebuilt byte for byte by `make build`
# and checked by tests/unit/test_build_lambdas.py), so a module sourced by Git URL applies as it is.
locals {
  package_file     = var.s3_package != null ? null : coalesce(var.package_file, "${path.module}/package/ltm_pruner.zip")
  boto3_layer_file = coalesce(var.boto3_layer_file, "${path.module}/package/boto3-layer.zip")
}

# boto3/botocore newer than the Lambda runtime's: the memory-record APIs need botocore >= 1.40.46. A
# small layer (botocore's models trimmed to bedrock-agentcore) committed beside the function's package;
# the function checks at cold start that the APIs are there (aws.require_operations).
resource "aws_lambda_layer_version" "boto3" {
  layer_name               = "${var.name}-boto3"
  description              = "boto3/botocore for ${var.name} (bedrock-agentcore only), agentcore-finops"
  filename                 = local.boto3_layer_file
  source_code_hash         = filebase64sha256(local.boto3_layer_file)
  compatible_runtimes      = [var.runtime]
  compatible_architectures = ["arm64", "x86_64"]
}
