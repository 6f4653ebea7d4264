"""Discovery of data-driven plan cases: tests/plan/cases/<suite>/tftest.yaml.

    target: examples/complete        # the Terraform root to plan, relative to the repository
    cases:
      reference_fleet:               # <case>.yaml is the inventory; <case>.tfvars is optional
      small_override:
        tfvars: [shared.tfvars]      # optional extra tfvars files in the suite folder

tests/plan/regen_inventory.py uses the same discovery, so a case is planned identically by both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from tests import harness

CASES_DIR = Path(__file__).resolve().parent / "cases"


@dataclass(frozen=True)
class Case:
    suite: str
    name: str
    target: str
    var_files: tuple[Path, ...]
    inventory: Path

    @property
    def id(self) -> str:
        return f"{self.suite}:{self.name}"

    @property
    def from_root(self) -> bool:
        """A module's case is planned from the staged copy's root, as a caller calls the module
        (``module { source = "./modules/<name>" }``), with every other module case in one Terraform
        process: ``path.module`` then reads ``modules/<name>``. The root and the examples, which
        configure their own provider, are planned in their own folder."""
        return self.target.startswith("modules/")

    @property
    def batch(self) -> str:
        """The cases planned together in one Terraform process (and run on one xdist worker)."""
        return "modules" if self.from_root else self.target

    def request(self) -> harness.PlanRequest:
        return harness.PlanRequest(self.target, var_files=self.var_files)


def discover(cases_dir: Path = CASES_DIR) -> list[Case]:
    found = []
    for spec_path in sorted(cases_dir.glob("*/tftest.yaml")):
        suite_dir = spec_path.parent
        spec = yaml.safe_load(spec_path.read_text()) or {}
        if "target" not in spec or not spec.get("cases"):
            raise ValueError(f"{spec_path}: needs 'target' and at least one entry under 'cases'")
        for name, opts in spec["cases"].items():
            opts = opts or {}
            var_files = [suite_dir / f for f in opts.get("tfvars", [])]
            if (suite_dir / f"{name}.tfvars").exists():
                var_files.append(suite_dir / f"{name}.tfvars")
            found.append(
                Case(suite_dir.name, name, spec["target"], tuple(var_files), suite_dir / f"{name}.yaml")
            )
    return found
