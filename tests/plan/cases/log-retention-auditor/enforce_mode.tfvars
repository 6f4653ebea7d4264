function         = { name = "acme-log-retention-auditor" }
account_id       = "123456789012"
include_prefixes = ["/aws/bedrock-agentcore/", "/aws/lambda/acme-"]
mode             = "enforce"
