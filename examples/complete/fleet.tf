# The reference fleet lives in fleet.yaml (100 agents: 10 orchestrators, 40 specialists, 50 utilities),
# so Terraform and the cost estimator read one definition. Every field an agent does not set comes
# from its tier.

locals {
  agents = yamldecode(file("${path.module}/fleet.yaml")).agents
}
