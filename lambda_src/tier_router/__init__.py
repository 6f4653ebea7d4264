"""The tier-router Lambda: model tiering at request time.

Given an agent id and a request, it decides which model answers (the agent's tier model, or its
escalation model for a complex request), with what ``max_tokens`` cap, step budget, tools, prompt-cache
points, batch eligibility and trace sampling; in invoke mode it also calls Bedrock Converse and
prices the call. The event contract is in README.md beside this file.
"""

SERVICE = "tier-router"
