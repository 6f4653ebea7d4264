"""Rewrite plan inventories from fresh plans, when a change to the plan is intended.

    python -m tests.plan.regen_inventory examples-complete:reference_fleet   # one case
    python -m tests.plan.regen_inventory examples-complete                   # every case of a suite
    python -m tests.plan.regen_inventory --all

An existing inventory keeps its addresses and keys and gets today's values, plus full counts. A new
case gets every planned resource and output: trim it to what the case is about before committing.
Review the diff: the inventory is what the tests will hold the plan to. ``make inventory CASE=...`` runs
this. It lives with the tests because it plans through their harness (scripts/ never imports tests/).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from itertools import takewhile
from pathlib import Path

import yaml

from scripts.inventory import regenerate
from tests import harness
from tests.plan.cases import discover


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("cases", nargs="*", help="suite or suite:case ids")
    parser.add_argument("--all", action="store_true", help="regenerate every case")
    args = parser.parse_args(argv)
    cases = discover()
    if not args.all:
        if not args.cases:
            parser.error("name cases (suite or suite:case) or pass --all")
        wanted = set(args.cases)
        unknown = wanted - {c.id for c in cases} - {c.suite for c in cases}
        if unknown:
            parser.error(f"unknown case(s) {sorted(unknown)}; known: {sorted(c.id for c in cases)}")
        cases = [c for c in cases if c.id in wanted or c.suite in wanted]
    for case in cases:
        with tempfile.TemporaryDirectory(prefix="acf-regen-") as tmp:
            # Planned as tests/plan/test_inventories.py plans it (Case.from_root).
            summary = harness.plan_many(
                {case.id: case.request()}, Path(tmp), shared_target=not case.from_root
            )[case.id]
        text = case.inventory.read_text() if case.inventory.exists() else ""
        # Keep the case's leading comment (what it is about); YAML dumping drops comments.
        header = "".join(f"{line}\n" for line in takewhile(lambda x: x.startswith("#"), text.splitlines()))
        new = regenerate(summary, yaml.safe_load(text) if text else None)
        case.inventory.write_text(header + yaml.safe_dump(new, sort_keys=False, width=120))
        print(f"{case.id}: wrote {case.inventory.relative_to(harness.REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
