"""Test harness: staged Terraform workspaces, offline plans and applies, driven through tftest.

Every plan or apply runs in a staged copy of the repository (scripts.tfenv.stage), so tests never
write state or .terraform folders into the source tree and can run in parallel.

The account: the root module and the examples require ``account_id``. Offline plans get the
emulator's account (``OFFLINE_TF_ENV``), and applies get it from the emulator's environment
(``emulator.Emulator.env``), both as ``TF_VAR_account_id``: a test names an account only when it
tests one. A configuration that sets ``account_id`` itself (a variable, a module argument) wins.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import hcl2
import tftest
from filelock import FileLock

import emulator
from scripts import tfenv
from scripts.inventory import PlanSummary, summarise
from tests import shared_provider as providers

REPO_ROOT = tfenv.REPO_ROOT
MODULES = sorted(p.parent.relative_to(REPO_ROOT).as_posix() for p in REPO_ROOT.glob("modules/*/main.tf"))
EXAMPLES = sorted(p.parent.relative_to(REPO_ROOT).as_posix() for p in REPO_ROOT.glob("examples/*/main.tf"))
ROOTS = [".", *MODULES, *EXAMPLES]
# What offline plans add to Terraform's environment: the account the offline provider stands for.
OFFLINE_TF_ENV = {"TF_VAR_account_id": emulator.ACCOUNT_ID}


def shared_provider_env() -> dict[str, str]:
    """What attaches a Terraform process to this test process's running AWS provider for offline
    plans and mock providers (empty when ``ACF_SHARED_PROVIDER=0``); see tests/shared_provider.py
    for where that is safe."""
    return providers.SHARED.env()


class Workspace:
    """A staged copy of the repository with one Terraform root (``target``) set up through tftest.

    ``files`` writes extra files into the target first; with a new target folder name this makes a
    scratch root (for example one that calls a single module by ``../modules/<name>``).
    ``shared_provider`` (default: ``offline``) attaches its Terraform processes to a running AWS
    provider (tests/shared_provider.py ``for_root``): the test process's own when ``env`` has no AWS_*
    settings (offline plans, mock providers), else one of this root's own with those settings (an
    emulator's), which ``close`` stops.
    """

    def __init__(
        self,
        target: str,
        base: Path,
        env: Mapping[str, str] | None = None,
        offline: bool = True,
        files: Mapping[str, str | bytes] | None = None,
        shared_provider: bool | None = None,
    ):
        self.root = tfenv.stage(base)
        self.target = target
        self.tfdir = self.root / target
        self.offline = offline
        for name, content in (files or {}).items():
            path = self.tfdir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content)
        if not self.tfdir.is_dir():
            raise FileNotFoundError(f"no Terraform root at {target}")
        if offline:
            tfenv.make_offline(self.tfdir)
            env = {**OFFLINE_TF_ENV, **(env or {})}
        self.provider: providers.SharedProvider | None = None
        if offline if shared_provider is None else shared_provider:
            self.provider = providers.for_root(env, self.tfdir)
        self.tf = tftest.TerraformTest(str(self.tfdir), env=tfenv.terraform_env(env))
        self.attach()

    def attach(self) -> None:
        """Point this workspace's Terraform at its running provider, started again if it has exited:
        a provider that crashed fails one command, not every later test of a module-scoped workspace.
        Every command below calls it; a test that drives ``self.tf`` itself calls it first."""
        if self.provider is not None:
            self.tf.env.update(self.provider.env())

    def set_vars(self, tf_vars: Mapping[str, Any] | None) -> None:
        """Write variables as an auto-loaded JSON tfvars file (keeps types exact, unlike -var)."""
        path = self.tfdir / "zz_test.auto.tfvars.json"
        if tf_vars:
            path.write_text(json.dumps(tf_vars))
        elif path.exists():
            path.unlink()

    def init(self) -> str:
        self.attach()
        return self.tf.setup(upgrade=False)

    def run(self, *args: str) -> tftest.TerraformCommandOutput:
        self.attach()
        return self.tf.execute_command(*args)

    def plan(
        self,
        tf_vars: Mapping[str, Any] | None = None,
        var_files: list[Path] | None = None,
        full: bool = False,
    ) -> PlanSummary:
        """Plan this root. Offline, by default, as a ``terraform test`` run (one process, see
        ``plan_many``; its plan JSON has no ``planned_values``, ``configuration`` or ``checks``);
        with ``full``, or against an emulator (where the plan must start from the applied state), as
        ``terraform plan`` then ``terraform show -json``. A failed offline plan raises PlanFailed."""
        if self.offline and not full:
            self.set_vars(None)
            request = PlanRequest(self.target, tf_vars, tuple(Path(f).resolve() for f in var_files or []))
            return summarise(_plan_in_one_process(self.root, self.tfdir, {"plan": request})["plan"])
        self.set_vars(tf_vars)
        self.attach()
        files = [str(Path(f).resolve()) for f in var_files or []]
        plan = self.tf.plan(output=True, tf_var_file=files or None)
        return summarise(plan._raw)

    def apply(self, tf_vars: Mapping[str, Any] | None = None) -> str:
        self.set_vars(tf_vars)
        self.attach()
        return self.tf.apply()

    def outputs(self) -> dict[str, Any]:
        self.attach()
        return {k: v for k, v in self.tf.output().items()}

    def destroy(self) -> str:
        """Destroy what this workspace applied, without a refresh first (``-refresh=false``).

        The state was written by this workspace's own apply (``applied``) minutes before, and what a
        test changes behind Terraform's back (an item's value, a log group's retention) is nothing
        destroy needs to know to delete it, so a refresh (a read of every resource) is repeated work:
        on examples/complete, 28.4 s -> 22.7 s of destroy's CPU (Terraform's and the provider's) and
        92 s -> 56 s of its wall time; on examples/minimal, 7.4 s -> 5.2 s."""
        self.attach()
        return self.tf.destroy(refresh=False)

    def close(self) -> None:
        """Stop this root's own provider, if it has one (the shared one keeps running)."""
        if self.provider is not None:
            providers.release(self.provider)
            self.provider = None


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
    return ws.plan(tf_vars, var_files, full=True)


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
    target: str,
    tf_vars: Mapping[str, Any] | None = None,
    var_files: list[Path] | None = None,
    files: Mapping[str, str | Link] | None = None,
    kind: str = "show",
) -> str:
    """What a plan depends on: the staged sources, the target, the variables, the contents of the
    variable files (in order), files written into the target, and the kind of plan JSON (``show``
    from ``plan``, ``test`` from ``plan_many``)."""
    digest = hashlib.sha256(_sources_digest().encode())
    digest.update(json.dumps([target, tf_vars or None], sort_keys=True).encode())
    for var_file in var_files or []:
        digest.update(b"\0" + Path(var_file).read_bytes())
    if files or kind != "show":
        extra = {n: (f"link:{c.to}" if isinstance(c, Link) else c) for n, c in (files or {}).items()}
        digest.update(json.dumps([kind, extra], sort_keys=True).encode())
    return digest.hexdigest()[:32]


class PlanFailed(AssertionError):
    """A plan by ``plan_many`` (or an offline ``Workspace.plan``) failed; ``errors`` maps each failed
    configuration's key to its errors as one line (see ``error_text``)."""

    def __init__(self, message: str, errors: Mapping[str, str]):
        super().__init__(message)
        self.errors = dict(errors)


@dataclass(frozen=True)
class PlanRequest:
    """One configuration for ``plan_many``: a Terraform root (``target``, relative to the repository),
    its variables (``var_files`` in order, then ``tf_vars``, as ``terraform plan -var-file ...`` with
    a JSON tfvars last would take them), and ``files`` to write into the target first (a scratch root:
    its ``main.tf``; a ``Link`` value makes a symbolic link)."""

    target: str
    tf_vars: Mapping[str, Any] | None = None
    var_files: tuple[Path, ...] = ()
    files: Mapping[str, str | Link] | None = None

    def key(self, kind: str = "test") -> str:
        return plan_key(self.target, self.tf_vars, list(self.var_files), files=self.files, kind=kind)


@dataclass(frozen=True)
class Link:
    """A symbolic link to write into a staged copy (relative to the link's own folder)."""

    to: str


def plan_many(
    requests: Mapping[str, PlanRequest], base: Path, shared_target: bool = True
) -> dict[str, PlanSummary]:
    """Plan several configurations offline, in as few Terraform processes as possible.

    ``harness.plan`` runs ``terraform plan`` then ``terraform show -json``: each loads the AWS
    provider's schema, which is most of a small plan's cost. Here each target's configurations are
    the runs of one ``terraform test`` (``command = plan``): the schema is loaded once per target, and
    each run's plan comes back from ``-json -verbose``. Such a plan has ``resource_changes`` and
    ``output_changes`` but no ``planned_values``, ``configuration`` or ``checks``: use ``plan`` when a
    test reads those. With ``shared_target`` set to False the configurations need not share a target
    (they all run from the staged copy's root, each as the run's ``module``), so their variables must
    not hold paths relative to the working folder.

    Plans are shared through the plan cache like ``plan``'s (keyed per configuration), so a sibling
    test that asks for the same set reads what the first one planned. A configuration whose plan fails
    raises AssertionError naming it, with Terraform's errors."""
    # Planned from the root, a module's path.module differs: a plan of another kind.
    keys = {
        name: request.key("test" if shared_target else "test-from-root") for name, request in requests.items()
    }
    cache_dir: Path | None = _plan_cache["dir"]
    if cache_dir is None:
        raws = _plan_batch({keys[n]: r for n, r in requests.items()}, base, shared_target)
        return {name: summarise(raws[keys[name]]) for name in requests}
    cache_dir.mkdir(parents=True, exist_ok=True)
    wanted = sorted({k for k in keys.values() if k not in _plan_cache["summaries"]})
    with ExitStack() as locks:
        missing = []
        for key in wanted:  # in sorted order, so two processes never wait on each other
            locks.enter_context(FileLock(cache_dir / f"{key}.json.lock"))
            if not (cache_dir / f"{key}.json").is_file():
                missing.append(key)
        if missing:
            by_key = {keys[n]: r for n, r in requests.items()}
            for key, raw in _plan_batch({k: by_key[k] for k in missing}, base, shared_target).items():
                tmp = cache_dir / f"{key}.{os.getpid()}.tmp"
                tmp.write_text(json.dumps(raw))
                tmp.replace(cache_dir / f"{key}.json")
                _plan_cache["planned"].append(key)
    for key in wanted:
        _plan_cache["summaries"][key] = summarise(json.loads((cache_dir / f"{key}.json").read_text()))
    return {name: _plan_cache["summaries"][keys[name]] for name in requests}


def _plan_batch(
    requests: Mapping[str, PlanRequest], base: Path, shared_target: bool
) -> dict[str, dict[str, Any]]:
    """Plan ``requests`` (by key) in a staged copy under ``base``: one ``terraform test`` per target
    in the target's folder, or (``shared_target`` False) one for all in the staged copy's root; each
    configuration is a test file of its own (after an error Terraform skips the rest of a file)."""
    root = tfenv.stage(base)
    if not shared_target:
        return _plan_in_one_process(root, root, requests)
    by_target: dict[str, dict[str, PlanRequest]] = {}
    for key, request in requests.items():
        by_target.setdefault(request.target, {})[key] = request
    raws: dict[str, dict[str, Any]] = {}
    for target, group in by_target.items():
        raws.update(_plan_in_one_process(root, root / target, group))
    return raws


def _plan_in_one_process(
    root: Path, cwd: Path, requests: Mapping[str, PlanRequest]
) -> dict[str, dict[str, Any]]:
    """Each key's plan JSON (see ``_run_plans``), or PlanFailed naming the configurations that failed."""
    results = _run_plans(root, cwd, requests)
    failed = {key: result.errors for key, result in results.items() if result.plan is None}
    if failed:
        described = "\n".join(
            f"- {requests[key].target} {requests[key].tf_vars or ''} "
            f"{[str(f) for f in requests[key].var_files] or ''}: {text or '(no error reported)'}"
            for key, text in failed.items()
        )
        raise PlanFailed(f"plan failed:\n{described}", failed)
    return {key: result.plan for key, result in results.items() if result.plan is not None}


def _run_plans(root: Path, cwd: Path, requests: Mapping[str, PlanRequest]) -> dict[str, _RunResult]:
    """Plan ``requests`` (by key) as the runs of one ``terraform test`` in ``cwd``: each key's
    ``_RunResult`` (its plan JSON, or None and its errors)."""
    folder = "zz-plans"
    shutil.rmtree(cwd / folder, ignore_errors=True)
    (cwd / folder).mkdir(parents=True)
    files: dict[str, str] = {}
    roots: dict[Path, dict[str, dict[str, Any]]] = {}
    for i, (key, request) in enumerate(requests.items()):
        tfdir = root / request.target
        for name, content in (request.files or {}).items():
            path = tfdir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Link):
                path.symlink_to(content.to)
            else:
                path.write_text(content)
        source = os.path.relpath(tfdir, cwd)
        module = "" if source == "." else f'  module {{\n    source = "./{source}"\n  }}\n'
        merged = _merged_variables(request)
        variables = "\n".join(f"    {name} = {value}" for name, value in merged.items())
        if tfdir not in roots:  # each target's files are read once per batch
            roots[tfdir] = _provider_and_variables(tfdir)
        region = _region(roots[tfdir], merged)
        path = f"{folder}/plan_{i}.tftest.hcl"
        files[path] = key
        (cwd / path).write_text(
            _OFFLINE_TEST_PROVIDER.replace("REGION", region)
            + f'run "plan" {{\n  command = plan\n  providers = {{\n    aws = aws\n  }}\n{module}'
            + f"  variables {{\n{variables}\n  }}\n}}\n"
        )
    results = _run_test_files(cwd, folder, tfenv.terraform_env({**OFFLINE_TF_ENV, **shared_provider_env()}))
    return {files[p]: results[p] for p in files}


@dataclass
class _RunResult:
    status: str | None = None  # the run's final status: "pass", "fail", "error", "skip"
    errors: str = ""  # its error diagnostics as one line (see _diagnostic_text)
    plan: dict[str, Any] | None = None  # the run's plan JSON (when it passed)


def _run_test_files(cwd: Path, folder: str, env: Mapping[str, str]) -> dict[str, _RunResult]:
    """Initialise ``cwd`` for the test files in ``cwd/folder`` (one run each), run ``terraform test
    -json -verbose`` over them and return each file's result, keyed by its path relative to ``cwd``.
    Raises AssertionError naming the files Terraform reported no result for (with its output), never
    returns a partial answer."""
    done = subprocess.run(
        ["terraform", "init", "-input=false", "-no-color", f"-test-directory={folder}"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise AssertionError(f"terraform init failed in {cwd}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    proc = subprocess.run(
        ["terraform", "test", "-json", "-verbose", "-no-color", f"-test-directory={folder}"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    paths = sorted(p.relative_to(cwd).as_posix() for p in (cwd / folder).glob("*.tftest.hcl"))
    results = {path: _RunResult() for path in paths}
    errors: dict[str, list[str]] = {path: [] for path in paths}
    for line in proc.stdout.splitlines():
        event = parse_test_event(line)
        result = results.get(event.get("@testfile"))
        if result is None:
            continue
        if event.get("type") == "test_plan":
            result.plan = {k: v for k, v in event["test_plan"].items() if k != "provider_schemas"}
        diagnostic = event.get("diagnostic") or {}
        if event.get("type") == "diagnostic" and diagnostic.get("severity") == "error":
            errors[event["@testfile"]].append(_diagnostic_text(diagnostic))
        run = event.get("test_run") or {}
        if run.get("progress") == "complete":
            result.status = run.get("status", "")
    missing = [p for p, r in results.items() if r.status is None]
    if missing:
        raise AssertionError(
            f"terraform test reported no result for {missing}:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}"
        )
    for path, result in results.items():
        result.errors = " ".join(" ".join(errors[path]).split())
        if result.status != "pass":
            result.plan = None
    return results


# How a `terraform test -json -verbose` plan event ends: its plan's last member is the providers' schemas.
_PLAN_EVENT_END = '},"type":"test_plan"}'
_SCHEMAS = ',"provider_schemas":'


def parse_test_event(line: str) -> dict[str, Any]:
    """One line of `terraform test -json` output as a dict ({} for a line that is not JSON).

    A ``-verbose`` plan event carries the AWS provider's whole schema: 13.6 MB of a 13.7 MB line,
    which costs 0.8 CPU-s a run to parse here, for a member the harness drops. It is the plan's last
    member, so such a line is cut before its last ``"provider_schemas"`` member and closed again (a
    quote inside a JSON string is escaped, so the name cannot match inside a string, and the schemas
    hold no member of that name). A line of another shape, or one the cut leaves unreadable, is
    parsed whole."""
    if not line.startswith("{"):
        return {}
    if len(line) > 1_000_000 and line.endswith(_PLAN_EVENT_END):
        cut = line.rfind(_SCHEMAS)
        if cut > 0:
            try:
                event = json.loads(line[:cut] + _PLAN_EVENT_END)
            except json.JSONDecodeError:
                event = None
            plan = event.get("test_plan") if isinstance(event, dict) else None
            if isinstance(plan, dict) and "provider_schemas" not in plan:
                return event
    return json.loads(line)


_OFFLINE_TEST_PROVIDER = """\
provider "aws" {
  region                      = "REGION"
  access_key                  = "offline"
  secret_key                  = "offline"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  skip_region_validation      = true
}

"""


def _merged_variables(request: PlanRequest) -> dict[str, str]:
    """Each variable's value as an HCL expression: the var files in order, then ``tf_vars`` (a later
    definition of a variable replaces an earlier one, as with ``-var-file``)."""
    merged: dict[str, str] = {}
    for var_file in request.var_files:
        text = Path(var_file).read_text()
        if str(var_file).endswith(".json"):  # a JSON tfvars file: values, as tf_vars are
            merged.update({name: _hcl(value) for name, value in json.loads(text).items()})
            continue
        for name, value in hcl2.loads(text).items():
            if not name.startswith("__"):  # python-hcl2's __comments__ and the like
                merged[name] = hcl2.dumps({name: value}).partition("=")[2].strip()
    for name, value in (request.tf_vars or {}).items():
        merged[name] = _hcl(value)
    return merged


def _provider_and_variables(tfdir: Path) -> dict[str, dict[str, Any]]:
    """The ``provider`` and ``variable`` blocks of a Terraform root, by label."""
    config: dict[str, dict[str, Any]] = {"provider": {}, "variable": {}}
    for path in sorted(tfdir.glob("*.tf")):
        parsed = hcl2.loads(path.read_text())
        for block in config:
            for item in parsed.get(block, []):  # python-hcl2 keeps a label's quotes: '"aws"'
                config[block].update({k.strip('"'): v for k, v in item.items()})
    return config


def _region(config: Mapping[str, Mapping[str, Any]], variables: Mapping[str, str]) -> str:
    """The region a root's provider would use (``config`` from ``_provider_and_variables``): a
    literal in its ``provider "aws"`` block, else its ``region`` variable (as set, else its default),
    else us-east-1 (the offline provider's)."""
    expression = str((config.get("provider", {}).get("aws") or {}).get("region", ""))
    literal = re.fullmatch(r'"([a-z0-9-]+)"', expression)
    if literal:
        return literal.group(1)
    if expression == "${var.region}":
        value = variables.get("region") or str(
            (config.get("variable", {}).get("region") or {}).get("default", "")
        )
        match = re.fullmatch(r'"?([a-z0-9-]+)"?', value)
        if match:
            return match.group(1)
    return "us-east-1"


@contextmanager
def applied(
    target: str,
    base: Path,
    env: Mapping[str, str],
    tf_vars: Mapping[str, Any] | None = None,
    files: Mapping[str, str | bytes] | None = None,
) -> Iterator[Workspace]:
    """Apply ``target`` to the emulator named in ``env``; always destroy on the way out."""
    ws = Workspace(target, base, env=env, offline=False, files=files, shared_provider=True)
    try:
        ws.init()
        try:
            ws.apply(tf_vars)
            yield ws
        finally:
            ws.destroy()
    finally:
        ws.close()


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
    except PlanFailed as exc:
        [text] = exc.errors.values()
        return text
    raise AssertionError(f"the plan succeeded; expected it to fail with tf_vars={tf_vars!r}")


@dataclass(frozen=True)
class PlanOutcome:
    """One configuration's plan from ``plan_cases``: its summary, or its errors as one line."""

    summary: PlanSummary | None  # None when the plan failed
    errors: str | None  # None when it planned

    def planned(self) -> PlanSummary:
        """The summary; a failed plan raises AssertionError with its errors."""
        if self.summary is None:
            raise AssertionError(f"the plan failed: {self.errors}")
        return self.summary

    def failed(self) -> str:
        """The errors; a plan that succeeded raises AssertionError."""
        if self.errors is None:
            raise AssertionError("the plan succeeded; expected it to fail")
        return self.errors


def plan_cases(ws: Workspace, cases: Mapping[str, Mapping[str, Any] | None]) -> dict[str, PlanOutcome]:
    """Plan ``ws`` offline with each case's variables, good and bad alike, all in one ``terraform
    test`` run (one process loads the provider's schema once, where a plan per case loads it per
    case). Each case is a test file of its own: after an error Terraform skips the rest of a file,
    never the next file. A plan that succeeds comes back as ``plan_many``'s do (no ``planned_values``,
    ``configuration`` or ``checks``; a failed check block fails a ``terraform test`` run, so a case
    that planned had none)."""
    ws.set_vars(None)
    requests = {name: PlanRequest(ws.target, tf_vars) for name, tf_vars in cases.items()}
    results = _run_plans(ws.root, ws.tfdir, requests)
    return {
        name: PlanOutcome(
            summary=None if result.plan is None else summarise(result.plan),
            errors=result.errors if result.plan is None else None,
        )
        for name, result in results.items()
    }


def assert_fails_naming(outcome: PlanOutcome, fragments: list[str]) -> None:
    """The plan failed, and its errors hold every fragment (the field, what is allowed, what was given)."""
    message = outcome.failed()
    missing = [fragment for fragment in fragments if fragment not in message]
    assert not missing, f"{missing} not in the plan error:\n{message[-3000:]}"


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
