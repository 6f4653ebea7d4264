"""The usage profile: the packaged reference workload, and every field checked with its name."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
import yaml

from agentcore_finops.errors import FieldError, FieldErrors
from agentcore_finops.estimate import usage


def _fields(exc: pytest.ExceptionInfo) -> list[str]:
    errors = exc.value.errors if isinstance(exc.value, FieldErrors) else [exc.value]
    return [e.field for e in errors]


def _full() -> dict:
    """The packaged profile as plain data (a complete profile, without `extends`)."""
    return copy.deepcopy(usage._reference_data())


def test_the_reference_profile_is_the_worked_examples_workload():
    u = usage.reference()
    assert u.sessions_per_agent_month == 1000
    assert (u.llm.calls_per_session, u.llm.input_tokens_per_call, u.llm.output_tokens_per_call) == (
        10,
        2000,
        300,
    )
    assert u.gateway.tool_calls_per_session == 6
    assert u.llm.cache_hit_ratio == 0  # the example assumes no caching
    assert usage.load_usage() == u == usage.load_usage("reference")


def test_the_packaged_file_holds_exactly_the_schema_fields():
    data = _full()
    in_file = ["sessions_per_agent_month"] + [
        f"{s}.{k}" for s, v in data.items() if isinstance(v, dict) for k in v
    ]
    assert in_file == [path for path, *_ in usage.fields()]


def test_numbers_are_exact_decimals():
    u = usage.parse({"extends": "reference", "llm": {"cache_hit_ratio": 0.1}})
    assert u.llm.cache_hit_ratio == Decimal("0.1") and isinstance(u.llm.cache_hit_ratio, Decimal)


def test_extends_reference_changes_only_what_it_sets(tmp_path):
    path = tmp_path / "u.yaml"
    path.write_text("extends: reference\nsessions_per_agent_month: 50\nmemory: {events_batched: false}\n")
    u = usage.load_usage(path)
    ref = usage.reference()
    assert u.sessions_per_agent_month == 50 and u.memory.events_batched is False
    assert u.memory.turns_per_session == ref.memory.turns_per_session and u.llm == ref.llm
    assert u.source == str(path)


def test_a_complete_profile_needs_no_extends():
    assert usage.parse(_full()) == usage.reference()


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["llm"].pop("output_tokens_per_call"), "usage.llm.output_tokens_per_call"),
        (lambda d: d.pop("network"), "usage.network"),
        (lambda d: d.pop("sessions_per_agent_month"), "usage.sessions_per_agent_month"),
        (lambda d: d["llm"].update(input_tokens_per_call=-5), "usage.llm.input_tokens_per_call"),
        (lambda d: d.update(sessions_per_agent_month=-1), "usage.sessions_per_agent_month"),
        (lambda d: d["llm"].update(calls_per_session=2.5), "usage.llm.calls_per_session"),
        (lambda d: d["llm"].update(cache_hit_ratio=1.5), "usage.llm.cache_hit_ratio"),
        (lambda d: d["runtime"].update(memory_gb=0), "usage.runtime.memory_gb"),
        (lambda d: d["runtime"].update(vcpus="two"), "usage.runtime.vcpus"),
        (
            lambda d: d["gateway"].update(list_tools_every_session="yes"),
            "usage.gateway.list_tools_every_session",
        ),
        (lambda d: d["gateway"].update(tool_calls_per_session=True), "usage.gateway.tool_calls_per_session"),
        (lambda d: d["memory"].update(ltm_strategy="smart"), "usage.memory.ltm_strategy"),
        (lambda d: d["network"].update(mode="vpn"), "usage.network.mode"),
        (lambda d: d["network"].update(nat_gateways=None), "usage.network.nat_gateways"),
        (lambda d: d["llm"].update(temperature=1), "usage.llm.temperature"),
        (lambda d: d.update(agents=3), "usage.agents"),
        (lambda d: d.update(llm=[1, 2]), "usage.llm"),
    ],
)
def test_every_bad_field_is_named(mutate, field):
    data = _full()
    mutate(data)
    with pytest.raises((FieldError, FieldErrors)) as exc:
        usage.parse(data)
    assert field in _fields(exc)


def test_negative_values_say_so():
    data = _full()
    data["memory"]["turns_per_session"] = -3
    with pytest.raises(FieldErrors) as exc:
        usage.parse(data)
    assert (
        str(exc.value)
        == "usage.memory.turns_per_session: must not be negative (allowed: a whole number >= 0)"
    )


def test_all_problems_are_reported_together():
    data = _full()
    data["llm"]["output_tokens_per_call"] = -1
    del data["runtime"]["vcpus"]
    data["observability"]["log_class"] = "glacier"
    with pytest.raises(FieldErrors) as exc:
        usage.parse(data)
    assert _fields(exc) == [
        "usage.llm.output_tokens_per_call",
        "usage.runtime.vcpus",
        "usage.observability.log_class",
    ]


def test_extends_only_reference():
    with pytest.raises(FieldError) as exc:
        usage.parse({"extends": "production"})
    assert exc.value.field == "usage.extends"


def test_unreadable_and_invalid_files(tmp_path):
    with pytest.raises(FieldError) as exc:
        usage.load_usage(tmp_path / "missing.yaml")
    assert exc.value.field == "--usage"
    bad = tmp_path / "bad.yaml"
    bad.write_text("llm: [unclosed\n")
    with pytest.raises(FieldError) as exc:
        usage.load_usage(bad)
    assert exc.value.field == "--usage" and "not valid YAML" in exc.value.problem


def test_to_dict_round_trips():
    u = usage.reference()
    assert usage.parse(yaml.safe_load(yaml.safe_dump(u.to_dict()))) == u
