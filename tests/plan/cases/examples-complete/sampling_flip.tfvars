# Investigating an incident: trace the SRE orchestrator and every utility agent fully, for now.
sampling_overrides = {
  agents = { "sre-orchestrator" = 1 }
  tiers  = { "3" = 1 }
}
