"""boto3 clients set up once per process, with adaptive retries and a project user agent.

Endpoints come from the standard AWS settings, so ``AWS_ENDPOINT_URL`` points every client at the
local emulator in tests and the demo without code changes.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3
from botocore.config import Config

from . import __version__

DEFAULT_MAX_ATTEMPTS = 8


def client_config(max_attempts: int = DEFAULT_MAX_ATTEMPTS, **overrides: Any) -> Config:
    """Adaptive retry mode: exponential backoff with jitter plus client-side rate limiting on throttles.

    With ``max_attempts=1`` the caller is the only retry layer, so standard mode is used: adaptive mode
    would still install botocore's rate limiter, which sleeps outside the caller's own backoff."""
    mode = "standard" if max_attempts == 1 else "adaptive"
    return Config(
        retries={"mode": mode, "total_max_attempts": max_attempts},  # attempts, the first one included
        user_agent_extra=f"agentcore-finops/{__version__}",
        **overrides,
    )


@cache
def client(service: str, region: str | None = None, max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> Any:
    """A cached client: Lambdas create it on first use and reuse it across warm invocations."""
    return boto3.session.Session().client(service, region_name=region, config=client_config(max_attempts))


def reset_clients() -> None:
    """Forget cached clients (tests that switch endpoints or credentials call this)."""
    client.cache_clear()
