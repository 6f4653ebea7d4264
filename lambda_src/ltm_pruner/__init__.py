"""ltm_pruner: deletes AgentCore long-term memory records past their tier's TTL or over a per-namespace
cap, lowest importance first. Dry run by default, with a cap on deletions per run."""
