"""Layer 4: plan each case offline and compare the plan with its inventory (values, counts, outputs)."""

from __future__ import annotations

import pytest
import yaml

from scripts.inventory import check
from tests import harness
from tests.plan.cases import discover

pytestmark = pytest.mark.terraform

CASES = discover()


def test_every_module_and_example_has_a_plan_case():
    """Fabric-style: each module and example is planned against an inventory of its own."""
    planned = {case.target for case in CASES}
    missing = [root for root in [*harness.MODULES, *harness.EXAMPLES] if root not in planned]
    assert not missing, f"no tests/plan/cases/<suite>/tftest.yaml targets {missing}"


# A batch's cases (every module's, or one root's) run on one xdist worker: the first plans them all
# in one Terraform process (harness.plan_many), the others read their plans from the run's plan cache.
@pytest.mark.parametrize(
    "case", [pytest.param(c, marks=pytest.mark.xdist_group(f"plan-{c.batch}"), id=c.id) for c in CASES]
)
def test_plan_matches_inventory(case, tmp_path):
    assert case.inventory.exists(), f"{case.inventory} missing: run `make inventory CASE={case.id}`"
    inventory = yaml.safe_load(case.inventory.read_text()) or {}
    assert inventory, f"{case.inventory} is empty"
    siblings = {c.id: c.request() for c in CASES if c.batch == case.batch}
    summary = harness.plan_many(siblings, tmp_path, shared_target=not case.from_root)[case.id]
    errors = check(summary, inventory)
    assert not errors, f"{case.id} departs from {case.inventory.name}:\n  " + "\n  ".join(errors)
