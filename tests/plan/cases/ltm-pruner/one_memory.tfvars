function = { name = "acme-ltm-pruner" }
memories = [{
  memory_arn      = "arn:aws:bedrock-agentcore:us-east-1:123456789012:memory/acme_agents_memory-Ab12Cd34Ef"
  namespace_paths = ["/facts/", "/summaries/"]
}]
