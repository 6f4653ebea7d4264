"""agentcore_finops.sampling: the trace-sampling document and deterministic head sampling."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentcore_finops import sampling
from agentcore_finops.errors import FieldError

DOC = {"version": 1, "tiers": {"1": 0.25, "2": 0.1, "3": 0.03}, "agents": {"sre-orchestrator": 1.0}}


def test_agent_rate_wins_over_tier_rate():
    p = sampling.parse(DOC)
    assert p.rate_for("sre-orchestrator", 1) == 1.0
    assert p.rate_for("doc-specialist", 2) == 0.1
    assert p.rate_for("email-classifier", "3") == 0.03


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        ({**DOC, "version": 2}, "version"),
        ({"version": 1}, "tiers"),
        ({**DOC, "tiers": {"1": 0.2, "2": 0.1}}, "tiers"),
        ({**DOC, "tiers": {"1": 0.2, "2": 0.1, "3": 0.1, "4": 0.1}}, "tiers"),
        ({**DOC, "tiers": {"1": 1.5, "2": 0.1, "3": 0.1}}, 'tiers["1"]'),
        ({**DOC, "agents": {"a-b": -0.1}}, 'agents["a-b"]'),
        ({**DOC, "agents": {"a-b": True}}, 'agents["a-b"]'),
        ({**DOC, "agents": []}, "agents"),
    ],
)
def test_bad_documents_name_the_field(doc, field):
    with pytest.raises(FieldError) as info:
        sampling.parse(doc)
    assert info.value.field == field


def test_rates_zero_and_one_are_absolute():
    p = sampling.parse({"version": 1, "tiers": {"1": 1, "2": 0, "3": 0.5}})
    assert all(p.is_sampled("a", 1, f"t{i}") for i in range(200))
    assert not any(p.is_sampled("a", 2, f"t{i}") for i in range(200))


def test_sampled_share_is_close_to_the_rate():
    p = sampling.parse(DOC)
    kept = sum(p.is_sampled("doc-specialist", 2, f"trace-{i}") for i in range(20000))
    assert 1800 <= kept <= 2200  # 10% of 20,000 within 1%


@given(key=st.text(min_size=1, max_size=40))
def test_the_same_trace_always_gets_the_same_decision(key):
    p = sampling.parse(DOC)
    assert p.is_sampled("x-y", 3, key) == p.is_sampled("x-y", 3, key)


def test_otel_environment():
    assert sampling.otel_environment(0.03) == {
        "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
        "OTEL_TRACES_SAMPLER_ARG": "0.03",
    }
