terraform {
  required_version = ">= 1.9" # the root module needs it

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100"
    }
  }
}
