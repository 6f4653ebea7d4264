#!/usr/bin/env python3
"""Post the monthly cost change of a pull request as one PR comment, updated on every push.

The step of examples/ci/cost.yml after Terraform has planned the base and the head:

    python examples/ci/pr_cost.py --base base/plan.tfplan --head head/plan.tfplan -- --fail-on-increase 10%

1. Runs ``agentcore-finops estimate --plan HEAD --against BASE --format markdown`` (arguments after
   ``--`` are passed on: a gate, ``--usage``, ``--prices``, ``--plan-module``) and writes the comment
   to ``--output`` (default ``cost.md``), which the workflow also uploads or prints.
2. On a pull request (``GITHUB_TOKEN``, ``GITHUB_REPOSITORY`` and the event's PR number set), finds
   the comment that carries the estimator's hidden marker and edits it (``--comment update``, the
   default), or posts a new one when there is none (``new`` always posts; ``off`` never comments).
3. Exits with the estimator's status: 0, 2 (bad input: no comment is posted) or 3 (a cost gate
   failed: the comment is posted, then the job fails).

Only the Python standard library and the installed ``agentcore-finops`` command are used.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

MARKER = "<!-- agentcore-finops-estimate -->"  # agentcore_finops.estimate.formats.MARKER
EXIT_BAD_INPUT = 2
EXIT_GATE_FAILED = 3  # the report is written: post it, then fail
TIMEOUT_SECONDS = 30
# The package is not on PyPI: install it from the Git tag, as the README and cost.yml do.
INSTALL = (
    'pip install "agentcore-finops @ git+https://github.com/agentcore-finops/agentcore-finops.git@v0.1.0"'
)


def estimate(base: str, head: str, output: Path, extra: list[str]) -> int:
    exe = shutil.which("agentcore-finops")
    if exe is None:
        print(f"pr_cost: agentcore-finops is not on PATH ({INSTALL})", file=sys.stderr)
        return EXIT_BAD_INPUT
    cmd = [exe, "estimate", "--plan", head, "--against", base, "--format", "markdown", "-o", str(output)]
    return subprocess.run([*cmd, *extra], check=False).returncode


def _pr_number() -> int | None:
    explicit = os.environ.get("PR_NUMBER")
    if explicit:
        return int(explicit)
    event = os.environ.get("GITHUB_EVENT_PATH")
    if not event or not Path(event).is_file():
        return None
    number = (json.loads(Path(event).read_text()).get("pull_request") or {}).get("number")
    return int(number) if number else None


def _api(method: str, url: str, token: str, body: dict | None = None) -> object:
    request = urllib.request.Request(
        url,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        return json.loads(response.read() or b"null")


def comment(body: str, mode: str) -> str:
    """Post or update the PR comment; returns what was done (for the log)."""
    token, repo, number = os.environ.get("GITHUB_TOKEN"), os.environ.get("GITHUB_REPOSITORY"), _pr_number()
    if mode == "off" or not (token and repo and number):
        return "no comment (not a pull request, or GITHUB_TOKEN/GITHUB_REPOSITORY unset)"
    api = os.environ.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
    if mode == "update":
        page = 1
        while True:
            comments = _api(
                "GET", f"{api}/repos/{repo}/issues/{number}/comments?per_page=100&page={page}", token
            )
            mine = [c for c in comments if MARKER in (c.get("body") or "")]
            if mine:
                _api("PATCH", f"{api}/repos/{repo}/issues/comments/{mine[0]['id']}", token, {"body": body})
                return f"updated comment {mine[0]['id']}"
            if len(comments) < 100:
                break
            page += 1
    created = _api("POST", f"{api}/repos/{repo}/issues/{number}/comments", token, {"body": body})
    return f"posted comment {created.get('id') if isinstance(created, dict) else ''}".rstrip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="plan of the base branch (plan file or its JSON)")
    parser.add_argument("--head", required=True, help="plan of the pull request")
    parser.add_argument("--output", default="cost.md", help="where the Markdown goes (default cost.md)")
    parser.add_argument("--comment", choices=("update", "new", "off"), default="update")
    parser.add_argument("extra", nargs="*", help="after --: more agentcore-finops estimate options")
    args = parser.parse_args(argv)
    output = Path(args.output)
    output.unlink(missing_ok=True)  # never post an earlier run's report
    status = estimate(args.base, args.head, output, args.extra)
    if status not in (0, EXIT_GATE_FAILED) or not output.is_file():
        return status or EXIT_BAD_INPUT
    try:
        print(f"pr_cost: {comment(output.read_text(encoding='utf-8'), args.comment)}", file=sys.stderr)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        # The estimate stands; a comment that cannot be posted must not hide the gate's verdict.
        print(f"pr_cost: could not post the comment: {exc}", file=sys.stderr)
        return status or 1
    return status


if __name__ == "__main__":
    sys.exit(main())
