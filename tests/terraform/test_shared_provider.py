"""The test harness's running AWS provider (tests/shared_provider.py): Terraform really attaches to it,
it keeps the caller's AWS settings out, it comes back after an exit, and it can be turned off."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts import tfenv
from tests import harness, shared_provider
from tests.harness import REPO_ROOT

pytestmark = pytest.mark.terraform

STACK = 'resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n\noutput "arn" {\n  value = aws_sqs_queue.jobs.arn\n}\n'


@pytest.fixture
def provider():
    started = shared_provider.SharedProvider()
    yield started
    started.stop()


def _plan(folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["terraform", "plan", "-input=false", "-no-color", "-lock=false"],
        cwd=folder,
        env=tfenv.terraform_env(env),
        capture_output=True,
        text=True,
    )


def _scratch_root(folder: Path) -> Path:
    folder.mkdir()
    (folder / "versions.tf").write_text((REPO_ROOT / "versions.tf").read_text())
    (folder / "main.tf").write_text(STACK)
    tfenv.make_offline(folder)
    return folder


def test_terraform_plans_through_the_running_provider_and_starts_none_of_its_own(
    provider, tmp_path, monkeypatch
):
    # A CA bundle in the caller's environment made every configuration after the first fail.
    monkeypatch.setenv("AWS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    folder = _scratch_root(tmp_path / "stack")
    attach = provider.env()
    init = subprocess.run(
        ["terraform", "init", "-input=false", "-no-color", "-backend=false"],
        cwd=folder,
        env=tfenv.terraform_env(attach),
        capture_output=True,
        text=True,
    )
    assert init.returncode == 0, init.stdout[-3000:] + init.stderr[-3000:]
    planned = _plan(folder, attach)
    assert planned.returncode == 0, planned.stdout[-3000:] + planned.stderr[-3000:]
    assert "aws_sqs_queue.jobs will be created" in planned.stdout
    again = _plan(folder, attach)  # the provider is configured a second time
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    # Attached, Terraform neither installs the provider (no lock file entry) nor starts one: once the
    # running provider is gone, the same plan fails instead of starting its own.
    lock = folder / ".terraform.lock.hcl"
    assert not lock.exists() or "hashicorp/aws" not in lock.read_text()
    provider.stop()
    orphaned = _plan(folder, attach)
    assert orphaned.returncode != 0, orphaned.stdout[-3000:]


def test_a_provider_that_exited_is_started_again(provider):
    first = provider.env()
    pid = provider.pid
    assert pid is not None
    provider.stop()
    second = provider.env()
    assert provider.pid not in (None, pid)
    assert second["TF_REATTACH_PROVIDERS"] != first["TF_REATTACH_PROVIDERS"]


def test_a_provider_that_crashed_is_started_again_without_leaving_its_folder(provider):
    provider.env()
    crashed, folder = provider._proc, provider._folder
    assert crashed is not None and folder is not None and folder.is_dir()
    crashed.kill()
    crashed.wait()
    provider.env()
    assert provider.pid != crashed.pid
    assert not folder.exists()  # its log folder went with it
    assert provider._folder is not None and provider._folder.is_dir()


def test_the_provider_reads_none_of_the_callers_aws_settings(provider, monkeypatch):
    """It serves every offline plan of the test process: a profile, an endpoint or a credentials file
    of the caller's would apply to all of them."""
    monkeypatch.setenv("AWS_PROFILE", "production")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:2")
    monkeypatch.setenv("AWS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    monkeypatch.setenv("TF_LOG", "TRACE")
    provider.env()
    raw = Path(f"/proc/{provider.pid}/environ").read_bytes()
    environ = dict(item.split("=", 1) for item in raw.decode().split("\0") if "=" in item)
    assert {k for k in environ if k.startswith("AWS_")} == {
        "AWS_CONFIG_FILE",
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_EC2_METADATA_DISABLED",
    }
    assert "TF_LOG" not in environ
    assert environ["AWS_CONFIG_FILE"] == environ["AWS_SHARED_CREDENTIALS_FILE"] == "/dev/null"
    assert environ["AWS_EC2_METADATA_DISABLED"] == "true"


def test_turned_off_nothing_is_started(provider, monkeypatch):
    monkeypatch.setenv(shared_provider.SWITCH, "0")
    assert provider.env() == {}
    assert provider.pid is None


def test_a_provider_that_does_not_start_is_a_clear_error(provider, monkeypatch, tmp_path):
    fake = tmp_path / "terraform-provider-aws"
    fake.write_text("#!/bin/sh\necho 'no debug mode here'\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr(shared_provider, "provider_binary", lambda: fake)
    with pytest.raises(shared_provider.ProviderStartError, match="did not print TF_REATTACH_PROVIDERS"):
        provider.env()
    assert provider.pid is None


def test_the_provider_ends_with_the_test_process_however_it_ends():
    """An xdist worker that is killed runs no atexit hook: the kernel stops its provider."""
    code = (
        "import os\nfrom tests import shared_provider\n"
        "p = shared_provider.SharedProvider()\np.env()\nprint(p._folder, p.pid, flush=True)\nos._exit(0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    folder, pid_text = done.stdout.split()[-2:]
    shutil.rmtree(folder)  # the log folder of a process that could not clean up after itself
    pid = int(pid_text)
    deadline = time.monotonic() + 30
    while Path(f"/proc/{pid}").exists() and _state(pid) != "Z" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists() or _state(pid) == "Z", (
        f"provider {pid} outlived its test process"
    )


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return "gone"


def test_a_root_applied_to_the_emulator_gets_a_provider_in_its_folder_with_the_emulators_settings(tmp_path):
    emulator_env = {
        "PATH": "/usr/bin",
        "AWS_ENDPOINT_URL": "http://127.0.0.1:5999",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_REGION": "us-east-1",
        "AWS_CA_BUNDLE": "/etc/ssl/certs/ca-certificates.crt",
        "TF_VAR_account_id": "123456789012",
    }
    provider = shared_provider.for_root(emulator_env, tmp_path)
    assert provider is not shared_provider.SHARED
    try:
        provider.env()
        assert Path(f"/proc/{provider.pid}/cwd").resolve() == tmp_path.resolve()
        raw = Path(f"/proc/{provider.pid}/environ").read_bytes()
        environ = dict(item.split("=", 1) for item in raw.decode().split("\0") if "=" in item)
        assert environ["AWS_ENDPOINT_URL"] == "http://127.0.0.1:5999"
        assert environ["AWS_ACCESS_KEY_ID"] == "testing" and environ["AWS_REGION"] == "us-east-1"
        assert "AWS_CA_BUNDLE" not in environ and "TF_VAR_account_id" not in environ
    finally:
        shared_provider.release(provider)
    assert provider.pid is None


def test_a_root_without_aws_settings_shares_the_test_processs_provider(tmp_path):
    """Offline plans and mock providers: ``SHARED``, which ``release`` leaves running."""
    assert shared_provider.for_root({"TF_VAR_account_id": "123456789012"}, tmp_path) is shared_provider.SHARED
    assert shared_provider.for_root(None, tmp_path) is shared_provider.SHARED
    shared_provider.SHARED.env()
    pid = shared_provider.SHARED.pid
    shared_provider.release(shared_provider.SHARED)
    assert shared_provider.SHARED.pid == pid and Path(f"/proc/{pid}").exists()


def test_a_workspace_told_not_to_share_attaches_to_nothing(tmp_path):
    """``shared_provider=False`` holds for an emulator's workspace too: its Terraform starts its own."""
    ws = harness.Workspace(
        "modules/aws-scope",
        tmp_path,
        env={"AWS_ENDPOINT_URL": "http://127.0.0.1:5999"},
        offline=False,
        shared_provider=False,
    )
    assert ws.provider is None and "TF_REATTACH_PROVIDERS" not in ws.tf.env


def test_a_workspace_whose_provider_exited_attaches_to_a_new_one(tmp_path):
    """A module-scoped workspace outlives a crash of the shared provider: its next command restarts
    it and attaches, instead of failing on the old provider's closed socket."""
    ws = harness.Workspace("scratch-stack", tmp_path, files={"main.tf": STACK})
    ws.init()
    before = ws.tf.env["TF_REATTACH_PROVIDERS"]
    shared_provider.SHARED.stop()
    assert "aws_sqs_queue.jobs will be created" in ws.run("plan", "-input=false", "-no-color").out
    assert ws.tf.env["TF_REATTACH_PROVIDERS"] != before
