"""agentcore_finops.pricing: the packaged price catalogue, its loader, and the cost of a model call."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentcore_finops import fleet, pricing
from agentcore_finops.errors import FieldError, FieldErrors
from agentcore_finops.estimate import reference

PACKAGED = Path(pricing.__file__).with_name("data") / "prices.json"
SONNET_45 = "anthropic.claude-sonnet-4-5-20250929-v1:0"
HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0"
OPUS_45 = "anthropic.claude-opus-4-5-20251101-v1:0"
OPUS_41 = "anthropic.claude-opus-4-1-20250805-v1:0"
HAIKU_3 = "anthropic.claude-3-haiku-20240307-v1:0"
NOVA_MICRO = "amazon.nova-micro-v1:0"
# The reference workload's models, by tier: named here because the tests below check their published
# prices (not which models are the tier defaults today; tests/tier_defaults.py is for that).
TIER_MODELS = {
    "1": f"global.{SONNET_45}",
    "2": f"global.{HAIKU_45}",
    "3": NOVA_MICRO,
}


@pytest.fixture(scope="module")
def cat() -> pricing.Catalogue:
    return pricing.load_catalogue()


def _raw() -> dict:
    """The data file read independently of the loader (numbers as Decimal, as written)."""
    return json.loads(PACKAGED.read_text(), parse_float=Decimal)


def _assert_dated_source(source: pricing.Source, key: str) -> None:
    assert source.key == key
    assert source.title.strip() and source.url.strip()
    as_of = source.as_of if len(source.as_of) == 10 else f"{source.as_of}-01"
    assert date(2024, 1, 1) <= date.fromisoformat(as_of) <= date.today()


def _fields(exc: pytest.ExceptionInfo) -> list[str]:
    return [e.field for e in exc.value.errors]


# ------------------------------------------------------------------------------------------------
# the data file


def test_every_price_in_the_file_resolves_to_a_sourced_dated_decimal(cat):
    raw = _raw()
    checked = 0
    for model_id, entry in raw["models"].items():
        resolved = cat.model(model_id)
        for field, value in entry["usd_per_1m_tokens"].items():
            price = getattr(resolved, field)
            if value is None:
                assert price is None, f"{model_id}.{field}"
                continue
            assert isinstance(price.value, Decimal) and price.value >= 0
            assert price.value == Decimal(value), f"{model_id}.{field}"
            assert price.unit.startswith("USD per 1M")
            _assert_dated_source(price.source, entry.get("field_sources", {}).get(field, entry["source"]))
            checked += 1
        for prefix, factor in entry["inference_profile_multipliers"].items():
            profiled = cat.model(f"{prefix}.{model_id}")
            assert profiled.multiplier == Decimal(factor) > 0
            expected = entry.get("field_sources", {}).get("inference_profile_multipliers", entry["source"])
            _assert_dated_source(profiled.multiplier_source, expected)
            checked += 1
    for service, entry in raw["services"].items():
        for kind, lookup, value_key in (("prices", cat.price, "usd"), ("terms", cat.term, "value")):
            for item, fields in entry.get(kind, {}).items():
                figure = lookup(service, item)
                assert isinstance(figure.value, Decimal) and figure.value >= 0
                assert figure.value == Decimal(fields[value_key]), f"{service}.{item}"
                assert figure.unit.strip()
                assert figure.as_of == figure.source.as_of
                _assert_dated_source(figure.source, fields.get("source", entry["source"]))
                checked += 1
    assert checked > 150  # the walk really covered the file


def test_prices_are_decimal_from_the_json_text_never_through_float(cat):
    assert cat.price("lambda", "duration_gb_second_x86").value == Decimal("0.0000166667")
    assert cat.model(NOVA_MICRO).cache_read.value == Decimal("0.00875")


def test_catalogue_scope(cat):
    assert (cat.currency, cat.region, cat.version) == ("USD", "us-east-1", _raw()["catalogue_version"])


def test_every_tier_default_and_escalation_model_is_priced(cat):
    for tier, defaults in fleet.builtin_tier_defaults().items():
        for key in ("model_id", "escalation_model_id"):
            if defaults[key] is not None:
                assert cat.model(defaults[key]).input.value > 0, (tier, key)


def test_batch_prices_are_half_of_on_demand_where_offered(cat):
    offered = [m for m in cat.model_ids() if cat.model(m).batch_input is not None]
    assert {SONNET_45, HAIKU_45, NOVA_MICRO} <= set(offered)
    for model_id in offered:
        m = cat.model(model_id)
        assert m.batch_input.value * 2 == m.input.value and m.batch_output.value * 2 == m.output.value
        on_demand = cat.token_cost(model_id, input_tokens=7_000, output_tokens=900)
        assert cat.token_cost(model_id, input_tokens=7_000, output_tokens=900, batch=True) * 2 == on_demand


def test_nova_cache_writes_cost_the_input_price_and_reads_a_quarter(cat):
    for model_id in ("amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0", "amazon.nova-pro-v1:0"):
        m = cat.model(model_id)
        assert m.cache_write_5m.value == m.input.value and m.cache_read.value * 4 == m.input.value
        assert m.cache_write_1h is None


# ------------------------------------------------------------------------------------------------
# cost of one call


@pytest.mark.parametrize(
    ("tier", "exact", "per_call_cents", "per_1000_calls_cents"),
    [
        # global. Sonnet 4.5 at base price (x1.0), USD per 1M: in 3.00, cache read 0.30, cache write 3.75, out 15.00
        #   3,000 x 3.00 + 12,000 x 0.30 + 5,000 x 3.75 + 800 x 15.00
        #   = 9,000 + 3,600 + 18,750 + 12,000 = 43,350 USD per 1M tokens -> 0.04335 USD
        ("1", "0.04335", "0.04", "43.35"),
        # global. Haiku 4.5 at base price: in 1.00, cache read 0.10, cache write 1.25, out 5.00
        #   3,000 x 1.00 + 12,000 x 0.10 + 5,000 x 1.25 + 800 x 5.00
        #   = 3,000 + 1,200 + 6,250 + 4,000 = 14,450 -> 0.01445 USD
        ("2", "0.01445", "0.01", "14.45"),
        # Nova Micro: in 0.035, cache read 0.00875, cache write 0.035 (the input price), out 0.14
        #   3,000 x 0.035 + 12,000 x 0.00875 + 5,000 x 0.035 + 800 x 0.14
        #   = 105 + 105 + 175 + 112 = 497 -> 0.000497 USD (0.497 per 1,000 calls)
        ("3", "0.000497", "0.00", "0.50"),
    ],
)
def test_cost_per_call_of_each_tier_default_by_hand(cat, tier, exact, per_call_cents, per_1000_calls_cents):
    call = {
        "input_tokens": 3_000,
        "cache_read_tokens": 12_000,
        "cache_write_tokens": 5_000,
        "output_tokens": 800,
    }
    cost = cat.token_cost(TIER_MODELS[tier], **call)
    assert cost == Decimal(exact)
    assert pricing.round_cents(cost) == Decimal(per_call_cents)
    assert pricing.round_cents(cost * 1000) == Decimal(per_1000_calls_cents)


def test_converse_usage_is_priced_with_input_tokens_as_the_uncached_part(cat):
    usage = {
        "inputTokens": 3_000,
        "outputTokens": 800,
        "totalTokens": 20_800,
        "cacheReadInputTokens": 12_000,
        "cacheWriteInputTokens": 5_000,
    }
    assert cat.usage_cost(TIER_MODELS["1"], usage) == Decimal("0.04335")
    # Reading inputTokens as a total that includes the cache would undercount input by 17,000 tokens.
    assert cat.usage_cost(TIER_MODELS["1"], usage) > cat.token_cost(
        TIER_MODELS["1"],
        input_tokens=0,
        output_tokens=800,
        cache_read_tokens=12_000,
        cache_write_tokens=5_000,
    )


def test_converse_cache_details_price_one_hour_writes_at_the_one_hour_rate(cat):
    usage = {
        "inputTokens": 100,
        "outputTokens": 10,
        "cacheWriteInputTokens": 5_000,
        "cacheDetails": [{"ttl": "1h", "inputTokens": 2_000}, {"ttl": "5m", "inputTokens": 3_000}],
    }
    # Sonnet 4.5: 100 x 3.00 + 10 x 15.00 + 2,000 x 6.00 + 3,000 x 3.75 = 300 + 150 + 12,000 + 11,250 = 23,700
    assert cat.usage_cost(SONNET_45, usage) == Decimal("0.0237")


@pytest.mark.parametrize(
    ("usage", "field"),
    [
        ({"outputTokens": 1}, "usage.inputTokens"),
        ({"inputTokens": 1, "outputTokens": -1}, "usage.outputTokens"),
        ({"inputTokens": 1, "outputTokens": 1, "cacheReadInputTokens": 1.5}, "usage.cacheReadInputTokens"),
        (
            {"inputTokens": 1, "outputTokens": 1, "cacheDetails": [{"ttl": "1h", "inputTokens": 5}]},
            "usage.cacheDetails",
        ),
        (
            {
                "inputTokens": 1,
                "outputTokens": 1,
                "cacheWriteInputTokens": 5,
                "cacheDetails": [{"ttl": "1d"}],
            },
            "usage.cacheDetails[0].ttl",
        ),
    ],
)
def test_bad_converse_usage_names_the_field(cat, usage, field):
    with pytest.raises(FieldError) as exc:
        cat.usage_cost(SONNET_45, usage)
    assert exc.value.field == field


@pytest.mark.parametrize("model_id", [SONNET_45, HAIKU_45, OPUS_45, "anthropic.claude-sonnet-4-6"])
@pytest.mark.parametrize("prefix", ["us", "eu"])
def test_geographic_profile_costs_ten_percent_more_for_claude_45_and_global_equals_base(
    cat, model_id, prefix
):
    call = {
        "input_tokens": 1_234,
        "output_tokens": 567,
        "cache_read_tokens": 8_900,
        "cache_write_tokens": 4_321,
    }
    base = cat.token_cost(model_id, **call)
    assert cat.token_cost(f"{prefix}.{model_id}", **call) == base * Decimal("1.1")
    assert cat.token_cost(f"global.{model_id}", **call) == base
    regional = cat.model(f"{prefix}.{model_id}")
    assert (regional.base_model_id, regional.profile, regional.multiplier) == (
        model_id,
        prefix,
        Decimal("1.1"),
    )


def test_older_models_geographic_profiles_are_at_base_price(cat):
    for model_id in (OPUS_41, "anthropic.claude-3-5-haiku-20241022-v1:0", HAIKU_3, NOVA_MICRO):
        base = cat.token_cost(model_id, input_tokens=1_000, output_tokens=1_000)
        assert cat.token_cost(f"us.{model_id}", input_tokens=1_000, output_tokens=1_000) == base


@pytest.mark.parametrize(
    ("arn", "base", "profile"),
    [
        (f"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.{HAIKU_45}", HAIKU_45, "us"),
        (f"arn:aws:bedrock:eu-west-1:123456789012:inference-profile/global.{SONNET_45}", SONNET_45, "global"),
        (f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_MICRO}", NOVA_MICRO, None),
        (f"arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/{OPUS_41}", OPUS_41, None),
    ],
)
def test_arns_resolve_to_the_model_and_profile_they_name(cat, arn, base, profile):
    m = cat.model(arn)
    assert (m.model_id, m.base_model_id, m.profile) == (arn, base, profile)


def test_application_inference_profile_arns_are_refused_with_a_reason(cat):
    with pytest.raises(pricing.UnknownModelError, match="does not name the model"):
        cat.model("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3")


def test_unknown_model_id_error_lists_every_known_id(cat):
    with pytest.raises(pricing.UnknownModelError) as exc:
        cat.token_cost("anthropic.claude-v2", input_tokens=1, output_tokens=1)
    assert exc.value.field == "model_id" and exc.value.model_id == "anthropic.claude-v2"
    for model_id in cat.model_ids():
        assert model_id in str(exc.value)


def test_unpriced_profile_error_lists_the_priced_profiles(cat):
    with pytest.raises(pricing.UnknownModelError) as exc:
        cat.model(f"apac.{OPUS_45}")
    assert f"us.{OPUS_45}" in exc.value.allowed and f"apac.{OPUS_45}" not in exc.value.allowed


def test_model_ids_lists_base_ids_and_optionally_every_priced_profile(cat):
    base_ids = cat.model_ids()
    assert SONNET_45 in base_ids and not any(i.startswith(("us.", "global.")) for i in base_ids)
    with_profiles = cat.model_ids(include_profiles=True)
    assert TIER_MODELS["1"] in with_profiles and f"us.{HAIKU_3}" in with_profiles
    assert all(cat.model(i) for i in with_profiles)


@pytest.mark.parametrize(
    "argument", ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"]
)
@pytest.mark.parametrize("bad", [-1, 1.5, True, "10"])
def test_bad_token_counts_are_rejected_naming_the_argument(cat, argument, bad):
    call = {"input_tokens": 10, "output_tokens": 10, argument: bad}
    with pytest.raises(FieldError) as exc:
        cat.token_cost(SONNET_45, **call)
    assert exc.value.field == argument


def test_batch_is_refused_for_a_model_without_batch_prices(cat):
    with pytest.raises(FieldError) as exc:
        cat.token_cost(OPUS_41, input_tokens=10, output_tokens=10, batch=True)
    assert exc.value.field == "batch" and OPUS_41 in exc.value.problem


def test_batch_is_refused_with_cache_tokens(cat):
    with pytest.raises(FieldError) as exc:
        cat.token_cost(SONNET_45, input_tokens=10, output_tokens=10, cache_read_tokens=5, batch=True)
    assert exc.value.field == "batch"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        ({"cache_read_tokens": 100}, "cache_read_tokens"),
        ({"cache_write_tokens": 100}, "cache_write_tokens"),
    ],
)
def test_cache_tokens_for_a_model_without_cache_prices_are_refused(cat, call, field):
    assert cat.supports_prompt_cache(HAIKU_3) is False
    with pytest.raises(FieldError) as exc:
        cat.token_cost(HAIKU_3, input_tokens=10, output_tokens=10, **call)
    assert exc.value.field == field and HAIKU_3 in exc.value.problem


def test_one_hour_writes_need_a_one_hour_price(cat):
    with pytest.raises(FieldError) as exc:
        cat.token_cost(OPUS_41, input_tokens=10, output_tokens=10, cache_write_tokens=10, cache_ttl="1h")
    assert exc.value.field == "cache_ttl" and exc.value.allowed == "5m"
    with pytest.raises(FieldError) as exc:
        cat.token_cost(SONNET_45, input_tokens=10, output_tokens=10, cache_ttl="24h")
    assert exc.value.field == "cache_ttl"
    # Sonnet 4.5: 1,000 x 6.00 (1-hour write) = 6,000 per 1M -> 0.006
    assert cat.token_cost(
        SONNET_45, input_tokens=0, output_tokens=0, cache_write_tokens=1_000, cache_ttl="1h"
    ) == (Decimal("0.006"))


def test_supports_prompt_cache_accepts_every_id_form(cat):
    assert cat.supports_prompt_cache(f"global.{SONNET_45}") is True
    assert cat.supports_prompt_cache(f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_MICRO}") is True
    assert cat.supports_prompt_cache(f"apac.{HAIKU_3}") is False


TOKENS = st.integers(min_value=0, max_value=5_000_000)
PRICED_IDS = st.sampled_from(pricing.load_catalogue().model_ids(include_profiles=True))


@given(model_id=PRICED_IDS, a=st.tuples(TOKENS, TOKENS), b=st.tuples(TOKENS, TOKENS))
def test_cost_is_additive_over_calls_and_exact(model_id, a, b):
    cat = pricing.load_catalogue()
    cost = cat.token_cost(model_id, input_tokens=a[0] + b[0], output_tokens=a[1] + b[1])
    split = cat.token_cost(model_id, input_tokens=a[0], output_tokens=a[1]) + cat.token_cost(
        model_id, input_tokens=b[0], output_tokens=b[1]
    )
    assert cost == split >= 0


@given(model_id=PRICED_IDS, uncached=TOKENS, cached=TOKENS, output=TOKENS)
def test_a_cache_hit_never_costs_more_than_sending_the_tokens_uncached(model_id, uncached, cached, output):
    cat = pricing.load_catalogue()
    if not cat.supports_prompt_cache(model_id):
        return
    hit = cat.token_cost(model_id, input_tokens=uncached, output_tokens=output, cache_read_tokens=cached)
    miss = cat.token_cost(model_id, input_tokens=uncached + cached, output_tokens=output)
    assert hit <= miss
    assert (hit < miss) == (cached > 0)


def test_round_cents_rounds_half_up():
    assert pricing.round_cents(Decimal("0.005")) == Decimal("0.01")
    assert pricing.round_cents(Decimal("0.0049999")) == Decimal("0.00")
    assert pricing.round_cents(Decimal("10500")) == Decimal("10500.00")


# ------------------------------------------------------------------------------------------------
# service prices and terms


def test_service_price_and_term_lookups(cat):
    storage = cat.price("cloudwatch_logs", "storage_gb_month")
    assert (
        storage.value == Decimal("0.03") and "GB-month" in storage.unit and storage.source.key == "infracost"
    )
    assert cat.term("agentcore_runtime", "min_billed_memory_gb").value == Decimal("0.125")
    assert cat.term("xray", "free_traces_recorded_per_month").value == 100_000


def test_unknown_service_or_item_lists_the_known_ones(cat):
    with pytest.raises(FieldError) as exc:
        cat.price("cloudwatch", "storage_gb_month")
    assert (
        exc.value.field == "service"
        and "cloudwatch_logs" in exc.value.allowed
        and "xray" in exc.value.allowed
    )
    with pytest.raises(FieldError) as exc:
        cat.price("cloudwatch_logs", "storage")
    assert exc.value.field == "item" and "storage_gb_month" in exc.value.allowed
    with pytest.raises(FieldError) as exc:
        cat.term("xray", "nope")
    assert "free_traces_recorded_per_month" in exc.value.allowed


# ------------------------------------------------------------------------------------------------
# loading, validation and overrides


def test_packaged_catalogue_is_loaded_once_per_process():
    assert pricing.load_catalogue() is pricing.load_catalogue()


def _write(tmp_path: Path, data: object, name: str = "override.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def test_a_malformed_override_file_names_the_field_path(tmp_path):
    path = _write(
        tmp_path,
        {
            "override_source": {"title": "Enterprise discount", "as_of": "2026-10-01"},
            "models": {NOVA_MICRO: {"usd_per_1m_tokens": {"input": "cheap", "output": -1, "outptu": 1}}},
            "services": {"network": {"prices": {"nat_gateway_hour": {"usd": 0.04, "currency": "EUR"}}}},
        },
    )
    with pytest.raises(FieldErrors) as exc:
        pricing.load_catalogue(overrides=path)
    where = f'{path}: models["{NOVA_MICRO}"].usd_per_1m_tokens'
    assert sorted(_fields(exc)) == sorted(  # every problem, each reported once
        [
            f"{where}.input",
            f"{where}.output",
            f"{where}.outptu",
            f'{path}: services["network"].prices["nat_gateway_hour"].currency',
        ]
    )
    assert "unknown field" in str(exc.value) and "a number >= 0" in str(exc.value)


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"models": {}}, "overrides: override_source"),
        ({"override_source": {"title": "x"}}, "overrides: override_source.as_of"),
        ({"override_source": {"title": "x", "as_of": "2026-02-30"}}, "overrides: override_source.as_of"),
        ({"override_source": {"title": "x", "as_of": "2026-11"}, "prices": {}}, "overrides: prices"),
        ({"override_source": {"title": "x", "as_of": "2026-11"}, "models": []}, "overrides: models"),
    ],
)
def test_a_malformed_override_envelope_names_the_field(override, field):
    with pytest.raises(FieldErrors) as exc:
        pricing.load_catalogue(overrides=override)
    assert field in _fields(exc)


def test_an_override_that_is_not_json_is_refused(tmp_path):
    path = _write(tmp_path, "{ not json")
    with pytest.raises(FieldError, match="not valid JSON") as exc:
        pricing.load_catalogue(overrides=path)
    assert exc.value.field == str(path)
    with pytest.raises(FieldError, match="not a valid price"):
        pricing.load_catalogue(overrides=_write(tmp_path, '{"override_source": NaN}', "nan.json"))


def test_overrides_change_only_what_they_set_and_are_attributed_to_their_source(cat):
    discounted = pricing.load_catalogue(
        overrides={
            "override_source": {"title": "Enterprise discount 2026", "as_of": "2026-10-01"},
            "models": {SONNET_45: {"usd_per_1m_tokens": {"input": 2.7}}},
            "services": {"network": {"prices": {"nat_gateway_hour": {"usd": Decimal("0.040")}}}},
        }
    )
    sonnet = discounted.model(SONNET_45)
    assert sonnet.input.value == Decimal("2.7") and sonnet.input.source.key == pricing.OVERRIDE_SOURCE
    assert sonnet.input.as_of == "2026-10-01" and sonnet.input.source.title == "Enterprise discount 2026"
    assert discounted.model(f"us.{SONNET_45}").input.value == Decimal("2.97")
    nat = discounted.price("network", "nat_gateway_hour")
    assert (nat.value, nat.unit, nat.source.key) == (Decimal("0.04"), "USD per NAT gateway-hour", "override")
    # everything the override did not set is unchanged, value and source alike
    for model_id in cat.model_ids(include_profiles=True):
        before, after = cat.model(model_id), discounted.model(model_id)
        for field in pricing.TOKEN_FIELDS:
            if not (after.base_model_id == SONNET_45 and field == "input"):
                assert getattr(before, field) == getattr(after, field), (model_id, field)
    for service, entry in _raw()["services"].items():
        for item in entry["prices"]:
            if (service, item) != ("network", "nat_gateway_hour"):
                assert discounted.price(service, item) == cat.price(service, item)


def test_an_override_price_given_as_a_string_is_refused():
    with pytest.raises(FieldErrors) as exc:
        pricing.load_catalogue(
            overrides={
                "override_source": {"title": "x", "as_of": "2026-11"},
                "services": {"network": {"prices": {"nat_gateway_hour": {"usd": "0.040"}}}},
            }
        )
    assert _fields(exc) == ['overrides: services["network"].prices["nat_gateway_hour"].usd']


def test_an_override_may_name_its_own_source_per_field_or_per_entry(cat):
    custom = pricing.load_catalogue(
        overrides={
            "override_source": {"title": "Team price sheet", "as_of": "2026-11-01"},
            "sources": {"contract": {"title": "Private pricing addendum", "as_of": "2026-09-01"}},
            "models": {
                NOVA_MICRO: {
                    "usd_per_1m_tokens": {"input": 0.03, "output": 0.12},
                    "field_sources": {"input": "contract"},
                },
                HAIKU_45: {"usd_per_1m_tokens": {"output": 4.5}, "source": "contract"},
            },
            "services": {"xray": {"prices": {"traces_recorded_per_1m": {"usd": 4, "source": "contract"}}}},
        }
    )
    nova = custom.model(NOVA_MICRO)
    assert (nova.input.source.key, nova.output.source.key, nova.cache_read.source.key) == (
        "contract",
        pricing.OVERRIDE_SOURCE,
        "litellm",
    )
    assert custom.model(HAIKU_45).output.source.as_of == "2026-09-01"
    assert custom.price("xray", "traces_recorded_per_1m").source.key == "contract"


def test_an_override_may_add_a_complete_model_but_not_a_partial_one(tmp_path):
    entry = {
        "display_name": "Example model",
        "family": "example",
        "supports_prompt_cache": False,
        "usd_per_1m_tokens": dict.fromkeys(pricing.TOKEN_FIELDS) | {"input": 1, "output": 2},
        "inference_profile_multipliers": {"us": 1.0},
        "source": "override",
    }
    added = pricing.load_catalogue(
        overrides={
            "override_source": {"title": "x", "as_of": "2026-11"},
            "models": {"example.model-v1:0": entry},
        }
    )
    assert added.token_cost("us.example.model-v1:0", input_tokens=1_000_000, output_tokens=0) == 1
    partial = {"example.model-v1:0": {"usd_per_1m_tokens": {"input": 1, "output": 2}}}
    with pytest.raises(FieldErrors) as exc:
        pricing.load_catalogue(
            overrides={"override_source": {"title": "x", "as_of": "2026-11"}, "models": partial}
        )
    # reported once as missing, not again as an invalid empty value
    assert _fields(exc).count('overrides: models["example.model-v1:0"].display_name') == 1


def test_loading_does_not_change_the_cached_packaged_catalogue():
    before = pricing.load_catalogue().model(SONNET_45).input
    pricing.load_catalogue(
        overrides={
            "override_source": {"title": "x", "as_of": "2026-11"},
            "models": {SONNET_45: {"usd_per_1m_tokens": {"input": 1}}},
        }
    )
    assert pricing.load_catalogue().model(SONNET_45).input == before


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda d: d["sources"]["litellm"].pop("as_of"), 'sources["litellm"].as_of'),
        (lambda d: d["models"][SONNET_45].update(source="nowhere"), f'models["{SONNET_45}"].source'),
        (
            lambda d: d["models"][HAIKU_3]["usd_per_1m_tokens"].update(cache_read=0.1),
            f'models["{HAIKU_3}"].usd_per_1m_tokens.cache_read',
        ),
        (
            lambda d: d["models"][SONNET_45]["usd_per_1m_tokens"].update(batch_output=None),
            f'models["{SONNET_45}"].usd_per_1m_tokens',
        ),
        (
            lambda d: d["models"][SONNET_45]["inference_profile_multipliers"].update(us=0),
            f'models["{SONNET_45}"].inference_profile_multipliers.us',
        ),
        (lambda d: d["services"]["xray"]["prices"]["traces_recorded_per_1m"].pop("unit"), None),
        (lambda d: d.update(currency="EUR"), "currency"),
    ],
)
def test_a_catalogue_file_is_checked_field_by_field(tmp_path, edit, field):
    data = json.loads(PACKAGED.read_text())
    edit(data)
    path = _write(tmp_path, data, "prices.json")
    with pytest.raises(FieldErrors) as exc:
        pricing.load_catalogue(path)
    field = field or 'services["xray"].prices["traces_recorded_per_1m"].unit'
    assert f"{path}: {field}" in _fields(exc)


def test_the_packaged_catalogue_passes_every_check_and_loads_the_same_without_them():
    """The packaged file is read without the checks (a Lambda's cold start does not load them): it
    must pass them, and the catalogue built without them must equal the checked one, field by field."""
    from agentcore_finops import pricing_check

    checked = pricing_check.parse(_raw(), label="data/prices.json")
    packaged = pricing.load_catalogue()
    assert (packaged.version, packaged.region) == (checked.version, checked.region)
    assert dict(packaged._models) == dict(checked._models)
    assert dict(packaged._services) == dict(checked._services)
    assert list(packaged._models) == list(checked._models)  # the order model_ids() and errors list


def test_the_catalogue_built_without_the_checks_follows_a_changed_file():
    """The unchecked build reads every field the checked one does: a changed source, rate, profile
    multiplier, cache field, output limit and service price all come out the same both ways."""
    from agentcore_finops import pricing_check

    data = _raw()
    model = data["models"][SONNET_45]
    model["usd_per_1m_tokens"]["input"] = Decimal("1.5")
    model["inference_profile_multipliers"]["eu"] = 2
    model["field_sources"] = {"output": "litellm", "inference_profile_multipliers": "litellm"}
    model["prompt_cache_fields"] = ["system"]
    model["max_output_tokens"] = 1000
    service = data["services"]["xray"]
    service["prices"]["traces_recorded_per_1m"].update(usd=7, source="litellm", note="changed")
    checked = pricing_check.parse(data, label="edited")
    unchecked = pricing._from_checked(data)
    assert dict(unchecked._models) == dict(checked._models)
    assert dict(unchecked._services) == dict(checked._services)
    got = unchecked.model(f"eu.{SONNET_45}")
    assert got.input.value == Decimal(3) and got.output.source.key == "litellm"
    assert got.prompt_cache_fields == ("system",) and got.max_output_tokens == 1000


def test_a_valid_catalogue_file_can_replace_the_packaged_one(tmp_path):
    path = _write(tmp_path, json.loads(PACKAGED.read_text()), "prices.json")
    assert pricing.load_catalogue(path).model_ids() == pricing.load_catalogue().model_ids()


# ------------------------------------------------------------------------------------------------
# the reference workload


# The worked example's own assumptions (USD per 1M tokens), not today's list prices: the same file
# `agentcore-finops estimate --prices reference` loads.
REFERENCE_PRICES_FILE = reference.PRICES_FILE
SESSIONS_PER_AGENT, CALLS_PER_SESSION, IN_TOKENS, OUT_TOKENS = 1_000, 10, 2_000, 300


def _monthly(cat: pricing.Catalogue, model_id: str, agents: int) -> Decimal:
    calls = agents * SESSIONS_PER_AGENT * CALLS_PER_SESSION
    return calls * cat.token_cost(model_id, input_tokens=IN_TOKENS, output_tokens=OUT_TOKENS)


def test_reference_workload_all_on_sonnet_costs_10500_a_month(tmp_path):
    example = pricing.load_catalogue(overrides=REFERENCE_PRICES_FILE)
    # 100 agents x 1,000 sessions x 10 calls = 1,000,000 calls
    # input: 1,000,000 x 2,000 = 2B tokens x 3.00 / 1M = 6,000; output: 300M tokens x 15.00 / 1M = 4,500
    assert _monthly(example, TIER_MODELS["1"], agents=100) == Decimal("10500")


def test_reference_workload_tiered_follows_the_formula_not_the_published_1382(cat, tmp_path):
    example = pricing.load_catalogue(overrides=REFERENCE_PRICES_FILE)
    # tier 1: 10 agents, 100,000 calls x (2,000 x 3.00 + 300 x 15.00) / 1M = 100,000 x 0.0105 = 1,050
    # tier 2: 40 agents, 400,000 calls x (2,000 x 0.25 + 300 x 1.25) / 1M = 400,000 x 0.000875 = 350
    # tier 3: 50 agents, 500,000 calls x (2,000 x 0.04 + 300 x 0.14) / 1M = 500,000 x 0.000122 = 61
    tiers = [(TIER_MODELS["1"], 10), (TIER_MODELS["2"], 40), (TIER_MODELS["3"], 50)]
    costs = [_monthly(example, model_id, agents) for model_id, agents in tiers]
    assert costs == [Decimal("1050"), Decimal("350"), Decimal("61")] and sum(costs) == Decimal("1461")
    # At today's Haiku 4.5 list price (1.00 / 5.00) tier 2 is 400,000 x 0.0035 = 1,400.
    assert _monthly(cat, TIER_MODELS["2"], agents=40) == Decimal("1400")


# ------------------------------------------------------------------------------------------------
# where a model accepts prompt-cache points (used by the tier router)


def test_claude_accepts_cache_points_in_system_messages_and_tools_nova_not_in_tools(cat):
    for model_id in cat.model_ids(include_profiles=True):
        m = cat.model(model_id)
        if not m.supports_prompt_cache:
            assert m.prompt_cache_fields == (), model_id
        elif m.family == "amazon-nova":
            assert m.prompt_cache_fields == ("system", "messages"), model_id
        else:
            assert m.family.startswith("claude") and m.prompt_cache_fields == ("system", "messages", "tools")
    assert cat.model(f"global.{SONNET_45}").prompt_cache_fields == cat.model(SONNET_45).prompt_cache_fields


def test_the_cache_fields_have_a_dated_source():
    raw = _raw()
    for entry in raw["models"].values():
        if entry["supports_prompt_cache"]:
            key = entry["field_sources"]["prompt_cache_fields"]
            source = raw["sources"][key]
            assert key == "aws_bedrock_prompt_caching" and source["url"].startswith(
                "https://docs.aws.amazon.com/"
            )


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (
            lambda d: d["models"][SONNET_45].pop("prompt_cache_fields"),
            f'models["{SONNET_45}"].prompt_cache_fields',
        ),
        (
            lambda d: d["models"][HAIKU_3].update(prompt_cache_fields=["system"]),
            f'models["{HAIKU_3}"].prompt_cache_fields',
        ),
        (
            lambda d: d["models"][NOVA_MICRO].update(prompt_cache_fields=["system", "toolConfig"]),
            f'models["{NOVA_MICRO}"].prompt_cache_fields',
        ),
        (
            lambda d: d["models"][NOVA_MICRO].update(prompt_cache_fields=["system", "system"]),
            f'models["{NOVA_MICRO}"].prompt_cache_fields',
        ),
        (
            lambda d: d["models"][NOVA_MICRO].update(prompt_cache_fields=[]),
            f'models["{NOVA_MICRO}"].prompt_cache_fields',
        ),
    ],
)
def test_bad_prompt_cache_fields_are_named(tmp_path, edit, field):
    data = json.loads(PACKAGED.read_text())
    edit(data)
    path = _write(tmp_path, data, "prices.json")
    with pytest.raises(FieldErrors) as exc:
        pricing.load_catalogue(path)
    assert f"{path}: {field}" in _fields(exc)


def test_an_override_can_change_the_cache_fields_of_a_model(cat):
    custom = pricing.load_catalogue(
        overrides={
            "override_source": {"title": "x", "as_of": "2026-11"},
            "models": {NOVA_MICRO: {"prompt_cache_fields": ["system"]}},
        }
    )
    assert custom.model(NOVA_MICRO).prompt_cache_fields == ("system",)
    assert cat.model(NOVA_MICRO).prompt_cache_fields == ("system", "messages")
