"""The estimator on real plans: `terraform show -json` of examples/complete gives exactly the estimate
of examples/complete/fleet.yaml, and a user's own stack (modules/agent-config under another name, with
its own log groups and VPC endpoints) is read with its deployment settings."""

from __future__ import annotations

import json

import pytest

from agentcore_finops import cli
from tests import harness

pytestmark = pytest.mark.terraform

REPO = harness.REPO_ROOT


def _estimate(capsys, *args: str) -> dict:
    code = cli.main(["estimate", *args, "--compare", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


# What examples/complete deploys besides the fleet: five interface endpoints in two AZs (its own VPC),
# no NAT gateway. The plan says so itself; the YAML run is told through the usage profile.
EXAMPLE_NETWORK = """\
extends: reference
network:
  mode: endpoints
  interface_endpoints: 5
  availability_zones: 2
"""


def test_plan_of_examples_complete_gives_the_same_estimate_as_its_fleet_yaml(example_plan, tmp_path, capsys):
    plan_json = tmp_path / "plan.json"
    plan_json.write_text(json.dumps(example_plan("examples/complete").raw))
    usage = tmp_path / "usage.yaml"
    usage.write_text(EXAMPLE_NETWORK)

    from_plan = _estimate(capsys, "--plan", str(plan_json))
    from_yaml = _estimate(
        capsys, "--fleet", str(REPO / "examples/complete/fleet.yaml"), "--usage", str(usage)
    )

    assert from_plan["fleet"]["source"] == f"{plan_json} (module.fleet.module.agent_config)"
    assert from_plan["fleet"]["agents"] == from_yaml["fleet"]["agents"] == 100
    for name in ("configured", "baseline"):
        assert from_plan["scenarios"][name]["total_usd"] == from_yaml["scenarios"][name]["total_usd"]
    # not only the totals: every line, formula and lever is the same
    assert from_plan["scenarios"] == from_yaml["scenarios"]
    assert from_plan["levers"] == from_yaml["levers"]
    plan_deployment = dict(from_plan["deployment"])
    evidence = plan_deployment.pop("from_plan")
    yaml_deployment = dict(from_yaml["deployment"])
    assert yaml_deployment.pop("from_plan") == {}
    assert plan_deployment == yaml_deployment
    # the endpoints' AZs come from the module's tag: the example's subnet ids are unknown at plan time
    assert "10 subnets" in evidence["interface endpoints"]


USER_STACK = """
provider "aws" {
  region = "us-east-1"
}

module "payments_agents" {
  source = "../modules/agent-config"

  name                = "payments-agent-config"
  deletion_protection = false
  agents = {
    "refund-specialist" = { tier = 2, tools = ["get_order", "issue_refund"] }
    "payments-router"   = { tier = 1, tools = ["get_order"] }
    "receipt-parser"    = { tier = 3, max_tokens = 64 }
  }
}

resource "aws_cloudwatch_log_group" "runtime" {
  name              = "/aws/bedrock-agentcore/runtimes/payments-DEFAULT"
  retention_in_days = 14
}

resource "aws_vpc_endpoint" "bedrock_runtime" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.us-east-1.bedrock-runtime"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  private_dns_enabled = true
}
"""


def test_a_users_own_stack(tmp_path, capsys):
    ws = harness.Workspace("user-stack", tmp_path, files={"main.tf": USER_STACK})
    ws.init()
    plan_json = tmp_path / "plan.json"
    plan_json.write_text(json.dumps(ws.plan().raw))

    data = _estimate(capsys, "--plan", str(plan_json), "--plan-module", "module.payments_agents")
    assert data["fleet"] == {
        "source": f"{plan_json} (module.payments_agents)",
        "agents": 3,
        "tiers": {"1": 1, "2": 1, "3": 1},
        "baseline_model_id": "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
    }
    dep = data["deployment"]
    assert (dep["log_retention_days"], dep["network_mode"], dep["interface_endpoint_enis"]) == (
        14,
        "endpoints",
        2,
    )
    assert set(dep["from_plan"]) == {"log retention", "log class", "interface endpoints", "NAT gateways"}
    assert "aws_cloudwatch_log_group.runtime" in dep["from_plan"]["log retention"]
    lines = data["scenarios"]["configured"]["dimensions"]
    storage = next(x for x in lines["observability"]["lines"] if x["item"] == "log and span storage")
    assert "(14-day retention)" in storage["formula"]
    # 2 endpoint ENIs (one endpoint in two subnets) x 730 h x $0.01 = $14.60
    endpoint_hours = next(x for x in lines["network"]["lines"] if x["item"] == "interface endpoint-hours")
    assert endpoint_hours["cost_usd"] == 14.6
    # the tier-3 agent's max_tokens of 64 reached the estimate through the planned item
    assert any("(max_tokens 64)" in x["item"] for x in lines["llm"]["lines"])
