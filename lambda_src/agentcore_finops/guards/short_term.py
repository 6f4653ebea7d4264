"""Batched short-term memory: one AgentCore ``create_event`` per turn, not one per message.

Short-term memory is billed per event. Writing the user message, each tool call, each tool result and
the answer separately costs several events per turn; ``ShortTermMemory.write_turn`` sends them as the
payload items of a single event (a turn with more than 100 items, the API's limit, is split into as
few events as needed).

Payload items, in conversation order (``CreateEvent`` ``payload``):

- text of a user or assistant message -> ``{"conversational": {"role": "USER" | "ASSISTANT", "content": {"text"}}}``
- a tool call  -> ``{"blob": {"toolUse": {"toolUseId", "name", "input"}}}``
- a tool result -> ``{"blob": {"toolResult": {"toolUseId", "status", "content": [{"text"}...]}}}``

Other content (images, documents, reasoning) is not stored. Texts longer than the API's 100,000
characters are cut, with a marker.

Failures: throttling, 5xx and network errors are retried with exponential backoff and full jitter,
reusing one ``clientToken`` per event so a retry cannot store the turn twice. When the last attempt
fails, the turn is never dropped silently: with no ``on_failure`` the call raises ``MemoryWriteError``
(carrying the request, so the caller can persist or re-send it); with ``on_failure`` the
``MemoryWriteError`` is handed to that callable instead (e.g. to queue it) and ``write_turn`` returns
the events that did succeed. Non-retryable errors (validation, access) fail at once, the same way.

``TurnRecorder`` is the Strands hook provider that collects each invocation's messages and writes
them as one event when the invocation ends.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..errors import FieldError
from .backoff import Backoff, is_retryable_aws_error
from .metrics import GuardMetrics, disabled

if TYPE_CHECKING:
    from strands.hooks import AfterInvocationEvent, BeforeInvocationEvent, HookRegistry, MessageAddedEvent

MAX_PAYLOAD_ITEMS = 100
MAX_TEXT_CHARS = 100_000
TRUNCATION_MARKER = " …[truncated]"
ROLES = {"user": "USER", "assistant": "ASSISTANT"}
SESSION_ID_PATTERN = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9\-_]{0,99}")
ACTOR_ID_PATTERN = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9\-_/]*(?::[a-zA-Z0-9\-_/]+)*[a-zA-Z0-9\-_/]*")
MEMORY_ID_PATTERN = re.compile(
    r"(arn:(aws|aws-cn|aws-us-gov):bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:memory/)?"
    r"[a-zA-Z][a-zA-Z0-9\-_]{0,99}-[a-zA-Z0-9]{10}"
)


def check_memory_id(memory_id: Any) -> str:
    if not isinstance(memory_id, str) or not MEMORY_ID_PATTERN.fullmatch(memory_id):
        raise FieldError(
            "memory_id", f"invalid value {memory_id!r}", "an AgentCore memory id (name-XXXXXXXXXX) or its ARN"
        )
    return memory_id


class MemoryWriteError(RuntimeError):
    """A memory write that failed after its last attempt. ``request`` is what was sent."""

    def __init__(self, operation: str, request: Mapping[str, Any], error: BaseException, attempts: int):
        self.operation = operation
        self.request = dict(request)
        self.error = error
        self.attempts = attempts
        super().__init__(f"{operation} failed after {attempts} attempt(s): {error}")


def _cut(text: str) -> str:
    if len(text) <= MAX_TEXT_CHARS:
        return text
    return text[: MAX_TEXT_CHARS - len(TRUNCATION_MARKER)] + TRUNCATION_MARKER


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def _result_content(content: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for block in content:
        if "text" in block:
            out.append({"text": _cut(str(block["text"]))})
        elif "json" in block:
            out.append({"text": _cut(json.dumps(block["json"], default=str))})
    return out


def message_items(message: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The payload items of one Strands/Converse message (see the module doc for the mapping)."""
    role = ROLES.get(str(message.get("role")), "OTHER")
    items: list[dict[str, Any]] = []
    for block in message.get("content", []):
        if "text" in block:
            text = str(block["text"])
            if text.strip():
                items.append({"conversational": {"role": role, "content": {"text": _cut(text)}}})
        elif "toolUse" in block:
            use = block["toolUse"]
            items.append(
                {
                    "blob": {
                        "toolUse": {
                            "toolUseId": str(use.get("toolUseId", "")),
                            "name": str(use.get("name", "")),
                            "input": _jsonable(use.get("input", {})),
                        }
                    }
                }
            )
        elif "toolResult" in block:
            result = block["toolResult"]
            items.append(
                {
                    "blob": {
                        "toolResult": {
                            "toolUseId": str(result.get("toolUseId", "")),
                            "status": str(result.get("status", "success")),
                            "content": _result_content(result.get("content", [])),
                        }
                    }
                }
            )
    return items


def turn_payload(messages: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """All payload items of a turn, in order."""
    return [item for message in messages for item in message_items(message)]


class ShortTermMemory:
    """Writes turns to an AgentCore Memory as batched events.

    Args:
        memory_id: the memory's id or ARN.
        actor_id: who the events belong to (the end user, or the agent for machine sessions).
        client: a ``bedrock-agentcore`` client (default: ``agentcore_finops.aws.client``).
        backoff: retry policy for throttling/5xx (default: 4 attempts, full jitter).
        on_failure: receives a ``MemoryWriteError`` instead of it being raised (see the module doc).
        metrics: ``MemoryEventsWritten``, ``MemoryWriteRetries``, ``MemoryWriteFailures``.
        clock: seconds since the epoch, for ``eventTimestamp``.
        client_token: makes the idempotency token of each event.
    """

    def __init__(
        self,
        memory_id: str,
        actor_id: str,
        *,
        client: Any = None,
        backoff: Backoff | None = None,
        on_failure: Callable[[MemoryWriteError], None] | None = None,
        metrics: GuardMetrics | None = None,
        clock: Callable[[], float] = time.time,
        client_token: Callable[[], str] = lambda: str(uuid.uuid4()),
    ):
        check_memory_id(memory_id)
        if not isinstance(actor_id, str) or not ACTOR_ID_PATTERN.fullmatch(actor_id) or len(actor_id) > 255:
            raise FieldError(
                "actor_id",
                f"invalid value {actor_id!r}",
                "1-255 characters: letters, digits, '-', '_', '/', ':'",
            )
        self.memory_id = memory_id
        self.actor_id = actor_id
        self._client = client
        self.backoff = backoff or Backoff()
        self.on_failure = on_failure
        self.metrics = metrics or disabled()
        self.clock = clock
        self.client_token = client_token

    @property
    def client(self) -> Any:
        if self._client is None:
            from ..aws import client

            self._client = client("bedrock-agentcore", max_attempts=1)  # self.backoff is the retry layer
        return self._client

    def requests(
        self, session_id: str, messages: Sequence[Mapping[str, Any]], timestamp: datetime | None = None
    ) -> list[dict[str, Any]]:
        """The ``create_event`` request(s) for one turn: one, unless it has over 100 payload items."""
        if not isinstance(session_id, str) or not SESSION_ID_PATTERN.fullmatch(session_id):
            raise FieldError(
                "session_id", f"invalid value {session_id!r}", "1-100 characters: letters, digits, '-', '_'"
            )
        items = turn_payload(messages)
        if not items:
            return []
        when = timestamp or datetime.fromtimestamp(self.clock(), tz=UTC)
        token = self.client_token()
        chunks = [items[i : i + MAX_PAYLOAD_ITEMS] for i in range(0, len(items), MAX_PAYLOAD_ITEMS)]
        return [
            {
                "memoryId": self.memory_id,
                "actorId": self.actor_id,
                "sessionId": session_id,
                "eventTimestamp": when,
                "payload": chunk,
                "clientToken": token if len(chunks) == 1 else f"{token}-{n}",
            }
            for n, chunk in enumerate(chunks)
        ]

    def write_turn(
        self, session_id: str, messages: Sequence[Mapping[str, Any]], timestamp: datetime | None = None
    ) -> list[dict[str, Any]]:
        """Write a turn; returns the stored events (``create_event`` responses' ``event``)."""
        events = []
        for request in self.requests(session_id, messages, timestamp):
            response = self._send(request)
            if response is not None:
                events.append(response["event"])
        return events

    def _send(self, request: dict[str, Any]) -> dict[str, Any] | None:
        attempts = 0

        def attempt() -> dict[str, Any]:
            nonlocal attempts
            attempts += 1
            return self.client.create_event(**request)

        try:
            response = self.backoff.call(
                attempt,
                is_retryable_aws_error,
                on_retry=lambda n, e: self.metrics.count("MemoryWriteRetries"),
            )
        except Exception as error:
            self.metrics.count("MemoryWriteFailures")
            failure = MemoryWriteError("create_event", request, error, attempts)
            if self.on_failure is None:
                raise failure from error
            self.on_failure(failure)
            return None
        self.metrics.count("MemoryEventsWritten")
        return response


class TurnRecorder:
    """Strands hook provider: each agent invocation's messages -> one ``create_event``.

    ``session_id`` is the memory session (a string, or a callable returning the current one, e.g. the
    AgentCore Runtime session id of the request). Messages are captured as they are added, so a
    conversation manager that trims history does not lose any. A failed write raises out of the
    agent call unless the ``ShortTermMemory`` has an ``on_failure``.
    """

    def __init__(self, memory: ShortTermMemory, session_id: str | Callable[[], str]):
        self.memory = memory
        self.session_id = session_id
        self.last_events: list[dict[str, Any]] = []
        self._turns: dict[int, list[dict[str, Any]]] = {}

    def register_hooks(self, registry: HookRegistry, **kwargs: Any) -> None:
        from strands.hooks import AfterInvocationEvent, BeforeInvocationEvent, MessageAddedEvent

        registry.add_callback(BeforeInvocationEvent, self._on_start)
        registry.add_callback(MessageAddedEvent, self._on_message)
        registry.add_callback(AfterInvocationEvent, self._on_finish)

    def _on_start(self, event: BeforeInvocationEvent) -> None:
        self._turns[id(event.agent)] = []

    def _on_message(self, event: MessageAddedEvent) -> None:
        turn = self._turns.setdefault(id(event.agent), [])
        # A snapshot: later edits of the history (summaries, trimming) must not change the record.
        turn.append(
            {"role": event.message.get("role"), "content": _jsonable(event.message.get("content", []))}
        )

    def _on_finish(self, event: AfterInvocationEvent) -> None:
        messages = self._turns.pop(id(event.agent), [])
        session_id = self.session_id() if callable(self.session_id) else self.session_id
        self.last_events = self.memory.write_turn(session_id, messages)
