partition  = "aws-us-gov"
region     = "us-gov-west-1"
account_id = "111122223333"
