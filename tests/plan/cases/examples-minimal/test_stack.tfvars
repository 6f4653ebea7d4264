name_prefix         = "ci-minimal"
deletion_protection = false
