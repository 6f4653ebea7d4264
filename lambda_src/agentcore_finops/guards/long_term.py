"""Gated long-term memory: write a record only where cross-session learning pays.

Long-term memory is billed per record stored (and per retrieval); an agent that stores everything
pays for a memory that only grows. The gate reads the agent's record:

- ``ltm_enabled`` false -> never (the default for tiers 2 and 3);
- ``ltm_importance_threshold`` null -> never (tier 3's default: utilities do not learn);
- otherwise a candidate is written only if its importance (0-1, scored by the caller) is at least the
  threshold (tier 1 default 0.4; tier 2 0.75 once enabled).

Written records carry ``agentcore_finops.memory_records.record_metadata(agent_id, tier, importance)``,
which the LTM pruner reads to delete the least important records first. Writes use
``batch_create_memory_records`` (up to 100 records a call); throttling/5xx errors, and records the
service reports as failed with a retryable code, are retried with backoff and jitter. What still
fails raises ``MemoryWriteError`` or goes to ``on_failure`` (as for short-term memory).

``recall`` reads records back (``retrieve_memory_records``, one page of ``top_k``) and counts each
successful call as ``LtmRetrievals``: with ``LtmRecordsWritten`` it tells ``recommend`` whether an
agent's long-term memory is ever used. Throttling/5xx are retried with the same backoff; a denial or
the last failure raises the AWS error (there is nothing to fall back to when reading).
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..errors import FieldError
from ..memory_records import record_metadata
from .backoff import Backoff, is_retryable_aws_error
from .metrics import GuardMetrics, disabled
from .settings import AgentSettings
from .short_term import MemoryWriteError, check_memory_id

MAX_RECORDS_PER_CALL = 100
MAX_RECORD_CHARS = 16_000
DEFAULT_NAMESPACE = "/agents/{agent_id}"
NAMESPACE_PATTERN = re.compile(r"[a-zA-Z0-9/*][a-zA-Z0-9\-_/*]*(?::[a-zA-Z0-9\-_/*]+)*[a-zA-Z0-9\-_/*]*")


@dataclass(frozen=True)
class GateDecision:
    allowed: bool
    reason: str


def ltm_gate(settings: AgentSettings, importance: float) -> GateDecision:
    """Whether the agent's record allows storing a memory of this importance."""
    if isinstance(importance, bool) or not isinstance(importance, int | float) or not 0 <= importance <= 1:
        raise FieldError("importance", f"invalid value {importance!r}", "a number from 0 to 1")
    if not settings.ltm_enabled:
        return GateDecision(False, f"ltm_enabled is false for tier {settings.tier}")
    threshold = settings.ltm_importance_threshold
    if threshold is None:
        return GateDecision(False, f"no ltm_importance_threshold for tier {settings.tier}")
    if importance < threshold:
        return GateDecision(False, f"importance {importance} is below the threshold {threshold}")
    return GateDecision(True, f"importance {importance} meets the threshold {threshold}")


@dataclass(frozen=True)
class Candidate:
    """Something the agent might remember: text (<= 16,000 characters) and an importance score."""

    text: str
    importance: float
    namespace: str | None = None


@dataclass(frozen=True)
class Outcome:
    candidate: Candidate
    written: bool
    reason: str
    memory_record_id: str | None = None


def _retryable_code(code: Any) -> bool:
    return code is None or code == 429 or (isinstance(code, int) and code >= 500)


class LongTermMemory:
    """Writes gated long-term memory records for one agent.

    Args:
        memory_id: the AgentCore memory id or ARN.
        settings: the agent's resolved record (gate, agent id and tier for the metadata).
        namespace: default namespace; ``{agent_id}`` is replaced by the agent id.
        memory_strategy_id: the strategy the records belong to, if any.
        client, backoff, on_failure, metrics, clock: as for ``ShortTermMemory``.
    """

    def __init__(
        self,
        memory_id: str,
        settings: AgentSettings,
        *,
        namespace: str = DEFAULT_NAMESPACE,
        memory_strategy_id: str | None = None,
        client: Any = None,
        backoff: Backoff | None = None,
        on_failure: Callable[[MemoryWriteError], None] | None = None,
        metrics: GuardMetrics | None = None,
        clock: Callable[[], float] = time.time,
        request_identifier: Callable[[], str] = lambda: uuid.uuid4().hex,
    ):
        self.memory_id = check_memory_id(memory_id)
        self.settings = settings
        self.namespace = self._namespace(namespace)
        self.memory_strategy_id = memory_strategy_id
        self._client = client
        self.backoff = backoff or Backoff()
        self.on_failure = on_failure
        self.metrics = metrics or disabled()
        self.clock = clock
        self.request_identifier = request_identifier

    @property
    def client(self) -> Any:
        if self._client is None:
            from ..aws import client

            self._client = client("bedrock-agentcore", max_attempts=1)  # self.backoff is the retry layer
        return self._client

    def _namespace(self, template: str) -> str:
        namespace = template.replace("{agent_id}", self.settings.agent_id)
        if not NAMESPACE_PATTERN.fullmatch(namespace) or len(namespace) > 1024:
            raise FieldError("namespace", f"invalid value {namespace!r}", "letters, digits and - _ / * :")
        return namespace

    def remember(self, text: str, importance: float, namespace: str | None = None) -> Outcome:
        """Write one record if the gate allows it."""
        return self.remember_many([Candidate(text, importance, namespace)])[0]

    def remember_many(self, candidates: Iterable[Candidate]) -> list[Outcome]:
        """Gate every candidate; write the allowed ones in as few calls as possible."""
        outcomes: list[Outcome | None] = []
        pending: list[tuple[int, Candidate, dict[str, Any]]] = []
        when = datetime.fromtimestamp(self.clock(), tz=UTC)
        for candidate in candidates:
            if not isinstance(candidate.text, str) or not candidate.text.strip():
                raise FieldError("text", "empty memory text", "1-16000 characters")
            if len(candidate.text) > MAX_RECORD_CHARS:
                raise FieldError("text", f"{len(candidate.text)} characters", "at most 16000 characters")
            decision = ltm_gate(self.settings, candidate.importance)
            if not decision.allowed:
                outcomes.append(Outcome(candidate, False, decision.reason))
                continue
            record: dict[str, Any] = {
                "requestIdentifier": self.request_identifier(),
                "namespaces": [
                    self._namespace(candidate.namespace) if candidate.namespace else self.namespace
                ],
                "content": {"text": candidate.text},
                "timestamp": when,
                "metadata": record_metadata(self.settings.agent_id, self.settings.tier, candidate.importance),
            }
            if self.memory_strategy_id:
                record["memoryStrategyId"] = self.memory_strategy_id
            pending.append((len(outcomes), candidate, record))
            outcomes.append(None)
        skipped = sum(1 for o in outcomes if o is not None)
        if skipped:
            self.metrics.count("LtmRecordsSkipped", skipped)
        for start in range(0, len(pending), MAX_RECORDS_PER_CALL):
            batch = pending[start : start + MAX_RECORDS_PER_CALL]
            ids = self._write([record for _, _, record in batch])
            for index, candidate, record in batch:
                record_id = ids.get(record["requestIdentifier"])
                outcomes[index] = Outcome(
                    candidate=candidate,
                    written=record_id is not None,
                    reason="written" if record_id else "write failed (handed to on_failure)",
                    memory_record_id=record_id,
                )
        return [o for o in outcomes if o is not None]

    def recall(self, query: str, top_k: int = 5, namespace: str | None = None) -> list[dict[str, Any]]:
        """The records most relevant to ``query`` (at most ``top_k``, 1-100) in the namespace."""
        if not isinstance(query, str) or not query.strip() or len(query) > MAX_RECORD_CHARS:
            raise FieldError("query", "empty or too long", "1-16000 characters")
        if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= 100:
            raise FieldError("top_k", f"invalid value {top_k!r}", "a whole number from 1 to 100")
        criteria: dict[str, Any] = {"searchQuery": query, "topK": top_k}
        if self.memory_strategy_id:
            criteria["memoryStrategyId"] = self.memory_strategy_id
        request = {
            "memoryId": self.memory_id,
            "namespace": self._namespace(namespace) if namespace else self.namespace,
            "searchCriteria": criteria,
            "maxResults": top_k,
        }
        response = self.backoff.call(lambda: self.client.retrieve_memory_records(**request))
        self.metrics.count("LtmRetrievals")
        return list(response.get("memoryRecordSummaries", []))

    def _write(self, records: list[dict[str, Any]]) -> dict[str, str]:
        """Send records; retry throttling and retryable per-record failures. Returns request id -> record id."""
        written: dict[str, str] = {}
        pending = records
        attempt = 0
        while True:
            attempt += 1
            last = attempt >= self.backoff.max_attempts
            try:
                response = self.client.batch_create_memory_records(memoryId=self.memory_id, records=pending)
            except Exception as error:
                if last or not is_retryable_aws_error(error):
                    self._fail(pending, error, attempt)
                    return written
                self.metrics.count("MemoryWriteRetries")
                self.backoff.sleep(self.backoff.delay(attempt - 1))
                continue
            succeeded = {
                item["requestIdentifier"]: item["memoryRecordId"]
                for item in response.get("successfulRecords", [])
                if item.get("requestIdentifier")
            }
            written.update(succeeded)
            if succeeded:
                self.metrics.count("LtmRecordsWritten", len(succeeded))
            failed = {item.get("requestIdentifier"): item for item in response.get("failedRecords", [])}
            # Anything the service did not confirm is still pending, listed as failed or not.
            pending = [r for r in pending if r["requestIdentifier"] not in written]
            if not pending:
                return written
            retry = all(_retryable_code(item.get("errorCode")) for item in failed.values())
            if last or not retry:
                detail = "; ".join(
                    f"{r['requestIdentifier']}: "
                    + str(failed.get(r["requestIdentifier"], {}).get("errorMessage", "not confirmed"))
                    for r in pending
                )
                self._fail(pending, RuntimeError(f"records failed: {detail}"), attempt)
                return written
            self.metrics.count("MemoryWriteRetries")
            self.backoff.sleep(self.backoff.delay(attempt - 1))

    def _fail(self, records: list[dict[str, Any]], error: BaseException, attempts: int) -> None:
        self.metrics.count("MemoryWriteFailures")
        failure = MemoryWriteError(
            "batch_create_memory_records", {"memoryId": self.memory_id, "records": records}, error, attempts
        )
        if self.on_failure is None:
            raise failure from error
        self.on_failure(failure)
