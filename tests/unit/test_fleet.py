"""agentcore_finops.fleet: the Python twin of modules/agent-config (same rules, same records)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentcore_finops import fleet, pricing
from agentcore_finops.errors import FieldErrors
from tests import fleet_cases, tier_defaults


def _fields(exc: FieldErrors) -> list[str]:
    return [e.field for e in exc.errors]


def test_python_reads_the_tier_defaults_terraform_reads():
    assert fleet.builtin_tier_defaults() == tier_defaults.TIERS


def test_tier_defaults_get_cheaper_down_the_tiers():
    """Whatever the values in tier-defaults.json, they keep the shape of the reference workload: each
    tier below spends less (model price, tokens, steps, traces, session time) than the one above and
    escalates to the model of the tier above; only orchestrators keep long-term memory by default."""
    d = [tier_defaults.TIERS[t] for t in fleet.TIERS]
    cat = pricing.load_catalogue()
    prices = [cat.model(x["model_id"]).output.value for x in d]
    assert prices[0] > prices[1] > prices[2], prices
    for key in ("max_tokens", "step_budget", "trace_sample_rate", "idle_session_timeout_seconds"):
        assert d[0][key] > d[1][key] > d[2][key], key
    assert [x["escalation_model_id"] for x in d] == [None, d[0]["model_id"], d[1]["model_id"]]
    assert [x["ltm_enabled"] for x in d] == [True, False, False]


def test_agent_fields_override_tier_defaults_and_tools_are_deduplicated():
    r = fleet.resolve({"a-b": {"tier": 2, "max_tokens": 300, "tools": ["x", "y", "x"]}})["a-b"]
    assert r["max_tokens"] == 300 and r["tools"] == ["x", "y"]
    assert r["step_budget"] == tier_defaults.default(2, "step_budget")


def test_tier_overrides_reach_agents_and_whole_floats_become_ints():
    r = fleet.resolve({"a-b": {"tier": 3.0}}, {"3": {"max_tokens": 128.0}})["a-b"]
    assert r["tier"] == 3 and r["max_tokens"] == 128 and isinstance(r["max_tokens"], int)


CASES = fleet_cases.load()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_fleet_is_rejected_naming_agent_and_field(case):
    """The cases tests/plan/test_bad_inputs.py plans through Terraform, resolved in Python."""
    with pytest.raises(FieldErrors) as info:
        fleet.resolve(
            case.agents,
            case.tiers,
            deployed_to=fleet_cases.DEPLOYED_TO,
            prompt_routers=case.prompt_routers,
            allow_unlisted_models=case.allow_unlisted_models or (),
        )
    problem = fleet_cases.problems(case, str(info.value))
    assert problem is None, problem


def test_the_bad_fleet_suite_covers_the_issue():
    """At least 45 distinct invalid fleets, each naming an agent or tier, most a field; the twelve
    inputs issue #13 lists are among them; agent ids are unique so the plan test can batch them."""
    assert len({c.id for c in CASES}) == len(CASES)
    distinct = {(fleet_cases.describe(c.agents), fleet_cases.describe(c.tiers)) for c in CASES}
    assert len(distinct) == len(CASES) >= 45
    assert all(c.where.startswith(('agents["', 'tiers["', 'prompt_routers["')) for c in CASES)
    assert len([c for c in CASES if c.field]) >= 45
    assert len([c for c in CASES if c.listed_in_issue]) == 12
    ids = [a for c in CASES if isinstance(c.agents, dict) for a in c.agents]
    assert len(ids) == len(set(ids))


def test_an_unlisted_model_resolves_when_allowed():
    agents = {"new-model": {"tier": 3, "model_id": "amazon.nova-2-lite-v1:0"}}
    with pytest.raises(FieldErrors, match="allow_unlisted_models"):
        fleet.resolve(agents)
    r = fleet.resolve(agents, allow_unlisted_models=["amazon.nova-2-lite-v1:0"])["new-model"]
    assert r["model_id"] == "amazon.nova-2-lite-v1:0" and r["max_tokens"] == 256


def test_max_tokens_follows_each_claude_models_output_limit():
    """Anthropic's model pages (prices.json source anthropic_model_pages): Sonnet 4.6 returns up to
    128K tokens, Sonnet 4.5 up to 64K; so 65,000 (within the field's own cap of 65,536) passes on
    Sonnet 4.6 and names the 64,000 limit on Sonnet 4.5."""
    assert fleet.FIELDS["max_tokens"]["max"] == 65536
    on_46 = {
        "long-writer": {"tier": 1, "model_id": "global.anthropic.claude-sonnet-4-6", "max_tokens": 65000}
    }
    assert fleet.resolve(on_46)["long-writer"]["max_tokens"] == 65000
    on_45 = {"long-writer": {"tier": 1, "max_tokens": 65000}}  # tier 1: Sonnet 4.5
    with pytest.raises(FieldErrors) as exc:
        fleet.resolve(on_45)
    assert [e.field for e in exc.value.errors] == ['agents["long-writer"].max_tokens']
    assert "above the 64000 output tokens" in exc.value.errors[0].problem


@pytest.mark.parametrize(
    ("typo", "best"),
    [
        ("max_token", "max_tokens"),
        ("trace_sample", "trace_sample_rate"),
        ("sample_rate", "trace_sample_rate"),
        ("modle_id", "model_id"),
        ("colour", None),
    ],
)
def test_closest_name(typo, best):
    assert fleet.closest_name(typo, fleet.AGENT_FIELDS) == best


def test_empty_fleet_is_rejected():
    with pytest.raises(FieldErrors):
        fleet.resolve({})


def test_terraform_jsonencode_escapes_like_terraform():
    assert fleet.terraform_jsonencode({"b": 1, "a": "<&>"}) == '{"a":"\\u003c\\u0026\\u003e","b":1}'
    assert fleet.terraform_jsonencode({"x": "café"}) == '{"x":"café"}'


def test_config_version_changes_with_any_field():
    base = fleet.resolve({"a-b": {"tier": 2}})["a-b"]["config_version"]
    assert fleet.resolve({"a-b": {"tier": 2, "max_tokens": 1023}})["a-b"]["config_version"] != base
    assert fleet.resolve({"a-b": {"tier": 2}})["a-b"]["config_version"] == base


def test_load_fleet_file(tmp_path):
    path = tmp_path / "fleet.yaml"
    path.write_text("agents:\n  a-b: {tier: 1}\ntiers:\n  3: {max_tokens: 64}\n")
    agents, tiers = fleet.load_fleet_file(path)
    assert agents == {"a-b": {"tier": 1}} and tiers == {"3": {"max_tokens": 64}}
    path.write_text("agent: {}\n")
    with pytest.raises(ValueError, match="agents"):
        fleet.load_fleet_file(path)


@given(
    rate=st.floats(min_value=0, max_value=1, allow_nan=False),
    budget=st.integers(min_value=1, max_value=100),
    tier=st.sampled_from([1, 2, 3]),
)
def test_any_valid_agent_resolves_with_its_own_values(rate, budget, tier):
    r = fleet.resolve({"a-b": {"tier": tier, "trace_sample_rate": rate, "step_budget": budget}})["a-b"]
    assert r["trace_sample_rate"] == rate and r["step_budget"] == budget and r["tier"] == tier


@given(rate=st.one_of(st.floats(max_value=-1e-9), st.floats(min_value=1.000001)).filter(lambda x: x == x))
def test_any_rate_outside_0_1_is_rejected(rate):
    with pytest.raises(FieldErrors):
        fleet.resolve({"a-b": {"tier": 1, "trace_sample_rate": rate}})


def test_a_case_passes_only_on_a_message_about_its_field():
    where = 'agents["a-b"]'
    about = fleet_cases.names_field
    assert about('agents["a-b"].model_id = 42: must be a Bedrock model id', where, "model_id")
    assert about(
        "agents[\"a-b\"]: unknown attribute 'max_token' (did you mean max_tokens?)", where, "max_token"
    )
    assert not about('agents["a-b"].escalation_model_id = 42: must be a model id', where, "model_id")
    assert not about('agents["a-b"].max_tokens = 0: must be a whole number', where, "max_token")
    assert not about('agents["a-b"]: unknown attribute "colour"; allowed: max_tokens, tools', where, "tools")


def test_the_rules_file_holds_the_router_rules_and_did_you_mean_threshold(monkeypatch):
    """Router attributes, the split tolerance and the did-you-mean threshold come from fleet-rules.json
    (rules.tf reads the same keys), not from constants in either language."""
    rules = fleet.rules()
    assert tuple(rules["prompt_router"]["fields"]) == fleet.ROUTER_FIELDS
    monkeypatch.setitem(fleet.RULES, "did_you_mean_min_score", 99)
    assert fleet.closest_name("max_token", fleet.AGENT_FIELDS) is None
    monkeypatch.setitem(fleet.RULES, "did_you_mean_min_score", 3)
    router = "arn:aws:bedrock:us-east-1:123456789012:prompt-router/r"
    models = [
        "global.anthropic.claude-haiku-4-5-20251001-v1:0",
        "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
    ]
    split = {models[0]: 0.5, models[1]: 0.5000005}
    assert fleet.prompt_router_errors({router: {"models": models, "split": split}}) == []
    monkeypatch.setitem(fleet.RULES["prompt_router"], "split_tolerance", 1e-9)
    assert [e.field for e in fleet.prompt_router_errors({router: {"models": models, "split": split}})] == [
        f'prompt_routers["{router}"].split'
    ]


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ("agents: [a-b]\n", "agents"),
        ("agents: {a-b: {tier: 1}}\ntiers: [1, 2]\n", "tiers"),
        ("agents: {a-b: {tier: 1}}\nprompt_routers: [arn]\n", "prompt_routers"),
        (
            "agents: {a-b: {tier: 1}}\nallow_unlisted_models: amazon.nova-2-lite-v1:0\n",
            "allow_unlisted_models",
        ),
        ("agents: {a-b: {tier: 1}}\nallow_unlisted_models: [1]\n", "allow_unlisted_models"),
    ],
)
def test_a_fleet_file_of_the_wrong_shape_names_the_key(tmp_path, body, key):
    path = tmp_path / "fleet.yaml"
    path.write_text(body)
    with pytest.raises(ValueError, match=f"{path}: {key}"):
        fleet.read_fleet_file(path)


def test_read_fleet_file_returns_the_resolve_options(tmp_path):
    path = tmp_path / "fleet.yaml"
    path.write_text("agents: {a-b: {tier: 3}}\nallow_unlisted_models: [x.y-v1:0]\n")
    agents, tiers, options = fleet.read_fleet_file(path)
    assert agents == {"a-b": {"tier": 3}} and tiers == {}
    assert options == {"prompt_routers": {}, "allow_unlisted_models": ["x.y-v1:0"]}
