"""The emulator fixture: moto server on 127.0.0.1 at a free port, for the whole test session (one per
xdist worker). Tests get its endpoint through ``aws_env`` and boto3 clients through ``aws``."""

from __future__ import annotations

import os
from collections.abc import Iterator

import boto3
import pytest

from agentcore_finops import aws as acf_aws
from emulator import Emulator, client_environ

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def emulator(tmp_path_factory) -> Iterator[Emulator]:
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    emu = Emulator(log_path=log)
    emu.start()
    try:
        yield emu
    finally:
        emu.stop()
        assert not emu.running


@pytest.fixture
def aws_env(emulator, monkeypatch) -> dict[str, str]:
    """Point this process (boto3, the handlers under test) and child processes (Terraform) at the
    emulator; returns the environment for subprocesses. The emulator starts each test empty, so a test
    that asserts what it holds does not depend on an earlier test's clean-up."""
    emulator.reset()
    env = client_environ(emulator)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    for key, value in emulator.env().items():
        monkeypatch.setenv(key, value)
    acf_aws.reset_clients()
    yield env
    acf_aws.reset_clients()


@pytest.fixture
def aws(aws_env):
    """boto3 clients bound to the emulator: ``aws("dynamodb").get_item(...)``."""
    session = boto3.session.Session(region_name=os.environ["AWS_DEFAULT_REGION"])
    return lambda service: session.client(service)
