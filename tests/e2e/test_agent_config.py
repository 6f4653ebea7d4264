"""examples/minimal applied to the emulator: the table holds exactly the resolved records."""

from __future__ import annotations

import pytest

from agentcore_finops.config_store import ConfigStore, decode_item
from tests import harness

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]

# Written out by hand from the tier defaults, not computed by the code under test.
EXPECTED = {
    "support-orchestrator": {
        "agent_id": "support-orchestrator",
        "tier": 1,
        "description": "",
        "model_id": "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "max_tokens": 2048,
        "step_budget": 15,
        "tools": ["search_kb", "open_ticket"],
        "async": False,
        "ltm_enabled": True,
        "ltm_importance_threshold": 0.4,
        "trace_sample_rate": 0.25,
        "escalation_model_id": None,
        "idle_session_timeout_seconds": 300,
        "max_session_lifetime_seconds": 3600,
        "prompt_routers": None,
    },
    "refund-specialist": {
        "agent_id": "refund-specialist",
        "tier": 2,
        "description": "",
        "model_id": "global.anthropic.claude-haiku-4-5-20251001-v1:0",
        "max_tokens": 1024,
        "step_budget": 6,
        "tools": ["get_order", "issue_refund"],
        "async": False,
        "ltm_enabled": False,
        "ltm_importance_threshold": 0.75,
        "trace_sample_rate": 0.1,
        "escalation_model_id": "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "idle_session_timeout_seconds": 120,
        "max_session_lifetime_seconds": 1800,
        "prompt_routers": None,
    },
    "email-classifier": {
        "agent_id": "email-classifier",
        "tier": 3,
        "description": "",
        "model_id": "amazon.nova-micro-v1:0",
        "max_tokens": 256,
        "step_budget": 3,
        "tools": [],
        "async": False,
        "ltm_enabled": False,
        "ltm_importance_threshold": None,
        "trace_sample_rate": 0.03,
        "escalation_model_id": "global.anthropic.claude-haiku-4-5-20251001-v1:0",
        "idle_session_timeout_seconds": 60,
        "max_session_lifetime_seconds": 300,
        "prompt_routers": None,
    },
}


def test_minimal_example_applies_and_items_read_back_exactly(aws_env, aws, tmp_path):
    tf_vars = {"name_prefix": "e2e-minimal", "deletion_protection": False}
    ddb = aws("dynamodb")
    with harness.applied("examples/minimal", tmp_path, aws_env, tf_vars) as ws:
        outputs = ws.outputs()
        table = outputs["agent_config_table_name"]
        assert table == "e2e-minimal-agent-config"
        desc = ddb.describe_table(TableName=table)["Table"]
        assert desc["KeySchema"] == [{"AttributeName": "agent_id", "KeyType": "HASH"}]
        assert desc["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"

        items = ddb.scan(TableName=table)["Items"]
        assert len(items) == 3
        records = {r["agent_id"]: r for r in map(decode_item, items)}
        assert set(records) == set(EXPECTED)
        for agent_id, expected in EXPECTED.items():
            record = dict(records[agent_id])
            version = record.pop("config_version")
            assert record == expected, agent_id
            assert len(version) == 16 and version == outputs["agent_configs"][agent_id]["config_version"]

        # The router's view: the cached store returns the same record and reads the table once.
        store = ConfigStore(table, ttl_seconds=60)
        first = store.get("refund-specialist")
        assert store.get("refund-specialist") == first == records["refund-specialist"]
        assert store.reads == 1

    tables = ddb.list_tables()["TableNames"]
    assert table not in tables, "destroy must remove the table"
