"""AgentSettings: the guards read the same record Terraform resolves, passed in or from the table."""

from __future__ import annotations

from decimal import Decimal

import pytest
from boto3.dynamodb.types import TypeSerializer
from botocore.stub import Stubber

from agentcore_finops.config_store import ConfigStore
from agentcore_finops.errors import FieldError
from agentcore_finops.guards import AgentSettings
from tests import tier_defaults
from tests.unit.guards_support import aws_client, records


def test_from_a_resolved_record():
    s = AgentSettings.from_record(records()["sre-orchestrator"])
    assert (s.agent_id, s.tier, s.step_budget, s.tools) == (
        "sre-orchestrator",
        1,
        tier_defaults.default(1, "step_budget"),
        ("get_metrics", "open_ticket"),
    )
    assert s.ltm_enabled is tier_defaults.default(1, "ltm_enabled") and s.is_async is False
    assert s.ltm_importance_threshold == tier_defaults.default(1, "ltm_importance_threshold")
    assert len(s.config_version) == 16
    assert s.record["async"] is False  # the record itself stays available, with its own field names


def test_from_the_config_table_through_the_ttl_cache():
    record = records()["invoice-validator"]
    serializer = TypeSerializer()
    item = {
        k: serializer.serialize(Decimal(str(v)) if isinstance(v, float) else v) for k, v in record.items()
    }
    client = aws_client("dynamodb")
    store = ConfigStore("acme-agent-config", dynamodb_client=client)
    with Stubber(client) as stub:
        stub.add_response(
            "get_item",
            {"Item": item},
            {"TableName": "acme-agent-config", "Key": {"agent_id": {"S": "invoice-validator"}}},
        )
        first = AgentSettings.from_store(store, "invoice-validator")
        second = AgentSettings.from_store(store, "invoice-validator")  # warm: no call
        stub.assert_no_pending_responses()
    assert first == second
    assert (first.tier, first.step_budget, first.ltm_importance_threshold) == (3, 3, None)
    assert first.config_version == record["config_version"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"step_budget": 0}, 'agent_configs["sre-orchestrator"].step_budget'),
        ({"tier": 4}, 'agent_configs["sre-orchestrator"].tier'),
        ({"async": "yes"}, 'agent_configs["sre-orchestrator"].async'),
        ({"ltm_importance_threshold": 2}, 'agent_configs["sre-orchestrator"].ltm_importance_threshold'),
        ({"tools": "get_metrics"}, 'agent_configs["sre-orchestrator"].tools'),
    ],
)
def test_errors_name_the_record_field(change, field):
    with pytest.raises(FieldError) as info:
        AgentSettings.from_record({**records()["sre-orchestrator"], **change})
    assert info.value.field == field


def test_a_missing_field_is_named():
    record = dict(records()["sre-orchestrator"])
    del record["step_budget"]
    with pytest.raises(FieldError, match="step_budget: missing"):
        AgentSettings.from_record(record)
