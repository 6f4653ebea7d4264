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
    """One copy of the root module (harness.plan_cases initialises it)."""
    return harness.Workspace(".", tmp_path_factory.mktemp("bad-inputs"))


NEW_MODEL = {"new-model": {"tier": 3, "model_id": "amazon.nova-2-lite-v1:0"}}
# The good configurations planned with the bad batches, in the same workspace.
GOOD = {
    "good-fleet": {"agents": {"a-ok": {"tier": 1}}},
    "unlisted-model": {"agents": NEW_MODEL},
    "unlisted-model-allowed": {"agents": NEW_MODEL, "allow_unlisted_models": ["amazon.nova-2-lite-v1:0"]},
}


@pytest.fixture(scope="module")
def outcomes(root):
    """Every batch of bad cases and the good configurations, planned at once (one ``terraform test``
    run, see harness.plan_cases)."""
    cases = {batch: fleet_cases.merged_vars(BATCHES[batch]) for batch in BATCHES}
    assert not set(cases) & set(GOOD)
    return harness.plan_cases(
        root, {name: {"name_prefix": "bad-input", **tf_vars} for name, tf_vars in {**cases, **GOOD}.items()}
    )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_fleet_fails_the_plan_naming_agent_and_field(case, outcomes):
    problem = fleet_cases.problems(case, outcomes[BATCH_OF[case.id]].failed())
    assert problem is None, problem


def test_a_good_fleet_still_plans_in_the_same_workspace(outcomes):
    assert outcomes["good-fleet"].planned().counts["aws_dynamodb_table_item"] == 1


def test_an_unlisted_model_plans_when_allowed(outcomes):
    message = outcomes["unlisted-model"].failed()
    assert 'agents["new-model"].model_id' in message and "allow_unlisted_models" in message
    summary = outcomes["unlisted-model-allowed"].planned()
    assert summary.outputs["agent_configs"]["new-model"]["model_id"] == "amazon.nova-2-lite-v1:0"
