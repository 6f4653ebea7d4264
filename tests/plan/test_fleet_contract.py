"""Terraform (modules/agent-config) and Python (agentcore_finops.fleet) resolve a fleet identically,
so the estimator and agent-side code see exactly the records the table holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from agentcore_finops import fleet
from agentcore_finops.config_store import decode_item
from tests import harness

pytestmark = pytest.mark.terraform

AGENTS = {
    "sre-orchestrator": {"tier": 1, "tools": ["get_metrics", "open_ticket", "get_metrics"]},
    "doc-specialist": {"tier": 2, "escalation_model_id": "us.anthropic.claude-sonnet-4-5-20250929-v1:0"},
    "kb-curator": {"tier": 2, "ltm_enabled": True, "description": "Keeps <notes> & facts, café"},
    "invoice-validator": {"tier": 3},
    "report-batcher": {"tier": 3, "async": True, "max_tokens": 64, "trace_sample_rate": 0.5},
}
# A specialist on a prompt router (the offline plans run in us-east-1): both sides accept it, with
# max_tokens within the smallest output limit of the router's models.
ROUTER = "arn:aws:bedrock:us-east-1:123456789012:prompt-router/contract"
AGENTS["router-specialist"] = {"tier": 2, "model_id": ROUTER, "max_tokens": 4096}
PROMPT_ROUTERS = {
    ROUTER: {
        "models": [
            "anthropic.claude-3-haiku-20240307-v1:0",
            "global.anthropic.claude-haiku-4-5-20251001-v1:0",
        ],
        "split": {
            "anthropic.claude-3-haiku-20240307-v1:0": 0.7,
            "global.anthropic.claude-haiku-4-5-20251001-v1:0": 0.3,
        },
    }
}
TIERS = {"3": {"model_id": "amazon.nova-lite-v1:0", "idle_session_timeout_seconds": 90}}


def test_python_resolution_equals_terraform(tmp_path):
    summary = harness.Workspace(".", tmp_path).plan(
        {"name_prefix": "contract", "agents": AGENTS, "tiers": TIERS, "prompt_routers": PROMPT_ROUTERS}
    )
    terraform_records = summary.outputs["agent_configs"]
    python_records = fleet.resolve(
        AGENTS, TIERS, deployed_to=("aws", "us-east-1"), prompt_routers=PROMPT_ROUTERS
    )
    assert terraform_records["router-specialist"]["model_id"] == ROUTER
    # the record carries its router's models and split (what the estimator reads from a plan)
    assert python_records["router-specialist"]["prompt_routers"] == {ROUTER: PROMPT_ROUTERS[ROUTER]}
    assert python_records["doc-specialist"]["prompt_routers"] is None
    assert terraform_records == python_records
    assert summary.outputs["tier_configs"] == fleet.tier_configs(TIERS)
    # and the table's items hold those records, field for field (DynamoDB JSON decoded)
    items = summary.of_type("aws_dynamodb_table_item")
    assert {
        decode_item(v["item"])["agent_id"]: decode_item(v["item"]) for v in items.values()
    } == python_records


# -- one file per rule: edit it in a copy, and Terraform and Python both follow --------------------------


def _python_in(copy_root, code: str) -> subprocess.CompletedProcess:
    """Run ``code`` with agentcore_finops imported from the staged copy (its own rules files)."""
    env = {**os.environ, "PYTHONPATH": str(copy_root / "lambda_src")}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)


def test_a_rule_is_one_file_edit(tmp_path):
    ws = harness.Workspace(".", tmp_path)
    rules_file = ws.root / "modules" / "agent-config" / "fleet-rules.json"
    rules = json.loads(rules_file.read_text())
    assert rules["fields"]["step_budget"]["max"] == 100
    rules["fields"]["step_budget"]["max"] = 20
    rules_file.write_text(json.dumps(rules, indent=2))

    agents = {"deep-thinker": {"tier": 1, "step_budget": 50}}
    message = harness.plan_error(ws, {"name_prefix": "one-file", "agents": agents})
    assert 'agents["deep-thinker"].step_budget = 50: must be a whole number from 1 to 20' in message

    proc = _python_in(
        ws.root,
        f"from agentcore_finops import fleet\nfleet.resolve({agents!r})\n",
    )
    assert proc.returncode != 0 and 'agents["deep-thinker"].step_budget' in proc.stderr
    assert "a whole number from 1 to 20" in proc.stderr
    # and the source tree's rules are untouched
    assert fleet.FIELDS["step_budget"]["max"] == 100


def test_a_tier_default_is_one_file_edit(tmp_path):
    ws = harness.Workspace(".", tmp_path)
    defaults_file = ws.root / "modules" / "agent-config" / "tier-defaults.json"
    defaults = json.loads(defaults_file.read_text())
    edited = defaults["3"]["step_budget"] + 1  # a value no tier has today
    defaults["3"]["step_budget"] = edited
    defaults_file.write_text(json.dumps(defaults, indent=2))

    agents = {"invoice-validator": {"tier": 3}}
    summary = ws.plan({"name_prefix": "one-file", "agents": agents})
    assert summary.outputs["agent_configs"]["invoice-validator"]["step_budget"] == edited

    proc = _python_in(
        ws.root,
        f"import json\nfrom agentcore_finops import fleet\nprint(json.dumps(fleet.resolve({agents!r})))\n",
    )
    assert proc.returncode == 0, proc.stderr
    python_records = json.loads(proc.stdout)
    assert python_records["invoice-validator"]["step_budget"] == edited
    assert python_records == summary.outputs["agent_configs"]
