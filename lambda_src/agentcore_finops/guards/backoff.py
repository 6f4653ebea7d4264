"""Exponential backoff with full jitter, and which AWS errors are worth retrying.

Full jitter (a random delay between 0 and ``min(cap, base * 2**attempt)``) spreads the retries of
many agents that failed together, so a throttled or recovering service is not hit again in lockstep.
``sleep`` and ``random`` are injectable so tests run instantly and deterministically.
"""

from __future__ import annotations

import random as _random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from botocore.exceptions import ClientError, ConnectionError, ReadTimeoutError

from ..errors import FieldError

T = TypeVar("T")

# Error codes of bedrock-agentcore (and AWS at large) that mean "try again later".
RETRYABLE_CODES = frozenset(
    {
        "ThrottledException",
        "ThrottlingException",
        "TooManyRequestsException",
        "ServiceException",
        "InternalServerException",
        "InternalFailure",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "RetryableConflictException",
        "RequestTimeout",
        "RequestTimeoutException",
    }
)


def is_retryable_aws_error(error: BaseException) -> bool:
    """Throttling, 5xx and transient network errors; never validation or access errors."""
    if isinstance(error, ConnectionError | ReadTimeoutError):
        return True
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
        return code in RETRYABLE_CODES or int(status) >= 500
    return False


@dataclass(frozen=True)
class Backoff:
    """``max_attempts`` tries in all; before try n+1 wait ``uniform(0, min(cap, base * 2**n))``."""

    max_attempts: int = 4
    base_seconds: float = 0.2
    cap_seconds: float = 5.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    random: Callable[[], float] = field(default=_random.random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if (
            isinstance(self.max_attempts, bool)
            or not isinstance(self.max_attempts, int)
            or self.max_attempts < 1
        ):
            raise FieldError("max_attempts", f"invalid value {self.max_attempts!r}", "a whole number >= 1")
        if self.base_seconds < 0 or self.cap_seconds < 0:
            raise FieldError("base_seconds/cap_seconds", "negative delay", "0 or more seconds")

    def delay(self, retry: int) -> float:
        """The wait before retry number ``retry`` (0 for the first retry)."""
        return self.random() * min(self.cap_seconds, self.base_seconds * 2**retry)

    def call(
        self,
        fn: Callable[[], T],
        retryable: Callable[[BaseException], bool] = is_retryable_aws_error,
        on_retry: Callable[[int, BaseException], None] | None = None,
    ) -> T:
        """Run ``fn``; retry errors ``retryable`` accepts; re-raise the last error when tries run out."""
        for attempt in range(self.max_attempts):
            try:
                return fn()
            except Exception as error:
                if attempt + 1 >= self.max_attempts or not retryable(error):
                    raise
                if on_retry is not None:
                    on_retry(attempt + 1, error)
                self.sleep(self.delay(attempt))
        raise AssertionError("unreachable")  # pragma: no cover
