# The pruner module: scheduled, one run at a time, a role limited to the configured memories, settings
# passed as the environment ltm_pruner.config reads.

mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      id   = "eu-west-1"
      name = "eu-west-1"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
}

variables {
  function = { name = "acme-agents-ltm-pruner", package_file = "tests/fixtures/empty.zip" }
  memories = [{
    memory_arn      = "arn:aws:bedrock-agentcore:us-east-1:123456789012:memory/acme_agents_memory-a1b2c3d4e5"
    namespace_paths = ["/facts/", "/preferences/", "/summaries/"]
  }]
}

run "dry_run_by_default_with_read_only_access" {
  command = plan

  assert {
    condition     = output.environment_variables["DRY_RUN"] == "true"
    error_message = "the pruner is a dry run unless told otherwise"
  }
  assert {
    condition     = jsondecode(output.iam_policy_json).Statement == [{ Sid = "ReadConfiguredMemories", Effect = "Allow", Action = ["bedrock-agentcore:ListMemoryRecords", "bedrock-agentcore:GetMemoryRecord"], Resource = ["arn:aws:bedrock-agentcore:us-east-1:123456789012:memory/acme_agents_memory-a1b2c3d4e5"] }]
    error_message = "in dry run the role may only read the configured memory"
  }
  assert {
    condition     = jsondecode(output.environment_variables["MEMORY_SCOPES"]) == [{ memory_id = "acme_agents_memory-a1b2c3d4e5", namespace_paths = ["/facts/", "/preferences/", "/summaries/"], namespaces = [] }]
    error_message = "the memory id and namespace paths reach the function"
  }
  assert {
    condition     = jsondecode(output.environment_variables["TTL_DAYS"]) == { "1" = 90, "2" = 30, "3" = 7 }
    error_message = "TTL per tier: 90, 30 and 7 days by default"
  }
  assert {
    condition     = output.environment_variables["MAX_DELETIONS_PER_RUN"] == "1000" && output.environment_variables["MAX_RECORDS_PER_NAMESPACE"] == "500" && output.environment_variables["PROTECTED_IMPORTANCE"] == "0.9" && output.environment_variables["MIN_AGE_DAYS"] == "1"
    error_message = "caps and protection threshold reach the function"
  }
}

run "deleting_adds_only_the_delete_actions_on_the_same_memories" {
  command = plan

  variables {
    dry_run               = false
    max_deletions_per_run = 200
    ttl_days              = { "1" = 180, "2" = 30, "3" = 3 }
  }

  assert {
    condition     = jsondecode(output.iam_policy_json).Statement[0].Action == ["bedrock-agentcore:ListMemoryRecords", "bedrock-agentcore:GetMemoryRecord", "bedrock-agentcore:BatchDeleteMemoryRecords", "bedrock-agentcore:DeleteMemoryRecord"]
    error_message = "list, get and the two delete actions, nothing else"
  }
  assert {
    condition     = jsondecode(output.iam_policy_json).Statement[0].Resource == ["arn:aws:bedrock-agentcore:us-east-1:123456789012:memory/acme_agents_memory-a1b2c3d4e5"]
    error_message = "only on the configured memory"
  }
  assert {
    condition     = output.environment_variables["DRY_RUN"] == "false" && output.environment_variables["MAX_DELETIONS_PER_RUN"] == "200" && jsondecode(output.environment_variables["TTL_DAYS"])["1"] == 180
    error_message = "settings reach the function"
  }
}

run "no_memory" {
  command = plan
  variables {
    memories = []
  }
  expect_failures = [var.memories]
}

run "not_a_memory_arn" {
  command = plan
  variables {
    memories = [{ memory_arn = "arn:aws:s3:::bucket", namespace_paths = ["/facts/"] }]
  }
  expect_failures = [var.memories]
}

run "memory_without_namespaces" {
  command = plan
  variables {
    memories = [{ memory_arn = "arn:aws:bedrock-agentcore:us-east-1:123456789012:memory/acme_agents_memory-a1b2c3d4e5" }]
  }
  expect_failures = [var.memories]
}

run "bad_namespace" {
  command = plan
  variables {
    memories = [{ memory_arn = "arn:aws:bedrock-agentcore:us-east-1:123456789012:memory/acme_agents_memory-a1b2c3d4e5", namespaces = ["/facts/{actorId}"] }]
  }
  expect_failures = [var.memories]
}

run "ttl_for_two_tiers_only" {
  command = plan
  variables {
    ttl_days = { "1" = 90, "2" = 30 }
  }
  expect_failures = [var.ttl_days]
}

run "ttl_of_zero_days" {
  command = plan
  variables {
    ttl_days = { "1" = 90, "2" = 30, "3" = 0 }
  }
  expect_failures = [var.ttl_days]
}

run "protected_importance_above_one" {
  command = plan
  variables {
    protected_importance = 1.5
  }
  expect_failures = [var.protected_importance]
}

run "cap_of_zero" {
  command = plan
  variables {
    max_records_per_namespace = 0
  }
  expect_failures = [var.max_records_per_namespace]
}

run "negative_deletion_cap" {
  command = plan
  variables {
    max_deletions_per_run = -1
  }
  expect_failures = [var.max_deletions_per_run]
}

run "too_many_retries" {
  command = plan
  variables {
    delete_retries = 9
  }
  expect_failures = [var.delete_retries]
}

run "unknown_price_item" {
  command = plan
  variables {
    storage_price_item = "retrieval_per_1k"
  }
  expect_failures = [var.storage_price_item]
}


run "an_encrypted_memory_adds_its_key_through_agentcore_only" {
  command = plan

  variables {
    memories = [{
      memory_arn      = "arn:aws:bedrock-agentcore:us-east-1:123456789012:memory/acme_agents_memory-a1b2c3d4e5"
      namespace_paths = ["/facts/"]
      kms_key_arn     = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    }]
  }

  assert {
    condition = jsondecode(output.iam_policy_json).Statement[1] == {
      Sid       = "UseMemoryKeys"
      Effect    = "Allow"
      Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource  = ["arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"]
      Condition = { StringEquals = { "kms:ViaService" = "bedrock-agentcore.us-east-1.amazonaws.com" } }
    }
    error_message = "the role may use the memory's key, on that key only and through AgentCore only"
  }
}

run "the_committed_package_and_the_boto3_layer_by_default" {
  command = plan
  variables {
    function = {}
  }
  assert {
    condition     = endswith(output.function.settings.package_file, "/package/ltm_pruner.zip") && fileexists(output.function.settings.package_file)
    error_message = "the module deploys the zip committed with it"
  }
  assert {
    condition     = output.function.settings.name == "ltm-pruner" && output.function.settings.timeout == 300
    error_message = "the pruner's own name and timeout"
  }
  assert {
    condition = (
      length(module.function.lambda_layer_arns) == 2
      && module.function.lambda_layer_arns[0] == "arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-arm64:37"
    )
    error_message = "the pruner's boto3 layer is published from the committed zip"
  }
}
