"""The emulator package: starts moto (with emulator/ext) at a free port, answers, resets, and leaves
no process behind; the extensions live in the server process only."""

from __future__ import annotations

import os
import subprocess
import sys

import boto3
import pytest

from emulator import REPO_ROOT, Emulator, EmulatorError, client_environ


def test_emulator_answers_and_stops_cleanly():
    with Emulator() as emu:
        assert emu.answers() and emu.running
        env = client_environ(emu, base={"AWS_PROFILE": "prod"})
        assert "AWS_PROFILE" not in env and env["AWS_ENDPOINT_URL"] == emu.endpoint
        # Terraform roots that require account_id (the root module, the examples) get moto's account.
        assert env["TF_VAR_account_id"] == "123456789012"
        sqs = boto3.client(
            "sqs",
            endpoint_url=emu.endpoint,
            region_name="us-east-1",
            aws_access_key_id="t",
            aws_secret_access_key="t",
        )
        sqs.create_queue(QueueName="probe")
        assert len(sqs.list_queues().get("QueueUrls", [])) == 1
        emu.reset()
        assert sqs.list_queues().get("QueueUrls", []) == []
        pid = emu._proc.pid
    assert not emu.running
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_port_in_use_is_a_clear_error():
    with Emulator() as first:
        second = Emulator(port=first.port, start_timeout=5)
        with pytest.raises(EmulatorError):
            second.start()
        assert not second.running


def test_extensions_are_served_by_the_emulator_process_only():
    with Emulator() as emu:
        appconfig = boto3.client(
            "appconfig",
            endpoint_url=emu.endpoint,
            region_name="us-east-1",
            aws_access_key_id="t",
            aws_secret_access_key="t",
        )
        app = appconfig.create_application(Name="probe")["Id"]
        env = appconfig.create_environment(ApplicationId=app, Name="prod")  # plain moto answers 404
        assert appconfig.list_environments(ApplicationId=app)["Items"][0]["Id"] == env["Id"]
    assert "emulator.ext" not in sys.modules, "the extensions load in the server process"


def test_lambda_code_never_imports_the_extensions():
    modules = sorted(
        f"agentcore_finops.{p.stem}"
        for p in (REPO_ROOT / "lambda_src" / "agentcore_finops").glob("*.py")
        if p.stem != "__init__"
    )
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.startswith(('scripts', 'emulator', 'moto')))\n"
        "assert not leaked, leaked\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "lambda_src")}
    subprocess.run([sys.executable, "-c", probe], check=True, env=env, cwd=REPO_ROOT / "lambda_src")
