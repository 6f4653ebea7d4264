"""The emulator accepts AgentCore as a vended-log delivery source (emulator/ext/logs.py)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

MEMORY_ARN = "arn:aws:bedrock-agentcore:us-east-1:123456789012:memory/fleet_memory-a1b2c3d4e5"


def test_agentcore_delivery_source_is_stored_and_delivered(ext_aws):
    logs = ext_aws("logs")
    logs.put_delivery_source(name="memory", resourceArn=MEMORY_ARN, logType="APPLICATION_LOGS")
    source = logs.get_delivery_source(name="memory")["deliverySource"]
    assert (source["service"], source["resourceArns"], source["logType"]) == (
        "bedrock-agentcore",
        [MEMORY_ARN],
        "APPLICATION_LOGS",
    )
    logs.create_log_group(logGroupName="/aws/vendedlogs/bedrock-agentcore/fleet/memory")
    dest = logs.put_delivery_destination(
        name="memory-logs",
        deliveryDestinationConfiguration={
            "destinationResourceArn": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/bedrock-agentcore/fleet/memory"
        },
    )["deliveryDestination"]
    delivery = logs.create_delivery(deliverySourceName="memory", deliveryDestinationArn=dest["arn"])[
        "delivery"
    ]
    assert delivery["deliverySourceName"] == "memory"


def test_agentcore_log_types_are_checked(ext_aws):
    with pytest.raises(ClientError) as info:
        ext_aws("logs").put_delivery_source(name="m", resourceArn=MEMORY_ARN, logType="ACCESS_LOGS")
    assert info.value.response["Error"]["Code"] == "ValidationException"


def test_other_services_still_follow_moto(ext_aws):
    with pytest.raises(ClientError) as info:
        ext_aws("logs").put_delivery_source(
            name="x",
            resourceArn="arn:aws:nosuchservice:us-east-1:123456789012:thing/x",
            logType="APPLICATION_LOGS",
        )
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
