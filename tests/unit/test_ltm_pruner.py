"""ltm_pruner against the real bedrock-agentcore service model (botocore Stubber checks every request
and response shape): pagination, TTL per tier, the per-namespace cap, the 100-record batch limit,
failed-record retries, dry run, the deletion cap, unreadable metadata; plus a property test of the
rule that a young, important record is never deleted."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import boto3
import pytest
from botocore.exceptions import UnknownServiceError
from botocore.stub import Stubber
from hypothesis import given, settings
from hypothesis import strategies as st

from agentcore_finops.env import SettingsError
from agentcore_finops.errors import FieldError
from agentcore_finops.memory_records import record_metadata
from ltm_pruner import handler
from ltm_pruner.config import PrunerConfig, Scope, load_config
from ltm_pruner.pruner import CAP, TTL, Record, delete, in_scope, monthly_saving, scan, select

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
MEMORY = "acme_agents_memory-a1b2c3d4e5"
OTHER_MEMORY = "acme_agents_memory-f6g7h8i9j0"
TTL_DAYS = {1: 90, 2: 30, 3: 7}


def rid(n: int) -> str:
    """A memory record id of the shape the service model requires (mem-..., 40-50 characters)."""
    return f"mem-{n:036d}"


def summary(
    n: int,
    *,
    age_days: float,
    importance: float | None = 0.5,
    tier: int = 1,
    namespace: str = "/facts/u1",
    metadata=None,
):
    md = metadata if metadata is not None else record_metadata("sre-orchestrator", tier, importance)
    return {
        "memoryRecordId": rid(n),
        "content": {"text": f"record {n}"},
        "memoryStrategyId": "semantic_facts-a1b2c3d4e5",
        "namespaces": [namespace],
        "createdAt": NOW - timedelta(days=age_days),
        "metadata": md,
    }


def config(**overrides) -> PrunerConfig:
    base = {
        "scopes": (Scope(MEMORY, namespace_path="/facts/"),),
        "ttl_days": TTL_DAYS,
        "protected_importance": 0.9,
        "max_records_per_namespace": 1000,
        "max_deletions_per_run": 1000,
        "dry_run": False,
        "delete_retries": 2,
    }
    return PrunerConfig(**{**base, **overrides})


@pytest.fixture
def client():
    return boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    ).client("bedrock-agentcore")


@pytest.fixture
def stub(client):
    with Stubber(client) as s:
        yield s
        s.assert_no_pending_responses()


def expect_list(stub, summaries, *, memory=MEMORY, path="/facts/", token=None, next_token=None):
    params = {"memoryId": memory, "namespacePath": path, "maxResults": 100}
    if token:
        params["nextToken"] = token
    response = {"memoryRecordSummaries": summaries}
    if next_token:
        response["nextToken"] = next_token
    stub.add_response("list_memory_records", response, params)


def expect_batch(stub, ids, *, memory=MEMORY, failed=()):
    failed = {f["memoryRecordId"]: f for f in failed}
    stub.add_response(
        "batch_delete_memory_records",
        {
            "successfulRecords": [
                {"memoryRecordId": i, "status": "SUCCEEDED"} for i in ids if i not in failed
            ],
            "failedRecords": list(failed.values()),
        },
        {"memoryId": memory, "records": [{"memoryRecordId": i} for i in ids]},
    )


def failure(i: str, code: int = 500, message: str = "internal error"):
    return {"memoryRecordId": i, "status": "FAILED", "errorCode": code, "errorMessage": message}


# ------------------------------------------------------------------------------------------ scanning


def test_pagination_follows_next_token_until_the_last_page(client, stub):
    expect_list(stub, [summary(i, age_days=1) for i in range(100)], next_token="page-2")
    expect_list(stub, [summary(i, age_days=1) for i in range(100, 200)], token="page-2", next_token="page-3")
    expect_list(stub, [summary(i, age_days=1) for i in range(200, 230)], token="page-3")
    records, errors = scan(client, config().scopes)
    assert len(records) == 230 and errors == []
    assert {r.record_id for r in records} == {rid(i) for i in range(230)}


def test_exact_namespaces_use_namespace_and_overlapping_scopes_count_once(client, stub):
    scopes = (Scope(MEMORY, namespace_path="/facts/"), Scope(MEMORY, namespace="/facts/u1"))
    expect_list(stub, [summary(1, age_days=1), summary(2, age_days=1)])
    stub.add_response(
        "list_memory_records",
        {"memoryRecordSummaries": [summary(2, age_days=1)]},
        {"memoryId": MEMORY, "namespace": "/facts/u1", "maxResults": 100},
    )
    records, _ = scan(client, scopes)
    assert sorted(r.record_id for r in records) == [rid(1), rid(2)]


def test_a_scope_that_cannot_be_listed_is_reported_and_others_go_on(client, stub):
    scopes = (Scope(OTHER_MEMORY, namespace_path="/facts/"), Scope(MEMORY, namespace_path="/facts/"))
    stub.add_client_error(
        "list_memory_records",
        "AccessDeniedException",
        "not allowed",
        403,
        expected_params={"memoryId": OTHER_MEMORY, "namespacePath": "/facts/", "maxResults": 100},
    )
    expect_list(stub, [summary(1, age_days=1)])
    records, errors = scan(client, scopes)
    assert [r.record_id for r in records] == [rid(1)]
    assert errors == [
        {
            "memory_id": OTHER_MEMORY,
            "scope": "/facts/*",
            "error": "AccessDeniedException",
            "message": "not allowed",
        }
    ]


def test_missing_metadata_is_read_from_the_record_itself(client, stub):
    listed = summary(1, age_days=200)
    del listed["metadata"]
    expect_list(stub, [listed])
    stub.add_response(
        "get_memory_record",
        {
            "memoryRecord": {
                **summary(1, age_days=200),
                "metadata": record_metadata("sre-orchestrator", 1, 0.2),
            }
        },
        {"memoryId": MEMORY, "memoryRecordId": rid(1)},
    )
    records, _ = scan(client, config().scopes)
    assert records[0].readable and records[0].importance == 0.2 and records[0].tier == 1


# --------------------------------------------------------------------------------------- selection


def test_records_older_than_their_tiers_ttl_are_deleted(client, stub):
    expect_list(
        stub,
        [
            summary(1, age_days=91, tier=1),  # tier 1 keeps 90 days: expired
            summary(2, age_days=89, tier=1),  # kept
            summary(3, age_days=8, tier=3),  # tier 3 keeps 7 days: expired
            summary(4, age_days=6, tier=3),  # kept
            summary(5, age_days=31, tier=2, importance=0.99),  # expired: importance does not stop the TTL
        ],
    )
    expect_batch(stub, [rid(1), rid(5), rid(3)])  # oldest first
    report = handler.run(config(), client, dry_run=False, now=NOW)
    assert (report["deleted"], report["expired"], report["kept"]) == (3, 3, 2)


def test_the_cap_per_namespace_removes_the_least_important_then_the_oldest(client, stub):
    expect_list(
        stub,
        [
            summary(1, age_days=5, importance=0.30),
            summary(2, age_days=9, importance=0.10),  # least important
            summary(3, age_days=8, importance=0.30),  # same importance as 1, older: goes first
            summary(4, age_days=1, importance=0.95),  # protected
            summary(5, age_days=2, importance=0.80),
            summary(10, age_days=2, importance=0.10, namespace="/facts/u2"),  # other namespace, under cap
        ],
    )
    expect_batch(stub, [rid(2), rid(3)])
    report = handler.run(config(max_records_per_namespace=3), client, dry_run=False, now=NOW)
    assert report["deleted"] == 2 and report["over_cap"] == 2
    by_ns = {n["namespace"]: n for n in report["namespaces"]}
    assert by_ns["/facts/u1"]["over_cap"] == 2 and not by_ns["/facts/u1"]["cap_unmet"]
    assert by_ns["/facts/u2"]["over_cap"] == 0


def test_protected_records_are_never_removed_for_the_cap():
    records = [
        Record(MEMORY, rid(i), "/facts/u1", NOW - timedelta(days=i + 1), importance=0.95, tier=1)
        for i in range(5)
    ]
    selection = select(records, config(max_records_per_namespace=2), NOW)
    assert selection.deletions == []
    assert selection.namespaces[0].cap_unmet


def test_unreadable_records_neither_count_toward_the_cap_nor_are_deleted(client, stub):
    unreadable = [
        summary(1, age_days=400, metadata={"agent_id": {"stringValue": "x"}}),  # no importance
        summary(
            2, age_days=400, metadata={"importance": {"stringValue": "high"}, "tier": {"numberValue": 1}}
        ),
        summary(3, age_days=400, metadata={"importance": {"numberValue": 0.5}, "tier": {"numberValue": 7}}),
    ]
    expect_list(
        stub, [*unreadable, summary(4, age_days=1, importance=0.5), summary(5, age_days=2, importance=0.4)]
    )
    # 5 records, 2 of them managed, cap 2: nothing goes (the unlabelled ones are not the pruner's to count).
    report = handler.run(config(max_records_per_namespace=2), client, dry_run=False, now=NOW)
    assert report["unreadable"] == 3 and report["deleted"] == 0 and report["kept"] == 5
    problems = {r["record_id"]: r["problem"] for r in report["unreadable_records"]}
    assert problems == {
        rid(1): "metadata.importance: missing",
        rid(2): "metadata.importance: not a number: {'stringValue': 'high'}",
        rid(3): "metadata.tier: not 1, 2 or 3: 7.0",
    }
    # Cap 1: the least important managed record goes.
    expect_list(
        stub, [*unreadable, summary(4, age_days=1, importance=0.5), summary(5, age_days=2, importance=0.4)]
    )
    expect_batch(stub, [rid(5)])
    report = handler.run(config(max_records_per_namespace=1), client, dry_run=False, now=NOW)
    assert report["deleted"] == 1 and report["unreadable"] == 3


def test_foreign_records_do_not_evict_a_young_important_one(client, stub):
    """Reproduction (issue #12): the cap counted records the pruner cannot delete, so a one-hour-old
    record with importance 0.85 was evicted when 500 foreign records shared its namespace."""
    foreign = [
        summary(100 + i, age_days=30, metadata={"source": {"stringValue": "other"}}) for i in range(500)
    ]
    young = summary(1, age_days=1 / 24, importance=0.85)
    for page, token, next_token in ((foreign[:100], None, "p2"), (foreign[100:200], "p2", "p3")):
        expect_list(stub, page, token=token, next_token=next_token)
    expect_list(stub, [*foreign[200:300]], token="p3", next_token="p4")
    expect_list(stub, [*foreign[300:400]], token="p4", next_token="p5")
    expect_list(stub, [*foreign[400:], young], token="p5")
    # No delete is stubbed: any delete call fails the test.
    report = handler.run(config(max_records_per_namespace=500), client, dry_run=False, now=NOW)
    assert report["scanned"] == 501 and report["deleted"] == 0 and report["unreadable"] == 500


def test_no_record_younger_than_the_minimum_age_goes_for_the_cap():
    records = [
        Record(MEMORY, rid(i), "/facts/u1", NOW - timedelta(hours=i + 1), importance=0.1, tier=3)
        for i in range(10)
    ]
    selection = select(records, config(max_records_per_namespace=2, min_age_days=1), NOW)
    assert selection.deletions == [] and selection.namespaces[0].cap_unmet
    # A TTL shorter than the minimum age waits for the minimum age too.
    selection = select(records, config(ttl_days={1: 1, 2: 1, 3: 1}, min_age_days=2), NOW - timedelta(days=-1))
    assert selection.deletions == []


def test_a_namespace_whose_listing_failed_gets_no_cap_deletions(client, stub):
    scopes = (Scope(MEMORY, namespace_path="/facts/"),)
    expect_list(stub, [summary(i, age_days=10, importance=0.1) for i in range(100)], next_token="p2")
    stub.add_client_error("list_memory_records", "ThrottledException", "slow down", 429)
    report = handler.run(config(scopes=scopes, max_records_per_namespace=5), client, dry_run=False, now=NOW)
    assert report["deleted"] == 0 and report["over_cap"] == 0
    assert report["scope_errors"][0]["error"] == "ThrottledException"
    assert report["namespaces"][0]["listing_failed"] and report["namespaces"][0]["cap_unmet"]


# ---------------------------------------------------------------------------------------- deletion


def test_batches_hold_at_most_100_records(client, stub):
    expect_list(stub, [summary(i, age_days=100 + i) for i in range(250)])
    oldest_first = [rid(i) for i in reversed(range(250))]
    expect_batch(stub, oldest_first[:100])
    expect_batch(stub, oldest_first[100:200])
    expect_batch(stub, oldest_first[200:])
    report = handler.run(config(), client, dry_run=False, now=NOW)
    assert report["deleted"] == 250 and report["calls"] == {"batch_delete": 3, "single_delete": 0}


def test_failed_records_are_retried_and_the_ones_that_still_fail_reported(client, stub):
    ids = [rid(i) for i in range(5)]
    expect_list(stub, [summary(i, age_days=100 - i) for i in range(5)])
    # First attempt: 1, 2 and 3 fail (3 because it is already gone, which counts as deleted).
    expect_batch(
        stub, ids, failed=[failure(ids[1]), failure(ids[2]), failure(ids[3], 404, "record not found")]
    )
    expect_batch(stub, [ids[1], ids[2]], failed=[failure(ids[2])])  # retry 1: 1 succeeds
    expect_batch(stub, [ids[2]], failed=[failure(ids[2])])  # retry 2: 2 still fails
    stub.add_client_error(
        "delete_memory_record",
        "ThrottlingException",
        "slow down",
        429,
        expected_params={"memoryId": MEMORY, "memoryRecordId": ids[2]},
    )
    report = handler.run(config(delete_retries=2), client, dry_run=False, now=NOW)
    assert report["deleted"] == 4 and report["failed"] == 1 and report["kept"] == 0
    assert report["failed_records"] == [
        {"memory_id": MEMORY, "record_id": ids[2], "error": "ThrottlingException: slow down"}
    ]
    assert report["calls"] == {"batch_delete": 3, "single_delete": 1}


def test_a_record_deleted_alone_after_the_batches_counts_as_deleted(client):
    records = [Record(MEMORY, rid(1), "/facts/u1", NOW - timedelta(days=100), 0.1, 1)]
    with Stubber(client) as stub:
        expect_batch(stub, [rid(1)], failed=[failure(rid(1))])
        stub.add_response(
            "delete_memory_record", {"memoryRecordId": rid(1)}, {"memoryId": MEMORY, "memoryRecordId": rid(1)}
        )
        result = delete(client, records, retries=0)
        stub.assert_no_pending_responses()
    assert [r.record_id for r in result.deleted] == [rid(1)] and result.failed == []


def test_a_failure_whose_message_says_does_not_exist_is_a_failure(client, stub):
    """Reproduction (issue #12): "KMS key does not exist" was counted as deleted (substring match)."""
    ids = [rid(1), rid(2)]
    expect_list(stub, [summary(1, age_days=100), summary(2, age_days=100)])
    expect_batch(
        stub, ids, failed=[failure(ids[0], 400, "KMS key does not exist"), failure(ids[1], 404, "x")]
    )
    stub.add_client_error("delete_memory_record", "ValidationException", "KMS key does not exist", 400)
    report = handler.run(config(delete_retries=0), client, dry_run=False, now=NOW)
    assert report["deleted"] == 1 and report["failed"] == 1
    assert report["failed_records"] == [
        {"memory_id": MEMORY, "record_id": ids[0], "error": "ValidationException: KMS key does not exist"}
    ]


def test_a_record_in_neither_list_is_not_counted_as_deleted(client, stub):
    """Reproduction (issue #12): a record in neither successfulRecords nor failedRecords counted as deleted."""
    ids = [rid(1), rid(2)]
    expect_list(stub, [summary(1, age_days=100), summary(2, age_days=100)])
    stub.add_response(
        "batch_delete_memory_records",
        {"successfulRecords": [{"memoryRecordId": ids[0], "status": "SUCCEEDED"}], "failedRecords": []},
        {"memoryId": MEMORY, "records": [{"memoryRecordId": i} for i in ids]},
    )
    stub.add_client_error("delete_memory_record", "ServiceException", "try later", 500)
    report = handler.run(config(delete_retries=0), client, dry_run=False, now=NOW)
    assert report["deleted"] == 1 and report["failed"] == 1 and report["kept"] == 0
    assert report["failed_records"][0]["record_id"] == ids[1]


def test_a_failed_batch_call_does_not_lose_the_others(client, stub):
    expect_list(stub, [summary(i, age_days=100 + i) for i in range(150)])
    oldest_first = [rid(i) for i in reversed(range(150))]
    expect_batch(stub, oldest_first[:100])
    stub.add_client_error("batch_delete_memory_records", "ThrottledException", "slow down", 429)
    expect_batch(stub, oldest_first[100:])  # the failed batch is retried
    report = handler.run(config(delete_retries=1), client, dry_run=False, now=NOW)
    assert report["deleted"] == 150 and report["failed"] == 0 and report["error"] is None
    assert report["calls"] == {"batch_delete": 3, "single_delete": 0}


def test_an_exception_in_the_second_batch_still_reports_and_emits_then_fails(
    lambda_env, client, stub, capsys
):
    """Reproduction (issue #12): an exception in the second batch lost the whole report and its metrics."""
    expect_list(stub, [summary(i, age_days=100 + i) for i in range(150)])
    expect_batch(stub, [rid(i) for i in reversed(range(50, 150))])
    real = client.batch_delete_memory_records
    calls = []

    def batch(**kw):
        calls.append(kw)
        if len(calls) == 2:
            raise KeyError("successfulRecords")  # not an AWS error: a bug or an unexpected response
        return real(**kw)

    client.batch_delete_memory_records = batch
    with pytest.raises(handler.PruneIncomplete, match="stopped early: KeyError") as info:
        handler.lambda_handler({}, CONTEXT)
    report = info.value.report
    assert report["deleted"] == 100 and report["kept"] == 50 and report["error"].startswith("KeyError")
    emf = _emf(capsys.readouterr().out)
    assert emf["RecordsDeleted"] == [100.0] and emf["RecordsScanned"] == [150.0]


def test_dry_run_changes_nothing(client, stub):
    expect_list(stub, [summary(i, age_days=100) for i in range(120)])
    # No delete response is stubbed: any delete call would fail the test (Stubber raises on it).
    report = handler.run(config(), client, dry_run=True, now=NOW)
    assert report["dry_run"] and report["deleted"] == 0 and report["would_delete"] == 120
    assert report["kept"] == 0 and report["calls"] == {"batch_delete": 0, "single_delete": 0}
    assert report["estimated_monthly_saving_usd"] == "0.09"  # 120 records x $0.75 / 1,000


def test_an_unknown_price_item_fails_before_anything_is_listed_or_deleted(client, stub):
    # Nothing is stubbed: a list or delete call would fail the test with the Stubber's own error.
    with pytest.raises(FieldError, match="typo"):
        handler.run(config(storage_price_item="typo"), client, dry_run=False, now=NOW)
    stub.assert_no_pending_responses()


def test_the_deletion_cap_is_honoured_oldest_first(client, stub):
    expect_list(stub, [summary(i, age_days=100 + i) for i in range(30)])
    expect_batch(stub, [rid(i) for i in range(29, 19, -1)])
    report = handler.run(config(max_deletions_per_run=10), client, dry_run=False, now=NOW)
    assert report["deleted"] == 10 and report["deferred"] == 20 and report["kept"] == 20


def test_a_second_run_finds_nothing_more_to_do(client, stub):
    expect_list(stub, [summary(i, age_days=100) for i in range(3)] + [summary(9, age_days=1)])
    expect_batch(stub, [rid(i) for i in range(3)])
    expect_list(stub, [summary(9, age_days=1)])
    first = handler.run(config(), client, dry_run=False, now=NOW)
    second = handler.run(config(), client, dry_run=False, now=NOW)
    assert (first["deleted"], second["deleted"], second["kept"]) == (3, 0, 1)


def test_monthly_saving_uses_the_catalogue_price():
    assert monthly_saving(2000, Decimal("0.75")) == Decimal("1.5")


# ----------------------------------------------------------------------------------- property test

ages = st.floats(min_value=0, max_value=400, allow_nan=False)
importances = st.floats(min_value=0, max_value=1, allow_nan=False)
record_specs = st.lists(
    st.tuples(ages, importances, st.sampled_from([1, 2, 3]), st.sampled_from(["/facts/a", "/facts/b"])),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(
    specs=st.lists(
        st.tuples(
            ages,
            st.one_of(st.none(), importances),  # None: a record the pruner does not manage (no label)
            st.sampled_from([1, 2, 3]),
            st.sampled_from(["/facts/a", "/facts/b", "/prefs/a"]),
        ),
        max_size=60,
    ),
    ttl=st.fixed_dictionaries({1: st.integers(1, 365), 2: st.integers(1, 365), 3: st.integers(1, 365)}),
    threshold=importances,
    min_age=st.integers(1, 30),
    cap=st.integers(1, 20),
    budget=st.integers(0, 100),
    event_budget=st.one_of(st.none(), st.integers(0, 100)),
    failed=st.sets(st.sampled_from(["/facts/", "/prefs/", "/facts/a"]), max_size=3),
)
def test_the_pruner_never_deletes_what_it_must_keep(
    specs, ttl, threshold, min_age, cap, budget, event_budget, failed
):
    """Whatever the cap, the budgets, the scopes and which listings failed: no record younger than the
    minimum age is deleted; none at or above the protected importance unless its TTL expired; none
    without readable metadata; no cap eviction in a namespace whose listing failed."""
    records = [
        Record(MEMORY, rid(i), ns, NOW - timedelta(days=age), importance=imp, tier=tier)
        if imp is not None
        else Record(MEMORY, rid(i), ns, NOW - timedelta(days=age), problem="metadata.importance: missing")
        for i, (age, imp, tier, ns) in enumerate(specs)
    ]
    unlisted = [
        Scope(MEMORY, namespace=f) if not f.endswith("/") else Scope(MEMORY, namespace_path=f) for f in failed
    ]
    cfg = config(
        ttl_days=ttl,
        protected_importance=threshold,
        min_age_days=min_age,
        max_records_per_namespace=cap,
        max_deletions_per_run=budget,
    )
    selection = select(records, cfg, NOW, unlisted=unlisted, max_deletions=event_budget)
    assert len(selection.deletions) <= min(budget, budget if event_budget is None else event_budget)
    for d in selection.deletions:
        r, age = d.record, NOW - d.record.created_at
        assert r.readable, "an unmanaged record is never deleted"
        assert age >= timedelta(days=min_age), "younger than the minimum age"
        if d.reason == TTL:
            assert age > timedelta(days=ttl[r.tier])
        else:
            assert d.reason == CAP and r.importance < threshold, "protected record evicted for the cap"
            assert not any(in_scope(MEMORY, r.namespace, s) for s in unlisted), (
                "cap eviction in an unlisted namespace"
            )
    for r in records:
        if r.readable and NOW - r.created_at <= timedelta(days=ttl[r.tier]) and r.importance >= threshold:
            assert r.key not in {d.record.key for d in selection.deletions}


# ------------------------------------------------------------------------------------ configuration

ENV = {
    "MEMORY_SCOPES": json.dumps([{"memory_id": MEMORY, "namespace_paths": ["/facts/", "/preferences/"]}]),
    "TTL_DAYS": json.dumps({"1": 90, "2": 30, "3": 7}),
}


def test_defaults_are_safe():
    cfg = load_config(ENV)
    assert cfg.dry_run is True and cfg.max_deletions_per_run == 1000 and cfg.max_records_per_namespace == 500
    assert [s.namespace_path for s in cfg.scopes] == ["/facts/", "/preferences/"]


@pytest.mark.parametrize(
    ("env", "field"),
    [
        ({"MEMORY_SCOPES": ""}, "MEMORY_SCOPES"),
        ({"MEMORY_SCOPES": "[{]"}, "MEMORY_SCOPES"),
        ({"MEMORY_SCOPES": json.dumps([{"memory_id": "nope"}])}, "MEMORY_SCOPES[0].memory_id"),
        ({"MEMORY_SCOPES": json.dumps([{"memory_id": MEMORY}])}, "MEMORY_SCOPES[0]"),
        (
            {"MEMORY_SCOPES": json.dumps([{"memory_id": MEMORY, "namespace_paths": ["bad ns"]}])},
            "MEMORY_SCOPES[0].namespace_paths",
        ),
        ({"TTL_DAYS": json.dumps({"1": 90, "2": 30})}, "TTL_DAYS"),
        ({"TTL_DAYS": json.dumps({"1": 90, "2": 30, "3": 0})}, 'TTL_DAYS["3"]'),
        ({"PROTECTED_IMPORTANCE": "1.5"}, "PROTECTED_IMPORTANCE"),
        ({"MAX_DELETIONS_PER_RUN": "-1"}, "MAX_DELETIONS_PER_RUN"),
        ({"MAX_RECORDS_PER_NAMESPACE": "many"}, "MAX_RECORDS_PER_NAMESPACE"),
        ({"DRY_RUN": "yes"}, "DRY_RUN"),
    ],
)
def test_bad_settings_name_the_variable(env, field):
    with pytest.raises(FieldError) as info:
        load_config({**ENV, **env})
    assert info.value.field == field


def test_every_bad_setting_is_reported_together():
    """Before the shared reader the pruner stopped at the first bad variable."""
    bad = {
        "MEMORY_SCOPES": json.dumps([{"memory_id": "nope"}]),
        "TTL_DAYS": "{",
        "PROTECTED_IMPORTANCE": "high",
        "MAX_DELETIONS_PER_RUN": "-1",
        "DRY_RUN": "yes",
        "DELETE_RETRIES": "11",
    }
    with pytest.raises(SettingsError) as info:
        load_config(bad)
    assert [e.field for e in info.value.errors] == [
        "MEMORY_SCOPES[0].memory_id",
        "TTL_DAYS",
        "PROTECTED_IMPORTANCE",
        "MAX_DELETIONS_PER_RUN",
        "DRY_RUN",
        "DELETE_RETRIES",
    ]
    assert "DRY_RUN: invalid value 'yes' (allowed: true or false)" in str(info.value)


# ------------------------------------------------------------------------------------------ handler


@pytest.fixture
def lambda_env(monkeypatch, client):
    for key, value in {
        **ENV,
        "DRY_RUN": "false",
        "MEMORY_SCOPES": json.dumps([{"memory_id": MEMORY, "namespace_paths": ["/facts/"]}]),
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(handler.aws, "client", lambda service: client)
    handler.settings.cache_clear()
    yield
    handler.settings.cache_clear()


CONTEXT = SimpleNamespace(
    function_name="acme-agents-ltm-pruner",
    memory_limit_in_mb=256,
    invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:acme-agents-ltm-pruner",
    aws_request_id="req-1",
)


def _emf(out: str) -> dict:
    blobs = [json.loads(line) for line in out.splitlines() if line.startswith("{") and "_aws" in line]
    assert len(blobs) == 1, out
    return blobs[0]


def test_handler_deletes_and_emits_every_metric(lambda_env, client, stub, capsys):
    expect_list(stub, [summary(i, age_days=100) for i in range(4)] + [summary(9, age_days=1)])
    expect_batch(stub, [rid(i) for i in range(4)])
    report = handler.lambda_handler({}, CONTEXT)
    assert report["deleted"] == 4 and report["kept"] == 1 and not report["dry_run"]
    emf = _emf(capsys.readouterr().out)
    directive = emf["_aws"]["CloudWatchMetrics"][0]
    assert directive["Namespace"] == "AgentCoreFinOps"
    assert sorted(m["Name"] for m in directive["Metrics"]) == sorted(handler.METRIC_NAMES)
    assert (emf["RecordsDeleted"], emf["RecordsScanned"]) == ([4.0], [5.0])
    assert emf["EstimatedMonthlySavingUSD"] == [pytest.approx(0.003)]  # 4 x $0.75 / 1,000, unrounded


# The bad event is refused before any work, so Powertools has no metric to flush and says so.
@pytest.mark.filterwarnings("ignore:No application metrics to publish:UserWarning")
def test_an_event_can_force_a_dry_run_but_not_undo_one(lambda_env, client, stub, monkeypatch, capsys):
    expect_list(stub, [summary(1, age_days=100)])
    assert handler.lambda_handler({"dry_run": True}, CONTEXT)["would_delete"] == 1
    monkeypatch.setenv("DRY_RUN", "true")
    handler.settings.cache_clear()
    expect_list(stub, [summary(1, age_days=100)])
    assert handler.lambda_handler({"dry_run": False}, CONTEXT)["dry_run"] is True
    with pytest.raises(FieldError):
        handler.lambda_handler({"dry_run": "no"}, CONTEXT)


BAD_EVENTS = {
    "misspelled dryRun": ({"dryRun": True}, "event", "unknown field(s) ['dryRun']"),
    "upper-case key": ({"DRY_RUN": True}, "event", "unknown field(s) ['DRY_RUN']"),
    "a string": ("dry_run", "event", "must be a JSON object"),
    "null": (None, "event", "must be a JSON object, got NoneType"),
    "a list": ([{"dry_run": True}], "event", "must be a JSON object, got list"),
    "a number": (7, "event", "must be a JSON object"),
    "a bool": (True, "event", "must be a JSON object"),
    "1 MB unknown key": ({"x" * 1_000_000: 1}, "event", "at most 4,096 bytes"),
    "not JSON": ({("dry_run",): True}, "event", "is not JSON"),
    "extra key": ({"dry_run": True, "force": True}, "event", "unknown field(s) ['force']"),
    "dry_run a string": ({"dry_run": "true"}, "event.dry_run", "invalid value 'true'"),
    "dry_run a number": ({"dry_run": 1}, "event.dry_run", "invalid value 1"),
    "dry_run null": ({"dry_run": None}, "event.dry_run", "invalid value None"),
    "cap negative": ({"max_deletions_per_run": -1}, "event.max_deletions_per_run", "invalid value -1"),
    "cap a string": ({"max_deletions_per_run": "5"}, "event.max_deletions_per_run", "invalid value '5'"),
    "cap a float": ({"max_deletions_per_run": 1.5}, "event.max_deletions_per_run", "invalid value 1.5"),
    "cap a bool": ({"max_deletions_per_run": True}, "event.max_deletions_per_run", "invalid value True"),
    "cap above configured": (
        {"max_deletions_per_run": 1001},
        "event.max_deletions_per_run",
        "above the configured MAX_DELETIONS_PER_RUN (1000)",
    ),
    "eventbridge detail a string": (
        {"source": "aws.events", "detail-type": "Scheduled Event", "detail": "delete"},
        "event.detail",
        "must be a JSON object",
    ),
    "eventbridge detail an empty list": (
        {"source": "aws.events", "detail-type": "Scheduled Event", "detail": []},
        "event.detail",
        "must be a JSON object, got list",
    ),
    "eventbridge detail unknown key": (
        {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {"dryRun": True}},
        "event",
        "unknown field(s) ['dryRun']",
    ),
}


@pytest.mark.filterwarnings("ignore:No application metrics to publish:UserWarning")
@pytest.mark.parametrize("case", BAD_EVENTS, ids=list(BAD_EVENTS))
def test_a_malformed_event_is_refused_before_any_call(lambda_env, monkeypatch, case):
    """Reproduction (issue #12): with DRY_RUN=false these events ran the destructive pass."""
    event, field, problem = BAD_EVENTS[case]
    calls = []
    monkeypatch.setattr(handler.aws, "client", lambda *a, **k: calls.append(a))
    with pytest.raises(FieldError) as info:
        handler.lambda_handler(event, CONTEXT)
    assert info.value.field == field and problem in str(info.value)
    assert calls == [], "no AWS client was even created"


def test_an_event_can_lower_the_deletion_cap(lambda_env, client, stub):
    expect_list(stub, [summary(i, age_days=100 + i) for i in range(5)])
    expect_batch(stub, [rid(4), rid(3)])
    report = handler.lambda_handler({"max_deletions_per_run": 2}, CONTEXT)
    assert report["deleted"] == 2 and report["deferred"] == 3


def test_the_shipped_example_events_are_accepted(lambda_env):
    from ltm_pruner.contract import parse_event

    for path in sorted((Path(handler.__file__).parent / "events").glob("*.json")):
        parse_event(json.loads(path.read_text()), handler.settings())


def test_handler_fails_loudly_when_a_scope_cannot_be_listed(lambda_env, client, stub, capsys):
    stub.add_client_error("list_memory_records", "ResourceNotFoundException", "no such memory", 404)
    with pytest.raises(handler.PruneIncomplete, match="ResourceNotFoundException"):
        handler.lambda_handler({}, CONTEXT)
    assert "RecordsScanned" in capsys.readouterr().out  # metrics still flushed


def _model_with(operations):
    return SimpleNamespace(meta=SimpleNamespace(service_model=SimpleNamespace(operation_names=operations)))


def test_the_cold_start_check_lists_exactly_the_operations_the_pruner_calls():
    real = boto3.client("bedrock-agentcore", region_name="us-east-1")
    source = (Path(handler.__file__).parent / "pruner.py").read_text()
    used = {api for method, api in real.meta.method_to_api_mapping.items() if f".{method}(" in source}
    used |= {api for method, api in real.meta.method_to_api_mapping.items() if f'"{method}"' in source}
    assert used == set(handler.REQUIRED_OPERATIONS)
    assert set(handler.REQUIRED_OPERATIONS) <= set(real.meta.service_model.operation_names)


@pytest.mark.parametrize(
    "client_factory, message",
    [
        (
            lambda service: _model_with(["ListMemoryRecords", "GetMemoryRecord", "DeleteMemoryRecord"]),
            r"botocore \S+ has no bedrock-agentcore operation\(s\) \['BatchDeleteMemoryRecords'\]; "
            r"this function needs botocore >= 1\.40\.46",
        ),
        (
            lambda service: (_ for _ in ()).throw(
                UnknownServiceError(service_name=service, known_service_names=["s3"])
            ),
            r"does not know the service 'bedrock-agentcore'; this function needs botocore >= 1\.40\.46",
        ),
    ],
    ids=["operation missing", "service unknown"],
)
@pytest.mark.filterwarnings("ignore:No application metrics to publish:UserWarning")
def test_an_old_botocore_fails_at_cold_start_with_a_clear_message(
    lambda_env, monkeypatch, client_factory, message
):
    monkeypatch.setattr(handler.aws, "client", client_factory)  # a fake without methods: no call can run
    with pytest.raises(handler.aws.MissingApiError, match=message):
        handler.lambda_handler({}, CONTEXT)
