"""One running AWS provider per test process, that its offline Terraform runs attach to.

Every `terraform` process starts the AWS provider plugin for itself, and `terraform test` starts it
again for each run and each step of a run. The plugin is a 700 MB Go program whose start alone costs
about 0.3 CPU-s here, before it builds its schema. That, not planning, was most of the suite's
Terraform time: modules/agent-config's 25 test runs took 30.4 CPU-s with a provider per start and
5.8 CPU-s attached to one running provider.

Terraform can attach to a provider that is already running: started with ``-debug``, the provider
prints a ``TF_REATTACH_PROVIDERS`` value, and a Terraform process that has it in its environment
neither starts nor stops that provider (`terraform init` then leaves it out of the lock file). It is
the binary that `terraform init` selects from the same mirror (``provider_binary``); only who starts
it changes.

Where that is safe, and so where the harness attaches (``harness.Workspace``):

- The provider reads its environment and working folder once, where it was started, not from the
  Terraform process. ``SHARED`` has no AWS settings at all: offline plans give fake credentials in
  their provider block, and mock providers read none. A root applied to the emulator gets a provider
  of its own (``for_root``), started with the emulator's AWS_* settings (endpoint, credentials,
  region) in the root's folder (a Lambda's ``filename = "./fn.zip"`` is read from there), and
  stopped after the destroy (``harness.applied``): it saves the starts of one root's init, apply,
  plans and destroy (examples/minimal and the lambda-function root: 50.7 -> 37.8 CPU-s).
- One configuration at a time. A configured provider holds one configuration (region, credentials).
  A test process runs its Terraform processes one after another, and no configuration here has a
  second ``aws`` provider (an alias). So each test process (each xdist worker) has its own provider.
- ``AWS_CA_BUNDLE`` is never passed on: with it, the provider fails every configuration after its
  first (the emulator is plain HTTP).

``ACF_SHARED_PROVIDER=0`` turns it off: each Terraform process then starts its own provider, as a
user's does.
"""

from __future__ import annotations

import atexit
import ctypes
import functools
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from scripts import tfenv

SWITCH = "ACF_SHARED_PROVIDER"
ADDRESS = "registry.terraform.io/hashicorp/aws"
START_TIMEOUT_S = 120
_REATTACH = re.compile(r"TF_REATTACH_PROVIDERS='(\{.*\})'")
# The provider's own environment: none of the caller's AWS_* settings (a profile, an endpoint, a CA
# bundle), no logging.
_DROPPED = ("TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PATH")
_ISOLATED = {
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}


class ProviderStartError(RuntimeError):
    """The AWS provider did not start in debug mode (its output says why)."""


def enabled() -> bool:
    return os.environ.get(SWITCH, "1").strip() != "0"


@functools.cache
def provider_binary() -> Path:
    """The AWS provider binary `terraform init` selects for this repository's version constraint
    (from the mirror, or the registry through the plugin cache): init a scratch root that holds only
    the root module's versions.tf, and read what it installed."""
    scratch = Path(tempfile.mkdtemp(prefix="acf-provider-init-"))
    try:
        shutil.copy2(tfenv.REPO_ROOT / "versions.tf", scratch / "versions.tf")
        done = subprocess.run(
            ["terraform", "init", "-input=false", "-no-color", "-backend=false"],
            cwd=scratch,
            env=tfenv.terraform_env(),
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise ProviderStartError(f"terraform init failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        found = sorted((scratch / ".terraform" / "providers" / ADDRESS).glob("*/*/terraform-provider-aws*"))
        if len(found) != 1:
            raise ProviderStartError(f"expected one AWS provider binary after terraform init, found {found}")
        return found[0].resolve()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


class SharedProvider:
    """An AWS provider started in debug mode on first use, stopped when the process exits. Its
    environment has none of the caller's AWS_* settings, only ``aws`` (an emulator's endpoint and
    credentials; none for offline plans). It runs in ``cwd`` when given: the provider resolves a
    relative path (a Lambda's ``filename = "./fn.zip"``) from its own working folder, which for a
    provider Terraform starts is the root's."""

    def __init__(self, aws: Mapping[str, str] | None = None, cwd: Path | None = None) -> None:
        self._aws = dict(aws or {})
        self._cwd = cwd
        self._proc: subprocess.Popen[bytes] | None = None
        self._reattach = ""
        self._folder: Path | None = None

    def env(self) -> dict[str, str]:
        """What a Terraform process's environment needs to attach (empty when turned off). Starts the
        provider, or starts it again if it has exited."""
        if not enabled():
            return {}
        if self._proc is None or self._proc.poll() is not None:
            self._start()
        return {"TF_REATTACH_PROVIDERS": self._reattach}

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    def _start(self) -> None:
        self.stop()  # a provider that exited leaves its log folder behind
        binary = provider_binary()
        self._folder = Path(tempfile.mkdtemp(prefix="acf-provider-"))
        log = self._folder / "provider.log"
        # Terraform's settings for Go programs (tfenv.GO_GC_SETTINGS) apply to the provider it starts.
        env = {
            k: v for k, v in tfenv.terraform_env().items() if k not in _DROPPED and not k.startswith("AWS_")
        }
        env.update(_ISOLATED)
        env.update(self._aws)
        with log.open("wb") as out:
            self._proc = subprocess.Popen(
                [str(binary), "-debug"],
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self._cwd or self._folder,
                env=env,
                preexec_fn=_end_with_parent,
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            text = log.read_text(errors="replace")
            found = _REATTACH.search(text)
            if found:
                self._reattach = found.group(1)
                break
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise ProviderStartError(
                    f"{binary} -debug did not print TF_REATTACH_PROVIDERS:\n{text[-3000:]}"
                )
            time.sleep(0.05)

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def _end_with_parent() -> None:
    """In the provider's process before it runs: on Linux, have the kernel stop it when the test
    process ends, however that ends (``stop`` and atexit cover a normal exit)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


# The test process's provider for offline plans and mock providers (see the module docstring).
SHARED = SharedProvider()
# Not passed on: a CA bundle breaks every configuration after the first, and the emulator is plain HTTP.
_NOT_PASSED = ("AWS_CA_BUNDLE", "AWS_PROFILE", "AWS_DEFAULT_PROFILE")
_STARTED: list[SharedProvider] = []


def for_root(environ: Mapping[str, str] | None, cwd: Path) -> SharedProvider:
    """The provider for a Terraform root in ``cwd`` whose Terraform environment is ``environ``.

    With no AWS_* settings in it (offline plans, mock providers), ``SHARED``. With some (an
    emulator's endpoint, credentials and region, which the provider reads from its own environment),
    a provider of the root's own, running in the root's folder: ``release`` it when the root is
    done."""
    aws = {k: v for k, v in (environ or {}).items() if k.startswith("AWS_") and k not in _NOT_PASSED}
    if not aws:
        return SHARED
    provider = SharedProvider(aws, cwd=cwd)
    _STARTED.append(provider)
    return provider


def release(provider: SharedProvider) -> None:
    """Stop a root's own provider (from ``for_root``); ``SHARED`` keeps running for the next root."""
    if provider is not SHARED:
        provider.stop()
        _STARTED.remove(provider)


def stop_all() -> None:
    """Stop every provider this process started (at the end of the test session, and at exit)."""
    for provider in [SHARED, *_STARTED]:
        provider.stop()
    _STARTED.clear()


atexit.register(stop_all)
