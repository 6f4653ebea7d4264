"""emulator/ext/agentcore_memory: AgentCore long-term memory records on the running emulator,
driven with boto3 (shapes per botocore's bedrock-agentcore model)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from botocore.exceptions import ClientError

from agentcore_finops.memory_records import read_importance, record_metadata

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    response = excinfo.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture
def control(ext_aws):
    return ext_aws("bedrock-agentcore-control")


@pytest.fixture
def data(ext_aws):
    return ext_aws("bedrock-agentcore")


@pytest.fixture
def memory(control) -> dict:
    return control.create_memory(
        name="fleet_memory",
        eventExpiryDuration=30,
        memoryStrategies=[
            {"semanticMemoryStrategy": {"name": "facts", "namespaces": ["/facts/{actorId}"]}},
            {"userPreferenceMemoryStrategy": {"name": "prefs", "namespaces": ["/prefs/{actorId}"]}},
        ],
    )["memory"]


def _record(i: int, namespace: str = "/facts/alice", importance: float = 0.5, **extra) -> dict:
    return {
        "requestIdentifier": f"req-{i}",
        "namespaces": [namespace],
        "content": {"text": f"fact number {i} about alice"},
        "timestamp": NOW,
        "metadata": record_metadata("sre-orchestrator", 1, importance),
        **extra,
    }


def _create(data, memory_id: str, records: list[dict]) -> list[str]:
    response = data.batch_create_memory_records(memoryId=memory_id, records=records)
    assert response["failedRecords"] == []
    return [r["memoryRecordId"] for r in response["successfulRecords"]]


def test_batch_create_reports_each_record_and_get_returns_the_model_shape(data, memory):
    response = data.batch_create_memory_records(
        memoryId=memory["id"],
        records=[_record(1, importance=0.8), {**_record(2), "namespaces": []}],
    )
    (ok,) = response["successfulRecords"]
    (failed,) = response["failedRecords"]
    assert (ok["requestIdentifier"], ok["status"]) == ("req-1", "SUCCEEDED")
    assert ok["memoryRecordId"].startswith("mem-") and 40 <= len(ok["memoryRecordId"]) <= 50
    assert (failed["requestIdentifier"], failed["status"], failed["errorCode"]) == ("req-2", "FAILED", 400)

    record = data.get_memory_record(memoryId=memory["id"], memoryRecordId=ok["memoryRecordId"])[
        "memoryRecord"
    ]
    assert record["content"] == {"text": "fact number 1 about alice"}
    assert record["namespaces"] == ["/facts/alice"]
    assert record["metadata"]["importance"] == {"numberValue": 0.8}
    assert read_importance(record["metadata"]) == 0.8
    assert record["timestamp"] == NOW and isinstance(record["createdAt"], datetime)
    facts = next(s for s in memory["strategies"] if s["name"] == "facts")
    assert record["memoryStrategyId"] == facts["strategyId"], "strategy inferred from the namespace template"


def test_list_paginates_with_default_and_maximum_page_sizes(data, memory):
    created = _create(data, memory["id"], [_record(i) for i in range(25)])
    first = data.list_memory_records(memoryId=memory["id"], namespace="/facts/alice")
    assert len(first["memoryRecordSummaries"]) == 20, "default page size is 20"
    second = data.list_memory_records(
        memoryId=memory["id"], namespace="/facts/alice", nextToken=first["nextToken"]
    )
    assert "nextToken" not in second
    ids = [r["memoryRecordId"] for r in first["memoryRecordSummaries"] + second["memoryRecordSummaries"]]
    assert ids == created

    everything = data.list_memory_records(memoryId=memory["id"], namespace="/facts/alice", maxResults=100)
    assert len(everything["memoryRecordSummaries"]) == 25 and "nextToken" not in everything

    for bad in ({"maxResults": 101}, {"nextToken": "garbage"}, {}):
        with pytest.raises(ClientError) as refused:
            data.list_memory_records(
                memoryId=memory["id"], **({"namespace": "/facts/alice"} | bad if bad else {})
            )
        assert error_of(refused) == ("ValidationException", 400)


def test_list_filters_by_namespace_path_strategy_and_metadata(data, memory):
    prefs = next(s for s in memory["strategies"] if s["name"] == "prefs")["strategyId"]
    _create(
        data,
        memory["id"],
        [
            _record(1, "/facts/alice", importance=0.1),
            _record(2, "/facts/bob", importance=0.9),
            _record(3, "/prefs/alice", importance=0.2),
            _record(4, "/facts/alice", importance=0.7, memoryStrategyId="custom-1"),
        ],
    )

    def texts(**kwargs) -> list[str]:
        page = data.list_memory_records(memoryId=memory["id"], **kwargs)["memoryRecordSummaries"]
        return [r["content"]["text"].split()[2] for r in page]

    assert texts(namespace="/facts/alice") == ["1", "4"]
    assert texts(namespace="/facts") == [], "namespace is an exact match"
    assert texts(namespacePath="/facts") == ["1", "2", "4"]
    assert texts(namespacePath="/", memoryStrategyId=prefs) == ["3"]
    assert texts(namespacePath="/facts", memoryStrategyId="custom-1") == ["4"]
    low = [
        {
            "left": {"metadataKey": "importance"},
            "operator": "LESS_THAN",
            "right": {"metadataValue": {"numberValue": 0.5}},
        }
    ]
    assert texts(namespacePath="/", metadataFilters=low) == ["1", "3"]
    agent = [
        {
            "left": {"metadataKey": "agent_id"},
            "operator": "EQUALS_TO",
            "right": {"metadataValue": {"stringValue": "someone-else"}},
        }
    ]
    assert texts(namespacePath="/", metadataFilters=agent) == []


def test_delete_and_batch_delete(data, memory):
    ids = _create(data, memory["id"], [_record(i) for i in range(4)])
    assert data.delete_memory_record(memoryId=memory["id"], memoryRecordId=ids[0])["memoryRecordId"] == ids[0]
    for call in (data.get_memory_record, data.delete_memory_record):
        with pytest.raises(ClientError) as gone:
            call(memoryId=memory["id"], memoryRecordId=ids[0])
        assert error_of(gone) == ("ResourceNotFoundException", 404)

    response = data.batch_delete_memory_records(
        memoryId=memory["id"], records=[{"memoryRecordId": i} for i in ids]
    )
    assert sorted(r["memoryRecordId"] for r in response["successfulRecords"]) == sorted(ids[1:])
    assert [(r["memoryRecordId"], r["status"], r["errorCode"]) for r in response["failedRecords"]] == [
        (ids[0], "FAILED", 404)
    ]
    assert data.list_memory_records(memoryId=memory["id"], namespacePath="/")["memoryRecordSummaries"] == []


def test_batches_are_capped_at_100_records(ext_aws, memory):
    data = ext_aws("bedrock-agentcore", parameter_validation=False)
    fake_ids = [{"memoryRecordId": f"mem-{i:036d}"} for i in range(101)]
    with pytest.raises(ClientError) as too_many:
        data.batch_delete_memory_records(memoryId=memory["id"], records=fake_ids)
    assert error_of(too_many) == ("ValidationException", 400)
    with pytest.raises(ClientError) as too_many_creates:
        data.batch_create_memory_records(memoryId=memory["id"], records=[_record(i) for i in range(101)])
    assert error_of(too_many_creates) == ("ValidationException", 400)
    assert data.list_memory_records(memoryId=memory["id"], namespacePath="/")["memoryRecordSummaries"] == []


def test_records_need_a_memory_that_exists(control, data, memory):
    with pytest.raises(ClientError) as unknown:
        data.batch_create_memory_records(memoryId="nomemory-abcdefghij", records=[_record(1)])
    assert error_of(unknown) == ("ResourceNotFoundException", 404)

    _create(data, memory["arn"], [_record(1)])  # a memory ARN identifies it too
    control.delete_memory(memoryId=memory["id"])
    with pytest.raises(ClientError) as deleted:
        data.list_memory_records(memoryId=memory["id"], namespacePath="/")
    assert error_of(deleted) == ("ResourceNotFoundException", 404)


def test_batch_update_and_retrieve(data, memory):
    ids = _create(data, memory["id"], [_record(1), _record(2)])
    response = data.batch_update_memory_records(
        memoryId=memory["id"],
        records=[
            {"memoryRecordId": ids[0], "timestamp": NOW, "content": {"text": "alice prefers green tea"}},
            {"memoryRecordId": f"mem-{'0' * 36}", "timestamp": NOW},
        ],
    )
    assert [r["memoryRecordId"] for r in response["successfulRecords"]] == [ids[0]]
    assert response["failedRecords"][0]["errorCode"] == 404

    found = data.retrieve_memory_records(
        memoryId=memory["id"],
        namespace="/facts/alice",
        searchCriteria={"searchQuery": "green tea", "topK": 5},
    )["memoryRecordSummaries"]
    assert [(r["memoryRecordId"], r["score"]) for r in found] == [(ids[0], 1.0)]


def test_short_term_events_still_work_and_reset_clears_records(ext_emulator, control, data, memory):
    event = data.create_event(
        memoryId=memory["id"],
        actorId="alice",
        sessionId="s1",
        eventTimestamp=NOW,
        payload=[{"conversational": {"content": {"text": "hello"}, "role": "USER"}}],
    )["event"]
    assert (
        data.list_events(memoryId=memory["id"], actorId="alice", sessionId="s1")["events"][0]["eventId"]
        == (event["eventId"])
    )
    _create(data, memory["id"], [_record(1)])
    ext_emulator.reset()
    fresh = control.create_memory(name="fresh_memory", eventExpiryDuration=7)["memory"]
    assert data.list_memory_records(memoryId=fresh["id"], namespacePath="/")["memoryRecordSummaries"] == []
    with pytest.raises(ClientError) as gone:
        data.list_memory_records(memoryId=memory["id"], namespacePath="/")
    assert error_of(gone) == ("ResourceNotFoundException", 404)
