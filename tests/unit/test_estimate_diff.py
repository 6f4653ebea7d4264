"""`agentcore-finops estimate --against`: the cost change from a base to a head, per dimension, tier
and agent, with the setting that caused each change; the PR-comment Markdown and its marker; the
JSON report against its documented schema."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from agentcore_finops import cli, fleet, pricing
from agentcore_finops.estimate import diff, estimate, inputs, load_usage
from agentcore_finops.estimate.formats import MARKER, SCHEMA_VERSION
from tests.unit.test_estimate_inputs import _item, _plan

REPO = Path(__file__).resolve().parents[2]
FLEET_YAML = REPO / "examples" / "complete" / "fleet.yaml"
TEAM_A = "module.team_a.module.agent_config"
TEAM_B = "module.team_b.module.agent_config"
A = {
    "sre-orchestrator": {"tier": 1, "tools": ["get_metrics"]},
    "doc-specialist": {"tier": 2, "tools": ["search_docs"]},
    "invoice-validator": {"tier": 3, "max_tokens": 50},
}
B = {"ops-utility": {"tier": 3, "tools": ["get_status"]}, "ops-router": {"tier": 2}}


def _items(module: str, agents: dict) -> list[dict]:
    return [_item(module, r) for r in fleet.resolve(agents).values()]


def _write_plan(tmp_path: Path, name: str, *modules: tuple[str, dict]) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(_plan(*[(m, _items(m, agents)) for m, agents in modules])))
    return str(path)


def _diff_json(capsys, *args: str) -> tuple[int, dict, str]:
    code = cli.main(["estimate", *args, "--format", "json"])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def _schema() -> dict:
    text = resources.files("agentcore_finops.estimate").joinpath("report.schema.json").read_text()
    return json.loads(text)


def _agent(data: dict, agent_id: str) -> dict:
    return next(a for a in data["agents"] if a["agent_id"] == agent_id)


def test_an_added_agent_is_priced_and_named_by_its_address(tmp_path, capsys):
    base = _write_plan(tmp_path, "base.json", (TEAM_A, A))
    head = _write_plan(tmp_path, "head.json", (TEAM_A, {**A, "new-utility": {"tier": 3, "tools": ["x"]}}))
    code, data, _ = _diff_json(capsys, "--plan", head, "--against", base)
    assert code == 0
    (added,) = data["agents"]
    assert added["agent_id"] == "new-utility" and added["change"] == "added"
    assert added["address"] == f'{TEAM_A}.aws_dynamodb_table_item.this["new-utility"]'
    assert added["cause"] == f"{added['address']} added"
    assert (added["tier_before"], added["tier_after"], added["base_usd"]) == (None, 3, 0)
    # the whole change is the new agent's: nothing fleet-wide moved
    assert added["delta_usd"] == pytest.approx(data["total"]["delta_usd"], abs=0.01)
    assert data["total"]["delta_usd"] > 0
    assert data["tiers"]["tier 3"]["delta_usd"] == pytest.approx(data["total"]["delta_usd"], abs=0.01)
    assert data["tiers"]["tier 1"]["delta_usd"] == 0


def test_a_tier_change_names_the_item_attributes_and_moves_cost_between_tiers(tmp_path, capsys):
    base = _write_plan(tmp_path, "base.json", (TEAM_A, A))
    head = _write_plan(
        tmp_path, "head.json", (TEAM_A, {**A, "doc-specialist": {"tier": 1, "tools": ["search_docs"]}})
    )
    code, data, _ = _diff_json(capsys, "--plan", head, "--against", base)
    assert code == 0
    (changed,) = data["agents"]
    assert (changed["change"], changed["tier_before"], changed["tier_after"]) == ("changed", 2, 1)
    names = {a["name"]: (a["before"], a["after"]) for a in changed["attributes"]}
    tiers = fleet.builtin_tier_defaults()
    assert names["tier"] == ("2", "1")
    assert names["model_id"] == (tiers["2"]["model_id"], tiers["1"]["model_id"])
    assert changed["cause"].startswith(
        f'{TEAM_A}.aws_dynamodb_table_item.this["doc-specialist"].item: tier 2 → 1'
    )
    assert data["tiers"]["tier 1"]["delta_usd"] > 0 > data["tiers"]["tier 2"]["delta_usd"]
    assert changed["delta_usd"] == pytest.approx(data["total"]["delta_usd"], abs=0.01)
    # the LLM dimension carries most of it: Sonnet instead of Haiku
    assert data["dimensions"]["llm"]["delta_usd"] > data["dimensions"]["runtime"]["delta_usd"]


def test_a_model_change_alone(tmp_path, capsys):
    cheap = "amazon.nova-micro-v1:0"
    base = _write_plan(tmp_path, "base.json", (TEAM_A, A))
    head = _write_plan(
        tmp_path,
        "head.json",
        (TEAM_A, {**A, "sre-orchestrator": {**A["sre-orchestrator"], "model_id": cheap}}),
    )
    code, data, _ = _diff_json(capsys, "--plan", head, "--against", base)
    assert code == 0
    (changed,) = data["agents"]
    assert [a["name"] for a in changed["attributes"]] == ["model_id"]
    assert changed["attributes"][0]["after"] == cheap
    assert changed["delta_usd"] < 0 and data["total"]["delta_usd"] == pytest.approx(
        changed["delta_usd"], abs=0.01
    )
    assert data["dimensions"]["llm"]["delta_usd"] == pytest.approx(data["total"]["delta_usd"], abs=0.01)


def test_resource_and_setting_changes_are_listed_with_their_cause(tmp_path, capsys):
    alarm = {
        "address": "aws_cloudwatch_metric_alarm.errors",
        "mode": "managed",
        "type": "aws_cloudwatch_metric_alarm",
        "values": {"period": 60},
    }
    group = {
        "address": "aws_cloudwatch_log_group.runtime",
        "mode": "managed",
        "type": "aws_cloudwatch_log_group",
        "values": {"name": "/aws/bedrock-agentcore/runtimes/x-DEFAULT", "retention_in_days": 14},
    }
    items = _items(TEAM_A, A)
    base = tmp_path / "base.json"
    base.write_text(json.dumps(_plan((TEAM_A, items), extra=[group])))
    head = tmp_path / "head.json"
    longer = {**group, "values": {**group["values"], "retention_in_days": 90}}
    head.write_text(json.dumps(_plan((TEAM_A, items), extra=[longer, alarm])))
    code, data, _ = _diff_json(capsys, "--plan", str(head), "--against", str(base))
    assert code == 0
    # each agent's logs are kept longer: a change with no attribute of its own, caused by the settings
    assert {a["agent_id"] for a in data["agents"]} == set(A)
    assert all(a["attributes"] == [] and a["cause"] == "deployment settings (below)" for a in data["agents"])
    settings = {s["setting"]: s for s in data["settings"]}
    assert (settings["log retention"]["base"], settings["log retention"]["head"]) == ("14", "90")
    assert "aws_cloudwatch_log_group.runtime" in settings["log retention"]["cause"]
    assert (settings["aws_cloudwatch_metric_alarm resources"]["head"]) == "1"
    assert data["dimensions"]["platform"]["delta_usd"] == 0.1  # one standard alarm
    assert data["dimensions"]["observability"]["delta_usd"] > 0  # logs kept 90 days instead of 14


def test_a_removed_module_removes_its_agents(tmp_path, capsys):
    base = _write_plan(tmp_path, "base.json", (TEAM_A, A), (TEAM_B, B))
    head = _write_plan(tmp_path, "head.json", (TEAM_A, A))
    code, data, _ = _diff_json(capsys, "--plan", head, "--against", base)
    assert code == 0
    assert {a["agent_id"]: a["change"] for a in data["agents"]} == {
        "ops-utility": "removed",
        "ops-router": "removed",
    }
    for agent in data["agents"]:
        assert agent["address"].startswith(f"{TEAM_B}.aws_dynamodb_table_item.this[")
        assert agent["head_usd"] == 0 and agent["delta_usd"] == -agent["base_usd"] < 0
    assert data["base"]["agents"] == 5 and data["head"]["agents"] == 3
    assert data["total"]["delta_usd"] == pytest.approx(sum(a["delta_usd"] for a in data["agents"]), abs=0.02)


def test_no_change_is_said_plainly(tmp_path, capsys):
    base = _write_plan(tmp_path, "base.json", (TEAM_A, A))
    code = cli.main(["estimate", "--plan", base, "--against", base])
    out, _ = capsys.readouterr()
    assert code == 0 and "No cost change." in out


def test_only_agents_that_can_have_changed_are_priced_again(monkeypatch):
    """Same agent, same usage, same deployment: the same cost, so it is not priced twice per agent."""
    catalogue = pricing.load_catalogue()
    base_fleet = inputs.read_plan(_plan((TEAM_A, _items(TEAM_A, A))))
    moved = {**A, "doc-specialist": {**A["doc-specialist"], "tier": 1}}
    head_fleet = inputs.read_plan(_plan((TEAM_A, _items(TEAM_A, moved))))
    base, head = (estimate(f, load_usage(), catalogue) for f in (base_fleet, head_fleet))
    priced: list[str] = []
    real = diff.agent_cost
    monkeypatch.setattr(diff, "agent_cost", lambda a, r, c: priced.append(a.agent_id) or real(a, r, c))
    change = diff.diff(base, head, catalogue)
    assert [c.agent_id for c in change.agents] == ["doc-specialist"]
    assert priced == ["doc-specialist", "doc-specialist"]  # base and head, nobody else
    # another usage profile for the head: every agent may cost something else, so all are priced
    priced.clear()
    busier = estimate(head_fleet, load_usage().with_("llm", calls_per_session=Decimal(20)), catalogue)
    assert {c.agent_id for c in diff.diff(base, busier, catalogue).agents} == set(A)
    assert sorted(priced) == sorted([*A, *A])


def test_per_agent_costs_add_up_with_the_fleet_wide_charges():
    """An agent's cost is what it adds: the fleet's total is the sum of its agents plus the fleet-wide
    fixed lines (endpoint-hours, tool indexing), so per-agent figures can be trusted in a review."""
    catalogue = pricing.load_catalogue()
    fleet_input = inputs.load_fleet(FLEET_YAML)
    report = estimate(fleet_input, load_usage(), catalogue)
    per_agent = sum((diff.agent_cost(a, report, catalogue) for a in fleet_input.agents), Decimal(0))
    fixed = sum((line.cost for line in report.configured.lines if not line.agents), Decimal(0))
    assert per_agent + fixed == pytest.approx(report.configured.total, abs=Decimal("0.000001"))


def test_markdown_is_one_updatable_comment_without_runner_paths(tmp_path, capsys):
    base = _write_plan(tmp_path, "base.json", (TEAM_A, A))
    head = _write_plan(tmp_path, "head.json", (TEAM_A, {**A, "doc-specialist": {"tier": 1}}))
    profile = tmp_path / "usage.yaml"
    profile.write_text("extends: reference\n")
    code = cli.main(
        ["estimate", "--plan", head, "--against", base, "--usage", str(profile), "--format", "markdown"]
    )
    out, _ = capsys.readouterr()
    assert code == 0
    assert out.splitlines()[0] == MARKER and out.count(MARKER) == 1
    assert "usage usage.yaml" in out
    assert str(tmp_path) not in out  # the runner's absolute paths stay out of the PR
    assert "head.json (module.team_a.module.agent_config)" in out
    summary = out.index("| **total** |")
    assert summary < out.index("<details><summary>Per tier")  # the summary first, details folded
    assert "<details><summary>Agents: 0 added, 0 removed, 1 changed</summary>" in out
    # the plain estimate carries the same marker, so a workflow can switch between the two
    code = cli.main(["estimate", "--plan", head, "--format", "markdown"])
    out, _ = capsys.readouterr()
    assert out.splitlines()[0] == MARKER and str(tmp_path) not in out


@pytest.mark.parametrize(
    "args",
    [
        ["--fleet", str(FLEET_YAML)],
        ["--fleet", str(FLEET_YAML), "--compare", "--prices", "reference"],
        ["--fleet", str(FLEET_YAML), "--fail-over-budget", "--budget", "100"],
        ["--fleet", str(FLEET_YAML), "--against", str(FLEET_YAML), "--fail-on-increase", "5%"],
    ],
    ids=["estimate", "compare-reference", "budget-gate", "diff-gate"],
)
def test_the_json_report_follows_its_schema(capsys, args):
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    code = cli.main(["estimate", *args, "--format", "json"])
    out, _ = capsys.readouterr()
    data = json.loads(out)
    assert code in (0, cli.EXIT_GATE_FAILED)
    assert data["schema_version"] == SCHEMA_VERSION
    jsonschema.Draft202012Validator(schema).validate(data)


def test_the_schema_rejects_what_it_should():
    """The schema is not a rubber stamp: a missing version, an unknown field or a wrong kind fail."""
    schema = _schema()
    validator = jsonschema.Draft202012Validator(schema)
    report = estimate(inputs.load_fleet(FLEET_YAML), load_usage(), pricing.load_catalogue())
    from agentcore_finops.estimate.formats import to_dict

    good = json.loads(json.dumps(to_dict(report)))
    validator.validate(good)
    for broken in (
        {k: v for k, v in good.items() if k != "schema_version"},
        {**good, "schema_version": "0"},
        {**good, "kind": "diff"},
        {**good, "surprise": 1},
        {**good, "deployment": {**good["deployment"], "network_mode": "carrier-pigeon"}},
    ):
        assert not validator.is_valid(broken)
