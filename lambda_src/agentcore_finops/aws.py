"""boto3 clients set up once per process, with adaptive retries and a project user agent.

Endpoints come from the standard AWS settings, so ``AWS_ENDPOINT_URL`` points every client at the
local emulator in tests and the demo without code changes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, Literal

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, UnknownServiceError

from . import __version__

DEFAULT_MAX_ATTEMPTS = 8
# What an AWS call raises once the client's retries are spent: a service error (ClientError), or a
# connection error or timeout (BotoCoreError).
AWS_ERRORS = (ClientError, BotoCoreError)


def client_config(max_attempts: int = DEFAULT_MAX_ATTEMPTS, **overrides: Any) -> Config:
    """Adaptive retry mode: exponential backoff with jitter plus client-side rate limiting on throttles.

    With ``max_attempts=1`` the caller is the only retry layer, so standard mode is used: adaptive mode
    would still install botocore's rate limiter, which sleeps outside the caller's own backoff."""
    mode: Literal["standard", "adaptive"] = "standard" if max_attempts == 1 else "adaptive"
    return Config(
        retries={"mode": mode, "total_max_attempts": max_attempts},  # attempts, the first one included
        user_agent_extra=f"agentcore-finops/{__version__}",
        **overrides,
    )


@cache
def client(service: str, region: str | None = None, max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> Any:
    """A cached client: Lambdas create it on first use and reuse it across warm invocations."""
    session = boto3.session.Session()
    # boto3-stubs types client() per literal service name; `service` is any name, so the result is Any.
    return session.client(service, region_name=region, config=client_config(max_attempts))  # type: ignore[call-overload]


def reset_clients() -> None:
    """Forget cached clients (tests that switch endpoints or credentials call this)."""
    client.cache_clear()


def error_of(exc: Exception) -> tuple[str, str]:
    """(code, message) of an AWS error: the service's error code, or the botocore exception's class
    name for a connection or timeout error."""
    if isinstance(exc, ClientError):
        err = exc.response.get("Error", {})
        return str(err.get("Code", "ClientError")), str(err.get("Message", ""))
    return type(exc).__name__, str(exc)


class MissingApiError(RuntimeError):
    """The boto3/botocore in the function's environment lacks an API the function calls."""


def require_operations(
    make_client: Callable[[], Any], service: str, operations: tuple[str, ...], minimum_botocore: str
) -> Any:
    """The client ``make_client()`` returns once its model has every operation in ``operations``; else a
    MissingApiError that names the missing operations, the botocore found and the version needed.
    Called at cold start, before any AWS call, so an old runtime boto3 fails with this message instead
    of an AttributeError half-way through a run."""
    needed = f"needs botocore >= {minimum_botocore} (attach the function's boto3 layer)"
    try:
        svc = make_client()
    except UnknownServiceError as exc:
        raise MissingApiError(
            f"botocore {botocore.__version__} does not know the service '{service}'; this function {needed}"
        ) from exc
    missing = sorted(set(operations) - set(svc.meta.service_model.operation_names))
    if missing:
        raise MissingApiError(
            f"botocore {botocore.__version__} has no {service} operation(s) {missing}; this function {needed}"
        )
    return svc
