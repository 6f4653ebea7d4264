"""Fixtures shared by every test layer."""

from __future__ import annotations

import pytest

from scripts import tfenv


@pytest.fixture(scope="session")
def tf_cli_config() -> str:
    """The generated Terraform CLI config (provider mirror when one is found)."""
    return str(tfenv.write_cli_config())


@pytest.fixture(scope="session")
def example_plan(tmp_path_factory):
    """Plan an example offline with its default variables, once per test session (per worker). An
    example whose variables have no defaults (ids of things the user already has) ships sample values
    in ``example.tfvars``, which is used when present."""
    from tests import harness

    cache: dict = {}

    def get(example: str):
        if example not in cache:
            sample = harness.REPO_ROOT / example / "example.tfvars"
            cache[example] = harness.plan(
                example,
                tmp_path_factory.mktemp(example.replace("/", "-")),
                var_files=[sample] if sample.is_file() else None,
            )
        return cache[example]

    return get
