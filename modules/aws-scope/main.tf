# Where a module's ARNs point: a partition, a region and an account, checked once against the AWS
# rules of modules/aws-rules.json and returned as given. No resources: modules that take these inputs
# (bedrock-model-arns, kms-key-policy; agentcore its account id) pass them through here and use the
# outputs, so each rule is written in one place.

locals {
  # AWS rules several modules check inputs against (see variables.tf), written once: modules/aws-rules.json.
  aws_rules = jsondecode(file("${path.module}/../aws-rules.json"))
}
