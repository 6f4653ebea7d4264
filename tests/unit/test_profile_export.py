"""usage --export-profile: the measured usage as a profile the estimator reads: per tier (for agents
without metrics) and per measured agent, so an agent moved to another tier keeps its usage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import yaml

from agentcore_finops import profile_export
from agentcore_finops.estimate.usage import parse
from agentcore_finops.usage_report import AgentUsage, UsageReport, Window

WINDOW = Window(dt.datetime(2026, 11, 3, tzinfo=dt.UTC), dt.datetime(2026, 11, 10, tzinfo=dt.UTC))  # 7 days


def agent(agent_id, tier, *, calls, invocations, input_tokens, output_tokens, cache_read=0, tool_calls=0):
    entry = AgentUsage(agent_id, tier)
    entry.daily = {
        "2026-11-04": {
            "ModelCalls": calls,
            "InputTokens": input_tokens,
            "OutputTokens": output_tokens,
            "CacheReadInputTokens": cache_read,
            "ToolCalls": tool_calls,
        }
    }
    if invocations:
        entry.percentiles = {"ToolCalls.SampleCount": invocations}
    entry.config = {"agent_id": agent_id, "tier": int(tier)}
    return entry


def test_tiers_get_their_figures_and_every_measured_agent_its_own():
    same = {
        "calls": 700,
        "invocations": 70,
        "input_tokens": 1_400_000,
        "output_tokens": 210_000,
        "tool_calls": 420,
    }
    report = UsageReport(
        WINDOW,
        None,
        None,
        [
            agent("a-one", "2", **same),
            agent("a-two", "2", **same),
            agent(
                "chatty",
                "1",
                calls=1400,
                invocations=70,
                input_tokens=1_000_000,
                output_tokens=700_000,
                cache_read=1_000_000,
                tool_calls=70,
            ),
            agent(
                "lone",
                "1",
                calls=1400,
                invocations=70,
                input_tokens=1_000_000,
                output_tokens=700_000,
                cache_read=1_000_000,
                tool_calls=70,
            ),
            agent(
                "odd",
                "2",
                calls=700,
                invocations=70,
                input_tokens=1_400_000,
                output_tokens=350_000,
                tool_calls=420,
            ),
        ],
        [],
    )
    doc = profile_export.profile(report)
    assert doc["extends"] == "reference"
    # tier 1: 70 sessions a week each -> 70 * (730/24) / 7 = 304.17 -> 304 a month
    assert doc["tiers"]["1"] == {
        "sessions_per_agent_month": 304,
        "llm": {
            "calls_per_session": 20,
            "input_tokens_per_call": 1429,
            "output_tokens_per_call": 500,
            "cache_hit_ratio": 0.5,
        },
        "gateway": {"tool_calls_per_session": 1},
    }
    # tier 2 averages a-one, a-two and odd: 770_000 output tokens / 2100 calls = 366.7 -> 367
    assert doc["tiers"]["2"]["llm"]["output_tokens_per_call"] == 367
    assert set(doc["agents"]) == {"a-one", "a-two", "chatty", "lone", "odd"}
    assert doc["agents"]["odd"]["llm"]["output_tokens_per_call"] == 500
    assert doc["agents"]["a-one"]["llm"]["output_tokens_per_call"] == 300
    assert doc["agents"]["chatty"] == doc["tiers"]["1"]

    profile = parse(yaml.safe_load(profile_export.dump(report)))
    odd, label = profile.for_agent("odd", 2)
    assert label == 'agents["odd"]'
    assert odd.llm.output_tokens_per_call == Decimal(500)
    assert odd.llm.calls_per_session == Decimal(10)
    # moved to tier 2 (recommend's patch), chatty keeps its own usage, not tier 2's
    chatty, label = profile.for_agent("chatty", 2)
    assert label == 'agents["chatty"]' and chatty.llm.cache_hit_ratio == Decimal("0.5")
    assert chatty.llm.output_tokens_per_call == Decimal(500)
    new_agent, label = profile.for_agent("new-agent", 2)
    assert label == "tier 2" and new_agent.llm.output_tokens_per_call == Decimal(367)


def test_an_agent_without_guard_metrics_counts_a_session_per_call():
    report = UsageReport(
        WINDOW,
        None,
        None,
        [agent("solo", "3", calls=70, invocations=0, input_tokens=7000, output_tokens=700)],
        [],
    )
    tier = profile_export.profile(report)["tiers"]["3"]
    assert tier["sessions_per_agent_month"] == 304 and tier["llm"]["calls_per_session"] == 1


def test_no_calls_no_figures():
    report = UsageReport(
        WINDOW, None, None, [agent("idle", "3", calls=0, invocations=0, input_tokens=0, output_tokens=0)], []
    )
    assert profile_export.profile(report) == {"extends": "reference"}


def test_the_export_writes_every_overridable_field_with_the_profiles_kind():
    """profile_export keeps estimate.usage out of the shared modules, so it lists the whole-number fields
    itself: they must be the ones the profile parser requires to be whole."""
    from agentcore_finops.estimate.usage import OVERRIDABLE, fields

    kinds = {path: kind for path, kind, _, _ in fields()}
    assert set(profile_export.WHOLE) == {p for p in OVERRIDABLE if kinds[p] == "whole"}
    one = agent("a", "1", calls=10, invocations=2, input_tokens=100, output_tokens=30, tool_calls=4)
    exported = profile_export.figures([one], WINDOW.days)
    assert set(exported) == set(OVERRIDABLE)
