# The types, defaults and checks of modules/agentcore's runtimes, gateway and memory inputs. The parent
# takes them as `any` (a caller such as the root passes them unchanged) and passes them here: Terraform
# converts them to these types (applying the defaults), the validations check them, and the outputs
# return them converted, which the parent compares with what it was given to find unknown attributes
# (a typed object would drop them without a word).

locals {
  # AWS rules several modules check inputs against (see variables.tf), written once: modules/aws-rules.json.
  aws_rules = jsondecode(file("${path.module}/../../aws-rules.json"))
}

output "runtimes" {
  description = "var.runtimes with its defaults applied."
  value       = var.runtimes
}

output "gateway" {
  description = "var.gateway with its defaults applied, or null."
  value       = var.gateway
}

output "memory" {
  description = "var.memory with its defaults applied, or null."
  value       = var.memory
}
