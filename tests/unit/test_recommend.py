"""agentcore-finops recommend: every rule's thresholds and floors, the minimum calls, confidence,
evidence, the saving, and the patch written with --apply-to."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from agentcore_finops import cli, pricing, recommend, recommend_sampling
from agentcore_finops.errors import FieldError
from agentcore_finops.fleet import builtin_tier_defaults
from agentcore_finops.recommend import Thresholds
from agentcore_finops.usage_report import AgentUsage, UsageReport, Window

TIERS = builtin_tier_defaults()
SONNET, HAIKU = TIERS["1"]["model_id"], TIERS["2"]["model_id"]
WINDOW = Window(dt.datetime(2026, 11, 3, tzinfo=dt.UTC), dt.datetime(2026, 12, 3, tzinfo=dt.UTC))  # 30 days
CATALOGUE = pricing.load_catalogue()


def agent(
    agent_id: str = "triage",
    tier: str = "1",
    *,
    calls: int = 2000,
    escalations: int = 0,
    output_p99: float = 400,
    tools_p99: float = 4,
    invocations: int = 400,
    exhausted: int = 0,
    **config,
) -> AgentUsage:
    tokens = {
        "InputTokens": calls * 2000,
        "OutputTokens": calls * 300,
        "CacheReadInputTokens": 0,
        "CacheWriteInputTokens": 0,
    }
    model = config.get("model_id", TIERS[tier]["model_id"])
    cost = CATALOGUE.usage_cost(
        model, {"inputTokens": tokens["InputTokens"], "outputTokens": tokens["OutputTokens"]}
    )
    entry = AgentUsage(agent_id, tier)
    entry.daily = {
        "2026-11-10": {
            "Decisions": calls,
            "ModelCalls": calls,
            "Escalations": escalations,
            "StepBudgetExhausted": exhausted,
            "CostUSD": float(cost),
            **tokens,
        }
    }
    entry.percentiles = {
        "OutputTokens.p99": output_p99,
        "ToolCalls.p99": tools_p99,
        "ToolCalls.SampleCount": invocations,
    }
    entry.config = {**TIERS[tier], "agent_id": agent_id, "tier": int(tier), **config}
    return entry


def run(*entries: AgentUsage, **thresholds):
    report = UsageReport(WINDOW, "us-east-1", "cfg", list(entries), [])
    return recommend.recommend(report, CATALOGUE, Thresholds(**thresholds))


def rules(recs) -> dict[str, object]:
    return {(r.agent_id, r.rule): r.proposed for r in recs}


# ------------------------------------------------------------------------------------------------
# lower tier


def test_lower_tier_saving_is_the_measured_cost_minus_the_same_tokens_on_the_lower_tier():
    entry = agent(escalations=40)  # 2 % escalated
    recs, _ = run(entry)
    [rec] = [r for r in recs if r.rule == "lower_tier"]
    assert (rec.current, rec.proposed, rec.field) == (1, 2, "tier")
    lower = CATALOGUE.usage_cost(
        HAIKU, {"inputTokens": round(4_000_000 * 0.98), "outputTokens": round(600_000 * 0.98)}
    )
    escalated = CATALOGUE.usage_cost(
        SONNET, {"inputTokens": round(4_000_000 * 0.02), "outputTokens": round(600_000 * 0.02)}
    )
    expected = (entry.cost_usd - lower - escalated) * Decimal(730) / Decimal(24) / 30
    assert rec.monthly_saving_usd == expected.quantize(Decimal("0.01"))
    assert rec.monthly_saving_usd > 0
    assert rec.evidence["escalation_rate"] == 0.02 and rec.evidence["window_days"] == 30
    assert rec.evidence["model_calls"] == 2000


@pytest.mark.parametrize(
    ("change", "proposed"),
    [
        ({"escalations": 100}, True),  # 5 % = the threshold: still proposed
        ({"escalations": 101}, False),  # above the threshold
        ({"output_p99": 1024}, True),  # fits tier 2's max_tokens exactly
        ({"output_p99": 1025}, False),  # longer outputs than tier 2 allows
        ({"model_id": "amazon.nova-pro-v1:0"}, False),  # pinned model: the tier does not set it
    ],
)
def test_lower_tier_thresholds(change, proposed):
    recs, _ = run(agent(**change))
    assert (("triage", "lower_tier") in rules(recs)) is proposed


def test_lower_tier_never_goes_below_the_floor():
    assert ("triage", "lower_tier") in rules(run(agent())[0])
    assert ("triage", "lower_tier") not in rules(run(agent(), lowest_tier="1")[0])
    tier2 = agent("worker", "2", output_p99=200)
    assert ("worker", "lower_tier") in rules(run(tier2)[0])
    assert ("worker", "lower_tier") not in rules(run(tier2, lowest_tier="2")[0])
    assert ("worker", "lower_tier") not in rules(run(agent("tiny", "3", output_p99=100))[0])


# ------------------------------------------------------------------------------------------------
# max_tokens and step_budget


@pytest.mark.parametrize(
    ("p99", "current", "thresholds", "proposed"),
    [
        (300, 2048, {}, 384),  # 300 * 1.25 = 375, rounded up to 64s
        (100, 2048, {}, 256),  # 128 is below the floor of 256
        (100, 2048, {"min_max_tokens": 512}, 512),  # the user's floor
        (300, 2048, {"headroom": 1.0}, 640),  # 600 -> 640
        (300, 450, {}, None),  # 384 > 0.75 * 450: not worth a change
        (300, 512, {}, 384),  # 384 = 0.75 * 512: proposed
        (1900, 2048, {}, None),
    ],
)
def test_max_tokens_from_p99_output_with_headroom_and_floor(p99, current, thresholds, proposed):
    recs, _ = run(agent(output_p99=p99, max_tokens=current, escalations=500), **thresholds)
    assert rules(recs).get(("triage", "max_tokens")) == proposed


@pytest.mark.parametrize(
    ("p99", "current", "exhausted", "thresholds", "proposed"),
    [
        (4, 15, 0, {}, 5),  # 4 * 1.25 = 5
        (1, 15, 0, {}, 2),  # the default floor
        (1, 15, 0, {"min_step_budget": 6}, 6),  # the user's floor
        (4, 5, 0, {}, None),  # already there
        (4, 15, 4, {}, 5),  # hit in 1 % of 400 invocations: at the threshold
        (4, 15, 5, {}, None),  # hit more often: the budget is needed
    ],
)
def test_step_budget_from_p99_tool_calls(p99, current, exhausted, thresholds, proposed):
    recs, _ = run(
        agent(tools_p99=p99, step_budget=current, exhausted=exhausted, escalations=500), **thresholds
    )
    assert rules(recs).get(("triage", "step_budget")) == proposed


def test_guards_claim_no_saving():
    recs, _ = run(agent(escalations=500))
    assert {r.rule for r in recs} == {"max_tokens", "step_budget"}
    assert all(r.monthly_saving_usd == 0 for r in recs)


# ------------------------------------------------------------------------------------------------
# minimum calls, confidence, order, skipped agents


def test_minimum_calls_and_confidence():
    recs, skipped = run(agent("few", calls=999), agent("some", calls=1000), agent("many", calls=5000))
    assert {r.agent_id for r in recs} == {"some", "many"}
    assert skipped == [
        {"agent_id": "few", "tier": "1", "reason": "999 model calls, fewer than --min-calls 1000"}
    ]
    confidence = {r.agent_id: r.confidence for r in recs if r.rule == "lower_tier"}
    assert confidence == {"some": "medium", "many": "high"}
    assert recs[0].agent_id == "many"  # largest saving first


def test_agents_not_in_the_table_are_skipped():
    entry = agent()
    entry.config = None
    recs, skipped = run(entry)
    assert recs == [] and skipped[0]["reason"] == "not in the config table"


def test_a_correctly_sized_agent_gets_nothing():
    sized = agent("sized", "2", escalations=400, output_p99=900, tools_p99=5, max_tokens=1024, step_budget=6)
    assert run(sized)[0] == []


@pytest.mark.parametrize(
    ("thresholds", "option"),
    [
        ({"min_calls": 0}, "--min-calls"),
        ({"max_escalation_rate": 1.5}, "--max-escalation-rate"),
        ({"lowest_tier": "4"}, "--lowest-tier"),
        ({"headroom": -0.1}, "--headroom"),
        ({"shrink": 0}, "--shrink"),
        ({"min_max_tokens": 0}, "--min-max-tokens"),
        ({"min_step_budget": 101}, "--min-step-budget"),
        ({"max_exhausted_rate": -1}, "--max-exhausted-rate"),
    ],
)
def test_bad_thresholds_name_the_option(thresholds, option):
    with pytest.raises(FieldError) as exc:
        Thresholds(**thresholds).check()
    assert exc.value.field == option


# ------------------------------------------------------------------------------------------------
# the patch


def test_patch_and_apply_to(tmp_path):
    recs, _ = run(agent(escalations=40))
    patch = recommend.patch(recs)
    assert patch == {"agents": {"triage": {"tier": 2, "max_tokens": 512, "step_budget": 5}}}
    fleet = tmp_path / "fleet.yaml"
    fleet.write_text("agents:\n  triage: {tier: 1, tools: [a]}\n  other: {tier: 3}\n")
    out = tmp_path / "fleet.auto.tfvars.json"
    recommend.write_patch(out, fleet, patch["agents"])
    assert json.loads(out.read_text()) == {
        "agents": {
            "triage": {"tier": 2, "tools": ["a"], "max_tokens": 512, "step_budget": 5},
            "other": {"tier": 3},
        }
    }
    with pytest.raises(FieldError, match="exists"):
        recommend.write_patch(out, fleet, patch["agents"])
    with pytest.raises(FieldError, match="not a JSON file"):
        recommend.write_patch(tmp_path / "x.tfvars", fleet, patch["agents"])
    with pytest.raises(FieldError, match='agents\\["ghost"\\]'):
        recommend.write_patch(tmp_path / "y.json", fleet, {"ghost": {"tier": 2}})


def test_render_formats():
    recs, skipped = run(agent(escalations=40), agent("few", calls=10))
    report = UsageReport(WINDOW, None, None, [], [])
    text = recommend.render(recs, skipped, report, Thresholds(), "table")
    assert "triage: tier 1 -> 2 [lower_tier, medium]" in text and "few (tier 1): 10 model calls" in text
    data = json.loads(recommend.render(recs, skipped, report, Thresholds(), "json"))
    assert data["monthly_saving_usd"] == float(sum(r.monthly_saving_usd for r in recs))
    assert "```json" in recommend.render(recs, skipped, report, Thresholds(), "markdown")


def test_apply_to_needs_the_fleet_file(capsys):
    assert cli.main(["recommend", "--apply-to", "x.tfvars.json"]) == cli.EXIT_BAD_INPUT
    assert "--apply-to: needs --fleet" in capsys.readouterr().err


def test_docs_list_every_option_and_the_readme_section_is_short():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    manual = (root / "docs" / "usage.md").read_text()
    parser = cli._parser()
    commands = parser._subparsers._group_actions[0].choices
    for name in ("usage", "recommend"):
        for action in commands[name]._actions:
            long = [o for o in action.option_strings if o.startswith("--") and o != "--help"]
            assert not long or any(f"`{o}" in manual for o in long), f"{name} {long} not in docs/usage.md"
    readme = (root / "README.md").read_text()
    section = readme.split("### Measure, then recommend", 1)[1].split("\n## ", 1)[0]
    assert len(section.strip().splitlines()) < 20


def test_metrics_of_a_former_tier_are_not_recommended_on():
    now, before = agent("moved", "2", escalations=500), agent("moved", "1")
    before.config = now.config  # one record in the table: the agent's tier now
    recs, skipped = run(now, before)
    assert {r.agent_id for r in recs} == {"moved"} and len(recs) == 2  # max_tokens and step_budget, once
    assert skipped == [
        {"agent_id": "moved", "tier": "1", "reason": "a former tier: the agent is now on tier 2"}
    ]


# ------------------------------------------------------------------------------------------------
# long-term memory off


def ltm_agent(written: int, retrieved: int, **config) -> AgentUsage:
    entry = agent("learner", output_p99=1800, tools_p99=9, ltm_enabled=True, **config)
    entry.daily["2026-11-10"].update({"LtmRecordsWritten": written, "LtmRetrievals": retrieved})
    return entry


def test_ltm_off_saving_is_a_month_of_records_stored_and_retrievals_at_catalogue_prices():
    recs, _ = run(ltm_agent(3000, 100))
    (rec,) = [r for r in recs if r.rule == "ltm_off"]
    assert (rec.field, rec.current, rec.proposed) == ("ltm_enabled", True, False)
    storage = CATALOGUE.price("agentcore_memory", "long_term_storage_builtin_per_1k_records_month").value
    retrieval = CATALOGUE.price("agentcore_memory", "retrieval_per_1k").value
    month = Decimal(730) / 24 / 30
    expected = ((3000 * storage + 100 * retrieval) / 1000 * month).quantize(Decimal("0.01"))
    assert rec.monthly_saving_usd == expected == Decimal("2.33")  # 2.30 USD in 30 days, x 730/720
    assert rec.evidence["ltm_records_written"] == 3000 and rec.evidence["retrievals_per_record"] == 0.0333
    assert recommend.patch([rec]) == {"agents": {"learner": {"ltm_enabled": False}}}


@pytest.mark.parametrize(
    ("written", "retrieved", "thresholds", "proposed"),
    [
        (1000, 99, {}, True),  # 0.099 < 0.1
        (1000, 100, {}, False),  # at the ratio: memory is used
        (99, 0, {}, False),  # below the floor of records written
        (100, 0, {}, True),
        (500, 0, {"min_ltm_writes": 501}, False),  # the user's floor
        (1000, 300, {"max_ltm_retrieval_ratio": 0.5}, True),
    ],
)
def test_ltm_off_thresholds_and_floor(written, retrieved, thresholds, proposed):
    recs, _ = run(ltm_agent(written, retrieved), **thresholds)
    assert (("learner", "ltm_off") in rules(recs)) is proposed


def test_ltm_off_only_for_agents_with_ltm_enabled():
    entry = ltm_agent(5000, 0)
    entry.config["ltm_enabled"] = False  # already off (the tier 2/3 default)
    recs, _ = run(entry)
    assert ("learner", "ltm_off") not in rules(recs)


@pytest.mark.parametrize(
    ("thresholds", "option"),
    [
        ({"min_ltm_writes": 0}, "--min-ltm-writes"),
        ({"min_ltm_writes": True}, "--min-ltm-writes"),
        ({"max_ltm_retrieval_ratio": 1.1}, "--max-ltm-retrieval-ratio"),
    ],
)
def test_bad_ltm_thresholds_name_the_option(thresholds, option):
    with pytest.raises(FieldError) as exc:
        Thresholds(**thresholds).check()
    assert exc.value.field == option


def test_usage_reports_ltm_retrievals():
    from agentcore_finops import usage_report

    row = usage_report.to_dict(UsageReport(WINDOW, "us-east-1", "cfg", [ltm_agent(40, 7)], []))["agents"][0]
    assert (row["ltm_records"], row["ltm_retrievals"]) == (40, 7)


def test_the_usage_table_shows_ltm_reads_beside_records():
    from agentcore_finops import usage_report

    text = usage_report.render(UsageReport(WINDOW, "us-east-1", "cfg", [ltm_agent(40, 7)], []), "table")
    header = next(line for line in text.splitlines() if "LTM recs" in line)
    assert header.index("LTM recs") < header.index("LTM reads")


# ------------------------------------------------------------------------------------------------
# sampling_override: a trace-sampling override left at 1.0


NOW = WINDOW.end + dt.timedelta(hours=12)


def override(agent_id: str = "triage", days_old: float = 10, env: str = "prod", complete: bool = True):
    from agentcore_finops.sampling_history import Override

    return Override(agent_id, env, 1.0, NOW - dt.timedelta(days=days_old), "7", complete)


def run_sampling(*entries: AgentUsage, overrides=(), **thresholds):
    report = UsageReport(WINDOW, "us-east-1", "cfg", list(entries), [])
    rules = [recommend_sampling.rule(list(overrides), NOW)] if overrides else []
    return recommend.recommend(report, CATALOGUE, Thresholds(**thresholds), extra_rules=rules)


def sampled(agent_id: str = "triage", rate: float = 0.1, **kwargs) -> AgentUsage:
    # a sized agent (escalates, long outputs, busy step budget) so only the sampling rule can fire
    return agent(agent_id, escalations=400, output_p99=1800, tools_p99=14, trace_sample_rate=rate, **kwargs)


def test_sampling_override_saving_is_the_dropped_spans_at_the_span_ingestion_price():
    [rec], _ = run_sampling(sampled(invocations=400), overrides=[override(days_old=10)])
    # 400 sessions in 30 days, a month of them, 90 % no longer traced, 200 KB each, 0.35 USD/GB
    sessions = Decimal(400) * Decimal(730) / Decimal(24) / 30
    expected = sessions * Decimal("0.9") * 200 / 1_000_000 * Decimal("0.35")
    assert rec.monthly_saving_usd == expected.quantize(Decimal("0.01"))
    assert (rec.rule, rec.field, rec.current, rec.proposed) == (
        "sampling_override",
        "sampling_overrides",
        1.0,
        0.1,
    )
    assert rec.advisory and "sampling_overrides" in rec.note
    assert rec.evidence["override_age_days"] == 10.0
    assert rec.evidence["sessions"] == 400 and rec.evidence["trace_kb_per_session"] == 200
    assert rec.evidence["span_price"] == "cloudwatch_logs.span_ingestion_gb 0.35 USD/GB"
    assert rec.evidence["environments"] == ["prod"] and rec.evidence["age_is_lower_bound"] is False


def test_sampling_override_without_guard_metrics_counts_one_session_per_call():
    [rec], _ = run_sampling(sampled(invocations=0, calls=3000), overrides=[override()])
    assert rec.evidence["sessions"] == 3000


@pytest.mark.parametrize(
    ("days_old", "thresholds", "proposed"),
    [
        (7.5, {}, 0.1),  # older than the default 7 days
        (7, {}, None),  # at the floor: left alone
        (2, {}, None),  # a fresh investigation
        (2, {"max_override_days": 1}, 0.1),
        (20, {"max_override_days": 30}, None),
    ],
)
def test_sampling_override_age_threshold(days_old, thresholds, proposed):
    recs, _ = run_sampling(sampled(), overrides=[override(days_old=days_old)], **thresholds)
    assert rules(recs).get(("triage", "sampling_override")) == proposed


def test_sampling_override_needs_a_configured_rate_below_one_and_the_minimum_calls():
    # an agent configured at 1.0 has no override; one without the minimum calls is skipped
    recs, skipped = run_sampling(
        sampled("full", rate=1.0),
        sampled("quiet", calls=10),
        overrides=[override("full"), override("quiet")],
    )
    assert recs == [] and [s["agent_id"] for s in skipped] == ["quiet"]


def test_sampling_override_takes_the_oldest_environment_and_a_lower_bound_age_is_said():
    [rec], _ = run_sampling(
        sampled(),
        overrides=[override(days_old=9, env="prod"), override(days_old=30, env="staging", complete=False)],
    )
    assert rec.evidence["override_age_days"] == 30.0 and rec.evidence["age_is_lower_bound"] is True
    assert rec.evidence["environments"] == ["prod", "staging"]


def test_sampling_override_is_advisory_kept_out_of_the_patch_and_its_total():
    over = agent("over", escalations=40, trace_sample_rate=0.25)  # lower_tier + guards
    recs, skipped = run_sampling(over, sampled(), overrides=[override("triage"), override("over")])
    assert recommend.patch(recs) == {"agents": {"over": {"tier": 2, "max_tokens": 512, "step_budget": 5}}}
    report = UsageReport(WINDOW, None, None, [], [])
    data = json.loads(recommend.render(recs, skipped, report, Thresholds(), "json"))
    advisory = [r for r in data["recommendations"] if r["advisory"]]
    assert {r["agent_id"] for r in advisory} == {"over", "triage"}
    assert data["monthly_saving_usd"] == float(sum(r.monthly_saving_usd for r in recs if not r.advisory))
    assert data["advisory_monthly_saving_usd"] == float(sum(r.monthly_saving_usd for r in recs if r.advisory))
    text = recommend.render(recs, skipped, report, Thresholds(), "table")
    assert (
        "triage: sampling_overrides 1.0 -> 0.1 [sampling_override, medium, advisory: no patch line]" in text
    )


def test_without_the_sampling_history_the_rule_does_not_run():
    recs, _ = recommend.recommend(UsageReport(WINDOW, None, "cfg", [sampled()], []), CATALOGUE)
    assert recs == []


@pytest.mark.parametrize("value", [-1, 456, 1.5, True])
def test_bad_max_override_days_names_the_option(value):
    with pytest.raises(FieldError) as exc:
        Thresholds(max_override_days=value).check()
    assert exc.value.field == "--max-override-days"


def test_a_denied_sampling_read_is_reported_and_the_other_rules_still_run(monkeypatch, capsys):
    import boto3
    from botocore.stub import Stubber

    from agentcore_finops import aws

    stubbed = boto3.client(
        "appconfig", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    stub = Stubber(stubbed)
    stub.add_client_error("list_configuration_profiles", "AccessDeniedException", http_status_code=403)
    stub.activate()
    report = UsageReport(WINDOW, "us-east-1", "cfg", [agent(escalations=40)], [])
    monkeypatch.setattr(cli, "_read_usage", lambda args: report)
    monkeypatch.setattr(aws, "client", lambda service, region=None: stubbed)
    assert cli.main(["recommend", "--days", "30", "--sampling-app", "app1234", "--format", "json"]) == 0
    out = capsys.readouterr()
    data = json.loads(out.out)
    assert {r["rule"] for r in data["recommendations"]} == {"lower_tier", "max_tokens", "step_budget"}
    [reason] = data["not_checked"]
    assert "sampling_override: not checked: list_configuration_profiles: access denied" in reason
    assert (
        "appconfig:ListConfigurationProfiles" in reason and "appconfig:ListConfigurationProfiles" in out.err
    )
    stub.assert_no_pending_responses()


def test_without_sampling_app_the_report_says_the_rule_was_not_checked(monkeypatch, capsys):
    report = UsageReport(WINDOW, "us-east-1", "cfg", [agent()], [])
    monkeypatch.setattr(cli, "_read_usage", lambda args: report)
    assert cli.main(["recommend", "--days", "30"]) == 0
    assert "not checked:\n  sampling_override: not checked (give --sampling-app)" in capsys.readouterr().out


# ------------------------------------------------------------------------------------------------
# cache_points: long prompts, little read from the cache


def prompted(
    agent_id: str = "triage", *, per_call: int = 6000, read_share: float = 0.0, **config
) -> AgentUsage:
    """A sized agent (so only cache_points can fire) whose calls send ``per_call`` input tokens,
    ``read_share`` of them read from the cache."""
    entry = sampled(agent_id, **config)
    day = entry.daily["2026-11-10"]
    calls = day["ModelCalls"]
    day["CacheReadInputTokens"] = round(calls * per_call * read_share)
    day["InputTokens"] = calls * per_call - day["CacheReadInputTokens"]
    return entry


def test_cache_points_saving_is_the_cacheable_share_at_the_cached_read_price():
    [rec], _ = run(prompted(per_call=6000))
    model = CATALOGUE.model(SONNET)
    uncached = Decimal(2000 * 6000)
    expected = uncached * Decimal("0.5") * (model.input.value - model.cache_read.value) / 1_000_000
    expected = expected * Decimal(730) / Decimal(24) / 30
    assert rec.monthly_saving_usd == expected.quantize(Decimal("0.01"))
    assert (rec.rule, rec.advisory) == ("cache_points", True)
    ev = rec.evidence
    assert (ev["input_tokens_per_call"], ev["cache_hit_ratio"], ev["window_days"], ev["model_calls"]) == (
        6000,
        0,
        30,
        2000,
    )
    assert (ev["input_price_per_1m"], ev["cache_read_price_per_1m"]) == (
        float(model.input.value),
        float(model.cache_read.value),
    )
    assert "no fleet field" in rec.note
    assert recommend.patch([rec]) == {"agents": {}}


@pytest.mark.parametrize(
    ("per_call", "read_share", "thresholds", "fires"),
    [
        (2048, 0.0, {}, True),  # at the prompt floor
        (2047, 0.0, {}, False),  # below it: a short prompt has nothing worth caching
        (6000, 0.19, {}, True),
        (6000, 0.2, {}, False),  # at the hit-ratio threshold: the cache works
        (6000, 0.5, {"max_cache_hit_ratio": 0.6}, True),
        (3000, 0.0, {"min_prompt_tokens": 4096}, False),
    ],
)
def test_cache_points_thresholds_and_floor(per_call, read_share, thresholds, fires):
    recs, _ = run(prompted(per_call=per_call, read_share=read_share), **thresholds)
    assert any(r.rule == "cache_points" for r in recs) is fires


def test_cache_points_none_for_a_model_without_prompt_caching_and_needs_the_minimum_calls():
    no_cache = "anthropic.claude-3-haiku-20240307-v1:0"
    assert not CATALOGUE.supports_prompt_cache(no_cache)
    recs, skipped = run(prompted("old", model_id=no_cache), prompted("quiet", calls=10))
    assert recs == [] and [s["agent_id"] for s in skipped] == ["quiet"]


def test_cache_points_is_labelled_advisory_in_the_report_and_json():
    recs, skipped = run(prompted())
    report = UsageReport(WINDOW, None, None, [], [])
    text = recommend.render(recs, skipped, report, Thresholds(), "table")
    assert "[cache_points, medium, advisory: no patch line]" in text and "to do: no fleet field" in text
    data = json.loads(recommend.render(recs, skipped, report, Thresholds(), "json"))
    assert data["recommendations"][0]["advisory"] is True and data["patch"] == {"agents": {}}
    assert data["monthly_saving_usd"] == 0 and data["advisory_monthly_saving_usd"] == float(
        recs[0].monthly_saving_usd
    )


@pytest.mark.parametrize(
    ("thresholds", "option"),
    [
        ({"min_prompt_tokens": 0}, "--min-prompt-tokens"),
        ({"max_cache_hit_ratio": 1.1}, "--max-cache-hit-ratio"),
        ({"cacheable_share": -0.1}, "--cacheable-share"),
    ],
)
def test_bad_cache_thresholds_name_the_option(thresholds, option):
    with pytest.raises(FieldError) as exc:
        Thresholds(**thresholds).check()
    assert exc.value.field == option


def test_the_command_runs_the_sampling_rule_on_the_overrides_it_read(monkeypatch, capsys):
    report = UsageReport(WINDOW, "us-east-1", "cfg", [sampled(invocations=400)], [])
    monkeypatch.setattr(cli, "_read_usage", lambda args: report)
    monkeypatch.setattr(cli, "_sampling_overrides", lambda args: ([override(days_old=10)], []))
    assert cli.main(["recommend", "--days", "30", "--sampling-app", "app1234", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(r["agent_id"], r["rule"]) for r in data["recommendations"]] == [("triage", "sampling_override")]
    assert data["advisory_monthly_saving_usd"] > 0 and data["not_checked"] == []
