"""Package rules for the guards: strands stays optional, metric names are declared."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import agentcore_finops
from agentcore_finops.guards import METRIC_NAMES

PACKAGE = Path(agentcore_finops.__file__).resolve().parent
GUARDS = PACKAGE / "guards"
STRANDS_FREE = ("backoff", "circuit", "long_term", "metrics", "session", "settings", "short_term",
                "step_budget", "summary", "tool_cache")  # fmt: skip


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_nothing_outside_guards_imports_strands():
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if GUARDS not in p.parents and {"strands", "mcp"} & _imports(p)
    ]
    assert offenders == []


def test_importing_the_guards_and_their_strands_free_modules_does_not_import_strands():
    modules = ", ".join(f"agentcore_finops.guards.{m}" for m in STRANDS_FREE)
    code = (
        "import sys, importlib\n"
        "import agentcore_finops.guards as g\n"
        f"for m in '{modules}'.split(', '): importlib.import_module(m)\n"
        "g.StepBudget, g.ShortTermMemory, g.LongTermMemory, g.ToolGuard, g.SessionEnder, g.ToolListCache\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('strands', 'mcp', 'httpx'))\n"
        "assert not bad, bad\n"
    )
    src = str(PACKAGE.parent)
    subprocess.run([sys.executable, "-c", code], check=True, cwd=src, env={"PYTHONPATH": src, "PATH": ""})


def _emitted_names() -> set[str]:
    """Metric names in .count("X") calls and .emit({"X": ...}) dicts across the guards."""
    names: set[str] = set()
    for path in GUARDS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
                continue
            first = node.args[0]
            if node.func.attr == "count" and isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(first.value)
            elif node.func.attr == "emit" and isinstance(first, ast.Dict):
                names |= {k.value for k in first.keys if isinstance(k, ast.Constant)}
    return names


def test_metric_names_are_declared_and_all_used():
    assert len(set(METRIC_NAMES)) == len(METRIC_NAMES)
    assert _emitted_names() == set(METRIC_NAMES)
