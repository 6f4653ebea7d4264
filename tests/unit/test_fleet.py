"""agentcore_finops.fleet: the Python twin of modules/agent-config (same rules, same records)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentcore_finops import fleet
from agentcore_finops.errors import FieldErrors


def _fields(exc: FieldErrors) -> list[str]:
    return [e.field for e in exc.errors]


def test_tier_defaults_follow_the_reference_workload():
    d = fleet.builtin_tier_defaults()
    assert [d[t]["step_budget"] for t in fleet.TIERS] == [15, 6, 3]
    assert [d[t]["trace_sample_rate"] for t in fleet.TIERS] == [0.25, 0.1, 0.03]
    assert [d[t]["ltm_enabled"] for t in fleet.TIERS] == [True, False, False]
    assert (
        "sonnet" in d["1"]["model_id"]
        and "haiku" in d["2"]["model_id"]
        and "nova-micro" in d["3"]["model_id"]
    )


def test_agent_fields_override_tier_defaults_and_tools_are_deduplicated():
    r = fleet.resolve({"a-b": {"tier": 2, "max_tokens": 300, "tools": ["x", "y", "x"]}})["a-b"]
    assert r["max_tokens"] == 300 and r["step_budget"] == 6 and r["tools"] == ["x", "y"]


def test_tier_overrides_reach_agents_and_whole_floats_become_ints():
    r = fleet.resolve({"a-b": {"tier": 3.0}}, {"3": {"max_tokens": 128.0}})["a-b"]
    assert r["tier"] == 3 and r["max_tokens"] == 128 and isinstance(r["max_tokens"], int)


@pytest.mark.parametrize(
    ("agents", "tiers", "field"),
    [
        ({"a-b": {"tier": 4}}, None, 'agents["a-b"].tier'),
        ({"a-b": {}}, None, 'agents["a-b"].tier'),
        ({"a-b": {"tier": 1, "trace_sample_rate": 1.5}}, None, 'agents["a-b"].trace_sample_rate'),
        ({"a-b": {"tier": 1, "max_tokens": 0}}, None, 'agents["a-b"].max_tokens'),
        ({"a-b": {"tier": 1, "max_tokens": 10.5}}, None, 'agents["a-b"].max_tokens'),
        ({"a-b": {"tier": 1, "step_budget": 101}}, None, 'agents["a-b"].step_budget'),
        (
            {"a-b": {"tier": 1, "ltm_importance_threshold": -0.1}},
            None,
            'agents["a-b"].ltm_importance_threshold',
        ),
        (
            {"a-b": {"tier": 1, "idle_session_timeout_seconds": 59}},
            None,
            'agents["a-b"].idle_session_timeout_seconds',
        ),
        ({"a-b": {"tier": 1, "model_id": "Claude"}}, None, 'agents["a-b"].model_id'),
        ({"a-b": {"tier": 1, "tools": ["no spaces"]}}, None, 'agents["a-b"].tools'),
        ({"a-b": {"tier": 1, "async": "yes"}}, None, 'agents["a-b"].async'),
        ({"a-b": {"tier": 1, "colour": "red"}}, None, 'agents["a-b"].colour'),
        ({"A_B": {"tier": 1}}, None, "agents"),
        ({"a-b": {"tier": 1}}, {"4": {}}, 'tiers["4"]'),
        ({"a-b": {"tier": 1}}, {"2": {"trace_sample_rate": 2}}, 'tiers["2"].trace_sample_rate'),
    ],
)
def test_bad_input_names_the_field(agents, tiers, field):
    with pytest.raises(FieldErrors) as info:
        fleet.resolve(agents, tiers)
    assert field in _fields(info.value), str(info.value)
    assert "allowed" in str(info.value) or "unknown" in str(info.value) or "missing" in str(info.value)


def test_idle_longer_than_max_after_resolution_is_rejected():
    with pytest.raises(FieldErrors) as info:
        fleet.resolve({"a-b": {"tier": 3, "idle_session_timeout_seconds": 900}})
    assert _fields(info.value) == ['agents["a-b"].idle_session_timeout_seconds']
    assert "300" in str(info.value)


def test_ltm_without_a_threshold_is_rejected():
    with pytest.raises(FieldErrors) as info:
        fleet.resolve({"a-b": {"tier": 3, "ltm_enabled": True}})
    assert _fields(info.value) == ['agents["a-b"].ltm_importance_threshold']


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
