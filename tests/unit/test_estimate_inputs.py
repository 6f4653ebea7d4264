"""Fleet and deployment inputs of the estimator: fleet files, `terraform show -json` of plans and
state (items of modules/agent-config wherever it sits), and the settings a plan carries."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest

from agentcore_finops import fleet
from agentcore_finops.errors import FieldError, FieldErrors
from agentcore_finops.estimate import inputs, usage

REPO = Path(__file__).resolve().parents[2]
AGENTS = {
    "sre-orchestrator": {"tier": 1, "tools": ["get_metrics"]},
    "doc-specialist": {"tier": 2, "async": True},
    "invoice-validator": {"tier": 3, "max_tokens": 50},
}


def _av(value):
    """One attribute value as modules/agent-config writes it (DynamoDB JSON)."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int | float):
        return {"N": str(value)}
    if isinstance(value, list):
        return {"L": [_av(v) for v in value]}
    if isinstance(value, dict):
        return {"M": {k: _av(v) for k, v in value.items()}}
    return {"S": value}


def _item(module: str, record: dict, index: str | None = None) -> dict:
    key = index or record["agent_id"]
    return {
        "address": f'{module}.aws_dynamodb_table_item.this["{key}"]',
        "mode": "managed",
        "type": "aws_dynamodb_table_item",
        "name": "this",
        "values": {
            "table_name": "t",
            "hash_key": "agent_id",
            "item": json.dumps({k: _av(v) for k, v in record.items()}),
        },
    }


def _plan(
    *modules: tuple[str, list[dict]], key: str = "planned_values", extra: list[dict] | None = None
) -> dict:
    children = [{"address": address, "resources": resources} for address, resources in modules]
    return {key: {"root_module": {"resources": extra or [], "child_modules": children}}}


def _fleet_items(module: str, agents: dict = AGENTS) -> list[dict]:
    return [_item(module, r) for r in fleet.resolve(agents).values()]


def test_plan_records_are_the_resolved_records():
    module = "module.fleet.module.agent_config"
    got = inputs.read_plan(_plan((module, _fleet_items(module))), source="plan.json")
    want = inputs.from_records(fleet.resolve(AGENTS), source="x")
    assert got.agents == want.agents
    assert got.source == f"plan.json ({module})"
    assert got.tier1_model_id == fleet.builtin_tier_defaults()["1"]["model_id"]
    # nothing but the agent-config items: no deployment settings, and the items are all it deploys
    assert got.settings.platform.types == {"aws_dynamodb_table_item": len(AGENTS)}
    assert dataclasses.replace(got.settings, platform=None) == inputs.PlanSettings()


def test_state_json_works_like_a_plan():
    module = "module.agent_config"
    assert (
        inputs.read_plan(_plan((module, _fleet_items(module)), key="values")).agents
        == inputs.from_records(fleet.resolve(AGENTS), "x").agents
    )


def test_items_of_other_tables_are_ignored():
    module = "module.agent_config"
    other = {
        "address": 'aws_dynamodb_table_item.seed["x"]',
        "type": "aws_dynamodb_table_item",
        "values": {"item": json.dumps({"pk": {"S": "x"}, "tier": {"N": "1"}})},
    }
    got = inputs.read_plan(_plan((module, _fleet_items(module)), extra=[other]))
    assert sorted(a.agent_id for a in got.agents) == sorted(AGENTS)


def test_two_instances_are_combined_or_chosen_and_clashes_are_named():
    a, b = "module.team_a.module.agent_config", "module.team_b.module.agent_config"
    other = {"ops-utility": {"tier": 3}}
    plan = _plan((a, _fleet_items(a)), (b, _fleet_items(b, other)))
    assert sorted(a.agent_id for a in inputs.read_plan(plan).agents) == sorted([*AGENTS, *other])
    assert [x.agent_id for x in inputs.read_plan(plan, module=b).agents] == ["ops-utility"]
    clash = _plan((a, _fleet_items(a)), (b, _fleet_items(b)))
    with pytest.raises(FieldErrors) as exc:
        inputs.read_plan(clash)
    first = exc.value.errors[0]
    assert [e.field for e in exc.value.errors] == [f'agents["{k}"]' for k in AGENTS]
    assert a in first.problem and b in first.problem
    with pytest.raises(FieldError) as exc:
        inputs.read_plan(plan, module="module.nowhere")
    assert exc.value.field == "--plan-module" and "module.nowhere" in exc.value.problem
    # the error lists the module addresses that do hold agent-config items
    assert exc.value.allowed == f"{a}, {b}"


def test_unknown_items_and_bad_records_are_named():
    module = "module.agent_config"
    items = _fleet_items(module)
    del items[0]["values"]["item"]
    with pytest.raises(FieldErrors) as exc:
        inputs.read_plan(_plan((module, items)))
    assert exc.value.errors[0].field.endswith(".item") and "unknown until apply" in str(exc.value)

    record = fleet.resolve(AGENTS)["sre-orchestrator"] | {"trace_sample_rate": 2}
    with pytest.raises(FieldErrors) as exc:
        inputs.read_plan(_plan((module, [_item(module, record)])))
    assert exc.value.errors[0].field == 'agents["sre-orchestrator"].trace_sample_rate'


ROUTER = "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1"
HAIKU = "global.anthropic.claude-haiku-4-5-20251001-v1:0"
SONNET = "global.anthropic.claude-sonnet-4-5-20250929-v1:0"
ROUTERS = {ROUTER: {"models": [HAIKU, SONNET], "split": {HAIKU: 0.8, SONNET: 0.2}}}
ROUTED = {**AGENTS, "kb-specialist": {"tier": 2, "model_id": ROUTER}}


def _routed_items(module: str, routers: dict = ROUTERS) -> list[dict]:
    return [_item(module, r) for r in fleet.resolve(ROUTED, prompt_routers=routers).values()]


def test_a_plan_carries_the_prompt_routers_its_agents_name():
    module = "module.agent_config"
    got = inputs.read_plan(_plan((module, _routed_items(module))))
    assert got.prompt_routers == ROUTERS
    # without a split, the record says so (null) and the estimator takes equal shares
    plain = {ROUTER: {"models": [HAIKU, SONNET]}}
    got = inputs.read_plan(_plan((module, _routed_items(module, plain))))
    assert got.prompt_routers == {ROUTER: {"models": [HAIKU, SONNET], "split": None}}


def test_an_item_of_agentcore_finops_0_1_0_without_prompt_routers_is_still_read():
    module = "module.agent_config"
    items = _fleet_items(module)
    for res in items:
        item = json.loads(res["values"]["item"])
        del item["prompt_routers"]
        res["values"]["item"] = json.dumps(item)
    got = inputs.read_plan(_plan((module, items)))
    assert got.agents == inputs.from_records(fleet.resolve(AGENTS), "x").agents
    assert got.prompt_routers == {}


@pytest.mark.parametrize(
    ("routers", "field", "problem"),
    [
        ("not a map", 'agents["kb-specialist"].prompt_routers', "invalid value"),
        (
            {ROUTER: {"models": [HAIKU], "split": None}},
            f'agents["kb-specialist"].prompt_routers["{ROUTER}"].models',
            "a router picks between models",
        ),
        (
            {ROUTER: {"models": [HAIKU, SONNET], "split": {HAIKU: 0.9, SONNET: 0.9}}},
            f'agents["kb-specialist"].prompt_routers["{ROUTER}"].split',
            "the share of calls each model gets",
        ),
        (
            {"arn:aws:bedrock:us-east-1:123456789012:agent/x": {"models": [HAIKU, SONNET]}},
            'agents["kb-specialist"].prompt_routers["arn:aws:bedrock:us-east-1:123456789012:agent/x"]',
            "not a prompt router ARN",
        ),
    ],
)
def test_a_malformed_prompt_routers_record_field_names_the_agent(routers, field, problem):
    module = "module.agent_config"
    record = fleet.resolve(ROUTED, prompt_routers=ROUTERS)["kb-specialist"] | {"prompt_routers": routers}
    with pytest.raises(FieldErrors) as exc:
        inputs.read_plan(_plan((module, [_item(module, record)])))
    assert [(e.field, problem in e.problem) for e in exc.value.errors] == [(field, True)]


def test_one_router_described_differently_by_two_instances_is_an_error():
    a, b = "module.team_a.module.agent_config", "module.team_b.module.agent_config"
    other = {ROUTER: {"models": [HAIKU, SONNET], "split": {HAIKU: 0.5, SONNET: 0.5}}}
    b_items = [
        _item(b, r)
        for r in fleet.resolve({"kb-other": {"tier": 2, "model_id": ROUTER}}, prompt_routers=other).values()
    ]
    with pytest.raises(FieldErrors) as exc:
        inputs.read_plan(_plan((a, _routed_items(a)), (b, b_items)))
    assert [e.field for e in exc.value.errors] == [f'agents["kb-other"].prompt_routers["{ROUTER}"]']
    assert "differs from another agent's record" in exc.value.errors[0].problem
    # each instance alone is fine
    assert inputs.read_plan(_plan((a, _routed_items(a)), (b, b_items)), module=b).prompt_routers == other


@pytest.mark.parametrize(
    "data", [{}, [], {"planned_values": {}}, {"format_version": "1.2"}, {"planned_values": ["root_module"]}]
)
def test_not_a_plan(data):
    with pytest.raises(FieldError) as exc:
        inputs.read_plan(data)
    assert exc.value.field == "--plan"


def test_a_plan_without_agent_config():
    with pytest.raises(FieldError) as exc:
        inputs.read_plan(_plan(("module.x", [])))
    assert "no agent-config records" in exc.value.problem


def _fake_terraform(bin_dir: Path, script: str) -> None:
    """A `terraform` on PATH that runs ``script`` (sh), to see what the estimator asks of it."""
    bin_dir.mkdir(exist_ok=True)
    exe = bin_dir / "terraform"
    exe.write_text("#!/bin/sh\n" + script)
    exe.chmod(0o755)


def test_a_binary_plan_is_read_through_terraform_show_in_its_directory(tmp_path, monkeypatch):
    module = "module.agent_config"
    work = tmp_path / "stack"
    work.mkdir()
    (work / "shown.json").write_text(json.dumps(_plan((module, _fleet_items(module)))))
    plan = work / "plan"
    plan.write_bytes(b"PK\x03\x04 binary plan")
    # the fake prints the JSON only when asked for `show -json <plan>` from the plan's directory
    _fake_terraform(
        tmp_path / "bin",
        f'[ "$1 $2" = "show -json" ] && [ "$(pwd)" = "{work}" ] && [ "$4" = "{plan}" ] '
        '&& cat shown.json && exit 0\necho "unexpected: $*" >&2; exit 1\n',
    )
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    got = inputs.load_plan(plan)
    assert [a.agent_id for a in got.agents] == sorted(AGENTS)
    assert got.source == f"{plan} ({module})"


def test_a_binary_plan_without_terraform_is_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "plan"
    path.write_bytes(b"PK\x03\x04 binary")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(FieldError) as exc:
        inputs.load_plan(path)
    assert exc.value.field == "--plan" and "terraform is not on PATH" in exc.value.problem
    assert "terraform show -json" in exc.value.allowed


def test_terraform_show_failing_says_why(tmp_path, monkeypatch):
    path = tmp_path / "plan"
    path.write_bytes(b"PK\x03\x04 binary")
    _fake_terraform(tmp_path / "bin", 'echo "Error: Inconsistent dependency lock file" >&2; exit 1\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    with pytest.raises(FieldError) as exc:
        inputs.load_plan(path, option="--against")
    assert exc.value.field == "--against"
    assert "Inconsistent dependency lock file" in exc.value.problem and "terraform init" in exc.value.allowed


def test_neither_json_nor_a_plan_file(tmp_path):
    path = tmp_path / "plan"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(FieldError) as exc:
        inputs.load_plan(path)
    assert exc.value.field == "--plan" and "neither JSON nor a Terraform plan file" in exc.value.problem


def test_budgets_are_read_from_the_plan():
    budget = {
        "address": "module.guardrails.aws_budgets_budget.this",
        "mode": "managed",
        "type": "aws_budgets_budget",
        "values": {
            "budget_type": "COST",
            "limit_amount": "2500.00",
            "limit_unit": "USD",
            "time_unit": "MONTHLY",
        },
    }
    quarterly = {
        **budget,
        "address": "aws_budgets_budget.q",
        "values": {**budget["values"], "time_unit": "QUARTERLY"},
    }
    settings = inputs.plan_settings([budget, quarterly])
    assert settings.budgets == (("module.guardrails.aws_budgets_budget.this", Decimal("2500.00")),)
    unknown = {**budget, "address": "aws_budgets_budget.u", "values": {**budget["values"]}}
    del unknown["values"]["limit_amount"]  # unknown until apply: not a budget to gate on yet
    assert inputs.plan_settings([budget, unknown]).budgets == settings.budgets
    for bad in ("NaN", "abc", "-5", "0"):
        hostile = {**budget, "values": {**budget["values"], "limit_amount": bad}}
        with pytest.raises(FieldError) as exc:
            inputs.plan_settings([hostile])
        assert exc.value.field == "module.guardrails.aws_budgets_budget.this.limit_amount"
        assert f"invalid value {bad!r}" in str(exc.value)


def _endpoint_output(traffic) -> dict:
    value = {"traffic_gb": traffic, "interface_endpoints": 4, "availability_zones": 2, "endpoint_data_usd": 1}
    return {"outputs": {"vpc_endpoints_cost": {"value": value}}}


def _endpoint_call(traffic) -> dict:
    call = {
        "source": "../../modules/vpc-endpoints",
        "expressions": {"monthly_traffic_gb": {"constant_value": traffic}},
    }
    return {"configuration": {"root_module": {"module_calls": {"endpoints": call}}}}


def test_plan_traffic_is_read_from_the_module_output_or_its_call():
    assert inputs.plan_traffic({"planned_values": _endpoint_output(150)})[0] == Decimal(150)
    assert inputs.plan_traffic(_endpoint_call(150.5))[0] == Decimal("150.5")
    assert inputs.plan_traffic({"planned_values": {"outputs": []}}) is None


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -5, "lots", [150]])
def test_hostile_plan_traffic_is_an_error_naming_where_it_was_read(bad):
    with pytest.raises(FieldError) as exc:
        inputs.plan_traffic({"planned_values": _endpoint_output(bad)})
    assert exc.value.field == "output vpc_endpoints_cost.traffic_gb"
    if not isinstance(bad, str | list):
        with pytest.raises(FieldError) as exc:
            inputs.plan_traffic(_endpoint_call(bad))
        assert exc.value.field == "module.endpoints monthly_traffic_gb"


@pytest.mark.parametrize(
    ("root", "field"),
    [
        ({"resources": "x"}, "(root).resources"),
        ({"resources": [1]}, "(root).resources"),
        ({"child_modules": {"address": "module.x"}}, "(root).child_modules"),
        (
            {"resources": [{"address": "aws_lambda_function.f", "values": [1]}]},
            "aws_lambda_function.f.values",
        ),
    ],
)
def test_a_malformed_module_tree_is_an_error_naming_where(root, field):
    with pytest.raises(FieldError) as exc:
        inputs.read_plan({"planned_values": {"root_module": root}})
    assert exc.value.field == field


def _res(rtype: str, address: str, **values) -> dict:
    return {"address": address, "type": rtype, "mode": "managed", "values": values}


def test_settings_from_the_plan_override_the_profile():
    module = "module.agent_config"
    extra = [
        _res(
            "aws_cloudwatch_log_group",
            "module.obs.aws_cloudwatch_log_group.runtime",
            name="/aws/bedrock-agentcore/runtimes/x-DEFAULT",
            retention_in_days=30,
        ),
        _res(
            "aws_cloudwatch_log_group",
            "module.obs.aws_cloudwatch_log_group.memory",
            name="/aws/vendedlogs/bedrock-agentcore/memory",
            retention_in_days=90,
            log_group_class="INFREQUENT_ACCESS",
        ),
        # the project's own Lambda logs are not the agents' logs: ignored
        _res(
            "aws_cloudwatch_log_group",
            "module.fn.aws_cloudwatch_log_group.this",
            name="/aws/lambda/router",
            retention_in_days=0,
        ),
        _res(
            "aws_vpc_endpoint",
            'module.vpce.aws_vpc_endpoint.this["bedrock-runtime"]',
            vpc_endpoint_type="Interface",
            subnet_ids=["s-1", "s-2"],
        ),
        _res(
            "aws_vpc_endpoint",
            'module.vpce.aws_vpc_endpoint.this["logs"]',
            vpc_endpoint_type="Interface",
            subnet_ids=["s-1"],
        ),
        _res("aws_vpc_endpoint", 'module.vpce.aws_vpc_endpoint.this["s3"]', vpc_endpoint_type="Gateway"),
    ]
    got = inputs.read_plan(_plan((module, _fleet_items(module)), extra=extra))
    s = got.settings
    assert (s.log_retention_days, s.log_class, s.interface_endpoint_enis, s.nat_gateways) == (
        90,
        "standard",
        3,
        0,
    )
    assert "the longest of 30, 90" in s.evidence["log retention"]
    assert (
        "aws_lambda" not in s.evidence["log retention"] and "/aws/lambda" not in s.evidence["log retention"]
    )
    profile = usage.reference().with_("network", mode="nat", nat_gateways=Decimal(3))
    dep = inputs.Deployment.resolve(profile, s)
    assert (dep.network_mode, dep.interface_endpoint_enis, dep.nat_gateways, dep.log_retention_days) == (
        "endpoints",
        3,
        0,
        90,
    )
    assert [k for k, _ in dep.from_plan] == [
        "log retention",
        "log class",
        "interface endpoints",
        "NAT gateways",
    ]


def test_endpoint_azs_come_from_the_module_tag_when_subnet_ids_are_unknown():
    """A VPC created in the same apply: subnet ids unknown at plan, AZs known from the tag."""
    tagged = [
        _res(
            "aws_vpc_endpoint",
            f'module.vpce.aws_vpc_endpoint.interface["{svc}"]',
            vpc_endpoint_type="Interface",
            subnet_ids=None,
            tags={inputs.AZ_TAG: "us-east-1a us-east-1b"},
        )
        for svc in ("logs", "sts")
    ]
    fleet = ("module.agent_config", _fleet_items("module.agent_config"))
    assert inputs.read_plan(_plan(fleet, extra=tagged)).settings.interface_endpoint_enis == 4
    untagged = [
        _res("aws_vpc_endpoint", "aws_vpc_endpoint.x", vpc_endpoint_type="Interface", subnet_ids=None)
    ]
    with pytest.raises(FieldError, match="unknown until apply"):
        inputs.read_plan(_plan(fleet, extra=untagged))


def test_nat_and_never_expiring_logs_from_the_plan():
    extra = [
        _res(
            "aws_cloudwatch_log_group",
            "aws_cloudwatch_log_group.spans",
            name="aws/spans",
            retention_in_days=0,
        ),
        _res("aws_nat_gateway", 'aws_nat_gateway.this["a"]'),
        _res("aws_nat_gateway", 'aws_nat_gateway.this["b"]'),
    ]
    s = inputs.read_plan(
        _plan(("module.agent_config", _fleet_items("module.agent_config")), extra=extra)
    ).settings
    assert (s.log_retention_days, s.interface_endpoint_enis, s.nat_gateways) == (0, 0, 2)
    dep = inputs.Deployment.resolve(usage.reference(), s)
    assert (dep.network_mode, dep.nat_gateways) == ("nat", 2)


def test_endpoint_subnets_unknown_at_plan_time_are_an_error():
    extra = [_res("aws_vpc_endpoint", "aws_vpc_endpoint.x", vpc_endpoint_type="Interface")]
    with pytest.raises(FieldError) as exc:
        inputs.read_plan(_plan(("module.agent_config", _fleet_items("module.agent_config")), extra=extra))
    assert "aws_vpc_endpoint.x" in exc.value.problem


def test_fleet_file_resolves_like_terraform_and_picks_the_baseline_model(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(
        "agents:\n  a-b: {tier: 2}\ntiers:\n  '1': {model_id: 'global.anthropic.claude-opus-4-5-20251101-v1:0'}\n"
    )
    got = inputs.load_fleet(path)
    assert got.tier1_model_id == "global.anthropic.claude-opus-4-5-20251101-v1:0"  # no tier-1 agent
    assert inputs.load_fleet(REPO / "examples/complete/fleet.yaml").tier_counts == {1: 10, 2: 40, 3: 50}


def test_fleet_file_errors_name_the_field(tmp_path):
    with pytest.raises(FieldError) as exc:
        inputs.load_fleet(tmp_path / "missing.yaml")
    assert exc.value.field == "--fleet"
    path = tmp_path / "f.yaml"
    path.write_text("agents:\n  a-b: {model_id: amazon.nova-micro-v1:0}\n")
    with pytest.raises(FieldErrors) as exc:
        inputs.load_fleet(path)
    assert [e.field for e in exc.value.errors] == ['agents["a-b"].tier']


def test_evidence_counts_instances_of_one_resource_block():
    groups = [
        _res(
            "aws_cloudwatch_log_group",
            f'module.log_groups[0].aws_cloudwatch_log_group.this["runtime/agent.{n}/live"]',
            name=f"/aws/bedrock-agentcore/runtimes/r{n}-live",
            retention_in_days=30,
        )
        for n in range(14)
    ]
    fleet = ("module.agent_config", _fleet_items("module.agent_config"))
    evidence = inputs.read_plan(_plan(fleet, extra=groups)).settings.evidence["log retention"]
    assert evidence == "30 days from module.log_groups[0].aws_cloudwatch_log_group.this (14 instances)"
