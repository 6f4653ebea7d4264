"""Gated long-term memory: the tier gate, the metadata the pruner reads, and the batched write."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from botocore.stub import Stubber

from agentcore_finops import fleet
from agentcore_finops.errors import FieldError
from agentcore_finops.guards import AgentSettings, LongTermMemory, MemoryWriteError, ltm_gate
from agentcore_finops.guards.backoff import Backoff
from agentcore_finops.guards.long_term import Candidate
from agentcore_finops.memory_records import read_importance, read_tier
from tests.unit.guards_support import MEMORY_ID, Sleeps, aws_client, emitted, records

NOW = 1_800_000_000.0
WHEN = datetime.fromtimestamp(NOW, tz=UTC)


def settings(agent_id: str) -> AgentSettings:
    return AgentSettings.from_record(records()[agent_id])


def ltm(agent_id: str, client, **kwargs) -> LongTermMemory:
    ids = iter(f"req{i}" for i in range(1000))
    kwargs.setdefault("backoff", Backoff(max_attempts=3, sleep=Sleeps(), random=lambda: 0.5))
    return LongTermMemory(
        MEMORY_ID,
        settings(agent_id),
        client=client,
        clock=lambda: NOW,
        request_identifier=lambda: next(ids),
        **kwargs,
    )


@pytest.mark.parametrize(
    ("agent_id", "importance", "allowed"),
    [
        ("sre-orchestrator", 0.41, True),  # tier 1: threshold 0.4
        ("sre-orchestrator", 0.4, True),
        ("sre-orchestrator", 0.39, False),
        ("doc-specialist", 0.99, False),  # tier 2: ltm off by default
        ("doc-learner", 0.8, True),  # tier 2 with ltm_enabled: threshold 0.75
        ("doc-learner", 0.7, False),
        ("invoice-validator", 1.0, False),  # tier 3: never (threshold null)
    ],
)
def test_gate_per_tier(agent_id, importance, allowed):
    assert ltm_gate(settings(agent_id), importance).allowed is allowed


def test_tier_3_never_writes_by_default_even_when_enabled_without_a_threshold():
    record = {**records()["invoice-validator"], "ltm_enabled": True}  # resolve would refuse this
    decision = ltm_gate(AgentSettings.from_record(record), 1.0)
    assert not decision.allowed and "threshold" in decision.reason


def test_tier_3_with_an_explicit_threshold_can_opt_in():
    resolved = fleet.resolve({"a-utility": {"tier": 3, "ltm_enabled": True, "ltm_importance_threshold": 0.9}})
    assert ltm_gate(AgentSettings.from_record(resolved["a-utility"]), 0.95).allowed


def test_records_above_the_threshold_are_written_in_one_call_with_the_pruner_metadata(capsys):
    from agentcore_finops.guards.metrics import GuardMetrics

    client = aws_client("bedrock-agentcore")
    memory = ltm("sre-orchestrator", client, metrics=GuardMetrics("sre-orchestrator", 1))
    expected_records = [
        {
            "requestIdentifier": f"req{i}",
            "namespaces": ["/agents/sre-orchestrator"],
            "content": {"text": text},
            "timestamp": WHEN,
            "metadata": {
                "importance": {"numberValue": importance},
                "agent_id": {"stringValue": "sre-orchestrator"},
                "tier": {"numberValue": 1},
            },
        }
        for i, (text, importance) in enumerate([("db failover runbook lives in wiki/RB-12", 0.9), ("x", 0.5)])
    ]
    with Stubber(client) as stub:
        stub.add_response(
            "batch_create_memory_records",
            {
                "successfulRecords": [
                    {"memoryRecordId": f"mem-{'a' * 40}", "status": "SUCCEEDED", "requestIdentifier": "req0"},
                    {"memoryRecordId": f"mem-{'b' * 40}", "status": "SUCCEEDED", "requestIdentifier": "req1"},
                ],
                "failedRecords": [],
            },
            {"memoryId": MEMORY_ID, "records": expected_records},
        )
        outcomes = memory.remember_many(
            [
                Candidate("db failover runbook lives in wiki/RB-12", 0.9),
                Candidate("the user said hello", 0.1),  # below 0.4: skipped, no call for it
                Candidate("x", 0.5),
            ]
        )
        stub.assert_no_pending_responses()
    assert [o.written for o in outcomes] == [True, False, True]
    assert outcomes[0].memory_record_id == f"mem-{'a' * 40}"
    assert "below the threshold 0.4" in outcomes[1].reason
    metadata = expected_records[0]["metadata"]
    assert read_importance(metadata) == 0.9 and read_tier(metadata) == 1  # what the pruner reads
    out = capsys.readouterr().out
    assert emitted(out, "LtmRecordsWritten") == [2.0] and emitted(out, "LtmRecordsSkipped") == [1.0]


def test_tier_3_makes_no_call_at_all():
    client = aws_client("bedrock-agentcore")
    with Stubber(client) as stub:  # any call would fail: no response is queued
        outcome = ltm("invoice-validator", client).remember("an invoice number", 1.0)
        stub.assert_no_pending_responses()
    assert not outcome.written


def test_throttling_and_retryable_record_failures_are_retried():
    client = aws_client("bedrock-agentcore")
    memory = ltm("sre-orchestrator", client)
    with Stubber(client) as stub:
        stub.add_client_error("batch_create_memory_records", "ThrottledException", "slow", 429)
        stub.add_response(
            "batch_create_memory_records",
            {
                "successfulRecords": [
                    {"memoryRecordId": f"mem-{'a' * 40}", "status": "SUCCEEDED", "requestIdentifier": "req0"}
                ],
                "failedRecords": [
                    {
                        "memoryRecordId": f"mem-{'0' * 40}",
                        "status": "FAILED",
                        "requestIdentifier": "req1",
                        "errorCode": 500,
                        "errorMessage": "internal",
                    }
                ],
            },
        )
        stub.add_response(
            "batch_create_memory_records",
            {
                "successfulRecords": [
                    {"memoryRecordId": f"mem-{'b' * 40}", "status": "SUCCEEDED", "requestIdentifier": "req1"}
                ],
                "failedRecords": [],
            },
        )
        outcomes = memory.remember_many([Candidate("one", 0.9), Candidate("two", 0.8)])
        stub.assert_no_pending_responses()
    assert [o.memory_record_id for o in outcomes] == [f"mem-{'a' * 40}", f"mem-{'b' * 40}"]


def test_a_record_that_keeps_failing_is_reported():
    client = aws_client("bedrock-agentcore")
    failures: list[MemoryWriteError] = []
    memory = ltm("sre-orchestrator", client, on_failure=failures.append)
    failed = {
        "successfulRecords": [],
        "failedRecords": [
            {
                "memoryRecordId": f"mem-{'0' * 40}",
                "status": "FAILED",
                "requestIdentifier": "req0",
                "errorCode": 400,
                "errorMessage": "bad content",
            }
        ],
    }
    with Stubber(client) as stub:
        stub.add_response("batch_create_memory_records", failed)  # 400: not retried
        outcome = memory.remember("something", 0.9)
        stub.assert_no_pending_responses()
    assert not outcome.written
    assert len(failures) == 1 and "bad content" in str(failures[0])
    assert failures[0].request["records"][0]["requestIdentifier"] == "req0"


def test_bad_inputs_name_the_field():
    with pytest.raises(FieldError) as info:
        ltm_gate(settings("sre-orchestrator"), 1.5)
    assert info.value.field == "importance"
    with pytest.raises(FieldError) as info:
        LongTermMemory(MEMORY_ID, settings("sre-orchestrator"), namespace="bad namespace!", client=object())
    assert info.value.field == "namespace"
    with pytest.raises(FieldError) as info:
        LongTermMemory("nope", settings("sre-orchestrator"), client=object())
    assert info.value.field == "memory_id"


def test_recall_retries_throttling_and_counts_each_retrieval(capsys):
    from agentcore_finops.guards.metrics import GuardMetrics

    client = aws_client("bedrock-agentcore")
    memory = ltm("sre-orchestrator", client, metrics=GuardMetrics("sre-orchestrator", 1))
    expected = {
        "memoryId": MEMORY_ID,
        "namespace": "/agents/sre-orchestrator",
        "searchCriteria": {"searchQuery": "db failover", "topK": 3},
        "maxResults": 3,
    }
    summary = {
        "memoryRecordId": f"mem-{'a' * 40}",
        "content": {"text": "db failover runbook lives in wiki/RB-12"},
        "memoryStrategyId": "s1",
        "namespaces": ["/agents/sre-orchestrator"],
        "createdAt": WHEN,
    }
    with Stubber(client) as stub:
        stub.add_client_error(
            "retrieve_memory_records", "ThrottledException", "slow", 429, expected_params=expected
        )
        stub.add_response("retrieve_memory_records", {"memoryRecordSummaries": [summary]}, expected)
        stub.add_response("retrieve_memory_records", {"memoryRecordSummaries": []}, expected)
        first = memory.recall("db failover", top_k=3)
        second = memory.recall("db failover", top_k=3)
        stub.assert_no_pending_responses()
    assert [r["memoryRecordId"] for r in first] == [summary["memoryRecordId"]] and second == []
    assert emitted(capsys.readouterr().out, "LtmRetrievals") == [1.0, 1.0]  # the throttled try is not counted


def test_recall_raises_a_denial_at_once_and_counts_nothing(capsys):
    from botocore.exceptions import ClientError

    from agentcore_finops.guards.metrics import GuardMetrics

    client = aws_client("bedrock-agentcore")
    memory = ltm("sre-orchestrator", client, metrics=GuardMetrics("sre-orchestrator", 1))
    with Stubber(client) as stub:
        stub.add_client_error("retrieve_memory_records", "AccessDeniedException", "no", 403)
        with pytest.raises(ClientError, match="AccessDenied"):
            memory.recall("anything")
        stub.assert_no_pending_responses()
    assert emitted(capsys.readouterr().out, "LtmRetrievals") == []


def test_recall_raises_the_last_throttle_when_tries_run_out_and_counts_nothing(capsys):
    from botocore.exceptions import ClientError

    from agentcore_finops.guards.metrics import GuardMetrics

    client = aws_client("bedrock-agentcore")
    memory = ltm("sre-orchestrator", client, metrics=GuardMetrics("sre-orchestrator", 1))
    with Stubber(client) as stub:
        for _ in range(3):  # max_attempts of the test's Backoff
            stub.add_client_error("retrieve_memory_records", "ThrottledException", "slow", 429)
        with pytest.raises(ClientError, match="ThrottledException"):
            memory.recall("anything")
        stub.assert_no_pending_responses()
    assert emitted(capsys.readouterr().out, "LtmRetrievals") == []


@pytest.mark.parametrize(
    ("query", "top_k", "field"), [("", 5, "query"), ("q", 0, "top_k"), ("q", 101, "top_k")]
)
def test_recall_rejects_bad_input_before_any_call(query, top_k, field):
    client = aws_client("bedrock-agentcore")
    with Stubber(client), pytest.raises(FieldError) as error:
        ltm("sre-orchestrator", client).recall(query, top_k=top_k)
    assert field in str(error.value)
