"""Check the prerequisites and write the Terraform CLI config; print what will be used.

Fails (exit 1) with a plain message when something the demo or the tests need is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from scripts import tfenv

MIN_TERRAFORM = (1, 9)  # the root module: variable validations that refer to other variables


def main() -> int:
    problems = []
    terraform = shutil.which("terraform")
    version = "missing"
    if terraform is None:
        problems.append("terraform is not on PATH: install Terraform 1.9 or newer")
    else:
        out = subprocess.run(
            [terraform, "version", "-json"], capture_output=True, text=True, env=tfenv.terraform_env()
        )
        version = json.loads(out.stdout or "{}").get("terraform_version", "unknown")
        parts = tuple(int(p) for p in version.split(".")[:2] if p.isdigit())
        if parts < MIN_TERRAFORM:
            problems.append(
                f"Terraform {'.'.join(map(str, MIN_TERRAFORM))} or newer is needed (found {version})"
            )
    try:
        mirror = tfenv.find_mirror()
        config = tfenv.write_cli_config()
    except tfenv.MirrorError as exc:
        problems.append(str(exc))
        mirror, config = None, None
    print(f"terraform {version}; provider mirror: {mirror or 'none (public registry)'}; CLI config: {config}")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
