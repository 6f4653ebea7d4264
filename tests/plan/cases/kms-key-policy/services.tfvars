services   = ["dynamodb", "logs", "sns", "budgets"]
account_id = "123456789012"
region     = "us-east-1"
