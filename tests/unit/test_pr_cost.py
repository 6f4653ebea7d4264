"""examples/ci/pr_cost.py without Terraform: which estimator outcomes it posts (the workflow's own
steps run against two real plans in tests/plan/test_estimate_plan.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from agentcore_finops import cli
from agentcore_finops.estimate.formats import MARKER

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def pr_cost(monkeypatch):
    spec = importlib.util.spec_from_file_location("pr_cost", REPO / "examples" / "ci" / "pr_cost.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    posted: list[str] = []
    monkeypatch.setattr(module, "comment", lambda body, mode: posted.append(body) or "posted")
    module.posted = posted
    return module


def test_the_marker_is_the_estimators(pr_cost):
    assert pr_cost.MARKER == MARKER and pr_cost.EXIT_GATE_FAILED == cli.EXIT_GATE_FAILED


@pytest.mark.parametrize(
    ("status", "posts"),
    [(cli.EXIT_OK, True), (cli.EXIT_GATE_FAILED, True), (cli.EXIT_BAD_INPUT, False), (1, False)],
)
def test_only_a_written_estimate_is_posted_never_an_earlier_runs(
    pr_cost, monkeypatch, tmp_path, status, posts
):
    output = tmp_path / "cost.md"
    output.write_text(f"{MARKER}\nthe previous push's estimate\n")

    def estimate(base, head, out, extra):
        if status in (cli.EXIT_OK, cli.EXIT_GATE_FAILED):
            out.write_text(f"{MARKER}\nthis push\n")
        return status  # 1: the estimator crashed before writing anything

    monkeypatch.setattr(pr_cost, "estimate", estimate)
    assert pr_cost.main(["--base", "b", "--head", "h", "--output", str(output)]) == status
    assert pr_cost.posted == ([f"{MARKER}\nthis push\n"] if posts else [])


def test_without_the_estimator_it_says_how_to_install_it(pr_cost, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(pr_cost.shutil, "which", lambda name: None)
    assert pr_cost.estimate("b", "h", tmp_path / "cost.md", []) == pr_cost.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "agentcore-finops is not on PATH" in err
    assert pr_cost.INSTALL in err
    assert "@ git+https://github.com/agentcore-finops/agentcore-finops.git@v" in pr_cost.INSTALL
