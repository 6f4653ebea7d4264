"""The read-only IAM policy of `usage` and `recommend`, planned: it grants exactly the actions the
commands call; and the patch `recommend --apply-to` writes plans cleanly as a -var-file of the root."""

from __future__ import annotations

import pytest

from agentcore_finops import recommend, sampling_history, usage_report
from tests import harness

pytestmark = pytest.mark.terraform

TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/fleet-agent-config"
APP_ARN = "arn:aws:appconfig:us-east-1:123456789012:application/abc1234"
STACK = f"""
module "usage_reader" {{
  source                   = "../modules/usage-reader"
  config_table_arn         = "{TABLE_ARN}"
  sampling_application_arn = "{APP_ARN}"
  policy_name              = "agentcore-finops-usage-reader"
}}

output "policy_json" {{
  value = module.usage_reader.policy_json
}}
"""


def test_the_policy_grants_what_the_commands_call_and_nothing_else(tmp_path):
    ws = harness.Workspace("reader-stack", tmp_path, files={"main.tf": STACK})
    ws.init()
    summary = ws.plan()
    policy = summary.outputs["policy_json"]  # the summary decodes JSON strings
    actions = {a for s in policy["Statement"] for a in s["Action"]}
    assert actions == set(usage_report.ACTIONS.values()) | set(sampling_history.ACTIONS.values())
    assert all(s["Effect"] == "Allow" for s in policy["Statement"])
    assert {s["Resource"] for s in policy["Statement"] if "dynamodb:Scan" in s["Action"]} == {TABLE_ARN}
    [appconfig] = [s for s in policy["Statement"] if s["Action"][0].startswith("appconfig:")]
    assert appconfig["Resource"] == [APP_ARN, f"{APP_ARN}/*"]
    [created] = [v for a, v in summary.values.items() if a.endswith("aws_iam_policy.this[0]")]
    assert created["policy"] == policy


def test_the_recommend_patch_plans_as_a_var_file_of_the_root(tmp_path):
    fleet = tmp_path / "fleet.yaml"
    fleet.write_text("agents:\n  big-triage: {tier: 1, tools: [search_kb]}\n  sized-worker: {tier: 2}\n")
    patch = tmp_path / "fleet.auto.tfvars.json"
    recommend.write_patch(patch, fleet, {"big-triage": {"tier": 2, "max_tokens": 384, "step_budget": 5}})
    ws = harness.Workspace(".", tmp_path / "root")
    ws.init()
    summary = ws.plan({"name_prefix": "patched"}, var_files=[patch])
    items = {
        v["item"]["agent_id"]["S"]: v["item"]
        for a, v in summary.values.items()
        if a.endswith('aws_dynamodb_table_item.this["big-triage"]')
        or a.endswith('aws_dynamodb_table_item.this["sized-worker"]')
    }
    assert items["big-triage"]["tier"] == {"N": "2"}
    assert items["big-triage"]["max_tokens"] == {"N": "384"}
    assert items["big-triage"]["step_budget"] == {"N": "5"}
    assert items["sized-worker"]["tier"] == {"N": "2"}
