"""Layer 2 and 3: terraform validate and each module's own `terraform test` (mock provider).

`terraform fmt -check` is `make lint`'s, which CI runs before the tests."""

from __future__ import annotations

import subprocess

import pytest

from tests.harness import EXAMPLES, MODULES, REPO_ROOT, ROOTS, Workspace

pytestmark = pytest.mark.terraform


@pytest.mark.parametrize("target", ROOTS)
def test_validate(target, tmp_path):
    ws = Workspace(target, tmp_path, offline=False)
    ws.tf.setup(upgrade=False, backend=False)
    out = ws.run("validate", "-no-color")
    assert "Success" in out.out


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
    ws = Workspace(module, tmp_path, offline=False)
    ws.tf.setup(upgrade=False, backend=False)
    proc = subprocess.run(
        ["terraform", "test", "-no-color"], cwd=ws.tfdir, capture_output=True, text=True, env=ws.tf.env
    )
    summary = [line for line in proc.stdout.splitlines() if "passed" in line and "failed" in line]
    assert proc.returncode == 0, (
        f"terraform test failed in {module}:\n{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}"
    )
    assert summary and " 0 failed" in summary[-1], summary
