# The reference fleet lives in fleet.yaml (100 agents: 10 orchestrators, 40 specialists, 50 utilities),
# so Terraform and the cost estimator read one definition. Every field an agent does not set comes
# from its tier.
#
# With doc_specialists_on_prompt_router, the document specialists (tier 2, tool search_docs) run on
# the Amazon Nova default prompt router instead: Bedrock sends each request to Nova Lite or Nova Pro,
# whichever it predicts answers well at the lower cost. The split is the estimator's assumption of
# the share of calls each model gets; set it from the tier router's records (invoked_model_id).

locals {
  fleet = yamldecode(file("${path.module}/fleet.yaml"))

  doc_specialists = sort([for id, a in local.fleet.agents : id if a.tier == 2 && contains(try(a.tools, []), "search_docs")])
  nova_router     = "arn:${data.aws_partition.current.partition}:bedrock:${var.region}:${var.account_id}:default-prompt-router/amazon.nova:1"

  agents = merge(local.fleet.agents, {
    for id in local.doc_specialists : id => merge(local.fleet.agents[id], { model_id = local.nova_router })
    if var.doc_specialists_on_prompt_router
  })
  prompt_routers = {
    for arn in [local.nova_router] : arn => {
      models = ["us.amazon.nova-lite-v1:0", "us.amazon.nova-pro-v1:0"]
      split  = { "us.amazon.nova-lite-v1:0" = 0.35, "us.amazon.nova-pro-v1:0" = 0.65 }
    } if var.doc_specialists_on_prompt_router
  }
}

data "aws_partition" "current" {}
