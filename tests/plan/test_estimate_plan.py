"""The estimator on real plans: `terraform show -json` of examples/complete gives exactly the estimate
of examples/complete/fleet.yaml, and a user's own stack (modules/agent-config under another name, with
its own log groups and VPC endpoints) is read with its deployment settings; a binary plan file is read
through `terraform show -json`; and examples/ci's workflow steps run on two plans of examples/complete."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from agentcore_finops import cli, pricing
from agentcore_finops.estimate.formats import MARKER
from scripts import tfenv
from tests import harness, tier_defaults

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


def _plan_json(example_plan, tmp_path) -> Path:
    plan_json = tmp_path / "plan.json"
    plan_json.write_text(json.dumps(example_plan("examples/complete").raw))
    return plan_json


# The fleet-wide parts a plan adds to the fleet file's estimate: the project's own resources, and the
# traffic modules/vpc-endpoints is given (150 GB, as a figure rather than per session).
PLAN_ONLY = ("network", "platform")


def test_plan_of_examples_complete_gives_the_same_estimate_as_its_fleet_yaml(example_plan, tmp_path, capsys):
    plan_json = _plan_json(example_plan, tmp_path)
    usage = tmp_path / "usage.yaml"
    usage.write_text(
        EXAMPLE_NETWORK + "  traffic_mb_per_session: 1.5\n"
    )  # 100 agents x 1,000 x 1.5 MB = 150 GB

    from_plan = _estimate(capsys, "--plan", str(plan_json))
    from_yaml = _estimate(
        capsys, "--fleet", str(REPO / "examples/complete/fleet.yaml"), "--usage", str(usage)
    )

    assert from_plan["fleet"]["source"] == f"{plan_json} (module.fleet.module.agent_config)"
    assert from_plan["fleet"]["agents"] == from_yaml["fleet"]["agents"] == 100
    for name in ("configured", "baseline"):
        plan_dims, yaml_dims = (
            from_plan["scenarios"][name]["dimensions"],
            from_yaml["scenarios"][name]["dimensions"],
        )
        # every line, formula and figure of the agents' own dimensions is the same
        for key in plan_dims:
            if key not in PLAN_ONLY:
                assert plan_dims[key] == yaml_dims[key], key
        # the network costs the same: 150 GB either way, stated by the plan or derived per session
        assert plan_dims["network"]["total_usd"] == yaml_dims["network"]["total_usd"]
        assert yaml_dims["platform"]["total_usd"] == 0 < plan_dims["platform"]["total_usd"]
    assert [lv["saving_usd"] for lv in from_plan["levers"]] == [
        lv["saving_usd"] for lv in from_yaml["levers"]
    ]
    plan_deployment = dict(from_plan["deployment"])
    evidence = plan_deployment.pop("from_plan")
    yaml_deployment = dict(from_yaml["deployment"])
    assert yaml_deployment.pop("from_plan") == {}
    assert plan_deployment == yaml_deployment
    # the endpoints' AZs come from the module's tag: the example's subnet ids are unknown at plan time
    assert "10 subnets" in evidence["interface endpoints"]
    assert evidence["network traffic"].startswith(
        "150 GB a month (monthly_traffic_gb of modules/vpc-endpoints)"
    )


def test_the_estimate_and_modules_vpc_endpoints_agree_to_the_cent(example_plan, tmp_path, capsys):
    """One plan, one network cost: the estimator reads the endpoints and the traffic the module prices."""
    module = example_plan("examples/complete").outputs["network_monthly_cost_estimate"]
    data = _estimate(capsys, "--plan", str(_plan_json(example_plan, tmp_path)))
    network = data["scenarios"]["configured"]["dimensions"]["network"]
    lines = {x["item"]: x for x in network["lines"]}
    assert lines["interface endpoint-hours"]["cost_usd"] == module["endpoint_hours_usd"] == 73.0
    assert lines["data through interface endpoints"]["cost_usd"] == module["endpoint_data_usd"] == 1.5
    assert lines["data through interface endpoints"]["quantity"] == module["traffic_gb"]
    assert network["total_usd"] == module["endpoints_total_usd"] == 74.5  # gateway endpoints: $0
    assert data["deployment"]["interface_endpoint_enis"] == (
        module["interface_endpoints"] * module["availability_zones"]
    )


def test_the_example_prices_what_it_deploys_or_says_why_not(example_plan, tmp_path, capsys):
    plan = example_plan("examples/complete")
    data = _estimate(capsys, "--plan", str(_plan_json(example_plan, tmp_path)))
    lines = data["scenarios"]["configured"]["dimensions"]["platform"]["lines"]
    items = {x["item"]: x for x in lines}
    # the router: one invocation per model call, 100 agents x 1,000 sessions x 10 calls
    assert sum(x["quantity"] for x in lines if x["item"] == "tier router requests") == 1_000_000
    assert items["CloudWatch alarms"]["quantity"] == plan.counts["aws_cloudwatch_metric_alarm"]
    assert items["CloudWatch dashboards"]["quantity"] == plan.counts["aws_cloudwatch_dashboard"]
    for item in ("agent-config reads (DynamoDB on demand)", "AppConfig configuration requests"):
        assert items[item]["cost_usd"] > 0, item
    assert (
        sum(1 for x in lines if x["item"].startswith("Scheduler invocations"))
        == plan.counts["aws_scheduler_schedule"]
    )
    # every resource type of the plan is priced here, elsewhere, free, or not priced with the reason
    resources = data["resources"]
    seen = {r["type"]: r for rows in resources.values() for r in rows}
    planned = {t: n for t, n in plan.counts.items() if t != "resources"}  # "resources" is the total
    assert set(seen) == set(planned)
    assert all(seen[t]["count"] == n for t, n in planned.items())
    assert all(r["reason"] for r in resources["not_priced"])


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
    plan_json.write_text(json.dumps(ws.plan(full=True).raw))

    data = _estimate(capsys, "--plan", str(plan_json), "--plan-module", "module.payments_agents")
    assert data["fleet"] == {
        "source": f"{plan_json} (module.payments_agents)",
        "agents": 3,
        "tiers": {"1": 1, "2": 1, "3": 1},
        "baseline_model_id": tier_defaults.model(1),  # the stack sets no tier-1 model
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


# A fleet with specialists on prompt routers: one at a declared split, one at the default equal shares.
CLAUDE_ROUTER = "arn:aws:bedrock:us-east-1:111122223333:default-prompt-router/anthropic.claude:1"
CUSTOM_ROUTER = "arn:aws:bedrock:us-east-1:111122223333:prompt-router/kb-router"
HAIKU = "global.anthropic.claude-haiku-4-5-20251001-v1:0"
SONNET = "global.anthropic.claude-sonnet-4-5-20250929-v1:0"
ROUTED_FLEET = {
    "agents": {
        "triage-orchestrator": {"tier": 1},
        "doc-specialist": {"tier": 2},
        "claims-specialist": {"tier": 2},
        "kb-specialist": {"tier": 2, "model_id": CUSTOM_ROUTER},
        "ticket-tagger": {"tier": 3},
    },
    "tiers": {"2": {"model_id": CLAUDE_ROUTER}},
    "prompt_routers": {
        CLAUDE_ROUTER: {"models": [HAIKU, SONNET], "split": {HAIKU: 0.7, SONNET: 0.3}},
        CUSTOM_ROUTER: {"models": ["anthropic.claude-3-haiku-20240307-v1:0", HAIKU]},
    },
}
ROUTED_STACK = """
provider "aws" {
  region = "us-east-1"
}

variable "agents" { type = any }
variable "tiers" { type = any }
variable "prompt_routers" { type = any }

module "agent_config" {
  source = "../modules/agent-config"

  name                = "routed-agent-config"
  deletion_protection = false
  agents              = var.agents
  tiers               = var.tiers
  prompt_routers      = var.prompt_routers
}
"""


def test_a_plan_prices_specialists_on_prompt_routers_as_their_fleet_file_does(tmp_path, capsys):
    """The plan carries each router's models and split in the records of the agents that name it, so
    `--plan` prices those agents at the split exactly as `--fleet` does."""
    fleet_file = tmp_path / "fleet.json"
    fleet_file.write_text(json.dumps(ROUTED_FLEET))
    ws = harness.Workspace("routed-stack", tmp_path, files={"main.tf": ROUTED_STACK})
    ws.init()
    plan_json = tmp_path / "plan.json"
    plan_json.write_text(json.dumps(ws.plan(ROUTED_FLEET, full=True).raw))

    from_plan = _estimate(capsys, "--plan", str(plan_json))
    from_file = _estimate(capsys, "--fleet", str(fleet_file))

    def llm_lines(data: dict, scenario: str) -> list[dict]:
        return data["scenarios"][scenario]["dimensions"]["llm"]["lines"]

    routed = [x for x in llm_lines(from_plan, "configured") if "Prompt router" in x["item"]]
    # both routers have their lines: the declared 70/30 split, and equal shares by default
    assert any(
        "anthropic.claude:1 (70% Claude Haiku 4.5, 30% Claude Sonnet 4.5)" in x["item"] for x in routed
    )
    assert any("kb-router (50% Claude 3 Haiku, 50% Claude Haiku 4.5)" in x["item"] for x in routed), routed
    for scenario in ("configured", "baseline"):
        assert llm_lines(from_plan, scenario) == llm_lines(from_file, scenario), scenario
        plan_dims = from_plan["scenarios"][scenario]["dimensions"]
        file_dims = from_file["scenarios"][scenario]["dimensions"]
        assert {k: v for k, v in plan_dims.items() if k not in PLAN_ONLY} == {
            k: v for k, v in file_dims.items() if k not in PLAN_ONLY
        }
    assert [lv["saving_usd"] for lv in from_plan["levers"]] == [
        lv["saving_usd"] for lv in from_file["levers"]
    ]


def test_examples_complete_prices_its_document_specialists_on_the_nova_prompt_router(
    example_plan, tmp_path, capsys
):
    """examples/complete with doc_specialists_on_prompt_router: the seven document specialists are one
    router line at the example's 35/65 split of Nova Lite and Nova Pro, about 30% below Nova Pro for
    every call (the reference article's figure for the lever); the default plan has no router."""
    tfvars = REPO / "tests/plan/cases/examples-complete/prompt_router.tfvars"
    (tmp_path / "ws").mkdir()
    summary = harness.plan("examples/complete", tmp_path / "ws", var_files=[tfvars])
    plan_json = tmp_path / "router-plan.json"
    plan_json.write_text(json.dumps(summary.raw))
    data = _estimate(capsys, "--plan", str(plan_json))
    lines = data["scenarios"]["configured"]["dimensions"]["llm"]["lines"]
    label = "Prompt router amazon.nova:1 (35% Amazon Nova Lite, 65% Amazon Nova Pro)"
    routed = {x["item"].removeprefix(label + " "): x for x in lines if x["item"].startswith(label)}
    assert set(routed) == {"input tokens", "output tokens"}
    # 7 agents x 1,000 sessions x 10 calls x 2,000 input / 300 output tokens (the reference usage)
    assert routed["input tokens"]["quantity"] == 140_000_000
    assert routed["output tokens"]["quantity"] == 21_000_000
    assert routed["input tokens"]["formula"].startswith("7 agents ")
    # priced at the split: 0.35 x $0.06 + 0.65 x $0.80 = $0.541 per 1M input, $2.164 per 1M output
    assert routed["input tokens"]["cost_usd"] == 75.74 and routed["output tokens"]["cost_usd"] == 45.44
    catalogue = pricing.load_catalogue()
    pro = catalogue.model("us.amazon.nova-pro-v1:0")
    pro_alone = 140 * pro.input.value + 21 * pro.output.value  # USD for 140M input and 21M output tokens
    router_cost = Decimal(str(routed["input tokens"]["cost_usd"])) + Decimal(
        str(routed["output tokens"]["cost_usd"])
    )
    saving = 1 - router_cost / pro_alone
    assert Decimal("0.30") < saving < Decimal("0.35"), saving  # 32%: the article's "~30%"

    default = _estimate(capsys, "--plan", str(_plan_json(example_plan, tmp_path)))
    default_lines = default["scenarios"]["configured"]["dimensions"]["llm"]["lines"]
    assert not [x for x in default_lines if "Prompt router" in x["item"]]
    haiku = next(x for x in default_lines if x["item"] == "Claude Haiku 4.5 input tokens")
    assert haiku["formula"].startswith("40 agents ")  # every specialist on its tier's model


def test_a_binary_plan_file_gives_the_same_estimate_as_its_json(tmp_path, capsys):
    """`terraform plan -out=plan` then `--plan plan`: the estimator runs `terraform show -json` itself."""
    ws = harness.Workspace("user-stack", tmp_path, files={"main.tf": USER_STACK})
    ws.init()
    ws.run("plan", "-input=false", "-out=plan.tfplan")
    binary = ws.tfdir / "plan.tfplan"
    assert binary.read_bytes()[:2] == b"PK"  # really the binary file, not JSON
    shown = ws.run("show", "-json", "plan.tfplan").out
    plan_json = tmp_path / "plan.json"
    plan_json.write_text(shown)
    with _terraform_env():
        from_binary = _estimate(capsys, "--plan", str(binary), "--plan-module", "module.payments_agents")
    from_json = _estimate(capsys, "--plan", str(plan_json), "--plan-module", "module.payments_agents")
    assert from_binary["scenarios"] == from_json["scenarios"]
    assert from_binary["deployment"] == from_json["deployment"]
    assert from_binary["fleet"]["source"] == f"{binary} (module.payments_agents)"


@contextlib.contextmanager
def _terraform_env():
    """The process environment Terraform needs offline (the provider mirror's CLI config), attached to
    the running provider the workspace was initialised with (``harness.shared_provider_env``)."""
    saved = dict(os.environ)
    os.environ.update(tfenv.terraform_env(harness.shared_provider_env()))
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


# ------------------------------------------------------------------------------------------------
# examples/ci: the workflow's own steps, run against two plans of examples/complete


WORKFLOW = REPO / "examples" / "ci" / "cost.yml"
MOVED = 10  # tier-2 agents moved to tier 1 in the head


class _FakeGitHub(http.server.BaseHTTPRequestHandler):
    """The few GitHub REST calls pr_cost.py makes; ``comments`` is the PR's comments."""

    comments: list[dict] = []
    calls: list[tuple[str, str, dict | None]] = []
    fail_with: int | None = None  # answer every call with this status (throttling, 5xx, denial)

    def _reply(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict:
        return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

    def do_GET(self):
        self.calls.append(("GET", self.path, None))
        assert self.headers["Authorization"] == "Bearer test-token"
        if self.fail_with:
            self._reply(self.fail_with, {"message": "no"})
            return
        self._reply(200, self.comments if "page=1" in self.path else [])

    def do_PATCH(self):
        self.calls.append(("PATCH", self.path, self._body()))
        self._reply(200, {"id": int(self.path.rsplit("/", 1)[1])})

    def do_POST(self):
        self.calls.append(("POST", self.path, self._body()))
        self._reply(201, {"id": 99})

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def ci_checkouts(tmp_path_factory):
    """base/ and head/ as the workflow checks them out (head moves ten agents from tier 2 to tier 1),
    planned by the workflow's own "plan base and head" step: once for the module."""
    import yaml

    root = tmp_path_factory.mktemp("ci")
    fleet = yaml.safe_load((REPO / "examples/complete/fleet.yaml").read_text())
    moved = [k for k, v in fleet["agents"].items() if v["tier"] == 2][:MOVED]
    for key in moved:
        fleet["agents"][key]["tier"] = 1
    harness.Workspace("examples/complete", root / "base")
    harness.Workspace("examples/complete", root / "head", files={"fleet.yaml": yaml.safe_dump(fleet)})
    workflow = yaml.safe_load(WORKFLOW.read_text())
    steps = {s.get("name"): s for s in workflow["jobs"]["cost"]["steps"]}
    # On GitHub the plan step's account comes from the credentials step; here, the offline plans' one.
    assert set(steps["plan base and head"]["env"]) == set(harness.OFFLINE_TF_ENV) == {"TF_VAR_account_id"}
    env = tfenv.terraform_env(
        {
            **workflow["env"],
            **harness.OFFLINE_TF_ENV,
            **harness.shared_provider_env(),
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        }
    )
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", steps["plan base and head"]["run"]],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return root, steps["cost change"]["run"], env, moved


@pytest.fixture(scope="module")
def json_plans(ci_checkouts):
    """The cost step's command on `terraform show -json` of the two plans, made once: the outcomes
    that only differ in what GitHub answers need not convert both binary plans again each time (the
    step as written, on the binary plans, runs in the first outcome)."""
    root, command, env, _ = ci_checkouts
    for side in ("base", "head"):
        folder = root / side / env["DIR"]
        shown = subprocess.run(
            ["terraform", "show", "-json", "plan.tfplan"],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        (folder / "plan.json").write_text(shown.stdout)
    assert command.count("plan.tfplan") == 2, command
    return (root, command.replace("plan.tfplan", "plan.json"), env, ci_checkouts[3])


def _run_cost_step(
    ci_checkouts, comments: list[dict], fail_with: int | None = None
) -> tuple[subprocess.CompletedProcess, list]:
    root, command, env, _ = ci_checkouts
    _FakeGitHub.comments, _FakeGitHub.calls, _FakeGitHub.fail_with = comments, [], fail_with
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeGitHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    event = root / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 15}}))
    try:
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", command],
            cwd=root,
            env={
                **env,
                "GITHUB_TOKEN": "test-token",
                "GITHUB_REPOSITORY": "acme/agents",
                "GITHUB_EVENT_PATH": str(event),
                "GITHUB_API_URL": f"http://127.0.0.1:{server.server_port}",
            },
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        server.shutdown()
        server.server_close()
    return done, list(_FakeGitHub.calls)


def test_the_workflow_steps_on_two_plans_of_examples_complete(ci_checkouts, json_plans):
    """One test for the three outcomes, so the two plans are made once even with several workers. The
    first runs the step exactly as the workflow writes it (binary plans); the others, which differ only
    in GitHub's answers, run it on the same plans as JSON."""
    _updates_its_comment_and_fails_the_gate(ci_checkouts)
    _posts_a_new_comment_when_there_is_none(json_plans)
    for status in (403, 429, 502):
        _a_comment_that_cannot_be_posted_keeps_the_gates_verdict(json_plans, status)


def _updates_its_comment_and_fails_the_gate(ci_checkouts):
    root, _, _, moved = ci_checkouts
    existing = [{"id": 7, "body": "LGTM"}, {"id": 42, "body": f"{MARKER}\nan older estimate"}]
    done, calls = _run_cost_step(ci_checkouts, existing)
    # ten agents on Sonnet instead of Haiku: far over the workflow's 10% gate
    assert done.returncode == cli.EXIT_GATE_FAILED, done.stderr
    assert "cost gate failed: monthly cost change +" not in done.stderr  # the sign is the plain amount
    assert (
        "cost gate failed: monthly cost change $" in done.stderr
        and "exceeds the allowed increase of 10%" in done.stderr
    )
    assert [(m, p.split("?")[0]) for m, p, _ in calls] == [
        ("GET", "/repos/acme/agents/issues/15/comments"),
        ("PATCH", "/repos/acme/agents/issues/comments/42"),
    ]
    body = calls[-1][2]["body"]
    assert body == (root / "cost.md").read_text()
    assert body.startswith(MARKER) and str(root) not in body
    assert f"Agents: 0 added, 0 removed, {MOVED} changed" in body
    for agent in moved:
        assert f"| {agent} | changed | 2 → 1 |" in body
    assert 'module.fleet.module.agent_config.aws_dynamodb_table_item.this[\\"' not in body
    assert "module.fleet.module.agent_config.aws_dynamodb_table_item.this[" in body
    assert "❌ failed: monthly cost change" in body


def _posts_a_new_comment_when_there_is_none(ci_checkouts):
    done, calls = _run_cost_step(ci_checkouts, [{"id": 7, "body": "LGTM"}])
    assert done.returncode == cli.EXIT_GATE_FAILED
    assert [m for m, _, _ in calls] == ["GET", "POST"]
    assert calls[-1][1] == "/repos/acme/agents/issues/15/comments"
    assert calls[-1][2]["body"].startswith(MARKER)


def _a_comment_that_cannot_be_posted_keeps_the_gates_verdict(ci_checkouts, status):
    """GitHub denying, throttling or failing: the step says so, the report is still on disk, and the
    job fails with the gate's status (3), not a status that would hide it."""
    root = ci_checkouts[0]
    done, calls = _run_cost_step(ci_checkouts, [], fail_with=status)
    assert done.returncode == cli.EXIT_GATE_FAILED
    assert f"pr_cost: could not post the comment: HTTP Error {status}" in done.stderr
    assert [m for m, _, _ in calls] == ["GET"]
    assert (root / "cost.md").read_text().startswith(MARKER)
