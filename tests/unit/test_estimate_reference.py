"""The published worked example: the numbers the estimator must reproduce, and where it must not.

With the example's own prices (data/reference-example-prices.json) the all-Sonnet fleet costs
$10,500, and the tiered fleet costs what the formula gives ($1,050 / $350 / $61 = $1,461), which is
not what the example publishes ($645 / $650 / $87 = $1,382); the estimate must say so.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from agentcore_finops import pricing
from agentcore_finops.estimate import estimate, load_fleet, load_usage, reference, scenarios
from agentcore_finops.estimate.model import cents
from tests import tier_defaults

REPO = Path(__file__).resolve().parents[2]
FLEET_YAML = REPO / "examples" / "complete" / "fleet.yaml"


@pytest.fixture(scope="module")
def ref_prices() -> pricing.Catalogue:
    return pricing.load_catalogue(overrides=reference.PRICES_FILE)


@pytest.fixture(scope="module")
def check(ref_prices) -> dict[str, reference.Row]:
    return {row.label: row for row in reference.check(ref_prices).rows}


def test_the_override_file_holds_the_examples_prices(ref_prices):
    def io(model_id: str) -> tuple[D, D]:
        m = ref_prices.model(model_id)
        return m.input.value, m.output.value

    assert io("global.anthropic.claude-sonnet-4-5-20250929-v1:0") == (3, 15)
    assert io("global.anthropic.claude-opus-4-5-20251101-v1:0") == (5, 25)
    assert io("global.anthropic.claude-haiku-4-5-20251001-v1:0") == (D("0.25"), D("1.25"))
    assert io("amazon.nova-micro-v1:0") == (D("0.04"), D("0.14"))
    assert ref_prices.model("amazon.nova-micro-v1:0").input.source.key == pricing.OVERRIDE_SOURCE


def test_all_sonnet_is_10500(check):
    # 100 agents x 1,000 sessions x 10 calls = 1,000,000 calls
    # input 1,000,000 x 2,000 = 2B tokens x $3/1M = $6,000; output 300M x $15/1M = $4,500
    row = check["all agents on the tier-1 model (Sonnet)"]
    assert row.formula_usd == D(2_000_000_000) * 3 / 1_000_000 + D(300_000_000) * 15 / 1_000_000 == 10_500
    assert row.published_usd == 10_500 and row.verdict == "matches"


@pytest.mark.parametrize(
    ("tier", "agents", "formula", "published"),
    [
        # 10 agents x 10,000 calls: 200M in x $3 = $600, 30M out x $15 = $450
        (1, 10, D(600) + D(450), D(645)),
        # 40 agents x 10,000 calls: 800M in x $0.25 = $200, 120M out x $1.25 = $150
        (2, 40, D(200) + D(150), D(650)),
        # 50 agents x 10,000 calls: 1B in x $0.04 = $40, 150M out x $0.14 = $21
        (3, 50, D(40) + D(21), D(87)),
    ],
)
def test_tiered_formula_per_tier_and_the_published_departure(check, tier, agents, formula, published):
    row = check[f"tiered: tier {tier} ({agents} agents)"]
    assert row.formula_usd == formula
    assert row.published_usd == published
    assert row.departs_by == published - formula
    assert "the formula" in row.verdict
    # the formula behind the row is printed and names the example's rate
    assert (
        f"{agents} agents \u00d7 1,000 sessions/agent \u00d7 10 calls/session \u00d7 2,000 input tokens/call"
        in row.formula
    )


def test_tiered_total_is_1461_not_the_published_1382(check):
    row = check["tiered: total"]
    assert (row.formula_usd, row.published_usd) == (1461, 1382)
    assert row.verdict == "published is $79.00 below the formula"


def test_second_scenario_policy_and_gateway(check):
    # 10,000 sessions x 6 tool calls = 60,000 authorisations x $0.000025 = $1.50
    policy = check["second scenario: Policy (10,000 sessions \u00d7 6 tool calls)"]
    assert policy.formula_usd == D(60_000) * D("0.000025") == D("1.5") and policy.verdict == "matches"
    # 60,000 operations x $0.005 per 1,000 = $0.30 (the example gives the count, not the cost)
    gateway = check["second scenario: Gateway InvokeTool (60,000 operations)"]
    assert gateway.formula_usd == D("0.3") and gateway.published_usd is None


def test_tier_2_at_todays_list_price_is_1400(check):
    # Haiku 4.5 lists at $1 / $5: 800M x $1 + 120M x $5 = $1,400 (the project notes' figure)
    row = next(r for label, r in check.items() if label.startswith("tier 2 at the catalogue's list price"))
    assert row.formula_usd == 1400


def test_the_estimate_of_the_example_fleet_shows_10500_and_says_where_the_reference_departs(ref_prices):
    report = estimate(
        load_fleet(FLEET_YAML), load_usage(), ref_prices, compare_baseline=True, reference_check=True
    )
    assert report.baseline is not None and report.reference is not None
    assert report.baseline.dimension_total("llm") == 10_500
    notes = " ".join(report.reference.notes)
    assert "do not follow from the example's own assumptions" in notes
    assert "tier 1 $1,050.00 (published $645.00)" in notes and "$1,461.00 in total" in notes
    assert "$1,382.00" in notes


def test_example_fleet_lever_savings_by_hand(ref_prices):
    """The first levers, put back from the baseline in order, on examples/complete with the example's
    prices: each saving follows from the arithmetic below."""
    report = estimate(load_fleet(FLEET_YAML), load_usage(), ref_prices, compare_baseline=True)
    saving = {lever.key: lever.total for lever in report.levers}
    # model tiering: $10,500 all-Sonnet -> the uncapped tiered formula $1,461
    assert saving["model_tiering"] == 10_500 - 1_461
    # max_tokens: tier 3 uncapped is $61; capped, 40 agents at 256 and 10 at 50 output tokens:
    #   40 x 10,000 calls: 800M in x $0.04 = $32, 102.4M out x $0.14 = $14.336
    #   10 x 10,000 calls: 200M in x $0.04 = $8, 5M out x $0.14 = $0.70
    assert saving["max_tokens"] == 61 - (32 + D("14.336") + 8 + D("0.7")) == D("5.964")
    # batch: the 3 async agents (cap 256) on demand cost 60M x $0.04 + 7.68M x $0.14 = $3.4752;
    # in batch they cost half
    assert saving["batch_inference"] == (D("2.4") + D("1.0752")) / 2
    assert saving["prompt_caching"] == 0  # the reference profile has no caching
    # cached tool schemas: the 50 agents with tools call ListTools 30 times a month instead of once per
    # session (1,000): (50,000 - 1,500) operations x $0.005 per 1,000
    assert saving["list_tools_caching"] == (50 * 1000 - 50 * 30) * D("0.005") / 1000 == D("0.2425")
    # batched memory events: 100 agents x 1,000 sessions x 3 turns, 4 events a turn instead of 1,
    # at $0.25 per 1,000 events
    assert saving["memory_event_batching"] == 100 * 1000 * 3 * (4 - 1) * D("0.25") / 1000 == 225
    assert cents(report.configured.dimension_total("llm")) == D("1453.30")


def test_the_baseline_undoes_every_lever():
    assert [lever.key for lever in scenarios.LEVERS] == [
        "model_tiering",
        "max_tokens",
        "prompt_caching",
        "batch_inference",
        "session_termination",
        "step_budgets",
        "list_tools_caching",
        "memory_event_batching",
        "selective_ltm",
        "ltm_pruning",
        "trace_sampling",
        "log_retention",
        "log_class",
        "private_networking",
    ]
    fleet = load_fleet(FLEET_YAML)
    cat = pricing.load_catalogue()
    facts = scenarios.unoptimised_facts(fleet, cat)
    u = load_usage()
    from agentcore_finops.estimate.inputs import Deployment

    state = scenarios.State(fleet.agents, u, Deployment.resolve(u, fleet.settings))
    base = scenarios.undo(state, scenarios.LEVERS, facts)
    assert {a.model_id for a in base.agents} == {tier_defaults.model(1)}  # fleet.yaml keeps tier 1's
    assert all(a.max_tokens is None and a.step_budget is None for a in base.agents)
    assert {(a.idle_session_timeout_seconds, a.max_session_lifetime_seconds) for a in base.agents} == {
        (900, 28800)
    }
    assert all(
        a.ltm_enabled and a.ltm_importance_threshold == 0 and a.trace_sample_rate == 1 for a in base.agents
    )
    assert base.usage.memory.events_batched is False and base.usage.gateway.list_tools_every_session is True
    assert base.usage.memory.ltm_retention_days == 0 and base.usage.llm.cache_hit_ratio == 0
    assert (
        base.deployment.network_mode,
        base.deployment.nat_gateways,
        base.deployment.log_retention_days,
    ) == (
        "nat",
        2,
        0,
    )


def test_a_lever_that_saves_nothing_says_why_and_stops_once_it_saves():
    """Under the reference profile, caching, step budgets and the IA log class save $0.00; the report
    says which input makes it so. Give each lever something to act on and its note goes away."""
    fleet = load_fleet(FLEET_YAML)
    cat = pricing.load_catalogue()
    usage = load_usage()
    report = estimate(fleet, usage, cat, compare_baseline=True)
    saving = {lever.key: lever.total for lever in report.levers}
    assert saving["prompt_caching"] == saving["step_budgets"] == saving["log_class"] == 0
    idle = [n for n in report.notes if "nothing here" in n]
    assert len(idle) == 3
    assert any("llm.cache_hit_ratio" in n for n in idle)
    assert any("tool_calls_per_session (6)" in n and "lowest 6" in n for n in idle)
    assert any("log_group_class" in n for n in idle)

    busier = usage.with_("llm", cache_hit_ratio=D("0.5")).with_("gateway", tool_calls_per_session=D(12))
    busier = busier.with_("observability", log_class="infrequent_access")
    report = estimate(fleet, busier, cat, compare_baseline=True)
    saving = {lever.key: lever.total for lever in report.levers}
    assert saving["prompt_caching"] > 0 and saving["step_budgets"] > 0 and saving["log_class"] > 0
    assert not [n for n in report.notes if "nothing here" in n]


def test_a_fleet_without_a_vpc_is_not_charged_a_nat_baseline():
    fleet = load_fleet(FLEET_YAML)
    public = load_usage().with_("network", mode="public")
    report = estimate(fleet, public, pricing.load_catalogue(), compare_baseline=True)
    saving = {lever.key: lever.total for lever in report.levers}
    assert report.baseline.dimension_total("network") == report.configured.dimension_total("network") == 0
    assert saving["private_networking"] == 0
    assert any("network.mode public" in n for n in report.notes)
