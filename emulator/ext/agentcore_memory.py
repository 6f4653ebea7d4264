"""AgentCore long-term memory records on moto's ``bedrock-agentcore`` data plane.

moto (5.2) serves short-term memory events (``CreateEvent``, ``GetEvent``, ``ListEvents``,
``DeleteEvent``); this module adds the long-term record operations:

* ``BatchCreateMemoryRecords``, ``BatchUpdateMemoryRecords``, ``BatchDeleteMemoryRecords``
  (at most 100 records a call; per-record outcomes in ``successfulRecords``/``failedRecords``);
* ``GetMemoryRecord``, ``DeleteMemoryRecord``;
* ``ListMemoryRecords``: ``namespace`` (exact) or ``namespacePath`` (that namespace and those under
  it), optional ``memoryStrategyId`` and ``metadataFilters``; ``maxResults`` 1-100 (default 20) and
  ``nextToken``;
* ``RetrieveMemoryRecords``: the same filters, ranked by a plain lexical score (share of the query's
  words found in the record), not by semantic similarity.

Records belong to a memory that exists in moto's ``bedrock-agentcore-control`` backend (by id or
ARN); any other memory id is ``ResourceNotFoundException``. A record created without
``memoryStrategyId`` gets the id of the memory's strategy whose namespace template matches the
record's namespace, else ``"manual"``. ``recordExpirySpecification`` sets ``expiresAt``; records
are not expired by the emulator. Shapes follow botocore's ``bedrock-agentcore`` model (metadata
values like ``{"numberValue": 0.8}``, ``createdAt``).

The service's single catch-all route is served by a subclass of moto's ``BedrockAgentCoreResponse``,
so moto's event operations keep running moto's code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from moto.bedrockagentcore import urls as data_urls
from moto.bedrockagentcore.responses import BedrockAgentCoreResponse
from moto.bedrockagentcorecontrol.models import Memory, bedrockagentcorecontrol_backends
from moto.core.base_backend import BackendDict, BaseBackend
from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.moto_api._internal import mock_random

from ._common import ServiceError, paginate, replace_route

MAX_BATCH = 100
LIST_DEFAULT, LIST_LIMIT = 20, 100
FALLBACK_STRATEGY_ID = "manual"


def validation(message: str) -> ServiceError:
    return ServiceError("ValidationException", message, reason="FieldValidationFailed")


def not_found(message: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", message)


@dataclass
class MemoryRecord:
    memory_id: str
    text: str
    namespaces: list[str]
    strategy_id: str
    timestamp: datetime
    metadata: dict[str, dict[str, Any]]
    expires_at: datetime | None = None
    id: str = field(default_factory=lambda: f"mem-{mock_random.uuid4()}")
    created_at: datetime = field(default_factory=utcnow)

    def summary(self, score: float | None = None) -> dict[str, Any]:
        result: dict[str, Any] = {
            "memoryRecordId": self.id,
            "content": {"text": self.text},
            "memoryStrategyId": self.strategy_id,
            "namespaces": self.namespaces,
            "createdAt": self.created_at,
            "timestamp": self.timestamp,
        }
        if self.metadata:
            result["metadata"] = self.metadata
        if score is not None:
            result["score"] = score
        return result

    def to_dict(self) -> dict[str, Any]:
        result = self.summary()
        if self.expires_at is not None:
            result["expiresAt"] = self.expires_at
        return result

    def in_namespace(self, namespace: str | None, path: str | None) -> bool:
        if namespace is not None:
            return namespace in self.namespaces
        if path is not None:
            parent = path.rstrip("/")
            return any(ns == parent or ns.startswith(parent + "/") for ns in self.namespaces)
        return True


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^}]+\}", template)
    return re.compile("[^/]+".join(re.escape(p) for p in parts).rstrip("/") + "/?")


def _matches(record: MemoryRecord, expression: dict[str, Any]) -> bool:
    key = (expression.get("left") or {}).get("metadataKey")
    operator = expression.get("operator") or ""
    value = record.metadata.get(key) if key else None
    if operator == "EXISTS":
        return value is not None
    if operator == "NOT_EXISTS":
        return value is None
    if value is None:
        return False
    wanted = ((expression.get("right") or {}).get("metadataValue")) or {}
    if operator == "EQUALS_TO":
        return value == wanted
    if operator == "CONTAINS":
        needle = wanted.get("stringValue")
        haystack = value.get("stringListValue") or value.get("stringValue") or ""
        return needle is not None and needle in haystack
    kind = "dateTimeValue" if operator in ("BEFORE", "AFTER") else "numberValue"
    left, right = value.get(kind), wanted.get(kind)
    if left is None or right is None:
        return False
    compare = {
        "BEFORE": left < right,
        "AFTER": left > right,
        "GREATER_THAN": left > right,
        "GREATER_THAN_OR_EQUALS": left >= right,
        "LESS_THAN": left < right,
        "LESS_THAN_OR_EQUALS": left <= right,
    }
    return compare.get(operator, False)


class MemoryRecordsBackend(BaseBackend):
    """Long-term memory records of one account and region, keyed by memory id then record id."""

    def __init__(self, region_name: str, account_id: str):
        super().__init__(region_name, account_id)
        self.records: dict[str, dict[str, MemoryRecord]] = {}

    def _memory(self, memory_id: str) -> Memory:
        memory_id = memory_id.rsplit("memory/", 1)[-1]
        control = bedrockagentcorecontrol_backends[self.account_id][self.region_name]
        memory = control.memories.get(memory_id)
        if memory is None:
            self.records.pop(memory_id, None)  # the memory is gone: so are its records
            raise not_found(f"Memory {memory_id} not found")
        return memory

    def _records(self, memory_id: str) -> dict[str, MemoryRecord]:
        memory = self._memory(memory_id)
        return self.records.setdefault(memory.memory_id, {})

    @staticmethod
    def _check_batch(records: list[Any] | None) -> list[Any]:
        records = records or []
        if len(records) > MAX_BATCH:
            raise validation(f"records: at most {MAX_BATCH} records per call, got {len(records)}")
        return records

    @staticmethod
    def _strategy_for(memory: Memory, namespace: str | None) -> str:
        if namespace is not None:
            for strategy in memory.strategies:
                if any(_template_regex(t).fullmatch(namespace) for t in strategy.get("namespaces", [])):
                    return strategy["strategyId"]
        return FALLBACK_STRATEGY_ID

    def batch_create(
        self, memory_id: str, inputs: list[dict[str, Any]] | None, expiry: dict[str, Any] | None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        memory = self._memory(memory_id)
        store = self.records.setdefault(memory.memory_id, {})
        expires_in = (expiry or {}).get("recordExpiryDurationDays")
        succeeded, failed = [], []
        for item in self._check_batch(inputs):
            namespaces = list(item.get("namespaces") or [])
            text = (item.get("content") or {}).get("text") or ""
            outcome = {"requestIdentifier": item.get("requestIdentifier")}
            problem = None
            if not text:
                problem = "content.text is required"
            elif len(namespaces) != 1:
                problem = f"namespaces must hold exactly one namespace, got {len(namespaces)}"
            if problem:
                failed.append(
                    {
                        **outcome,
                        "memoryRecordId": f"mem-{mock_random.uuid4()}",
                        "status": "FAILED",
                        "errorCode": 400,
                        "errorMessage": problem,
                    }
                )
                continue
            record = MemoryRecord(
                memory_id=memory.memory_id,
                text=text,
                namespaces=namespaces,
                strategy_id=item.get("memoryStrategyId") or self._strategy_for(memory, namespaces[0]),
                timestamp=item.get("timestamp") or utcnow(),
                metadata=dict(item.get("metadata") or {}),
            )
            if expires_in:
                record.expires_at = record.created_at + timedelta(days=expires_in)
            store[record.id] = record
            succeeded.append({**outcome, "memoryRecordId": record.id, "status": "SUCCEEDED"})
        return succeeded, failed

    def batch_update(
        self, memory_id: str, inputs: list[dict[str, Any]] | None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        store = self._records(memory_id)
        succeeded, failed = [], []
        for item in self._check_batch(inputs):
            record = store.get(item.get("memoryRecordId", ""))
            if record is None:
                failed.append(
                    {
                        "memoryRecordId": item.get("memoryRecordId"),
                        "status": "FAILED",
                        "errorCode": 404,
                        "errorMessage": "Memory record not found",
                    }
                )
                continue
            if (item.get("content") or {}).get("text"):
                record.text = item["content"]["text"]
            if item.get("namespaces"):
                record.namespaces = list(item["namespaces"])
            if item.get("memoryStrategyId"):
                record.strategy_id = item["memoryStrategyId"]
            if item.get("metadata") is not None:
                record.metadata = dict(item["metadata"])
            record.timestamp = item.get("timestamp") or record.timestamp
            succeeded.append({"memoryRecordId": record.id, "status": "SUCCEEDED"})
        return succeeded, failed

    def get(self, memory_id: str, record_id: str, namespace: str | None = None) -> MemoryRecord:
        record = self._records(memory_id).get(record_id)
        if record is None or (namespace is not None and namespace not in record.namespaces):
            raise not_found(f"Memory record {record_id} not found")
        return record

    def delete(self, memory_id: str, record_id: str, namespace: str | None = None) -> str:
        record = self.get(memory_id, record_id, namespace)
        del self.records[record.memory_id][record.id]
        return record.id

    def batch_delete(
        self, memory_id: str, inputs: list[dict[str, Any]] | None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        self._memory(memory_id)
        succeeded, failed = [], []
        for item in self._check_batch(inputs):
            record_id = item.get("memoryRecordId", "")
            try:
                self.delete(memory_id, record_id, item.get("namespace"))
            except ServiceError as exc:
                failed.append(
                    {
                        "memoryRecordId": record_id,
                        "status": "FAILED",
                        "errorCode": 404,
                        "errorMessage": exc.message,
                    }
                )
            else:
                succeeded.append({"memoryRecordId": record_id, "status": "SUCCEEDED"})
        return succeeded, failed

    def select(
        self,
        memory_id: str,
        namespace: str | None,
        namespace_path: str | None,
        strategy_id: str | None,
        metadata_filters: list[dict[str, Any]] | None,
    ) -> list[MemoryRecord]:
        if namespace is None and namespace_path is None:
            raise validation("Either namespace or namespacePath is required")
        return [
            r
            for r in self._records(memory_id).values()
            if r.in_namespace(namespace, namespace_path)
            and (strategy_id is None or r.strategy_id == strategy_id)
            and all(_matches(r, f) for f in metadata_filters or [])
        ]


memory_records_backends = BackendDict(
    MemoryRecordsBackend,
    "bedrock-agentcore",
    use_boto3_regions=False,
    additional_regions=sorted(bedrockagentcorecontrol_backends._additional_regions or []),
)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


class BedrockAgentCoreExtResponse(BedrockAgentCoreResponse):
    """moto's AgentCore data-plane handler plus long-term memory records."""

    @property
    def records_backend(self) -> MemoryRecordsBackend:
        return memory_records_backends[self.current_account][self.region]

    def batch_create_memory_records(self) -> ActionResult:
        params = self._get_params()
        succeeded, failed = self.records_backend.batch_create(
            params["memoryId"], params.get("records"), params.get("recordExpirySpecification")
        )
        return ActionResult({"successfulRecords": succeeded, "failedRecords": failed})

    def batch_update_memory_records(self) -> ActionResult:
        params = self._get_params()
        succeeded, failed = self.records_backend.batch_update(params["memoryId"], params.get("records"))
        return ActionResult({"successfulRecords": succeeded, "failedRecords": failed})

    def batch_delete_memory_records(self) -> ActionResult:
        params = self._get_params()
        succeeded, failed = self.records_backend.batch_delete(params["memoryId"], params.get("records"))
        return ActionResult({"successfulRecords": succeeded, "failedRecords": failed})

    def get_memory_record(self) -> ActionResult:
        params = self._get_params()
        record = self.records_backend.get(
            params["memoryId"], params["memoryRecordId"], params.get("namespace")
        )
        return ActionResult({"memoryRecord": record.to_dict()})

    def delete_memory_record(self) -> ActionResult:
        params = self._get_params()
        record_id = self.records_backend.delete(
            params["memoryId"], params["memoryRecordId"], params.get("namespace")
        )
        return ActionResult({"memoryRecordId": record_id})

    def list_memory_records(self) -> ActionResult:
        params = self._get_params()
        records = self.records_backend.select(
            params["memoryId"],
            params.get("namespace"),
            params.get("namespacePath"),
            params.get("memoryStrategyId"),
            params.get("metadataFilters"),
        )
        page, token = paginate(
            records, params.get("nextToken"), params.get("maxResults"), LIST_DEFAULT, LIST_LIMIT, validation
        )
        return ActionResult({"memoryRecordSummaries": [r.summary() for r in page], "nextToken": token})

    def retrieve_memory_records(self) -> ActionResult:
        params = self._get_params()
        criteria = params.get("searchCriteria") or {}
        query = _words(criteria.get("searchQuery") or "")
        if not query:
            raise validation("searchCriteria.searchQuery is required")
        records = self.records_backend.select(
            params["memoryId"],
            params.get("namespace"),
            params.get("namespacePath"),
            criteria.get("memoryStrategyId"),
            criteria.get("metadataFilters"),
        )
        scored = sorted(
            ((len(query & _words(r.text)) / len(query), r) for r in records),
            key=lambda pair: (-pair[0], pair[1].created_at),
        )
        top = [(s, r) for s, r in scored if s > 0][: criteria.get("topK") or 10]
        page, token = paginate(
            top, params.get("nextToken"), params.get("maxResults"), LIST_DEFAULT, LIST_LIMIT, validation
        )
        return ActionResult(
            {"memoryRecordSummaries": [r.summary(score) for score, r in page], "nextToken": token}
        )


def register() -> None:
    """Serve the data plane's catch-all route with the extended handler."""
    replace_route(
        data_urls, "{0}/.*$", BedrockAgentCoreResponse.dispatch, BedrockAgentCoreExtResponse.dispatch
    )
