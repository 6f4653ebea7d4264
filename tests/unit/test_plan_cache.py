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
    """harness.plan_cases and plan_many write each case's variables into a test file as HCL."""
    value = {"a": ["${var.x}", "%{ if true }", 1.5, None, True], 'quote"s': "back\\slash"}
    assert harness._hcl(value) == (
        '{"a": ["$${var.x}", "%%{ if true }", 1.5, null, true], "quote\\"s": "back\\\\slash"}'
    )


# -- reading `terraform test -json -verbose` ------------------------------------------------------------


def _plan_event(plan: dict, schemas: dict) -> str:
    """A plan event as Terraform writes it: the schemas are the plan's last member, "type" comes last."""
    event = {
        "@level": "info",
        "@testfile": "zz/plan_0.tftest.hcl",
        "test_plan": {**plan, "provider_schemas": schemas},
    }
    return json.dumps({**event, "type": "test_plan"}, separators=(",", ":"))


def test_a_verbose_plan_event_is_read_without_its_schemas():
    schemas = {"registry.terraform.io/hashicorp/aws": {"padding": "x" * 1_200_000}}
    # a value may hold the member's name: as a string (quotes escaped) or as a map key of a variable
    plan = {
        "variables": {"notes": {"value": '","provider_schemas":'}, "m": {"value": {"provider_schemas": 2}}},
        "resource_changes": [{"address": "aws_sqs_queue.jobs"}],
    }
    line = _plan_event(plan, schemas)
    assert len(line) > 1_000_000
    event = harness.parse_test_event(line)
    assert event["test_plan"] == plan
    assert event["type"] == "test_plan" and event["@testfile"] == "zz/plan_0.tftest.hcl"


def test_a_plan_event_the_cut_cannot_read_is_read_whole():
    """Schemas holding a member of that name: the cut lands inside them, so the line is parsed whole."""
    line = _plan_event(
        {"resource_changes": []}, {"aws": {"padding": "x" * 1_200_000, "provider_schemas": {}}}
    )
    assert harness.parse_test_event(line) == json.loads(line)


def test_other_events_are_read_whole():
    small = _plan_event({"resource_changes": []}, {"aws": {}})  # under the size worth cutting
    assert harness.parse_test_event(small) == json.loads(small)
    other = json.dumps({"type": "diagnostic", "diagnostic": {"summary": "x" * 1_200_000}})
    assert harness.parse_test_event(other) == json.loads(other)
    assert harness.parse_test_event("Terraform has been successfully initialized!") == {}


# -- plan_cases: a workspace's good and bad configurations in one terraform test process -------------


def test_plan_cases_gives_each_case_its_plan_or_its_errors(tmp_path, monkeypatch):
    seen = {}

    def fake_run_plans(root, cwd, requests):
        seen.update(requests)
        return {
            "good": harness._RunResult(
                status="pass", plan={"output_changes": {"x": {"actions": ["create"], "after": 1}}}
            ),
            "bad": harness._RunResult(status="error", errors="Error: Invalid value for variable agents"),
        }

    monkeypatch.setattr(harness, "_run_plans", fake_run_plans)
    ws = harness.Workspace("modules/aws-scope", tmp_path, shared_provider=False)
    outcomes = harness.plan_cases(ws, {"good": {"a": 1}, "bad": {"a": 2}})
    assert {name: r.tf_vars for name, r in seen.items()} == {"good": {"a": 1}, "bad": {"a": 2}}
    assert {r.target for r in seen.values()} == {"modules/aws-scope"}
    assert outcomes["good"].planned().outputs == {"x": 1} and outcomes["good"].errors is None
    assert outcomes["bad"].summary is None
    harness.assert_fails_naming(outcomes["bad"], ["agents"])
    with pytest.raises(AssertionError, match="expected it to fail"):
        outcomes["good"].failed()
    with pytest.raises(AssertionError, match="the plan failed: Error: Invalid value"):
        outcomes["bad"].planned()
    with pytest.raises(AssertionError, match="tier"):
        harness.assert_fails_naming(outcomes["bad"], ["agents", "tier"])


# -- plan_many: several configurations in one terraform test process ---------------------------------


@pytest.fixture
def batched(tmp_path, monkeypatch):
    """harness.plan_many with a fake Terraform: records the keys of each batch it is asked to plan."""
    batches: list[list[str]] = []

    def fake_batch(requests, base, shared_target):
        batches.append(sorted(r.target for r in requests.values()))
        return {
            key: {"output_changes": {"target": {"actions": ["create"], "after": r.target}}}
            for key, r in requests.items()
        }

    monkeypatch.setattr(harness, "_plan_batch", fake_batch)
    session_cache = harness.use_plan_cache(tmp_path / "cache")
    yield batches
    harness.use_plan_cache(session_cache)


def test_a_set_is_planned_once_and_only_what_is_missing_is_planned(batched, tmp_path):
    one = {"a": harness.PlanRequest("modules/log-groups"), "b": harness.PlanRequest("modules/aws-scope")}
    first = harness.plan_many(one, tmp_path / "a")
    assert first["b"].outputs == {"target": "modules/aws-scope"}
    harness.use_plan_cache(tmp_path / "cache")  # a second xdist worker
    again = harness.plan_many(
        {**one, "c": harness.PlanRequest("modules/log-groups", {"retention_in_days": 7})}, tmp_path / "b"
    )
    assert batched == [["modules/aws-scope", "modules/log-groups"], ["modules/log-groups"]]
    assert again["a"].outputs == {"target": "modules/log-groups"}


def test_a_test_plan_and_a_full_plan_are_kept_apart():
    """plan_many's JSON lacks planned_values and configuration: it never answers a plan() call."""
    assert harness.PlanRequest(".", {"a": 1}).key() != harness.plan_key(".", {"a": 1})
    with_file = harness.PlanRequest("x", files={"main.tf": "# one"})
    assert with_file.key() != harness.PlanRequest("x", files={"main.tf": "# two"}).key()
    assert with_file.key() != harness.PlanRequest("x", files={"main.tf": harness.Link("# one")}).key()


def test_variables_follow_var_file_order_then_tf_vars(tmp_path):
    first = tmp_path / "first.tfvars"
    first.write_text('# a comment\nname = "one"\ntags = { team = "a" }\nlimit = 3\n')
    second = tmp_path / "second.tfvars.json"
    second.write_text(json.dumps({"name": "two", "flags": [True, None]}))
    request = harness.PlanRequest(".", {"limit": 5}, (first, second))
    assert harness._merged_variables(request) == {
        "name": '"two"',
        "tags": '{\n  team = "a",\n}',
        "limit": "5",
        "flags": "[true, null]",
    }


@pytest.mark.parametrize(
    ("provider", "tf_vars", "expected"),
    [
        ('provider "aws" {\n  region = "eu-central-1"\n}\n', None, "eu-central-1"),
        ('provider "aws" {\n  region = var.region\n}\n', None, "ap-south-1"),
        ('provider "aws" {\n  region = var.region\n}\n', {"region": "eu-west-3"}, "eu-west-3"),
        ("", None, "us-east-1"),
    ],
    ids=["literal", "variable_default", "variable_set", "no_provider_block"],
)
def test_the_test_file_provider_gets_the_region_the_root_would_use(tmp_path, provider, tf_vars, expected):
    (tmp_path / "main.tf").write_text(provider + 'variable "region" {\n  default = "ap-south-1"\n}\n')
    variables = harness._merged_variables(harness.PlanRequest(".", tf_vars))
    assert harness._region(harness._provider_and_variables(tmp_path), variables) == expected
