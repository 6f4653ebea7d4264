"""scripts/agentcore_migrate.py without AWS: Retain policies, import ids from a stack's template and
physical ids, the rendered blocks, and the errors for a stack modules/agentcore did not create. The
live flow runs in tests/e2e/test_agentcore_migration.py."""

from __future__ import annotations

import hcl2
import pytest

from scripts import agentcore_migrate as migrate

TEMPLATE = {
    "Parameters": {
        "RuntimeRoleArnSreOrchestrator": {
            "Type": "String",
            "Description": "Execution role of the runtime of agent sre-orchestrator",
        },
        "GatewayRoleArn": {"Type": "String", "Description": "Execution role of the gateway"},
    },
    "Resources": {
        "RuntimeSreOrchestrator": {"Type": "AWS::BedrockAgentCore::Runtime", "Properties": {}},
        "EndpointSreOrchestrator": {
            "Type": "AWS::BedrockAgentCore::RuntimeEndpoint",
            "Properties": {"Name": "live"},
        },
        "Gateway": {"Type": "AWS::BedrockAgentCore::Gateway", "Properties": {}},
        "TargetOpsTools": {
            "Type": "AWS::BedrockAgentCore::GatewayTarget",
            "Properties": {"Name": "ops-tools"},
        },
        "Memory": {
            "Type": "AWS::BedrockAgentCore::Memory",
            "Properties": {
                "MemoryStrategies": [
                    {"SemanticMemoryStrategy": {"Name": "semantic_facts"}},
                    {"SummaryMemoryStrategy": {"Name": "session_summaries"}},
                ]
            },
        },
    },
}
PHYSICAL = {
    "RuntimeSreOrchestrator": "acme_sre_orchestrator-AbC123",
    "EndpointSreOrchestrator": "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/acme_sre_orchestrator-AbC123/runtime-endpoint/live",
    "Gateway": "acme-gateway-xyz",
    "TargetOpsTools": "acme-gateway-xyz|TGT0001",
    "Memory": "arn:aws:bedrock-agentcore:us-east-1:123456789012:memory/acme_memory-M0001",
}
STRATEGIES = [
    {"name": "semantic_facts", "strategyId": "semantic_facts-S1"},
    {"name": "session_summaries", "strategyId": "session_summaries-S2"},
]


def test_import_ids_follow_the_provider_docs():
    blocks = migrate.plan_imports(TEMPLATE, PHYSICAL, STRATEGIES)
    assert {b.address("module.agentcore"): b.id for b in blocks} == {
        'module.agentcore.aws_bedrockagentcore_agent_runtime.this["sre-orchestrator"]': "acme_sre_orchestrator-AbC123",
        'module.agentcore.aws_bedrockagentcore_agent_runtime_endpoint.this["sre-orchestrator"]': "acme_sre_orchestrator-AbC123,live",
        "module.agentcore.aws_bedrockagentcore_gateway.this[0]": "acme-gateway-xyz",
        'module.agentcore.aws_bedrockagentcore_gateway_target.this["ops-tools"]': "acme-gateway-xyz,TGT0001",
        "module.agentcore.aws_bedrockagentcore_memory.this[0]": "acme_memory-M0001",
        'module.agentcore.aws_bedrockagentcore_memory_strategy.this["semantic"]': "acme_memory-M0001,semantic_facts-S1",
        'module.agentcore.aws_bedrockagentcore_memory_strategy.this["summary"]': "acme_memory-M0001,session_summaries-S2",
    }


def test_rendered_blocks_parse_and_the_removed_block_has_no_instance_keys():
    text = migrate.render(
        migrate.plan_imports(TEMPLATE, PHYSICAL, STRATEGIES), "acme-agentcore", "module.a[0].module.b[0]"
    )
    parsed = hcl2.loads(text)
    assert len(parsed["import"]) == 7
    assert parsed["removed"][0]["from"] == "${module.a.module.b.aws_cloudformation_stack.this}"
    assert parsed["removed"][0]["lifecycle"][0]["destroy"] is False
    assert "terraform state rm 'module.a[0].module.b[0].aws_cloudformation_stack.this[0]'" in text
    root = hcl2.loads(migrate.render(migrate.plan_imports(TEMPLATE, PHYSICAL, STRATEGIES), "s", ""))
    assert root["import"][0]["to"] == '${aws_bedrockagentcore_agent_runtime.this["sre-orchestrator"]}'


def test_retain_is_added_to_agentcore_resources_only_and_once():
    template = {**TEMPLATE, "Resources": {**TEMPLATE["Resources"], "Topic": {"Type": "AWS::SNS::Topic"}}}
    new, changed = migrate.with_retain(template)
    assert changed == sorted(TEMPLATE["Resources"])
    assert all(new["Resources"][k]["DeletionPolicy"] == "Retain" for k in changed)
    assert all(new["Resources"][k]["UpdateReplacePolicy"] == "Retain" for k in changed)
    assert "DeletionPolicy" not in new["Resources"]["Topic"]
    assert "DeletionPolicy" not in template["Resources"]["Gateway"], "the input is not modified"
    assert migrate.with_retain(new) == (new, [])


@pytest.mark.parametrize(
    ("template", "physical", "strategies", "message"),
    [
        ({"Resources": {}}, {}, [], "no AgentCore resources in the stack"),
        (
            {**TEMPLATE, "Parameters": {}},
            PHYSICAL,
            STRATEGIES,
            "RuntimeSreOrchestrator: no RuntimeRoleArn parameter names its agent",
        ),
        (
            TEMPLATE,
            {k: v for k, v in PHYSICAL.items() if k != "Gateway"},
            STRATEGIES,
            "Gateway: not created in the stack",
        ),
        (
            TEMPLATE,
            PHYSICAL,
            STRATEGIES[:1],
            "strategy 'session_summaries' is in the template but not on the memory",
        ),
        (
            TEMPLATE,
            PHYSICAL,
            [*STRATEGIES, {"name": "extra", "strategyId": "x"}],
            "strategy 'extra' exists on the memory but not in the template",
        ),
        (
            {"Resources": {"B": {"Type": "AWS::BedrockAgentCore::BrowserCustom"}}},
            {"B": "b"},
            [],
            "B: AWS::BedrockAgentCore::BrowserCustom is not a type modules/agentcore creates",
        ),
    ],
)
def test_a_stack_the_module_did_not_create_is_refused(template, physical, strategies, message):
    with pytest.raises(migrate.MigrationError, match=message):
        migrate.plan_imports(template, physical, strategies)
