"""Import layers, read from the source with ast (imports inside functions count too): the Lambdas'
code (lambda_src/) imports none of emulator, scripts and tests; the emulator (emulator/) imports
neither scripts nor tests; scripts/ never imports tests. Tests may import all of them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

FORBIDDEN = {
    "scripts": {"tests"},
    "emulator": {"scripts", "tests"},
    "lambda_src": {"scripts", "tests", "emulator"},
}


def imported_roots(source: str) -> set[str]:
    """Top-level package names a module imports; relative imports (within its own package) do not count."""
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_imported_roots_sees_every_form_of_import():
    source = (
        "import os, tests.harness as h\n"
        "from scripts.inventory import check\n"
        "from . import sibling\n"
        "from ._common import x\n"
        "def f():\n"
        "    from emulator import Emulator\n"
    )
    assert imported_roots(source) == {"os", "tests", "scripts", "emulator"}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_package_imports_a_layer_above_it(package):
    files = sorted((REPO_ROOT / package).rglob("*.py"))
    assert files, f"no Python files under {package}/"
    offending = {
        path.relative_to(REPO_ROOT).as_posix(): sorted(imported_roots(path.read_text()) & FORBIDDEN[package])
        for path in files
        if "__pycache__" not in path.parts
    }
    offending = {path: names for path, names in offending.items() if names}
    assert not offending, f"{package}/ must not import {sorted(FORBIDDEN[package])}: {offending}"
