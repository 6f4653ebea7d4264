"""Usage where it differs: per-tier and per-agent overrides of the usage profile, and the commented
template `agentcore-finops usage init` writes from a fleet or a plan."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from agentcore_finops import cli, pricing
from agentcore_finops.errors import FieldError, FieldErrors
from agentcore_finops.estimate import estimate, inputs, load_usage, usage
from agentcore_finops.estimate.diff import agent_cost

REPO = Path(__file__).resolve().parents[2]
FLEET_YAML = REPO / "examples" / "complete" / "fleet.yaml"
AGENT = "sre-orchestrator"  # tier 1


def _profile(overrides: dict) -> usage.UsageProfile:
    return usage.parse({"extends": "reference", **overrides})


def _report(profile: usage.UsageProfile, compare: bool = False):
    return estimate(
        inputs.load_fleet(FLEET_YAML), profile, pricing.load_catalogue(), compare_baseline=compare
    )


def _costs(profile: usage.UsageProfile) -> dict[str, Decimal]:
    catalogue = pricing.load_catalogue()
    report = _report(profile)
    return {a.agent_id: agent_cost(a, report, catalogue) for a in report.fleet.agents}


def test_a_per_agent_override_changes_that_agent_only():
    base = _costs(usage.reference())
    doubled = _costs(_profile({"agents": {AGENT: {"sessions_per_agent_month": 2000}}}))
    # the agent costs what it would if the whole fleet had 2,000 sessions; the others are unchanged
    assert doubled[AGENT] == _costs(_profile({"sessions_per_agent_month": 2000}))[AGENT]
    assert base[AGENT] < doubled[AGENT] < 2 * base[AGENT]  # cached ListTools do not scale with sessions
    assert {k: v for k, v in doubled.items() if k != AGENT} == {k: v for k, v in base.items() if k != AGENT}


def test_a_per_tier_override_and_an_agent_over_it():
    tier1 = [a.agent_id for a in inputs.load_fleet(FLEET_YAML).agents if a.tier == 1]
    profile = _profile(
        {
            "tiers": {"1": {"llm": {"input_tokens_per_call": 4000}}},
            "agents": {AGENT: {"llm": {"cache_hit_ratio": 0.5}}},
        }
    )
    report = _report(profile)
    lines = report.configured.of("llm")
    tagged = {x.item for x in lines if "[usage:" in x.item}
    assert "Claude Sonnet 4.5 input tokens [usage: tier 1]" in tagged
    assert f'Claude Sonnet 4.5 cache reads [usage: agents["{AGENT}"]]' in tagged
    # the agent keeps its tier's 4,000 input tokens: its cached prefix is half of them
    reads = next(x for x in lines if x.item.startswith("Claude Sonnet 4.5 cache reads"))
    assert Factor_value(reads, "prefix tokens") == 2000
    tier_input = next(x for x in lines if x.item == "Claude Sonnet 4.5 input tokens [usage: tier 1]")
    assert tier_input.agents == len(tier1) - 1 and Factor_value(tier_input, "input tokens/call") == 4000
    # tiers 2 and 3 are untouched
    base = _report(usage.reference())
    for key in ("tier 2", "tier 3"):
        assert sum(x.cost for x in lines if x.group == key) == sum(
            x.cost for x in base.configured.of("llm") if x.group == key
        )


def Factor_value(line, label: str) -> Decimal:
    return next(f.value for f in line.factors if f.label == label)


def test_fleet_wide_charges_are_not_repeated_per_usage_group():
    profile = _profile(
        {
            "tiers": {"2": {"sessions_per_agent_month": 10}},
            "agents": {AGENT: {"llm": {"calls_per_session": 3}}},
        }
    )
    report = _report(profile)
    items = [x.item for x in report.configured.lines if not x.agents]
    assert items.count("interface endpoint-hours") == 1
    assert report.configured.dimension_total("network") > 0


def test_levers_undo_overrides_too():
    """The baseline is unoptimised for every agent: a per-agent cache hit ratio does not survive it."""
    cached = _profile({"agents": {AGENT: {"llm": {"cache_hit_ratio": 0.8}}}})
    plain = usage.reference()
    with_cache, without = _report(cached, compare=True), _report(plain, compare=True)
    assert with_cache.baseline.total == without.baseline.total
    caching = {lv.key: lv.total for lv in with_cache.levers}["prompt_caching"]
    assert caching > 0 and with_cache.configured.total < without.configured.total


@pytest.mark.parametrize(
    ("overrides", "field", "problem"),
    [
        ({"tiers": {"4": {"sessions_per_agent_month": 1}}}, 'usage.tiers["4"]', "no such tier"),
        (
            {"agents": {AGENT: {"llm": {"batch_share": 0.5}}}},
            f'usage.agents["{AGENT}"].llm.batch_share',
            "cannot be set per agent",
        ),
        (
            {"agents": {AGENT: {"llm": {"cache_hit_ratio": 2}}}},
            f'usage.agents["{AGENT}"].llm.cache_hit_ratio',
            "invalid value 2",
        ),
        (
            {"tiers": {"1": {"sessions_per_agent_month": -5}}},
            'usage.tiers["1"].sessions_per_agent_month',
            "must not be negative",
        ),
        ({"agents": {AGENT: 7}}, f'usage.agents["{AGENT}"]', "must be a mapping"),
        ({"tiers": ["1"]}, "usage.tiers", "must be a mapping"),
    ],
)
def test_bad_overrides_name_the_field(overrides, field, problem):
    with pytest.raises((FieldError, FieldErrors)) as exc:
        _profile(overrides)
    errors = exc.value.errors if isinstance(exc.value, FieldErrors) else [exc.value]
    assert any(e.field == field and problem in e.problem for e in errors), [str(e) for e in errors]


def test_an_override_for_an_agent_not_in_the_fleet_is_an_error(capsys, tmp_path):
    path = tmp_path / "u.yaml"
    path.write_text("extends: reference\nagents:\n  sre-orchestrater: {sessions_per_agent_month: 5}\n")
    code = cli.main(["estimate", "--fleet", str(FLEET_YAML), "--usage", str(path)])
    _, err = capsys.readouterr()
    assert code == cli.EXIT_BAD_INPUT
    assert 'usage.agents["sre-orchestrater"]: no such agent in the fleet (allowed: ' in err


def test_the_json_report_carries_the_overrides(capsys, tmp_path):
    path = tmp_path / "u.yaml"
    path.write_text(f"extends: reference\nagents:\n  {AGENT}: {{gateway: {{tool_calls_per_session: 12}}}}\n")
    assert cli.main(["estimate", "--fleet", str(FLEET_YAML), "--usage", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["usage"]["profile"]["agents"] == {AGENT: {"gateway": {"tool_calls_per_session": 12}}}


# ------------------------------------------------------------------------------------------------
# usage init


def _init(capsys, *args: str) -> str:
    code = cli.main(["usage", "init", *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _uncomment(text: str, pattern: str = r".*") -> str:
    """Uncomment the data lines (``# ``) whose text matches ``pattern``; explanations (``## ``) stay."""
    return "\n".join(
        line[2:] if line.startswith("# ") and re.match(pattern, line[2:]) else line
        for line in text.splitlines()
    )


def test_the_template_reads_as_the_reference_until_uncommented(capsys):
    text = _init(capsys, "--fleet", str(FLEET_YAML))
    assert usage.parse(yaml.safe_load(text)) == usage.reference()
    # every field of the profile is in it, with its reference value
    for path, *_ in usage.fields():
        assert re.search(rf"^#\s+{path.rpartition('.')[2]}: ", text, re.M), path
    fleet_input = inputs.load_fleet(FLEET_YAML)
    for agent in fleet_input.agents:
        assert f"#   {agent.agent_id}:" in text
    assert all(f'#   "{t}":' in text for t in fleet_input.tier_counts)


def test_everything_uncommented_is_a_valid_profile_that_prices_like_the_reference(capsys):
    text = _uncomment(_init(capsys, "--fleet", str(FLEET_YAML)))
    profile = usage.parse(yaml.safe_load(text))
    assert len(profile.agents) == 100 and set(profile.tiers) == {"1", "2", "3"}
    # the same bill (to far below a cent: the lines are summed in another order)
    got, want = _report(profile).configured.total, _report(usage.reference()).configured.total
    assert abs(got - want) < Decimal("1e-12")


def test_uncommenting_one_agent_prices_it_differently(capsys, tmp_path):
    text = _init(capsys, "--fleet", str(FLEET_YAML))
    lines = text.splitlines()
    start = lines.index(next(x for x in lines if x.startswith(f"#   {AGENT}:")))
    lines[lines.index("# agents:")] = "agents:"
    lines[start] = lines[start][2:]
    lines[start + 1] = lines[start + 1][2:].replace("1000", "3000")  # sessions_per_agent_month
    path = tmp_path / "usage.yaml"
    path.write_text("\n".join(lines) + "\n")
    profile = load_usage(path)
    assert profile.agents == {AGENT: {"sessions_per_agent_month": Decimal(3000)}}
    assert _costs(profile)[AGENT] == _costs(_profile({"sessions_per_agent_month": 3000}))[AGENT]


def test_usage_init_writes_a_file_and_will_not_overwrite_one(capsys, tmp_path):
    target = tmp_path / "usage.yaml"
    assert cli.main(["usage", "init", "--fleet", str(FLEET_YAML), "-o", str(target)]) == 0
    assert target.read_text().startswith("## Usage profile for")
    assert cli.main(["usage", "init", "--fleet", str(FLEET_YAML), "-o", str(target)]) == cli.EXIT_BAD_INPUT
    assert "--output: " in capsys.readouterr().err
    assert cli.main(["usage", "init", "--fleet", str(FLEET_YAML), "-o", str(target), "--force"]) == 0


def test_usage_init_from_a_plan(capsys, tmp_path):
    from agentcore_finops import fleet
    from tests.unit.test_estimate_inputs import AGENTS, _item, _plan

    module = "module.agent_config"
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(_plan((module, [_item(module, r) for r in fleet.resolve(AGENTS).values()]))))
    text = _init(capsys, "--plan", str(plan))
    assert f"## Usage profile for {plan} ({module}): 3 agents" in text
    assert usage.parse(yaml.safe_load(_uncomment(text))).agents.keys() == AGENTS.keys()
