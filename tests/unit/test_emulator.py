"""scripts.emulator: starts moto at a free port, answers, resets, and leaves no process behind."""

from __future__ import annotations

import os

import boto3
import pytest

from scripts.emulator import Emulator, EmulatorError, client_environ


def test_emulator_answers_and_stops_cleanly():
    with Emulator() as emu:
        assert emu.answers() and emu.running
        env = client_environ(emu, base={"AWS_PROFILE": "prod"})
        assert "AWS_PROFILE" not in env and env["AWS_ENDPOINT_URL"] == emu.endpoint
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
