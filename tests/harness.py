"""Test harness: staged Terraform workspaces, offline plans and applies, driven through tftest.

Every plan or apply runs in a staged copy of the repository (scripts.tfenv.stage), so tests never
write state or .terraform folders into the source tree and can run in parallel.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import tftest
from filelock import FileLock

from scripts import tfenv
from scripts.inventory import PlanSummary, summarise

REPO_ROOT = tfenv.REPO_ROOT
MODULES = sorted(p.parent.relative_to(REPO_ROOT).as_posix() for p in REPO_ROOT.glob("modules/*/main.tf"))
EXAMPLES = sorted(p.parent.relative_to(REPO_ROOT).as_posix() for p in REPO_ROOT.glob("examples/*/main.tf"))
ROOTS = [".", *MODULES, *EXAMPLES]


class Workspace:
    """A staged copy of the repository with one Terraform root (``target``) set up through tftest.

    ``files`` writes extra files into the target first; with a new target folder name this makes a
    scratch root (for example one that calls a single module by ``../modules/<name>``).
    """

    def __init__(
        self,
        target: str,
        base: Path,
        env: Mapping[str, str] | None = None,
        offline: bool = True,
        files: Mapping[str, str | bytes] | None = None,
    ):
        self.root = tfenv.stage(base)
        self.tfdir = self.root / target
        for name, content in (files or {}).items():
            path = self.tfdir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content)
        if not self.tfdir.is_dir():
            raise FileNotFoundError(f"no Terraform root at {target}")
        if offline:
            tfenv.make_offline(self.tfdir)
        self.tf = tftest.TerraformTest(str(self.tfdir), env=tfenv.terraform_env(env))

    def set_vars(self, tf_vars: Mapping[str, Any] | None) -> None:
        """Write variables as an auto-loaded JSON tfvars file (keeps types exact, unlike -var)."""
        path = self.tfdir / "zz_test.auto.tfvars.json"
        if tf_vars:
            path.write_text(json.dumps(tf_vars))
        elif path.exists():
            path.unlink()

    def init(self) -> str:
        return self.tf.setup(upgrade=False)

    def run(self, *args: str) -> tftest.TerraformCommandOutput:
        return self.tf.execute_command(*args)

    def plan(
        self, tf_vars: Mapping[str, Any] | None = None, var_files: list[Path] | None = None
    ) -> PlanSummary:
        self.set_vars(tf_vars)
        files = [str(Path(f).resolve()) for f in var_files or []]
        plan = self.tf.plan(output=True, tf_var_file=files or None)
        return summarise(plan._raw)

    def apply(self, tf_vars: Mapping[str, Any] | None = None) -> str:
        self.set_vars(tf_vars)
        return self.tf.apply()

    def outputs(self) -> dict[str, Any]:
        return {k: v for k, v in self.tf.output().items()}

    def destroy(self) -> str:
        return self.tf.destroy()


def plan(
    target: str, base: Path, tf_vars: Mapping[str, Any] | None = None, var_files: list[Path] | None = None
) -> PlanSummary:
    """Plan ``target`` of a fresh staged copy offline. With a plan cache in use (``use_plan_cache``;
    the test session sets one up), a configuration with the same files and variables is planned once
    and its plan JSON shared, by every test and every xdist worker of the run."""
    if _plan_cache["dir"] is None:
        return _plan_fresh(target, base, tf_vars, var_files)
    key = plan_key(target, tf_vars, var_files)
    if key not in _plan_cache["summaries"]:
        cache_dir: Path = _plan_cache["dir"]
        cache_dir.mkdir(parents=True, exist_ok=True)
        path = cache_dir / f"{key}.json"
        with FileLock(f"{path}.lock"):
            if not path.is_file():
                raw = _plan_fresh(target, base, tf_vars, var_files).raw
                _plan_cache["planned"].append(key)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_text(json.dumps(raw))
                tmp.replace(path)
        _plan_cache["summaries"][key] = summarise(json.loads(path.read_text()))
    return _plan_cache["summaries"][key]


def _plan_fresh(
    target: str, base: Path, tf_vars: Mapping[str, Any] | None, var_files: list[Path] | None
) -> PlanSummary:
    ws = Workspace(target, base)
    ws.init()
    return ws.plan(tf_vars, var_files)


# The plan cache: its folder (None: off), the summaries this process has read, the keys it planned.
_plan_cache: dict[str, Any] = {"dir": None, "summaries": {}, "planned": []}


def use_plan_cache(directory: Path | None) -> Path | None:
    """Share plans made by ``plan`` through ``directory`` (a folder every xdist worker of one run
    sees; plans are keyed by content, see ``plan_key``), or stop sharing with None. Returns the
    folder used until now."""
    previous = _plan_cache["dir"]
    _plan_cache.update(dir=directory, summaries={}, planned=[])
    return previous


def plans_made() -> list[str]:
    """The keys this process planned itself since ``use_plan_cache`` (the others were read)."""
    return list(_plan_cache["planned"])


@functools.cache
def _sources_digest() -> str:
    """sha256 over what a staged copy holds (paths and contents) and the Terraform CLI it runs."""
    digest = hashlib.sha256()
    for path in tfenv.staged_files():
        digest.update(path.relative_to(REPO_ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    binary = Path(shutil.which("terraform") or "terraform")
    stat = binary.stat() if binary.exists() else None
    digest.update(f"{binary}:{stat and stat.st_size}:{stat and stat.st_mtime_ns}".encode())
    digest.update(tfenv.cli_config_text(tfenv.find_mirror()).encode())
    return digest.hexdigest()


def plan_key(
    target: str, tf_vars: Mapping[str, Any] | None = None, var_files: list[Path] | None = None
) -> str:
    """What a plan by ``plan`` depends on: the staged sources, the target, the variables and the
    contents of the variable files (in order)."""
    digest = hashlib.sha256(_sources_digest().encode())
    digest.update(json.dumps([target, tf_vars or None], sort_keys=True).encode())
    for var_file in var_files or []:
        digest.update(b"\0" + Path(var_file).read_bytes())
    return digest.hexdigest()[:32]


@contextmanager
def applied(
    target: str,
    base: Path,
    env: Mapping[str, str],
    tf_vars: Mapping[str, Any] | None = None,
    files: Mapping[str, str | bytes] | None = None,
) -> Iterator[Workspace]:
    """Apply ``target`` to the emulator named in ``env``; always destroy on the way out."""
    ws = Workspace(target, base, env=env, offline=False, files=files)
    ws.init()
    try:
        ws.apply(tf_vars)
        yield ws
    finally:
        ws.destroy()


def error_text(error: tftest.TerraformTestError) -> str:
    """A Terraform error as one line: box-drawing characters and line wrapping removed."""
    text = " ".join(str(a) for a in error.args).replace("│", " ")
    return " ".join(text.split())


def plan_error(ws: Workspace, tf_vars: Mapping[str, Any] | None = None) -> str:
    """Plan ``ws`` expecting it to fail; returns the error as one line (see ``error_text``)."""
    try:
        ws.plan(tf_vars)
    except tftest.TerraformTestError as exc:
        return error_text(exc)
    raise AssertionError(f"the plan succeeded; expected it to fail with tf_vars={tf_vars!r}")


def plan_errors(ws: Workspace, cases: Mapping[str, Mapping[str, Any]]) -> dict[str, str | None]:
    """Plan ``ws`` with each case's variables, all in one ``terraform test`` run (one process loads
    the provider's schema once, where a plan per case loads it per case). Returns each case's errors
    as one line, as ``plan_error`` does, or None for a case whose plan succeeded. Each case is a test
    file of its own: after an error Terraform skips the rest of a file, never the next file."""
    folder = "zz-plan-errors"
    (ws.tfdir / folder).mkdir(exist_ok=True)
    ws.set_vars(None)
    files = {}
    for i, (name, tf_vars) in enumerate(cases.items()):
        path = f"{folder}/case_{i}.tftest.hcl"
        files[path] = name
        values = "\n".join(f"    {key} = {_hcl(value)}" for key, value in tf_vars.items())
        (ws.tfdir / path).write_text(f'run "case" {{\n  command = plan\n  variables {{\n{values}\n  }}\n}}\n')
    proc = subprocess.run(
        ["terraform", "test", "-json", "-no-color", f"-test-directory={folder}"],
        cwd=ws.tfdir,
        env=ws.tf.env,
        capture_output=True,
        text=True,
    )
    errors: dict[str, list[str]] = {path: [] for path in files}
    status: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        event = json.loads(line) if line.startswith("{") else {}
        path = event.get("@testfile")
        if path not in files:
            continue
        diagnostic = event.get("diagnostic") or {}
        if event.get("type") == "diagnostic" and diagnostic.get("severity") == "error":
            errors[path].append(_diagnostic_text(diagnostic))
        run = event.get("test_run") or {}
        if run.get("progress") == "complete":
            status[path] = run.get("status", "")
    missing = [files[p] for p in files if p not in status]
    if missing:
        raise AssertionError(
            f"terraform test reported no result for {missing}:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}"
        )
    return {
        name: " ".join(" ".join(errors[path]).split()) if status[path] == "error" else None
        for path, name in files.items()
    }


def _diagnostic_text(diagnostic: Mapping[str, Any]) -> str:
    """A JSON diagnostic in the order the CLI prints it: summary, where (with the source line), detail."""
    where, snippet = diagnostic.get("range") or {}, diagnostic.get("snippet") or {}
    parts = [f"Error: {diagnostic.get('summary', '')}"]
    if where:
        parts.append(f"on {where.get('filename')} line {where.get('start', {}).get('line')}")
        if snippet.get("context"):
            parts[-1] += f", in {snippet['context']}:"
        parts.append(snippet.get("code", ""))
    parts.append(diagnostic.get("detail", ""))
    return " ".join(parts)


def _hcl(value: Any) -> str:
    """A JSON value as an HCL expression: JSON is HCL's syntax for values, except that a string's
    ``${`` and ``%{`` start templates there."""
    return json.dumps(value).replace("${", "$${").replace("%{", "%%{")


def lambda_context(function_name: str, request_id: str = "req-1") -> SimpleNamespace:
    """What Lambda passes as a handler's context: the fields Powertools' Logger reads, and no clock
    (a handler then sees no remaining-time limit)."""
    return SimpleNamespace(
        function_name=function_name,
        memory_limit_in_mb=256,
        invoked_function_arn=f"arn:aws:lambda:us-east-1:123456789012:function:{function_name}",
        aws_request_id=request_id,
    )
