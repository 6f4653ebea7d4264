config_table_arn         = "arn:aws:dynamodb:us-east-1:123456789012:table/fleet-agent-config"
policy_name              = "agentcore-finops-usage-reader"
sampling_application_arn = "arn:aws:appconfig:us-east-1:123456789012:application/abc1234"
