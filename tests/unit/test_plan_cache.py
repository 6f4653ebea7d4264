"""tests.harness.plan shares plans through a folder (one plan per configuration per run): keys follow
what a plan depends on, a configuration is planned once across processes, a failed plan is not kept."""

from __future__ import annotations

import json

import pytest

from scripts.inventory import PlanSummary
from tests import harness


@pytest.fixture
def planned(tmp_path, monkeypatch):
    """harness.plan with a fake Terraform: records each (target, vars) it is asked to plan."""
    calls: list[tuple[str, dict | None]] = []

    def fake_plan(target, base, tf_vars, var_files):
        calls.append((target, tf_vars))
        if tf_vars and tf_vars.get("fail"):
            raise RuntimeError("plan failed")
        return PlanSummary(raw={"planned_values": {"outputs": {"target": {"value": target}}}})

    monkeypatch.setattr(harness, "_plan_fresh", fake_plan)
    session_cache = harness.use_plan_cache(tmp_path / "cache")
    yield calls
    harness.use_plan_cache(session_cache)


def test_the_same_configuration_is_planned_once(planned, tmp_path):
    first = harness.plan("examples/minimal", tmp_path / "a", {"name_prefix": "x"})
    again = harness.plan("examples/minimal", tmp_path / "b", {"name_prefix": "x"})
    assert planned == [("examples/minimal", {"name_prefix": "x"})]
    assert first.outputs == again.outputs == {"target": "examples/minimal"}
    assert len(harness.plans_made()) == 1


def test_another_process_reads_the_plan_from_the_folder(planned, tmp_path):
    harness.plan("examples/minimal", tmp_path / "a")
    harness.use_plan_cache(tmp_path / "cache")  # what a second xdist worker starts with
    summary = harness.plan("examples/minimal", tmp_path / "b")
    assert len(planned) == 1 and harness.plans_made() == []
    assert summary.outputs == {"target": "examples/minimal"}


def test_target_variables_and_var_file_contents_make_different_plans(planned, tmp_path):
    tfvars = tmp_path / "case.tfvars"
    tfvars.write_text('name_prefix = "one"\n')
    harness.plan("examples/minimal", tmp_path / "a")
    harness.plan("examples/complete", tmp_path / "b")
    harness.plan("examples/minimal", tmp_path / "c", {"name_prefix": "x"})
    harness.plan("examples/minimal", tmp_path / "d", var_files=[tfvars])
    key = harness.plan_key("examples/minimal", var_files=[tfvars])
    tfvars.write_text('name_prefix = "two"\n')
    assert harness.plan_key("examples/minimal", var_files=[tfvars]) != key
    harness.plan("examples/minimal", tmp_path / "e", var_files=[tfvars])
    assert len(planned) == 5


def test_variables_are_keyed_by_value_not_by_order():
    assert harness.plan_key(".", {"a": 1, "b": {"c": 2, "d": 3}}) == harness.plan_key(
        ".", {"b": {"d": 3, "c": 2}, "a": 1}
    )
    assert harness.plan_key(".", {"a": 1}) != harness.plan_key(".", {"a": "1"})


def test_a_failed_plan_is_not_kept(planned, tmp_path):
    for base in ("a", "b"):
        with pytest.raises(RuntimeError):
            harness.plan(".", tmp_path / base, {"fail": True})
    assert len(planned) == 2
    assert not list((tmp_path / "cache").glob("*.json"))


def test_the_kept_plan_is_the_plan_json(planned, tmp_path):
    harness.plan(".", tmp_path / "a", {"name_prefix": "x"})
    [kept] = (tmp_path / "cache").glob("*.json")
    assert json.loads(kept.read_text()) == {"planned_values": {"outputs": {"target": {"value": "."}}}}


def test_without_a_cache_folder_every_call_plans(planned, tmp_path):
    harness.use_plan_cache(None)
    harness.plan(".", tmp_path / "a")
    harness.plan(".", tmp_path / "b")
    assert len(planned) == 2


def test_the_session_shares_plans_through_the_run_folder(tmp_path_factory):
    """tests/conftest.py's shared_plans: a folder under the run's temp folder (the parent of a
    worker's own under xdist), the same for every worker of the run."""
    from tests.conftest import run_tmp_dir

    previous = harness.use_plan_cache(None)
    harness.use_plan_cache(previous)
    assert previous == run_tmp_dir(tmp_path_factory) / "plan-cache"


def test_values_for_terraform_test_files_keep_template_characters_literal():
    """harness.plan_errors writes each case's variables into a test file as HCL."""
    value = {"a": ["${var.x}", "%{ if true }", 1.5, None, True], 'quote"s': "back\\slash"}
    assert harness._hcl(value) == (
        '{"a": ["$${var.x}", "%%{ if true }", 1.5, null, true], "quote\\"s": "back\\\\slash"}'
    )
