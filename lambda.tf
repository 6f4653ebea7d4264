# What the root's Lambdas (tier router, log-retention auditor, long-term memory pruner, usage digest) run with, beyond
# the package main.tf picks: the Powertools layer, and a check that says when one is left out and why.

# A self-built Powertools layer (`make build`: build/lambda/layers/powertools-<hash>.zip) for accounts
# that cannot attach AWS's official one; every Lambda of the root then runs with it.
resource "aws_lambda_layer_version" "powertools" {
  count = var.powertools_layer_file == null ? 0 : 1

  layer_name               = "${var.name_prefix}-powertools"
  description              = "Powertools for AWS Lambda (Python), self-built from requirements/layers/powertools.txt (agentcore-finops)"
  filename                 = var.powertools_layer_file
  source_code_hash         = filebase64sha256(var.powertools_layer_file)
  compatible_runtimes      = ["python3.12"]
  compatible_architectures = ["arm64", "x86_64"]
}

locals {
  # Null: each function module attaches the official layer for its region and architecture.
  powertools_layer_arns = var.powertools_layer_file != null ? [aws_lambda_layer_version.powertools[0].arn] : var.powertools_layer_arns

  # Each Lambda's deployment settings, the `function` object its module passes to modules/lambda-function:
  # the package main.tf picks (null: the one committed with the module), the Powertools layer, the
  # fleet's retention, key, alarm topic and tags. The module blocks add what is theirs.
  lambda_function = {
    for name, package in local.lambda_package : name => {
      name                  = "${var.name_prefix}-${replace(name, "_", "-")}"
      package_file          = package.file
      s3_package            = package.s3_package
      handler               = package.handler
      runtime               = package.runtime
      powertools_layer_arns = local.powertools_layer_arns
      log_retention_in_days = var.log_retention_in_days
      kms_key_arn           = local.kms_key_arn
      alarm_actions         = local.guardrail_topic_arns
      tags                  = local.tags
    }
  }

  lambda_created = {
    log_retention_auditor = local.create_log_retention_auditor
    ltm_pruner            = local.create_ltm_pruner
    tier_router           = local.create_tier_router
    usage_digest          = local.create_usage_digest
  }
  lambda_left_out = {
    for name, created in local.lambda_created : name => "lambda_package_dir (${var.lambda_package_dir}) has no ${name} in its manifest.json, so the package committed with its module is deployed instead"
    if created && var.lambda_package_dir != null && !contains(keys(local.lambda_manifest), name)
  }
}

check "lambda_functions" {
  assert {
    condition     = length(local.lambda_left_out) == 0
    error_message = "Lambda packaging: ${join(". ", [for name, why in local.lambda_left_out : "${name}: ${why}"])}."
  }
}
