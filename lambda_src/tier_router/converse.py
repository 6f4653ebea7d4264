"""Invoke mode: one Bedrock Converse call under a decision, retried on transient faults, priced from the catalogue.

The bedrock-runtime client is created with a single attempt (``agentcore_finops.aws.client(...,
max_attempts=1)``), so this module is the only retry layer. Transient faults are retried: throttling
(``THROTTLING``), Bedrock's 5xx and model timeouts (``UNAVAILABLE``), and connection errors and read
timeouts (``CONNECTION_ERRORS``). Up to ``max_attempts`` attempts in all, sleeping a random time
between 0 and ``min(BACKOFF_CAP, BACKOFF_BASE * 2**n)`` before retry n ("full jitter"), and never past
``deadline_seconds`` from the first attempt (a retry whose sleep would end past it is not made). Then
it fails with ``ModelThrottled`` (429, when the last fault was throttling: retry later or raise the
quota) or ``ModelUnavailable`` (503, otherwise), naming the model, the fault, the attempts and the
time spent. Other Bedrock errors are not retried: ``ValidationException`` becomes
``ModelRejectedRequest`` (400, the request's content is at fault); anything else (access denied,
unknown model) propagates as a function error, so the error alarm fires.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from .contract import Request
from .decision import Decision, converse_request

THROTTLING = ("ThrottlingException",)
UNAVAILABLE = (
    "ServiceUnavailableException",
    "ModelNotReadyException",
    "InternalServerException",
    "ModelTimeoutException",
)
RETRYABLE = THROTTLING + UNAVAILABLE
CONNECTION_ERRORS = (EndpointConnectionError, ConnectionClosedError, ReadTimeoutError, ConnectTimeoutError)
BACKOFF_BASE = 0.25  # seconds
BACKOFF_CAP = 8.0


class ModelUnavailable(Exception):
    """Bedrock did not answer on any attempt (5xx, model timeout, connection error)."""

    status = 503
    kind = "ModelUnavailable"
    advice = "retry later"

    def __init__(self, model_id: str, attempts: int, code: str, elapsed: float = 0.0, throttled: int = 0):
        super().__init__(
            f"Bedrock did not answer for {model_id} ({code}) on {attempts} attempt(s) in {elapsed:.1f} s; "
            + self.advice
        )
        self.model_id, self.attempts, self.code, self.elapsed = model_id, attempts, code, elapsed
        self.throttled = throttled  # attempts that were throttled


class ModelThrottled(ModelUnavailable):
    """The last attempt was throttled (earlier ones may have failed otherwise): a quota, not an outage."""

    status = 429
    kind = "ModelThrottled"
    advice = "retry later, or raise the account's on-demand quota for this model"


class ModelRejectedRequest(Exception):
    status = 400
    kind = "ModelRejectedRequest"


@dataclass(frozen=True)
class Usage:
    """Token counts as Converse reports them: ``input_tokens`` is the uncached input only."""

    input_tokens: int
    output_tokens: int
    cache_read_tokens: int
    cache_write_tokens: int

    @property
    def total_input_tokens(self) -> int:
        return self.input_tokens + self.cache_read_tokens + self.cache_write_tokens

    @property
    def cache_hit_ratio(self) -> float | None:
        """Share of this call's input tokens read from the prompt cache (None without input)."""
        total = self.total_input_tokens
        return self.cache_read_tokens / total if total else None

    def to_dict(self) -> dict[str, int]:
        return {
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cache_read_tokens": self.cache_read_tokens,
            "cache_write_tokens": self.cache_write_tokens,
        }


@dataclass(frozen=True)
class Result:
    text: str
    stop_reason: str
    message: dict[str, Any]
    usage: Usage
    cost_usd: Decimal | None
    attempts: int
    throttled_attempts: int = 0  # attempts that Bedrock throttled (each was retried)
    # The model that answered: decision.model_id, or for a prompt router the model it picked.
    invoked_model_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "stop_reason": self.stop_reason,
            "message": self.message,
            "usage": self.usage.to_dict(),
            "cost_usd": None if self.cost_usd is None else float(self.cost_usd),
            "attempts": self.attempts,
            "invoked_model_id": self.invoked_model_id,
        }


def backoff_delay(retry: int, rng: Callable[[], float] = random.random) -> float:
    """Seconds to sleep before retry number ``retry`` (0-based): full jitter on a capped exponential."""
    return rng() * min(BACKOFF_CAP, BACKOFF_BASE * 2**retry)


def usage_of(response: Mapping[str, Any]) -> Usage:
    usage = response.get("usage") or {}
    return Usage(
        input_tokens=int(usage.get("inputTokens") or 0),
        output_tokens=int(usage.get("outputTokens") or 0),
        cache_read_tokens=int(usage.get("cacheReadInputTokens") or 0),
        cache_write_tokens=int(usage.get("cacheWriteInputTokens") or 0),
    )


def answering_model(response: Mapping[str, Any], model_id: str) -> str:
    """The model that answered: a prompt router (its ARN as ``model_id``) names the model it picked in
    ``trace.promptRouter.invokedModelId``; any other call was answered by ``model_id`` itself."""
    trace = response.get("trace") or {}
    picked = (trace.get("promptRouter") or {}).get("invokedModelId") if isinstance(trace, Mapping) else None
    return picked if isinstance(picked, str) and picked else model_id


def invoke(
    client: Any,
    decision: Decision,
    request: Request,
    price: Callable[[str, Mapping[str, Any]], Decimal | None],
    *,
    max_attempts: int = 4,
    deadline_seconds: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
    rng: Callable[[], float] = random.random,
    clock: Callable[[], float] = time.monotonic,
) -> Result:
    """Call Converse for ``request`` under ``decision``; ``price(model_id, usage)`` prices the usage at
    the model that answered (for a prompt router, the one it picked)."""
    kwargs = converse_request(decision, request)
    start, attempt, throttled = clock(), 0, 0
    while True:
        attempt += 1
        try:
            response = client.converse(**kwargs)
            break
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code == "ValidationException":
                detail = exc.response.get("Error", {}).get("Message", str(exc))
                raise ModelRejectedRequest(
                    f"Bedrock rejected the request for {decision.model_id}: {detail}"
                ) from exc
            if code not in RETRYABLE:
                raise
            fault: Exception = exc
        except CONNECTION_ERRORS as exc:
            code, fault = type(exc).__name__, exc
        throttled += code in THROTTLING
        delay = backoff_delay(attempt - 1, rng)
        elapsed = clock() - start
        if attempt >= max_attempts or (deadline_seconds is not None and elapsed + delay >= deadline_seconds):
            error = ModelThrottled if code in THROTTLING else ModelUnavailable
            raise error(decision.model_id, attempt, code, elapsed, throttled) from fault
        sleep(delay)
    message = (response.get("output") or {}).get("message") or {"role": "assistant", "content": []}
    text = "".join(b["text"] for b in message.get("content", []) if "text" in b)
    answered_by = answering_model(response, decision.model_id)
    return Result(
        text=text,
        stop_reason=response.get("stopReason", ""),
        message=message,
        usage=usage_of(response),
        cost_usd=price(answered_by, response.get("usage") or {}),
        attempts=attempt,
        throttled_attempts=throttled,
        invoked_model_id=answered_by,
    )
