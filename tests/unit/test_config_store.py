"""agentcore_finops.config_store: decoding table items and the TTL cache the router relies on."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber

from agentcore_finops.config_store import ConfigStore, UnknownAgentError, decode_item

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


def test_warm_reads_make_no_call_and_a_new_version_is_seen_after_the_ttl():
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


def test_unknown_agent_is_a_client_error_naming_the_field():
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


def test_negative_ttl_is_rejected():
    with pytest.raises(ValueError, match="ttl_seconds"):
        ConfigStore("t", ttl_seconds=-1)
