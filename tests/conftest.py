"""Fixtures shared by every test layer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scripts import tfenv


@pytest.fixture(scope="session")
def tf_cli_config() -> str:
    """The generated Terraform CLI config (provider mirror when one is found)."""
    return str(tfenv.write_cli_config())


def run_tmp_dir(tmp_path_factory) -> Path:
    """A folder every process of this run shares: under xdist each worker's base temp folder is
    ``<run>/popen-gw<n>``, so the run's folder is its parent; without xdist it is the base itself."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session", autouse=True)
def shared_plans(tmp_path_factory):
    """One plan per configuration per run: ``harness.plan`` (and so ``example_plan``) keeps plans in
    the run's temp folder, keyed by the staged files and the variables, under a file lock, so a
    configuration that several tests or xdist workers plan is planned once."""
    from tests import harness

    previous = harness.use_plan_cache(run_tmp_dir(tmp_path_factory) / "plan-cache")
    yield
    harness.use_plan_cache(previous)


@pytest.fixture(scope="session")
def example_plan(tmp_path_factory):
    """Plan an example offline with its default variables (once per run, see ``shared_plans``). An
    example whose variables have no defaults (ids of things the user already has) ships sample values
    in ``example.tfvars``, which is used when present."""
    from tests import harness

    def get(example: str):
        sample = harness.REPO_ROOT / example / "example.tfvars"
        return harness.plan(
            example,
            tmp_path_factory.mktemp(example.replace("/", "-")),
            var_files=[sample] if sample.is_file() else None,
        )

    return get
