# Bedrock model ids -> the ARNs bedrock:InvokeModel is checked against. No resources: the tier router's
# role and every AgentCore runtime role call this, so the same model gets the same IAM scope everywhere.
#
# - a base model id (amazon.nova-micro-v1:0): its foundation-model ARN in this region;
# - a system-defined inference-profile id (<prefix>.<base id>, prefixes in profile_prefixes): the
#   profile in this account and region, plus the base model's foundation-model ARN in every region the
#   profile may route to (the region is a wildcard, which also matches the region-less ARN global
#   profiles use);
# - an ARN: itself, plus the base model behind a system-defined inference-profile ARN;
# - a prompt router ARN (a key of prompt_routers): itself, plus the ARNs of every model it picks from.

# The partition, region and account, checked against modules/aws-rules.json in one place.
module "scope" {
  source = "../aws-scope"

  partition  = var.partition
  region     = var.region
  account_id = var.account_id
}

locals {
  profile_prefixes = ["global", "us", "us-gov", "eu", "apac", "jp", "au", "ca"]
  requested        = sort(distinct(compact(var.model_ids)))
  model_ids        = sort(distinct(concat(local.requested, flatten([for id in local.requested : lookup(var.prompt_routers, id, [])]))))

  # The profile id inside an inference-profile ARN ("" for any other ARN or a plain id).
  arn_profile = {
    for id in local.model_ids : id => try(regex(":inference-profile/(.+)$", id)[0], "")
  }
  own_arns = {
    for id in local.model_ids : id => (
      startswith(id, "arn:") ? compact([
        id,
        contains(local.profile_prefixes, split(".", local.arn_profile[id])[0])
        ? "arn:${module.scope.partition}:bedrock:*::foundation-model/${trimprefix(local.arn_profile[id], "${split(".", local.arn_profile[id])[0]}.")}"
        : "",
        ]) : contains(local.profile_prefixes, split(".", id)[0]) ? [
        "arn:${module.scope.partition}:bedrock:${module.scope.region}:${module.scope.account_id}:inference-profile/${id}",
        "arn:${module.scope.partition}:bedrock:*::foundation-model/${trimprefix(id, "${split(".", id)[0]}.")}",
      ] : ["arn:${module.scope.partition}:bedrock:${module.scope.region}::foundation-model/${id}"]
    )
  }

  arns = {
    for id in local.requested : id => distinct(concat(local.own_arns[id], flatten([for m in lookup(var.prompt_routers, id, []) : local.own_arns[m]])))
  }
}
