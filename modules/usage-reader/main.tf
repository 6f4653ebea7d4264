# The read-only IAM policy that `agentcore-finops usage` and `agentcore-finops recommend` need
# (docs/usage.md): the project's metrics, the agent-config table, the log groups' sizes and, with
# sampling_application_arn, the trace-sampling document's deployment history. Nothing else: no write,
# no data-plane access to the agents, no log contents.
locals {
  # AWS rules several modules check inputs against (see variables.tf), written once: modules/aws-rules.json.
  aws_rules = jsondecode(file("${path.module}/../aws-rules.json"))

  sampling_statements = var.sampling_application_arn == null ? [] : [
    {
      # recommend --sampling-app: the profile, the environments, their deployments and the deployed
      # hosted versions, all under the one application.
      Sid    = "ReadSamplingHistory"
      Effect = "Allow"
      Action = [
        "appconfig:GetHostedConfigurationVersion",
        "appconfig:ListConfigurationProfiles",
        "appconfig:ListDeployments",
        "appconfig:ListEnvironments",
      ]
      Resource = [var.sampling_application_arn, "${var.sampling_application_arn}/*"]
    },
  ]

  policy = {
    Version = "2012-10-17"
    Statement = concat([
      {
        # ListMetrics and GetMetricData authorise no resource: "*" is the only form AWS accepts.
        Sid      = "ReadFleetMetrics"
        Effect   = "Allow"
        Action   = ["cloudwatch:GetMetricData", "cloudwatch:ListMetrics"]
        Resource = "*"
      },
      {
        Sid      = "ReadAgentConfig"
        Effect   = "Allow"
        Action   = ["dynamodb:Scan"]
        Resource = var.config_table_arn
      },
      {
        # Log group names and stored bytes only (DescribeLogGroups); not their events.
        Sid      = "ReadLogGroupSizes"
        Effect   = "Allow"
        Action   = ["logs:DescribeLogGroups"]
        Resource = "*"
      },
    ], local.sampling_statements)
  }
}

resource "aws_iam_policy" "this" {
  count = var.policy_name == null ? 0 : 1

  name        = var.policy_name
  description = "Read-only: agentcore-finops usage and recommend"
  policy      = jsonencode(local.policy)
  tags        = var.tags
}
