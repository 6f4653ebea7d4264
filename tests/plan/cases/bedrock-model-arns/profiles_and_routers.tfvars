model_ids = [
  "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
  "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
  "amazon.nova-micro-v1:0",
  "arn:aws:bedrock:eu-central-1:111122223333:default-prompt-router/anthropic.claude:1",
]
prompt_routers = {
  "arn:aws:bedrock:eu-central-1:111122223333:default-prompt-router/anthropic.claude:1" = ["anthropic.claude-3-haiku-20240307-v1:0"]
}
region     = "eu-central-1"
account_id = "111122223333"
