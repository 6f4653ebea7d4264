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

  function = var.function
  defaults = {
    name         = "ltm-pruner"
    handler      = "ltm_pruner.handler.lambda_handler"
    package_file = "${path.module}/package/ltm_pruner.zip" # own code only, rebuilt byte for byte by `make build`
    timeout      = 300
  }
  description           = "Prunes AgentCore long-term memory: TTL per tier, per-namespace cap, capped deletions per run${var.dry_run ? " (dry run)" : ""}"
  environment_variables = local.environment_variables
  policy_json           = local.policy_json
  schedule              = var.schedule
  # boto3/botocore newer than the Lambda runtime's: the memory-record APIs need botocore >= 1.40.46. A
  # small layer (botocore's models trimmed to bedrock-agentcore) committed beside the function's
  # package; the function checks at cold start that the APIs are there (aws.require_operations).
  layer_files = { boto3 = coalesce(var.boto3_layer_file, "${path.module}/package/boto3-layer.zip") }

  # One run at a time: two overlapping runs would race on the same records and the deletion cap.
  reserved_concurrent_executions = 1
  # A failed run is not retried at once; the next scheduled run picks up where this one stopped.
  maximum_retry_attempts = 0
}
