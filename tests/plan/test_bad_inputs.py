"""Every invalid fleet of bad_fleets.yaml fails the root module's plan with a message that names the
agent or tier, the field and what is allowed (tests/unit/test_fleet.py runs the same cases through
agentcore_finops.fleet)."""

from __future__ import annotations

import pytest

from tests import fleet_cases, harness

pytestmark = pytest.mark.terraform

CASES = fleet_cases.load()
BATCHES = fleet_cases.batches(CASES)
BATCH_OF = {case.id: key for key, group in BATCHES.items() for case in group}


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """One initialised copy of the root module, planned once per batch of cases."""
    ws = harness.Workspace(".", tmp_path_factory.mktemp("bad-inputs"))
    ws.init()
    return ws


@pytest.fixture(scope="module")
def plan_error_of(root):
    """Every batch planned at once (one ``terraform test`` run, see harness.plan_errors)."""
    errors = harness.plan_errors(
        root,
        {batch: {"name_prefix": "bad-input", **fleet_cases.merged_vars(BATCHES[batch])} for batch in BATCHES},
    )

    def get(batch: str) -> str:
        if errors[batch] is None:
            raise AssertionError(f"the plan of batch {batch!r} succeeded; expected it to fail")
        return errors[batch]

    return get


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_fleet_fails_the_plan_naming_agent_and_field(case, plan_error_of):
    problem = fleet_cases.problems(case, plan_error_of(BATCH_OF[case.id]))
    assert problem is None, problem


def test_a_good_fleet_still_plans_in_the_same_workspace(root):
    summary = root.plan({"name_prefix": "bad-input", "agents": {"a-ok": {"tier": 1}}})
    assert summary.counts["aws_dynamodb_table_item"] == 1


def test_an_unlisted_model_plans_when_allowed(root):
    agents = {"new-model": {"tier": 3, "model_id": "amazon.nova-2-lite-v1:0"}}
    message = harness.plan_error(root, {"name_prefix": "bad-input", "agents": agents})
    assert 'agents["new-model"].model_id' in message and "allow_unlisted_models" in message
    summary = root.plan(
        {"name_prefix": "bad-input", "agents": agents, "allow_unlisted_models": ["amazon.nova-2-lite-v1:0"]}
    )
    assert summary.outputs["agent_configs"]["new-model"]["model_id"] == "amazon.nova-2-lite-v1:0"
