"""The AppConfig validator (modules/sampling-profiles/sampling-profile.schema.json) and the Python parser
(agentcore_finops.sampling.parse) accept and reject the same documents.

AppConfig runs the JSON Schema before a deployment starts; the router and runtimes run the parser on
what they receive. If the two disagreed, AppConfig could deploy a document every reader then rejects
(or block one they would accept), so the agreement is tested on hand-picked edge cases and on
documents generated around the valid shape.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentcore_finops import sampling
from agentcore_finops.errors import FieldError

SCHEMA_PATH = (
    Path(__file__).resolve().parents[2] / "modules" / "sampling-profiles" / "sampling-profile.schema.json"
)
SCHEMA = json.loads(SCHEMA_PATH.read_text())
# AppConfig supports JSON Schema draft 4 for inline validators.
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)

GOOD_TIERS = {"1": 0.25, "2": 0.1, "3": 0.03}


def parser_accepts(doc: Any) -> bool:
    try:
        sampling.parse(doc)
    except FieldError:
        return False
    return True


def schema_accepts(doc: Any) -> bool:
    return VALIDATOR.is_valid(doc)


def test_the_schema_is_a_valid_draft_4_schema():
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-04/schema#"
    jsonschema.Draft4Validator.check_schema(SCHEMA)


CASES: dict[str, tuple[Any, bool]] = {
    "reference": ({"version": 1, "tiers": GOOD_TIERS, "agents": {"sre-orchestrator": 1.0}}, True),
    "no agents": ({"version": 1, "tiers": GOOD_TIERS}, True),
    "agents null": ({"version": 1, "tiers": GOOD_TIERS, "agents": None}, True),
    "bounds 0 and 1": ({"version": 1, "tiers": {"1": 0, "2": 1, "3": 1.0}, "agents": {"a": 0}}, True),
    "unknown top-level key": ({"version": 1, "tiers": GOOD_TIERS, "note": "flip for INC-42"}, True),
    "version 1.0": ({"version": 1.0, "tiers": GOOD_TIERS}, True),
    "version true": ({"version": True, "tiers": GOOD_TIERS}, False),
    "version 2": ({"version": 2, "tiers": GOOD_TIERS}, False),
    "version string": ({"version": "1", "tiers": GOOD_TIERS}, False),
    "no version": ({"tiers": GOOD_TIERS}, False),
    "no tiers": ({"version": 1}, False),
    "tiers null": ({"version": 1, "tiers": None}, False),
    "tier missing": ({"version": 1, "tiers": {"1": 0.2, "2": 0.1}}, False),
    "tier 4": ({"version": 1, "tiers": {**GOOD_TIERS, "4": 0.1}}, False),
    "tier rate 1.5": ({"version": 1, "tiers": {**GOOD_TIERS, "1": 1.5}}, False),
    "tier rate negative": ({"version": 1, "tiers": {**GOOD_TIERS, "3": -0.01}}, False),
    "tier rate string": ({"version": 1, "tiers": {**GOOD_TIERS, "2": "0.1"}}, False),
    "tier rate bool": ({"version": 1, "tiers": {**GOOD_TIERS, "2": True}}, False),
    "tier rate null": ({"version": 1, "tiers": {**GOOD_TIERS, "2": None}}, False),
    "agent rate 1.5": ({"version": 1, "tiers": GOOD_TIERS, "agents": {"a": 1.5}}, False),
    "agent rate bool": ({"version": 1, "tiers": GOOD_TIERS, "agents": {"a": False}}, False),
    "agents a list": ({"version": 1, "tiers": GOOD_TIERS, "agents": ["a"]}, False),
    "document a list": ([{"version": 1, "tiers": GOOD_TIERS}], False),
    "document a number": (1, False),
}


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_hand_picked_documents(name):
    doc, valid = CASES[name]
    assert parser_accepts(doc) is valid, f"parser on {name}"
    assert schema_accepts(doc) is valid, f"schema on {name}"


# Values chosen around every boundary the two checks draw: rates in and out of [0, 1], the wrong
# JSON types, bools (which Python treats as ints), missing or extra tiers, null or odd agents.
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-2, max_value=3),
    st.floats(min_value=-0.5, max_value=1.5, allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 1, 0.0, 1.0, 1e-9, 1 - 1e-9, 1 + 1e-9, -1e-9]),
    st.text(max_size=3),
)
rates = st.one_of(st.floats(min_value=0, max_value=1, allow_nan=False), json_scalars)
tier_keys = st.sampled_from(["1", "2", "3", "4", "0", "01", "one"])
tiers = st.one_of(
    st.fixed_dictionaries({"1": rates, "2": rates, "3": rates}),
    st.dictionaries(tier_keys, rates, max_size=5),
    json_scalars,
    st.lists(rates, max_size=3),
)
agents = st.one_of(
    st.dictionaries(st.text(min_size=1, max_size=8), rates, max_size=4),
    json_scalars,
    st.lists(rates, max_size=2),
)
versions = st.sampled_from([1, 1.0, 2, 0, True, False, "1", None])
documents = st.one_of(
    st.fixed_dictionaries(
        {"version": versions, "tiers": tiers}, optional={"agents": agents, "extra": json_scalars}
    ),
    st.fixed_dictionaries({}, optional={"version": versions, "tiers": tiers, "agents": agents}),
    json_scalars,
    st.lists(json_scalars, max_size=2),
)


@settings(max_examples=600, deadline=None)
@given(doc=documents)
def test_parser_and_schema_agree_on_generated_documents(doc):
    text = json.dumps(doc)  # only what JSON can carry: what AppConfig would hold
    doc = json.loads(text)
    assert parser_accepts(doc) == schema_accepts(doc), text


def test_generated_documents_cover_both_outcomes():
    """Guard against a strategy that only ever produces invalid (or only valid) documents."""
    seen: set[bool] = set()

    @settings(max_examples=300, deadline=None)
    @given(doc=documents)
    def collect(doc):
        seen.add(schema_accepts(json.loads(json.dumps(doc))))

    collect()
    assert seen == {True, False}
