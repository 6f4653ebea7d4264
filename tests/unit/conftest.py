"""Fixtures shared by the unit tests: a local MCP server standing in for a Gateway (guards), and the
local emulator (the ``emulator`` package) driven over HTTP with boto3 (emulator extensions)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from emulator import REGION, Emulator
from tests.unit.guards_support import mcp_gateway  # noqa: F401 (a local MCP server standing in for a Gateway)


@pytest.fixture(scope="module")
def ext_emulator(tmp_path_factory) -> Iterator[Emulator]:
    """One emulator (moto server plus emulator/ext) per test module."""
    emu = Emulator(log_path=tmp_path_factory.mktemp("emulator") / "server.log")
    emu.start()
    try:
        yield emu
    finally:
        emu.stop()


@pytest.fixture
def ext_aws(ext_emulator: Emulator) -> Callable[..., Any]:
    """boto3 clients bound to a freshly reset emulator: ``ext_aws("appconfig").list_applications()``.

    Retries are off, so an error the emulator returns is the error the test sees; extra keyword
    arguments go to botocore's ``Config`` (``parameter_validation=False`` lets a test send what the
    SDK would refuse, to check the emulator refuses it too)."""
    ext_emulator.reset()
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
    )
    base = Config(retries={"total_max_attempts": 1})

    def client(service: str, **config: Any) -> Any:
        return session.client(
            service, endpoint_url=ext_emulator.endpoint, config=base.merge(Config(**config))
        )

    return client
