# The key policy a customer managed key needs for the services of one fleet. No resources: the root
# module uses it for its own key (create_kms_key) and publishes it (output kms_key_policy) for teams
# that bring their own key.
#
# - Administration stays with the account (IAM policies decide who administers the key); the account
#   gets no cryptographic use of the key outside the statements below.
# - Services that act on their own (CloudWatch Logs, AWS Budgets, Cost Anomaly Detection, CloudWatch
#   alarms) get a statement for their service principal, scoped to this account and its resources.
# - Services that act for a caller (DynamoDB, SQS, SNS, Lambda, AppConfig, EventBridge Scheduler,
#   AgentCore) get a kms:ViaService statement for principals of this account: the caller still needs
#   an IAM policy on the key (the fleet's roles have one), and can use the key only through that service.

# The partition, region and account, checked against modules/aws-rules.json in one place.
module "scope" {
  source = "../aws-scope"

  partition  = var.partition
  region     = var.region
  account_id = var.account_id
}

locals {
  account_root = "arn:${module.scope.partition}:iam::${module.scope.account_id}:root"
  services     = toset(var.services)

  # Service principals: each publishes or writes on its own, scoped by account and source ARN.
  # CloudWatch Logs names the log group in the encryption context instead.
  logs_statement = {
    Sid       = "CloudWatchLogs"
    Principal = { Service = "logs.${module.scope.region}.amazonaws.com" }
    Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    Condition = {
      ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:${module.scope.partition}:logs:${module.scope.region}:${module.scope.account_id}:log-group:*" }
    }
  }
  # Services that publish to an encrypted SNS topic (principal <key>.amazonaws.com): the Sid and the ARNs
  # they may publish for.
  topic_publishers = {
    budgets    = { Sid = "BudgetsPublishToTopic", source_arn = "arn:${module.scope.partition}:budgets::${module.scope.account_id}:*" }
    costalerts = { Sid = "CostAnomalyDetectionPublishToTopic", source_arn = "arn:${module.scope.partition}:ce::${module.scope.account_id}:anomalysubscription/*" }
    cloudwatch = { Sid = "CloudWatchAlarmsPublishToTopic", source_arn = "arn:${module.scope.partition}:cloudwatch:${module.scope.region}:${module.scope.account_id}:alarm:*" }
  }
  principal_statements = merge({ logs = local.logs_statement }, {
    for s, p in local.topic_publishers : s => {
      Sid       = p.Sid
      Principal = { Service = "${s}.amazonaws.com" }
      Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
      Condition = {
        StringEquals = { "aws:SourceAccount" = module.scope.account_id }
        ArnLike      = { "aws:SourceArn" = p.source_arn }
      }
    }
  })

  # Services that use the key for a caller of this account.
  via_service_statements = {
    dynamodb            = "DynamoDB"
    sqs                 = "SQS"
    sns                 = "SNS"
    lambda              = "Lambda"
    appconfig           = "AppConfig"
    scheduler           = "EventBridgeScheduler"
    "bedrock-agentcore" = "AgentCore"
  }

  statements = concat(
    [{
      Sid       = "AccountAdministersKey"
      Effect    = "Allow"
      Principal = { AWS = local.account_root }
      Action = [
        "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
        "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
        "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
      ]
      Resource = "*"
    }],
    [for s in sort(keys(local.principal_statements)) : merge(local.principal_statements[s], { Effect = "Allow", Resource = "*" }) if contains(local.services, s)],
    [for s in sort(keys(local.via_service_statements)) : {
      Sid       = "${local.via_service_statements[s]}ForAccountPrincipals"
      Effect    = "Allow"
      Principal = { AWS = local.account_root }
      Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"]
      Resource  = "*"
      Condition = {
        StringEquals = {
          "kms:ViaService"    = "${s}.${module.scope.region}.amazonaws.com"
          "kms:CallerAccount" = module.scope.account_id
        }
      }
    } if contains(local.services, s)],
  )
}
