"""The Lambdas import agentcore_finops, never the estimator: its dependencies (jinja2, PyYAML) and its
code stay out of every function's cold start."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import agentcore_finops

SHARED = sorted(
    p.stem for p in Path(agentcore_finops.__file__).parent.glob("*.py") if p.stem not in ("__init__", "cli")
)


def test_shared_modules_do_not_pull_in_the_estimator():
    assert {"pricing", "fleet", "config_store"} <= set(SHARED)
    code = (
        "import json, sys\n"
        + "".join(f"import agentcore_finops.{m}\n" for m in SHARED)
        + "print(json.dumps(sorted(m for m in sys.modules if m in ('yaml', 'jinja2', 'markupsafe') "
        "or m.startswith('agentcore_finops.estimate'))))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout) == []
