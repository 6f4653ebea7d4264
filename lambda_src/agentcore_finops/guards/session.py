"""End the AgentCore Runtime session as soon as the task is done.

A Runtime session bills vCPU and memory until it is stopped or its idle timeout runs out (the
record's ``idle_session_timeout_seconds``; AgentCore's own default is 15 minutes). An agent that knows
it is finished stops the session at once with ``stop_runtime_session``.

``SessionEnder.end`` is safe to call twice or more: the first successful stop is remembered (in
process), the request carries an idempotency token derived from the session id, and a session the
service no longer knows (``ResourceNotFoundException``) counts as already stopped.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any

from botocore.exceptions import ClientError

from ..errors import FieldError
from .backoff import Backoff, is_retryable_aws_error
from .metrics import GuardMetrics, disabled

MIN_SESSION_ID_CHARS = 33  # StopRuntimeSession.runtimeSessionId: 33-256 characters
MAX_SESSION_ID_CHARS = 256
GONE_CODES = frozenset({"ResourceNotFoundException"})


def _client_token(agent_runtime_arn: str, session_id: str) -> str:
    return hashlib.sha256(f"{agent_runtime_arn}|{session_id}".encode()).hexdigest()


class SessionEnder:
    """Stops runtime sessions of one agent runtime.

    Args:
        agent_runtime_arn: the runtime's ARN.
        qualifier: the endpoint name (default: the service's, ``DEFAULT``).
        client: a ``bedrock-agentcore`` client (default: ``agentcore_finops.aws.client``).
        backoff: retries for throttling/5xx.
        metrics: ``RuntimeSessionsStopped``.
    """

    def __init__(
        self,
        agent_runtime_arn: str,
        *,
        qualifier: str | None = None,
        client: Any = None,
        backoff: Backoff | None = None,
        metrics: GuardMetrics | None = None,
    ):
        if not isinstance(agent_runtime_arn, str) or ":runtime/" not in agent_runtime_arn:
            raise FieldError(
                "agent_runtime_arn",
                f"invalid value {agent_runtime_arn!r}",
                "arn:aws:bedrock-agentcore:<region>:<account>:runtime/<id>",
            )
        self.agent_runtime_arn = agent_runtime_arn
        self.qualifier = qualifier
        self._client = client
        self.backoff = backoff or Backoff()
        self.metrics = metrics or disabled()
        self.stopped: set[str] = set()
        self._lock = threading.Lock()

    @property
    def client(self) -> Any:
        if self._client is None:
            from ..aws import client

            self._client = client("bedrock-agentcore", max_attempts=1)  # self.backoff is the retry layer
        return self._client

    def end(self, runtime_session_id: str) -> bool:
        """Stop the session. True if this call stopped it; False if it was already stopped or gone."""
        if (
            not isinstance(runtime_session_id, str)
            or not MIN_SESSION_ID_CHARS <= len(runtime_session_id) <= MAX_SESSION_ID_CHARS
        ):
            raise FieldError(
                "runtime_session_id",
                f"invalid value {runtime_session_id!r}",
                "the runtime session id: 33-256 characters",
            )
        with self._lock:
            if runtime_session_id in self.stopped:
                return False
        request: dict[str, Any] = {
            "agentRuntimeArn": self.agent_runtime_arn,
            "runtimeSessionId": runtime_session_id,
            "clientToken": _client_token(self.agent_runtime_arn, runtime_session_id),
        }
        if self.qualifier:
            request["qualifier"] = self.qualifier
        try:
            self.backoff.call(lambda: self.client.stop_runtime_session(**request), is_retryable_aws_error)
            stopped_now = True
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") not in GONE_CODES:
                raise
            stopped_now = False
        with self._lock:
            self.stopped.add(runtime_session_id)
        if stopped_now:
            self.metrics.count("RuntimeSessionsStopped")
        return stopped_now


def end_session(
    agent_runtime_arn: str,
    runtime_session_id: str,
    *,
    qualifier: str | None = None,
    client: Any = None,
) -> bool:
    """One-off form of ``SessionEnder.end`` (idempotent on the service side through the client token
    and the not-found handling, though without the in-process memory)."""
    return SessionEnder(agent_runtime_arn, qualifier=qualifier, client=client).end(runtime_session_id)
