single_az      = true
single_az_zone = "us-east-1b"
