"""Read agent records from the agent-config table, as Terraform wrote them.

``decode_item`` turns a DynamoDB item into the plain record (ints, floats, lists, None) that
``fleet.resolve`` and the Terraform output ``agent_configs`` produce. ``ConfigStore`` adds an
in-memory cache with a TTL, so a warm lookup makes no network call and a changed record (new
``config_version``) is seen at the latest ``ttl_seconds`` after it was written. Two ways to fill it:

* per agent (the default; what an agent's own guards use, needing only ``dynamodb:GetItem`` on its
  record): one GetItem per agent per TTL;
* ``whole_table=True`` (the tier router, which serves the whole fleet): one paginated Scan per TTL,
  so a fleet of any size costs one read per 1 MB page per TTL instead of one per agent, and a new
  agent is seen within the TTL too.

Faults: when a refresh fails (throttling, 5xx, access denied, a connection error, after the client's
own retries) the last good copy keeps being served (stale-while-error; ``stale_serves`` counts those
lookups, the router emits them as a metric) and the refresh is tried again ``retry_seconds`` later.
With no good copy yet, ``ConfigUnavailable`` names the table and the error. An agent the last copy
says does not exist is unknown (``UnknownAgentError``, 404 in the router), stale or not.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer

from .aws import AWS_ERRORS, error_of
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


class ConfigUnavailable(RuntimeError):
    """The table could not be read and no earlier copy is cached."""

    def __init__(self, table: str, error: str):
        super().__init__(f"cannot read the agent-config table {table} ({error}) and no copy is cached")
        self.table, self.error = table, error


class ConfigStore:
    """Cached reads of agent records. ``reads`` counts GetItem or Scan calls, for tests and benchmarks.

    ``validate(record)`` (optional) checks each record once per refresh; a record it rejects is kept
    as the error, raised to whoever asks for that agent, so one bad record fails only its own agent."""

    def __init__(
        self,
        table_name: str,
        ttl_seconds: float = 60.0,
        dynamodb_client: Any = None,
        clock: Callable[[], float] = time.monotonic,
        validate: Callable[[dict[str, Any]], Any] | None = None,
        retry_seconds: float = 1.0,
        whole_table: bool = False,
    ):
        if ttl_seconds < 0:
            raise FieldError("ttl_seconds", f"invalid value {ttl_seconds!r}", "0 or more seconds")
        self.table_name = table_name
        self.ttl_seconds = ttl_seconds
        self.retry_seconds = retry_seconds
        self._client = dynamodb_client
        self._clock = clock
        self._validate = validate
        self.whole_table = whole_table
        # Per agent: agent id -> (read at, the record, its validation error, or None for an unknown id);
        # an unknown agent is remembered for the TTL too, so a caller retrying a bad id does not read.
        self._cache: dict[str, tuple[float, Any]] = {}
        self._item_retry_at: dict[str, float] = {}
        self._records: dict[str, Any] | None = None  # agent id -> record, or the validation error
        self._loaded_at = float("-inf")
        self._retry_at = float("-inf")  # whole table: no refresh before this after a failed one
        self._lock = threading.Lock()
        self.reads = 0
        self.refreshes = 0
        self.refresh_failures = 0
        self.stale_serves = 0
        self.last_error: str | None = None

    @property
    def client(self) -> Any:
        if self._client is None:
            from .aws import client

            self._client = client("dynamodb")
        return self._client

    def get(self, agent_id: str) -> dict[str, Any]:
        """The agent's record; raises UnknownAgentError, ConfigUnavailable or the validation error."""
        record = self._from_table(agent_id) if self.whole_table else self._from_item(agent_id)
        if record is None:
            raise UnknownAgentError(agent_id, self.table_name)
        if isinstance(record, Exception):
            raise record
        return record

    def _from_item(self, agent_id: str) -> Any:
        with self._lock:
            now = self._clock()
            hit = self._cache.get(agent_id)
            stale = hit is None or now - hit[0] >= self.ttl_seconds
            if stale and (hit is None or now >= self._item_retry_at.get(agent_id, float("-inf"))):
                try:
                    self.reads += 1
                    resp = self.client.get_item(TableName=self.table_name, Key={"agent_id": {"S": agent_id}})
                except AWS_ERRORS as exc:
                    self._item_retry_at[agent_id] = self._failed(exc, now)
                    if hit is None:
                        raise ConfigUnavailable(self.table_name, self.last_error or "") from exc
                else:
                    item = resp.get("Item")
                    hit = (now, None if item is None else self._checked(decode_item(item)))
                    self._cache[agent_id] = hit
                    self.last_error, stale = None, False
            if stale:
                self.stale_serves += 1
        assert hit is not None  # read above, or ConfigUnavailable was raised
        return hit[1]

    def _from_table(self, agent_id: str) -> Any:
        with self._lock:
            now = self._clock()
            stale = self._records is None or now - self._loaded_at >= self.ttl_seconds
            if stale and (self._records is None or now >= self._retry_at):
                stale = not self._refresh(now)
            records = self._records
            if stale:
                self.stale_serves += 1
        assert records is not None
        return records.get(agent_id)

    def _failed(self, exc: Exception, now: float) -> float:
        """Count the failed read; returns when to try again."""
        self.refresh_failures += 1
        self.last_error = error_of(exc)[0]
        return now + min(self.retry_seconds, self.ttl_seconds or self.retry_seconds)

    def _refresh(self, now: float) -> bool:
        """Reload the whole table; on failure keep the last copy (or raise when there is none)."""
        records: dict[str, Any] = {}
        params: dict[str, Any] = {"TableName": self.table_name}
        try:
            while True:
                self.reads += 1
                page = self.client.scan(**params)
                for item in page.get("Items", []):
                    record = decode_item(item)
                    agent_id = record.get("agent_id")
                    if not isinstance(agent_id, str):
                        continue  # not an agent record (the table's key is agent_id, a string)
                    records[agent_id] = self._checked(record)
                if not page.get("LastEvaluatedKey"):
                    break
                params["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        except AWS_ERRORS as exc:
            self._retry_at = self._failed(exc, now)
            if self._records is None:
                raise ConfigUnavailable(self.table_name, self.last_error or "") from exc
            return False
        self._records, self._loaded_at, self.last_error = records, now, None
        self.refreshes += 1
        return True

    def _checked(self, record: dict[str, Any]) -> Any:
        if self._validate is None:
            return record
        try:
            return self._validate(record)
        except Exception as exc:  # kept, raised to the agent's callers
            return exc
