"""Read agent records from the agent-config table, as Terraform wrote them.

``decode_item`` turns a DynamoDB item into the plain record (ints, floats, lists, None) that
``fleet.resolve`` and the Terraform output ``agent_configs`` produce. ``ConfigStore`` adds an
in-memory cache with a TTL: a warm lookup makes no network call, and a changed record (new
``config_version``) is seen at the latest ``ttl_seconds`` after it was written.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer

from .errors import FieldError

_deserializer = TypeDeserializer()


class UnknownAgentError(FieldError):
    def __init__(self, agent_id: str, table: str):
        super().__init__(
            "agent_id", f"no agent {agent_id!r} in table {table}", "an agent id of the deployed fleet"
        )
        self.agent_id = agent_id


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def decode_item(item: Mapping[str, Any]) -> dict[str, Any]:
    """DynamoDB attribute-value map -> plain record."""
    return {k: _plain(_deserializer.deserialize(v)) for k, v in item.items()}


class ConfigStore:
    """Cached reads of agent records. ``reads`` counts GetItem calls (for tests and benchmarks)."""

    def __init__(
        self,
        table_name: str,
        ttl_seconds: float = 60.0,
        dynamodb_client: Any = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        if ttl_seconds < 0:
            raise FieldError("ttl_seconds", f"invalid value {ttl_seconds!r}", "0 or more seconds")
        self.table_name = table_name
        self.ttl_seconds = ttl_seconds
        self._client = dynamodb_client
        self._clock = clock
        # agent id -> (read at, record), or (read at, None) for an id the table does not hold: an unknown
        # agent is remembered for the TTL too, so a caller retrying a bad id does not read every time.
        self._cache: dict[str, tuple[float, dict[str, Any] | None]] = {}
        self._lock = threading.Lock()
        self.reads = 0

    @property
    def client(self) -> Any:
        if self._client is None:
            from .aws import client

            self._client = client("dynamodb")
        return self._client

    def get(self, agent_id: str) -> dict[str, Any]:
        now = self._clock()
        with self._lock:
            hit = self._cache.get(agent_id)
        if hit is None or now - hit[0] >= self.ttl_seconds:
            hit = (now, self._read(agent_id))
            with self._lock:
                self._cache[agent_id] = hit
        if hit[1] is None:
            raise UnknownAgentError(agent_id, self.table_name)
        return hit[1]

    def _read(self, agent_id: str) -> dict[str, Any] | None:
        self.reads += 1
        resp = self.client.get_item(TableName=self.table_name, Key={"agent_id": {"S": agent_id}})
        return decode_item(resp["Item"]) if "Item" in resp else None
