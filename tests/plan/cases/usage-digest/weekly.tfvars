function         = { name = "acme-usage-digest" }
config_table_arn = "arn:aws:dynamodb:us-east-1:123456789012:table/acme-agents-agent-config"
sns_topic_arn    = "arn:aws:sns:us-east-1:123456789012:acme-agents-cost-alerts"
