"""tests/conftest.py's scheduling for xdist: a module whose tests share a module-scoped fixture runs on
one worker under --dist loadgroup (the fixture is set up once), and the slowest tests come first."""

from __future__ import annotations

import re

import pytest

from tests.harness import REPO_ROOT

pytest_plugins = ["pytester"]

CONFTEST = "from tests.conftest import pytest_collection_modifyitems  # noqa: F401\n"
INI = """[pytest]
markers =
    slow: slow
    e2e: e2e
    terraform: terraform
"""
SHARED = """import pytest

@pytest.fixture(scope="module")
def workspace():
    return object()

@pytest.mark.parametrize("case", range(6))
def test_case(case, workspace):
    pass
"""
PLAIN = """import pytest

@pytest.mark.parametrize("case", range(6))
def test_plain(case):
    pass
"""
SLOW = """import pytest

pytestmark = pytest.mark.slow

def test_long():
    pass
"""


@pytest.fixture
def project(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(REPO_ROOT))
    pytester.makeconftest(CONFTEST)
    pytester.makeini(INI)
    pytester.makepyfile(test_a_shared=SHARED, test_b_plain=PLAIN, test_c_slow=SLOW)
    return pytester


def test_a_module_with_a_module_scoped_fixture_runs_on_one_worker(project):
    result = project.runpytest_subprocess("-n", "2", "--dist", "loadgroup", "--no-loadscope-reorder", "-v")
    result.assert_outcomes(passed=13)
    ran = re.findall(r"\[(gw\d)\] .*?PASSED (\S+)", result.stdout.str())
    shared = {worker for worker, nodeid in ran if nodeid.startswith("test_a_shared.py")}
    assert len(shared) == 1, ran
    assert all(n.endswith("@test_a_shared") for _, n in ran if n.startswith("test_a_shared.py")), ran
    assert not [n for _, n in ran if "@" in n and not n.startswith("test_a_shared.py")], ran


def test_slow_tests_are_collected_first(project):
    result = project.runpytest_subprocess("-p", "no:xdist", "--collect-only", "-q")
    first = next(line for line in result.stdout.lines if "::" in line)
    assert first == "test_c_slow.py::test_long"
