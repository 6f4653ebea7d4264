"""Layer 2 and 3: each module's own `terraform test` (mock provider), which validates the module first.

Where each root is validated: a module by its own `terraform test` (Terraform validates the
configuration before the first run, and fails the file on an error `terraform validate` reports, as
``test_terraform_test_fails_on_what_validate_finds`` shows), the root module and every example by
their plan cases (tests/plan, a plan validates first; ``test_every_module_and_example_has_a_plan_case``
keeps every example planned). A separate `terraform validate` per root would
load the AWS provider's schema once more for nothing. `terraform fmt -check` is `make lint`'s, which
CI runs before the tests."""

from __future__ import annotations

import subprocess

import pytest

from tests.harness import EXAMPLES, MODULES, REPO_ROOT, Workspace

pytestmark = pytest.mark.terraform


def _terraform_test(ws: Workspace) -> subprocess.CompletedProcess:
    ws.attach()
    ws.tf.setup(upgrade=False, backend=False)
    return subprocess.run(
        ["terraform", "test", "-no-color"], cwd=ws.tfdir, capture_output=True, text=True, env=ws.tf.env
    )


def test_terraform_test_fails_on_what_validate_finds(tmp_path):
    """What lets the module tests stand in for `terraform validate`: a resource that no run plans
    (count = 0) with an argument its type does not have still fails `terraform test`."""
    ws = Workspace(
        "modules/aws-scope",
        tmp_path,
        offline=False,
        shared_provider=True,
        files={
            "zz_invalid.tf": 'resource "aws_sqs_queue" "never" {\n  count = 0\n  no_such_argument = 1\n}\n'
        },
    )
    proc = _terraform_test(ws)
    assert proc.returncode != 0
    assert "Unsupported argument" in proc.stdout + proc.stderr, proc.stdout[-3000:]


def test_every_module_has_its_own_tests():
    missing = [m for m in MODULES if not list((REPO_ROOT / m / "tests").glob("*.tftest.hcl"))]
    assert not missing, f"modules without tests/*.tftest.hcl: {missing}"


def test_every_module_and_example_has_the_standard_files():
    required = ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md")
    missing = [
        f"{d}/{f}" for d in [*MODULES, *EXAMPLES] for f in required if not (REPO_ROOT / d / f).is_file()
    ]
    assert not missing, f"missing files: {missing}"


@pytest.mark.parametrize("module", MODULES)
def test_module_terraform_test(module, tmp_path):
    """Runs `terraform test` in the module: mock_provider plans, assertions and expect_failures."""
    proc = _terraform_test(Workspace(module, tmp_path, offline=False, shared_provider=True))
    summary = [line for line in proc.stdout.splitlines() if "passed" in line and "failed" in line]
    assert proc.returncode == 0, (
        f"terraform test failed in {module}:\n{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}"
    )
    assert summary and " 0 failed" in summary[-1], summary
