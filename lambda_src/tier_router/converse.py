"""Invoke mode: one Bedrock Converse call under a decision, retried on throttling, priced from the catalogue.

The bedrock-runtime client is created with a single attempt (``agentcore_finops.aws.client(...,
max_attempts=1)``), so this module is the only retry layer: a throttled call (or one Bedrock reports as
temporarily unavailable) is retried up to ``max_attempts`` times in all, sleeping a random time between
0 and ``min(BACKOFF_CAP, BACKOFF_BASE * 2**n)`` before retry n ("full jitter"), then fails with
``ModelThrottled`` (status 429) naming the model and the attempts. Other Bedrock errors are not retried:
``ValidationException`` becomes ``ModelRejectedRequest`` (400, the request's content is at fault);
anything else (access denied, unknown model) propagates as a function error, so the error alarm fires.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from .contract import Request
from .decision import Decision, converse_request

RETRYABLE = ("ThrottlingException", "ServiceUnavailableException", "ModelNotReadyException")
BACKOFF_BASE = 0.25  # seconds
BACKOFF_CAP = 8.0


class ModelThrottled(Exception):
    status = 429
    kind = "ModelThrottled"

    def __init__(self, model_id: str, attempts: int, code: str):
        super().__init__(
            f"Bedrock throttled {model_id} ({code}) on all {attempts} attempts; retry later, or raise the "
            "account's on-demand quota for this model"
        )
        self.model_id, self.attempts, self.code = model_id, attempts, code


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
    # The model that answered: decision.model_id, or for a prompt router the model it picked.
    invoked_model_id: str = ""

    @property
    def throttled_attempts(self) -> int:
        return self.attempts - 1

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
    sleep: Callable[[float], None] = time.sleep,
    rng: Callable[[], float] = random.random,
) -> Result:
    """Call Converse for ``request`` under ``decision``; ``price(model_id, usage)`` prices the usage at
    the model that answered (for a prompt router, the one it picked)."""
    kwargs = converse_request(decision, request)
    for attempt in range(1, max_attempts + 1):
        try:
            response = client.converse(**kwargs)
            break
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code == "ValidationException":
                message = exc.response.get("Error", {}).get("Message", str(exc))
                raise ModelRejectedRequest(
                    f"Bedrock rejected the request for {decision.model_id}: {message}"
                ) from exc
            if code not in RETRYABLE:
                raise
            if attempt == max_attempts:
                raise ModelThrottled(decision.model_id, attempt, code) from exc
            sleep(backoff_delay(attempt - 1, rng))
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
        invoked_model_id=answered_by,
    )
