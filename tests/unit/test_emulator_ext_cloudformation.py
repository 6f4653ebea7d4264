"""emulator/ext/agentcore_cfn and xray: CloudFormation stacks with AWS::BedrockAgentCore::* and
AWS::XRay::TransactionSearchConfig resources on the running emulator, and the X-Ray Transaction
Search API. Every template the emulator is meant to accept passes cfn-lint first."""

from __future__ import annotations

import copy
import json

import pytest
from botocore.exceptions import ClientError
from cfnlint.api import ManualArgs, lint

ROLE = "arn:aws:iam::123456789012:role/agentcore"
LINT = ManualArgs(regions=["us-east-1"])

TEMPLATE = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {
        "Runtime": {
            "Type": "AWS::BedrockAgentCore::Runtime",
            "Properties": {
                "AgentRuntimeName": "unit_runtime",
                "RoleArn": ROLE,
                "Description": "first",
                "AgentRuntimeArtifact": {
                    "ContainerConfiguration": {
                        "ContainerUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1"
                    }
                },
                "NetworkConfiguration": {"NetworkMode": "PUBLIC"},
                "ProtocolConfiguration": "MCP",
                "Tags": {"lever": "short-sessions"},
            },
        },
        "Endpoint": {
            "Type": "AWS::BedrockAgentCore::RuntimeEndpoint",
            "Properties": {"AgentRuntimeId": {"Ref": "Runtime"}, "Name": "live"},
        },
        "Gateway": {
            "Type": "AWS::BedrockAgentCore::Gateway",
            "Properties": {
                "Name": "unit-gateway",
                "RoleArn": ROLE,
                "AuthorizerType": "CUSTOM_JWT",
                "AuthorizerConfiguration": {
                    "CustomJWTAuthorizer": {
                        "DiscoveryUrl": "https://idp.example.com/.well-known/openid-configuration",
                        "AllowedClients": ["agents"],
                    }
                },
                "ProtocolType": "MCP",
                "ProtocolConfiguration": {"Mcp": {"SearchType": "SEMANTIC"}},
            },
        },
        "Target": {
            "Type": "AWS::BedrockAgentCore::GatewayTarget",
            "Properties": {
                "GatewayIdentifier": {"Ref": "Gateway"},
                "Name": "tickets",
                "CredentialProviderConfigurations": [{"CredentialProviderType": "GATEWAY_IAM_ROLE"}],
                "TargetConfiguration": {
                    "Mcp": {
                        "Lambda": {
                            "LambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:tickets",
                            "ToolSchema": {
                                "InlinePayload": [
                                    {
                                        "Name": "open_ticket",
                                        "Description": "Open a ticket",
                                        "InputSchema": {
                                            "Type": "object",
                                            "Properties": {"Title": {"Type": "string"}},
                                            "Required": ["Title"],
                                        },
                                    }
                                ]
                            },
                        }
                    }
                },
            },
        },
        "Memory": {
            "Type": "AWS::BedrockAgentCore::Memory",
            "Properties": {
                "Name": "unit_memory",
                "EventExpiryDuration": 30,
                "MemoryStrategies": [
                    {"SemanticMemoryStrategy": {"Name": "facts", "Namespaces": ["/facts/{actorId}"]}}
                ],
                "Tags": {"lever": "pruned-memory"},
            },
        },
        "Search": {"Type": "AWS::XRay::TransactionSearchConfig", "Properties": {"IndexingPercentage": 5}},
    },
    "Outputs": {
        "RuntimeRef": {"Value": {"Ref": "Runtime"}},
        "RuntimeId": {"Value": {"Fn::GetAtt": ["Runtime", "AgentRuntimeId"]}},
        "RuntimeArn": {"Value": {"Fn::GetAtt": ["Runtime", "AgentRuntimeArn"]}},
        "RuntimeVersion": {"Value": {"Fn::GetAtt": ["Runtime", "AgentRuntimeVersion"]}},
        "RuntimeStatus": {"Value": {"Fn::GetAtt": ["Runtime", "Status"]}},
        "EndpointRef": {"Value": {"Ref": "Endpoint"}},
        "EndpointId": {"Value": {"Fn::GetAtt": ["Endpoint", "Id"]}},
        "EndpointLiveVersion": {"Value": {"Fn::GetAtt": ["Endpoint", "LiveVersion"]}},
        "GatewayRef": {"Value": {"Ref": "Gateway"}},
        "GatewayArn": {"Value": {"Fn::GetAtt": ["Gateway", "GatewayArn"]}},
        "GatewayUrl": {"Value": {"Fn::GetAtt": ["Gateway", "GatewayUrl"]}},
        "TargetRef": {"Value": {"Ref": "Target"}},
        "TargetId": {"Value": {"Fn::GetAtt": ["Target", "TargetId"]}},
        "MemoryRef": {"Value": {"Ref": "Memory"}},
        "MemoryId": {"Value": {"Fn::GetAtt": ["Memory", "MemoryId"]}},
        "MemoryCreatedAt": {"Value": {"Fn::GetAtt": ["Memory", "CreatedAt"]}},
        "SearchRef": {"Value": {"Ref": "Search"}},
    },
}


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    response = excinfo.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def lint_problems(template: dict) -> list[str]:
    return [str(m) for m in lint(json.dumps(template), config=LINT)]


@pytest.fixture
def clients(ext_aws):
    return ext_aws("cloudformation"), ext_aws("bedrock-agentcore-control"), ext_aws("xray")


def _outputs(cfn, stack: str) -> dict[str, str]:
    (described,) = cfn.describe_stacks(StackName=stack)["Stacks"]
    return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}


def test_the_templates_are_ones_aws_accepts():
    assert lint_problems(TEMPLATE) == []
    assert lint_problems(_updated_template()) == []


def test_stack_creates_control_plane_objects_and_resolves_ref_and_getatt(clients):
    cfn, control, xray = clients
    cfn.create_stack(StackName="unit", TemplateBody=json.dumps(TEMPLATE))
    out = _outputs(cfn, "unit")

    runtime = control.get_agent_runtime(agentRuntimeId=out["RuntimeRef"])
    assert out["RuntimeId"] == out["RuntimeRef"] == runtime["agentRuntimeId"]
    assert (out["RuntimeArn"], out["RuntimeVersion"], out["RuntimeStatus"]) == (
        runtime["agentRuntimeArn"],
        "1",
        "READY",
    )
    assert runtime["agentRuntimeArtifact"] == {
        "containerConfiguration": {"containerUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1"}
    }
    assert runtime["protocolConfiguration"] == {"serverProtocol": "MCP"}
    assert control.list_tags_for_resource(resourceArn=runtime["agentRuntimeArn"])["tags"] == {
        "lever": "short-sessions"
    }

    endpoint = control.get_agent_runtime_endpoint(agentRuntimeId=out["RuntimeRef"], endpointName="live")
    assert out["EndpointRef"] == endpoint["agentRuntimeEndpointArn"] and out["EndpointId"] == endpoint["id"]
    assert out["EndpointLiveVersion"] == "1"

    gateway = control.get_gateway(gatewayIdentifier=out["GatewayRef"])
    assert (out["GatewayArn"], out["GatewayUrl"]) == (gateway["gatewayArn"], gateway["gatewayUrl"])
    assert gateway["authorizerConfiguration"]["customJWTAuthorizer"]["allowedClients"] == ["agents"]
    assert gateway["protocolConfiguration"] == {"mcp": {"searchType": "SEMANTIC"}}

    assert out["TargetRef"] == f"{out['GatewayRef']}|{out['TargetId']}"
    target = control.get_gateway_target(gatewayIdentifier=out["GatewayRef"], targetId=out["TargetId"])
    tool = target["targetConfiguration"]["mcp"]["lambda"]["toolSchema"]["inlinePayload"][0]
    assert tool["inputSchema"]["properties"] == {"Title": {"type": "string"}}, "map keys kept as written"
    assert target["credentialProviderConfigurations"] == [{"credentialProviderType": "GATEWAY_IAM_ROLE"}]

    memory = control.get_memory(memoryId=out["MemoryId"])["memory"]
    assert out["MemoryRef"] == memory["arn"]
    assert out["MemoryCreatedAt"].endswith("Z")
    assert control.list_tags_for_resource(resourceArn=memory["arn"])["tags"] == {"lever": "pruned-memory"}

    assert out["SearchRef"] == "123456789012"
    assert xray.get_trace_segment_destination()["Destination"] == "CloudWatchLogs"
    (rule,) = xray.get_indexing_rules()["IndexingRules"]
    assert rule["Rule"]["Probabilistic"]["DesiredSamplingPercentage"] == 5

    physical = {
        r["LogicalResourceId"]: r["PhysicalResourceId"]
        for r in cfn.describe_stack_resources(StackName="unit")["StackResources"]
    }
    assert physical["Runtime"] == out["RuntimeRef"] and physical["Memory"] == out["MemoryRef"]


def _updated_template() -> dict:
    template = copy.deepcopy(TEMPLATE)
    resources = template["Resources"]
    resources["Runtime"]["Properties"]["Description"] = "second"
    resources["Endpoint"]["Properties"]["Name"] = "canary"
    resources["Memory"]["Properties"]["MemoryStrategies"] = [
        {"SemanticMemoryStrategy": {"Name": "facts", "Namespaces": ["/facts/{actorId}/v2"]}},
        {"SummaryMemoryStrategy": {"Name": "summaries", "Namespaces": ["/summaries/{actorId}/{sessionId}"]}},
    ]
    resources["Search"]["Properties"]["IndexingPercentage"] = 20
    return template


def test_stack_update_changes_in_place_or_replaces_like_cloudformation(clients):
    cfn, control, xray = clients
    cfn.create_stack(StackName="unit", TemplateBody=json.dumps(TEMPLATE))
    before = _outputs(cfn, "unit")
    cfn.update_stack(StackName="unit", TemplateBody=json.dumps(_updated_template()))
    after = _outputs(cfn, "unit")

    runtime = control.get_agent_runtime(agentRuntimeId=after["RuntimeRef"])
    assert after["RuntimeRef"] == before["RuntimeRef"], "runtime updated in place"
    assert (runtime["description"], runtime["agentRuntimeVersion"]) == ("second", "2")

    endpoints = control.list_agent_runtime_endpoints(agentRuntimeId=after["RuntimeRef"])["runtimeEndpoints"]
    assert [e["name"] for e in endpoints] == ["canary"], "a new endpoint name replaces the endpoint"

    memory = control.get_memory(memoryId=after["MemoryId"])["memory"]
    assert after["MemoryId"] == before["MemoryId"]
    assert sorted((s["name"], tuple(s["namespaces"])) for s in memory["strategies"]) == [
        ("facts", ("/facts/{actorId}/v2",)),
        ("summaries", ("/summaries/{actorId}/{sessionId}",)),
    ]
    (rule,) = xray.get_indexing_rules()["IndexingRules"]
    assert rule["Rule"]["Probabilistic"]["DesiredSamplingPercentage"] == 20


def test_stack_delete_removes_everything(clients):
    cfn, control, xray = clients
    cfn.create_stack(StackName="unit", TemplateBody=json.dumps(TEMPLATE))
    cfn.delete_stack(StackName="unit")
    assert control.list_agent_runtimes()["agentRuntimes"] == []
    assert control.list_gateways()["items"] == []
    assert control.list_memories()["memories"] == []
    assert xray.get_trace_segment_destination()["Destination"] == "XRay"


def test_templates_aws_refuses_are_refused(clients):
    cfn, control, _ = clients
    bad_attribute = copy.deepcopy(TEMPLATE)
    bad_attribute["Outputs"] = {"Nope": {"Value": {"Fn::GetAtt": ["Memory", "NoSuchAttribute"]}}}
    assert lint_problems(bad_attribute), "cfn-lint refuses it too"
    with pytest.raises(ClientError) as refused:
        cfn.create_stack(StackName="bad-attribute", TemplateBody=json.dumps(bad_attribute))
    assert error_of(refused)[1] == 400

    missing = {
        "Resources": {"Memory": {"Type": "AWS::BedrockAgentCore::Memory", "Properties": {"Name": "m_x"}}}
    }
    assert lint_problems(missing), "cfn-lint refuses it too"
    with pytest.raises(ClientError) as incomplete:
        cfn.create_stack(StackName="missing", TemplateBody=json.dumps(missing))
    assert error_of(incomplete) == ("ValidationError", 400)
    assert "EventExpiryDuration" in incomplete.value.response["Error"]["Message"]
    assert control.list_memories()["memories"] == []


def test_transaction_search_api_and_one_config_per_account(clients):
    cfn, _, xray = clients
    assert xray.get_trace_segment_destination()["Destination"] == "XRay"
    (default,) = xray.get_indexing_rules()["IndexingRules"]
    assert default["Name"] == "Default" and default["Rule"]["Probabilistic"]["DesiredSamplingPercentage"] == 1
    with pytest.raises(ClientError) as not_enabled:
        xray.update_indexing_rule(Name="Default", Rule={"Probabilistic": {"DesiredSamplingPercentage": 50}})
    assert error_of(not_enabled) == ("InvalidRequestException", 400)

    xray.update_trace_segment_destination(Destination="CloudWatchLogs")
    rule = xray.update_indexing_rule(
        Name="Default", Rule={"Probabilistic": {"DesiredSamplingPercentage": 50}}
    )
    assert rule["IndexingRule"]["Rule"]["Probabilistic"]["DesiredSamplingPercentage"] == 50
    with pytest.raises(ClientError) as unknown_rule:
        xray.update_indexing_rule(Name="Other", Rule={"Probabilistic": {"DesiredSamplingPercentage": 5}})
    assert error_of(unknown_rule) == ("ResourceNotFoundException", 404)

    search_only = {"Resources": {"Search": TEMPLATE["Resources"]["Search"]}}
    cfn.create_stack(StackName="search-1", TemplateBody=json.dumps(search_only))
    with pytest.raises(ClientError) as second:
        cfn.create_stack(StackName="search-2", TemplateBody=json.dumps(search_only))
    assert error_of(second) == ("ValidationError", 400)
    (rule,) = xray.get_indexing_rules()["IndexingRules"]
    assert rule["Rule"]["Probabilistic"]["DesiredSamplingPercentage"] == 5
