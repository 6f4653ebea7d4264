"""Terraform (modules/agent-config) and Python (agentcore_finops.fleet) resolve a fleet identically,
so the estimator and agent-side code see exactly the records the table holds."""

from __future__ import annotations

import pytest

from agentcore_finops import fleet
from tests import harness

pytestmark = pytest.mark.terraform

AGENTS = {
    "sre-orchestrator": {"tier": 1, "tools": ["get_metrics", "open_ticket", "get_metrics"]},
    "doc-specialist": {"tier": 2, "escalation_model_id": "us.anthropic.claude-sonnet-4-5-20250929-v1:0"},
    "kb-curator": {"tier": 2, "ltm_enabled": True, "description": "Keeps <notes> & facts, café"},
    "invoice-validator": {"tier": 3},
    "report-batcher": {"tier": 3, "async": True, "max_tokens": 64, "trace_sample_rate": 0.5},
}
TIERS = {"3": {"model_id": "amazon.nova-lite-v1:0", "idle_session_timeout_seconds": 90}}


def test_python_resolution_equals_terraform(tmp_path):
    summary = harness.plan(
        ".", tmp_path, tf_vars={"name_prefix": "contract", "agents": AGENTS, "tiers": TIERS}
    )
    terraform_records = summary.outputs["agent_configs"]
    python_records = fleet.resolve(AGENTS, TIERS)
    assert terraform_records == python_records
    assert summary.outputs["tier_configs"] == fleet.tier_configs(TIERS)
