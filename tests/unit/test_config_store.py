"""agentcore_finops.config_store: decoding table items and the TTL cache the router relies on."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber

from agentcore_finops.config_store import ConfigStore, ConfigUnavailable, UnknownAgentError, decode_item

ITEM = {
    "agent_id": {"S": "email-classifier"},
    "tier": {"N": "3"},
    "max_tokens": {"N": "50"},
    "trace_sample_rate": {"N": "0.03"},
    "tools": {"L": []},
    "async": {"BOOL": False},
    "ltm_importance_threshold": {"NULL": True},
    "config_version": {"S": "v1"},
}


def test_decode_item_gives_plain_python_values():
    r = decode_item(ITEM)
    assert r == {
        "agent_id": "email-classifier",
        "tier": 3,
        "max_tokens": 50,
        "trace_sample_rate": 0.03,
        "tools": [],
        "async": False,
        "ltm_importance_threshold": None,
        "config_version": "v1",
    }
    assert isinstance(r["tier"], int) and isinstance(r["trace_sample_rate"], float)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def _client():
    return boto3.client("dynamodb", region_name="us-east-1", aws_access_key_id="t", aws_secret_access_key="t")


def test_per_agent_warm_reads_make_no_call_and_a_new_version_is_seen_after_the_ttl():
    ddb, clock = _client(), Clock()
    key = {"TableName": "t", "Key": {"agent_id": {"S": "email-classifier"}}}
    changed = {**ITEM, "max_tokens": {"N": "64"}, "config_version": {"S": "v2"}}
    with Stubber(ddb) as stub:
        stub.add_response("get_item", {"Item": ITEM}, key)
        stub.add_response("get_item", {"Item": changed}, key)
        store = ConfigStore("t", ttl_seconds=30, dynamodb_client=ddb, clock=clock)
        assert store.get("email-classifier")["config_version"] == "v1"
        clock.now += 29
        assert store.get("email-classifier")["config_version"] == "v1"  # warm: the stub has one response left
        assert store.reads == 1
        clock.now += 1
        assert store.get("email-classifier")["max_tokens"] == 64
        assert store.reads == 2
        stub.assert_no_pending_responses()


def test_per_agent_unknown_agent_is_a_client_error_naming_the_field():
    ddb = _client()
    with Stubber(ddb) as stub:
        stub.add_response("get_item", {}, {"TableName": "t", "Key": {"agent_id": {"S": "nope"}}})
        with pytest.raises(UnknownAgentError) as info:
            ConfigStore("t", dynamodb_client=ddb).get("nope")
    assert info.value.field == "agent_id" and "nope" in str(info.value)


def test_an_unknown_agent_is_remembered_for_the_ttl():
    ddb = _client()
    now = [0.0]
    store = ConfigStore("t", ttl_seconds=60, dynamodb_client=ddb, clock=lambda: now[0])
    with Stubber(ddb) as stub:
        key = {"TableName": "t", "Key": {"agent_id": {"S": "nope"}}}
        stub.add_response("get_item", {}, key)
        stub.add_response("get_item", {}, key)
        for _ in range(3):
            with pytest.raises(UnknownAgentError):
                store.get("nope")
        assert store.reads == 1
        now[0] = 61.0
        with pytest.raises(UnknownAgentError):
            store.get("nope")
        assert store.reads == 2
        stub.assert_no_pending_responses()


def test_per_agent_a_failed_read_serves_the_cached_record():
    ddb, clock = _client(), Clock()
    key = {"TableName": "t", "Key": {"agent_id": {"S": "email-classifier"}}}
    store = ConfigStore("t", ttl_seconds=60, dynamodb_client=ddb, clock=clock)
    with Stubber(ddb) as stub:
        stub.add_response("get_item", {"Item": ITEM}, key)
        stub.add_client_error("get_item", "ProvisionedThroughputExceededException", "slow", 400)
        stub.add_client_error("get_item", "AccessDeniedException", "no", 400)
        assert store.get("email-classifier")["config_version"] == "v1"
        clock.now += 60
        assert store.get("email-classifier")["config_version"] == "v1"
        assert store.stale_serves == 1 and store.last_error == "ProvisionedThroughputExceededException"
        with pytest.raises(ConfigUnavailable, match="AccessDeniedException"):  # never read: nothing to serve
            store.get("refund-specialist")


SCAN = {"TableName": "t"}
OTHER = {**ITEM, "agent_id": {"S": "refund-specialist"}}


def test_warm_reads_make_no_call_and_a_new_version_is_seen_after_the_ttl():
    ddb, clock = _client(), Clock()
    changed = {**ITEM, "max_tokens": {"N": "64"}, "config_version": {"S": "v2"}}
    with Stubber(ddb) as stub:
        stub.add_response("scan", {"Items": [ITEM, OTHER]}, SCAN)
        stub.add_response("scan", {"Items": [changed, OTHER]}, SCAN)
        store = ConfigStore("t", ttl_seconds=30, dynamodb_client=ddb, clock=clock, whole_table=True)
        assert store.get("email-classifier")["config_version"] == "v1"
        clock.now += 29
        assert store.get("email-classifier")["config_version"] == "v1"  # warm: the stub has one response left
        assert store.get("refund-specialist")["agent_id"] == "refund-specialist"  # same copy, no read
        assert store.reads == 1
        clock.now += 1
        assert store.get("email-classifier")["max_tokens"] == 64
        assert store.reads == 2
        stub.assert_no_pending_responses()


def test_every_page_of_the_table_is_read_once_per_refresh():
    ddb = _client()
    with Stubber(ddb) as stub:
        stub.add_response("scan", {"Items": [ITEM], "LastEvaluatedKey": {"agent_id": {"S": "a"}}}, SCAN)
        stub.add_response("scan", {"Items": [OTHER]}, {**SCAN, "ExclusiveStartKey": {"agent_id": {"S": "a"}}})
        store = ConfigStore("t", dynamodb_client=ddb, clock=Clock(), whole_table=True)
        assert store.get("refund-specialist") and store.get("email-classifier")
        assert store.reads == 2 and store.refreshes == 1


def test_unknown_agent_is_a_client_error_naming_the_field():
    ddb = _client()
    with Stubber(ddb) as stub:
        stub.add_response("scan", {"Items": [ITEM]}, SCAN)
        with pytest.raises(UnknownAgentError) as info:
            ConfigStore("t", dynamodb_client=ddb, whole_table=True).get("nope")
    assert info.value.field == "agent_id" and "nope" in str(info.value)


def test_an_unknown_agent_costs_no_read_until_the_ttl():
    ddb, clock = _client(), Clock()
    store = ConfigStore("t", ttl_seconds=60, dynamodb_client=ddb, clock=clock, whole_table=True)
    with Stubber(ddb) as stub:
        stub.add_response("scan", {"Items": [ITEM]}, SCAN)
        stub.add_response("scan", {"Items": [ITEM]}, SCAN)
        for _ in range(3):
            with pytest.raises(UnknownAgentError):
                store.get("nope")
        assert store.reads == 1
        clock.now += 61
        with pytest.raises(UnknownAgentError):
            store.get("nope")
        assert store.reads == 2
        stub.assert_no_pending_responses()


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("ProvisionedThroughputExceededException", 400),
        ("ThrottlingException", 400),
        ("InternalServerError", 500),
        ("AccessDeniedException", 400),
    ],
)
def test_a_failed_refresh_serves_the_cached_copy_and_says_so(code, status):
    """Reproduction (issue #12): any DynamoDB error after the cache TTL failed the request although a
    record was cached."""
    ddb, clock = _client(), Clock()
    store = ConfigStore(
        "t", ttl_seconds=60, dynamodb_client=ddb, clock=clock, retry_seconds=5, whole_table=True
    )
    with Stubber(ddb) as stub:
        stub.add_response("scan", {"Items": [ITEM]}, SCAN)
        stub.add_client_error("scan", code, "no", status)
        stub.add_response("scan", {"Items": [{**ITEM, "config_version": {"S": "v2"}}]}, SCAN)
        assert store.get("email-classifier")["config_version"] == "v1"
        clock.now += 60
        assert store.get("email-classifier")["config_version"] == "v1"  # stale, served
        assert (store.stale_serves, store.refresh_failures, store.last_error) == (1, 1, code)
        clock.now += 1
        assert store.get("email-classifier")["config_version"] == "v1"  # no new try within retry_seconds
        assert store.reads == 2 and store.stale_serves == 2
        with pytest.raises(UnknownAgentError):  # an unknown agent is still unknown
            store.get("nope")
        clock.now += 5
        assert store.get("email-classifier")["config_version"] == "v2"  # recovered
        assert store.last_error is None
        stub.assert_no_pending_responses()


def test_a_failed_first_read_names_the_table_and_the_error():
    ddb = _client()
    with Stubber(ddb) as stub:
        stub.add_client_error("scan", "AccessDeniedException", "no", 400)
        with pytest.raises(ConfigUnavailable, match=r"table t \(AccessDeniedException\)"):
            ConfigStore("t", dynamodb_client=ddb, clock=Clock(), whole_table=True).get("email-classifier")


def test_a_record_the_validator_rejects_fails_only_its_own_agent():
    def validate(record):
        if record["agent_id"] == "refund-specialist":
            raise RuntimeError("max_tokens: missing")
        return record

    ddb = _client()
    with Stubber(ddb) as stub:
        stub.add_response("scan", {"Items": [ITEM, OTHER]}, SCAN)
        store = ConfigStore("t", dynamodb_client=ddb, clock=Clock(), validate=validate, whole_table=True)
        assert store.get("email-classifier")["tier"] == 3
        with pytest.raises(RuntimeError, match="max_tokens"):
            store.get("refund-specialist")


def test_negative_ttl_is_rejected():
    with pytest.raises(ValueError, match="ttl_seconds"):
        ConfigStore("t", ttl_seconds=-1)


@pytest.mark.parametrize("agents", [100])  # 1,000 agents: scripts/bench_router.py
def test_reads_at_fleet_scale_are_at_least_100x_fewer_than_one_per_request(agents):
    """The benchmark's workload (scripts/bench_router.py) as a read count: 10,000 lookups over 600
    simulated seconds with a 60 s TTL. Read-every-request would make 10,000 reads."""
    import random

    from moto import mock_aws

    with mock_aws():
        ddb = boto3.client("dynamodb", region_name="us-east-1")
        ddb.create_table(
            TableName="t",
            KeySchema=[{"AttributeName": "agent_id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "agent_id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        ids = [f"agent-{i:04d}" for i in range(agents)]
        for start in range(0, agents, 25):
            ddb.batch_write_item(
                RequestItems={
                    "t": [
                        {"PutRequest": {"Item": {**ITEM, "agent_id": {"S": a}}}}
                        for a in ids[start : start + 25]
                    ]
                }
            )
        clock, rng = Clock(), random.Random(7)
        store = ConfigStore("t", ttl_seconds=60, dynamodb_client=ddb, clock=clock, whole_table=True)
        for _ in range(10_000):
            assert store.get(rng.choice(ids))["tier"] == 3
            clock.now += 0.06
        assert store.refreshes == 10 and store.stale_serves == 0
        assert 10_000 / store.reads >= 100
