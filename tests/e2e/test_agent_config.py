"""examples/minimal applied to the emulator: the table holds exactly the resolved records."""

from __future__ import annotations

import pytest

from agentcore_finops.config_store import ConfigStore, decode_item
from tests import harness, tier_defaults

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]


# The tier defaults as modules/agent-config/tier-defaults.json holds them (read here as data, not
# computed by the code under test), plus what examples/minimal sets itself.
def _expected(agent_id: str, tier: int, tools: list[str]) -> dict:
    return {
        "agent_id": agent_id,
        "tier": tier,
        "description": "",
        **tier_defaults.TIERS[str(tier)],
        "tools": tools,
        "prompt_routers": None,
    }


EXPECTED = {
    "support-orchestrator": _expected("support-orchestrator", 1, ["search_kb", "open_ticket"]),
    "refund-specialist": _expected("refund-specialist", 2, ["get_order", "issue_refund"]),
    "email-classifier": _expected("email-classifier", 3, []),
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
