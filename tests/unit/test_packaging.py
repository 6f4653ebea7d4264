"""The wheel is typed (PEP 561): it carries ``agentcore_finops/py.typed``, so mypy and pyright read the
package's annotations in a user's project. The marker is not code: the Lambda packages, which hold only
the modules a function imports, do not carry it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hatchling.builders.wheel import WheelBuilder

import agentcore_finops
from scripts.tfenv import REPO_ROOT

PACKAGE_DIR = Path(agentcore_finops.__file__).parent


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> list[str]:
    """The file names in the wheel hatchling builds from pyproject.toml (as `pip install .` does)."""
    out = tmp_path_factory.mktemp("wheel")
    [wheel] = WheelBuilder(str(REPO_ROOT)).build(directory=str(out), versions=["standard"])
    with zipfile.ZipFile(wheel) as zf:
        return zf.namelist()


def test_the_package_has_the_typed_marker():
    assert (PACKAGE_DIR / "py.typed").is_file()


def test_the_wheel_carries_the_typed_marker_beside_the_modules(wheel_names):
    assert "agentcore_finops/py.typed" in wheel_names
    modules = {p.relative_to(PACKAGE_DIR.parent).as_posix() for p in PACKAGE_DIR.rglob("*.py")}
    assert modules <= set(wheel_names), sorted(modules - set(wheel_names))


def test_no_lambda_package_carries_the_typed_marker():
    zips = sorted(REPO_ROOT.glob("modules/*/package/*.zip"))
    assert len(zips) >= 4, "the modules ship committed Lambda packages"
    for path in zips:
        with zipfile.ZipFile(path) as zf:
            assert "agentcore_finops/py.typed" not in zf.namelist(), path.name
