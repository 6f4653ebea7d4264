"""Terraform applies what the emulator extensions serve (emulator/ext), end to end.

Each test applies a small scratch root to the emulator, reads the result back through the APIs
the project's code uses (boto3 clients, Powertools), and destroys it.
"""

from __future__ import annotations

import json

import pytest
from aws_lambda_powertools.utilities import parameters
from botocore.exceptions import ClientError
from cfnlint.api import ManualArgs, lint

from tests import harness

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]

PROVIDER = """
provider "aws" {
  region = "us-east-1"
}
"""

FLEET_SCHEMA = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "type": "object",
    "required": ["agents"],
    "properties": {
        "agents": {"type": "object", "additionalProperties": {"type": "object", "required": ["tier"]}}
    },
}

APPCONFIG_ROOT = (
    PROVIDER
    + """
resource "aws_appconfig_application" "this" {
  name = "e2e-fleet"
}

resource "aws_appconfig_environment" "this" {
  name           = "prod"
  application_id = aws_appconfig_application.this.id
  tags           = { lever = "model-tiering" }
}

resource "aws_appconfig_configuration_profile" "this" {
  application_id = aws_appconfig_application.this.id
  name           = "agents"
  location_uri   = "hosted"
  type           = "AWS.Freeform"

  validator {
    type    = "JSON_SCHEMA"
    content = file("${path.module}/schema.json")
  }
}

resource "aws_appconfig_hosted_configuration_version" "this" {
  application_id           = aws_appconfig_application.this.id
  configuration_profile_id = aws_appconfig_configuration_profile.this.configuration_profile_id
  content_type             = "application/json"
  content                  = jsonencode({ agents = { "sre-orchestrator" = { tier = 1, max_tokens = 4096 } } })
}

resource "aws_appconfig_deployment_strategy" "this" {
  name                           = "e2e-all-at-once"
  deployment_duration_in_minutes = 0
  growth_factor                  = 100
  final_bake_time_in_minutes     = 0
  growth_type                    = "LINEAR"
  replicate_to                   = "NONE"
}

resource "aws_appconfig_deployment" "this" {
  application_id           = aws_appconfig_application.this.id
  environment_id           = aws_appconfig_environment.this.environment_id
  configuration_profile_id = aws_appconfig_configuration_profile.this.configuration_profile_id
  configuration_version    = aws_appconfig_hosted_configuration_version.this.version_number
  deployment_strategy_id   = aws_appconfig_deployment_strategy.this.id
}

output "ids" {
  value = {
    application   = aws_appconfig_application.this.id
    environment   = aws_appconfig_environment.this.environment_id
    profile       = aws_appconfig_configuration_profile.this.configuration_profile_id
    strategy      = aws_appconfig_deployment_strategy.this.id
    deployment    = aws_appconfig_deployment.this.deployment_number
    state         = aws_appconfig_deployment.this.state
    environment_arn = aws_appconfig_environment.this.arn
  }
}
"""
)


def _powertools_fleet() -> dict:
    parameters.clear_caches()
    parameters.base.DEFAULT_PROVIDERS.clear()  # a provider holds a client bound to the endpoint it saw first
    return parameters.get_app_config(
        name="agents", environment="prod", application="e2e-fleet", transform="json", force_fetch=True
    )


def test_appconfig_deployment_is_served_by_appconfigdata_and_powertools(aws_env, aws, tmp_path):
    files = {"main.tf": APPCONFIG_ROOT, "schema.json": json.dumps(FLEET_SCHEMA)}
    with harness.applied("scratch-appconfig", tmp_path, aws_env, files=files) as ws:
        ids = ws.outputs()["ids"]
        assert ids["state"] == "COMPLETE" and ids["deployment"] == 1
        appconfig = aws("appconfig")
        env = appconfig.get_environment(ApplicationId=ids["application"], EnvironmentId=ids["environment"])
        assert env["Name"] == "prod" and env["State"] == "READY_FOR_DEPLOYMENT"
        assert appconfig.list_tags_for_resource(ResourceArn=ids["environment_arn"])["Tags"] == {
            "lever": "model-tiering"
        }

        data = aws("appconfigdata")
        token = data.start_configuration_session(
            ApplicationIdentifier="e2e-fleet",
            EnvironmentIdentifier="prod",
            ConfigurationProfileIdentifier="agents",
        )["InitialConfigurationToken"]
        first = data.get_latest_configuration(ConfigurationToken=token)
        assert first["ContentType"] == "application/json"
        assert json.loads(first["Configuration"].read()) == {
            "agents": {"sre-orchestrator": {"tier": 1, "max_tokens": 4096}}
        }
        assert _powertools_fleet() == {"agents": {"sre-orchestrator": {"tier": 1, "max_tokens": 4096}}}

        # A later deployment is what both readers see next; content the schema rejects never deploys.
        v2 = appconfig.create_hosted_configuration_version(
            ApplicationId=ids["application"],
            ConfigurationProfileId=ids["profile"],
            Content=json.dumps({"agents": {"sre-orchestrator": {"tier": 2}}}).encode(),
            ContentType="application/json",
        )["VersionNumber"]
        bad = appconfig.create_hosted_configuration_version(
            ApplicationId=ids["application"],
            ConfigurationProfileId=ids["profile"],
            Content=json.dumps({"fleet": {}}).encode(),
            ContentType="application/json",
        )["VersionNumber"]
        deploy = {
            "ApplicationId": ids["application"],
            "EnvironmentId": ids["environment"],
            "ConfigurationProfileId": ids["profile"],
            "DeploymentStrategyId": ids["strategy"],
        }
        with pytest.raises(ClientError) as rejected:
            appconfig.start_deployment(ConfigurationVersion=str(bad), **deploy)
        assert rejected.value.response["Reason"] == "InvalidConfiguration"
        assert appconfig.start_deployment(ConfigurationVersion=str(v2), **deploy)["DeploymentNumber"] == 2

        second = data.get_latest_configuration(ConfigurationToken=first["NextPollConfigurationToken"])
        assert json.loads(second["Configuration"].read()) == {"agents": {"sre-orchestrator": {"tier": 2}}}
        assert _powertools_fleet() == {"agents": {"sre-orchestrator": {"tier": 2}}}

    apps = aws("appconfig").list_applications()["Items"]
    assert "e2e-fleet" not in [a["Name"] for a in apps]
    assert "e2e-all-at-once" not in [
        s["Name"] for s in aws("appconfig").list_deployment_strategies()["Items"]
    ]


def agentcore_template() -> dict:
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "AgentCore runtime, gateway and memory for the emulator end-to-end test",
        "Parameters": {
            "RuntimeRoleArn": {"Type": "String"},
            "ToolsFunctionArn": {"Type": "String"},
        },
        "Resources": {
            "Runtime": {
                "Type": "AWS::BedrockAgentCore::Runtime",
                "Properties": {
                    "AgentRuntimeName": "e2e_orchestrator",
                    "RoleArn": {"Ref": "RuntimeRoleArn"},
                    "AgentRuntimeArtifact": {
                        "ContainerConfiguration": {
                            "ContainerUri": {
                                "Fn::Sub": "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/agents:v1"
                            }
                        }
                    },
                    "NetworkConfiguration": {"NetworkMode": "PUBLIC"},
                    "LifecycleConfiguration": {"IdleRuntimeSessionTimeout": 300, "MaxLifetime": 3600},
                    "EnvironmentVariables": {"STEP_BUDGET": "15"},
                    "Tags": {"lever": "short-sessions"},
                },
            },
            "RuntimeEndpoint": {
                "Type": "AWS::BedrockAgentCore::RuntimeEndpoint",
                "Properties": {"AgentRuntimeId": {"Ref": "Runtime"}, "Name": "live"},
            },
            "Gateway": {
                "Type": "AWS::BedrockAgentCore::Gateway",
                "Properties": {
                    "Name": "e2e-tools",
                    "RoleArn": {"Ref": "RuntimeRoleArn"},
                    "AuthorizerType": "AWS_IAM",
                    "ProtocolType": "MCP",
                },
            },
            "GatewayTarget": {
                "Type": "AWS::BedrockAgentCore::GatewayTarget",
                "Properties": {
                    "GatewayIdentifier": {"Ref": "Gateway"},
                    "Name": "metrics",
                    "CredentialProviderConfigurations": [{"CredentialProviderType": "GATEWAY_IAM_ROLE"}],
                    "TargetConfiguration": {
                        "Mcp": {
                            "Lambda": {
                                "LambdaArn": {"Ref": "ToolsFunctionArn"},
                                "ToolSchema": {
                                    "InlinePayload": [
                                        {
                                            "Name": "get_metrics",
                                            "Description": "Read a CloudWatch metric",
                                            "InputSchema": {
                                                "Type": "object",
                                                "Properties": {"MetricName": {"Type": "string"}},
                                                "Required": ["MetricName"],
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
                    "Name": "e2e_memory",
                    "EventExpiryDuration": 7,
                    "MemoryStrategies": [
                        {"SemanticMemoryStrategy": {"Name": "facts", "Namespaces": ["/facts/{actorId}"]}}
                    ],
                },
            },
            "TransactionSearch": {
                "Type": "AWS::XRay::TransactionSearchConfig",
                "Properties": {"IndexingPercentage": 10},
            },
        },
        "Outputs": {
            "RuntimeId": {"Value": {"Ref": "Runtime"}},
            "RuntimeArn": {"Value": {"Fn::GetAtt": ["Runtime", "AgentRuntimeArn"]}},
            "RuntimeEndpointArn": {"Value": {"Fn::GetAtt": ["RuntimeEndpoint", "AgentRuntimeEndpointArn"]}},
            "GatewayId": {"Value": {"Fn::GetAtt": ["Gateway", "GatewayIdentifier"]}},
            "GatewayUrl": {"Value": {"Fn::GetAtt": ["Gateway", "GatewayUrl"]}},
            "GatewayTargetId": {"Value": {"Fn::GetAtt": ["GatewayTarget", "TargetId"]}},
            "MemoryId": {"Value": {"Fn::GetAtt": ["Memory", "MemoryId"]}},
            "MemoryArn": {"Value": {"Ref": "Memory"}},
        },
    }


AGENTCORE_ROOT = (
    PROVIDER
    + """
resource "aws_iam_role" "agent" {
  name = "e2e-agentcore"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "bedrock-agentcore.amazonaws.com" } }]
  })
}

resource "aws_cloudformation_stack" "agentcore" {
  name          = "e2e-agentcore"
  template_body = file("${path.module}/template.json")
  parameters = {
    RuntimeRoleArn   = aws_iam_role.agent.arn
    ToolsFunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:e2e-tools"
  }
}

output "stack" {
  value = aws_cloudformation_stack.agentcore.outputs
}
"""
)


def test_agentcore_stack_creates_real_control_plane_objects(aws_env, aws, tmp_path):
    template = json.dumps(agentcore_template(), indent=1)
    problems = [str(m) for m in lint(template, config=ManualArgs(regions=["us-east-1"]))]
    assert problems == [], "the template must be one AWS accepts"

    files = {"main.tf": AGENTCORE_ROOT, "template.json": template}
    with harness.applied("scratch-agentcore", tmp_path, aws_env, files=files) as ws:
        out = ws.outputs()["stack"]
        control = aws("bedrock-agentcore-control")

        runtime = control.get_agent_runtime(agentRuntimeId=out["RuntimeId"])
        assert (
            runtime["agentRuntimeArn"] == out["RuntimeArn"]
            and runtime["agentRuntimeName"] == "e2e_orchestrator"
        )
        assert runtime["agentRuntimeArtifact"]["containerConfiguration"]["containerUri"] == (
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/agents:v1"
        )
        assert runtime["lifecycleConfiguration"] == {"idleRuntimeSessionTimeout": 300, "maxLifetime": 3600}
        assert runtime["environmentVariables"] == {"STEP_BUDGET": "15"}
        assert control.list_tags_for_resource(resourceArn=out["RuntimeArn"])["tags"] == {
            "lever": "short-sessions"
        }
        endpoint = control.get_agent_runtime_endpoint(agentRuntimeId=out["RuntimeId"], endpointName="live")
        assert endpoint["agentRuntimeEndpointArn"] == out["RuntimeEndpointArn"]

        gateway = control.get_gateway(gatewayIdentifier=out["GatewayId"])
        assert gateway["gatewayUrl"] == out["GatewayUrl"] and gateway["authorizerType"] == "AWS_IAM"
        target = control.get_gateway_target(
            gatewayIdentifier=out["GatewayId"], targetId=out["GatewayTargetId"]
        )
        tool = target["targetConfiguration"]["mcp"]["lambda"]["toolSchema"]["inlinePayload"][0]
        assert tool["name"] == "get_metrics"
        assert tool["inputSchema"] == {
            "type": "object",
            "properties": {"MetricName": {"type": "string"}},
            "required": ["MetricName"],
        }

        memory = control.get_memory(memoryId=out["MemoryId"])["memory"]
        assert memory["arn"] == out["MemoryArn"] and memory["eventExpiryDuration"] == 7
        assert [(s["name"], s["type"], s["namespaces"]) for s in memory["strategies"]] == [
            ("facts", "SEMANTIC", ["/facts/{actorId}"])
        ]

        xray = aws("xray")
        assert xray.get_trace_segment_destination()["Destination"] == "CloudWatchLogs"
        rules = {r["Name"]: r["Rule"] for r in xray.get_indexing_rules()["IndexingRules"]}
        assert rules["Default"]["Probabilistic"]["DesiredSamplingPercentage"] == 10

    assert control.list_agent_runtimes()["agentRuntimes"] == []
    assert control.list_gateways()["items"] == []
    assert control.list_memories()["memories"] == []
    assert aws("xray").get_trace_segment_destination()["Destination"] == "XRay"


COST_ROOT = (
    PROVIDER
    + """
resource "aws_sns_topic" "alerts" {
  name = "e2e-cost-alerts"
}

resource "aws_ce_anomaly_monitor" "services" {
  name              = "e2e-services"
  monitor_type      = "DIMENSIONAL"
  monitor_dimension = "SERVICE"
}

resource "aws_ce_anomaly_monitor" "agents" {
  name         = "e2e-agents"
  monitor_type = "CUSTOM"
  monitor_specification = jsonencode({
    Tags = { Key = "agentcore-finops:fleet", Values = ["e2e"], MatchOptions = ["EQUALS"] }
  })
  tags = { lever = "cost-anomalies" }
}

resource "aws_ce_anomaly_subscription" "this" {
  name             = "e2e-agents-daily"
  frequency        = "DAILY"
  monitor_arn_list = [aws_ce_anomaly_monitor.services.arn, aws_ce_anomaly_monitor.agents.arn]

  subscriber {
    type    = "EMAIL"
    address = "finops@example.com"
  }

  subscriber {
    type    = "SNS"
    address = aws_sns_topic.alerts.arn
  }

  threshold_expression {
    dimension {
      key           = "ANOMALY_TOTAL_IMPACT_ABSOLUTE"
      match_options = ["GREATER_THAN_OR_EQUAL"]
      values        = ["100"]
    }
  }

  tags = { lever = "cost-anomalies" }
}

resource "aws_budgets_budget" "agents" {
  name         = "e2e-agents-monthly"
  budget_type  = "COST"
  limit_amount = "500.0"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 80
    threshold_type             = "PERCENTAGE"
    notification_type          = "FORECASTED"
    subscriber_email_addresses = ["finops@example.com"]
  }

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 100
    threshold_type            = "PERCENTAGE"
    notification_type         = "ACTUAL"
    subscriber_sns_topic_arns = [aws_sns_topic.alerts.arn]
  }
}

output "arns" {
  value = {
    services     = aws_ce_anomaly_monitor.services.arn
    agents       = aws_ce_anomaly_monitor.agents.arn
    subscription = aws_ce_anomaly_subscription.this.arn
    topic        = aws_sns_topic.alerts.arn
  }
}
"""
)


def test_cost_anomaly_detection_and_budget_apply_and_destroy(aws_env, aws, tmp_path):
    with harness.applied("scratch-cost", tmp_path, aws_env, files={"main.tf": COST_ROOT}) as ws:
        arns = ws.outputs()["arns"]
        ce = aws("ce")
        monitors = {m["MonitorArn"]: m for m in ce.get_anomaly_monitors()["AnomalyMonitors"]}
        assert monitors[arns["services"]]["MonitorDimension"] == "SERVICE"
        assert monitors[arns["agents"]]["MonitorSpecification"]["Tags"]["Values"] == ["e2e"]
        assert ce.list_tags_for_resource(ResourceArn=arns["agents"])["ResourceTags"] == [
            {"Key": "lever", "Value": "cost-anomalies"}
        ]
        (subscription,) = ce.get_anomaly_subscriptions(SubscriptionArnList=[arns["subscription"]])[
            "AnomalySubscriptions"
        ]
        assert sorted(subscription["MonitorArnList"]) == sorted([arns["services"], arns["agents"]])
        assert sorted((s["Type"], s["Address"]) for s in subscription["Subscribers"]) == [
            ("EMAIL", "finops@example.com"),
            ("SNS", arns["topic"]),
        ]
        assert subscription["ThresholdExpression"]["Dimensions"]["Values"] == ["100"]

        budgets = aws("budgets")
        budget = budgets.describe_budget(AccountId="123456789012", BudgetName="e2e-agents-monthly")["Budget"]
        assert budget["BudgetLimit"] == {"Amount": "500.0", "Unit": "USD"}
        notifications = budgets.describe_notifications_for_budget(
            AccountId="123456789012", BudgetName="e2e-agents-monthly"
        )["Notifications"]
        assert sorted((n["NotificationType"], n["Threshold"]) for n in notifications) == [
            ("ACTUAL", 100.0),
            ("FORECASTED", 80.0),
        ]

    assert aws("ce").get_anomaly_monitors()["AnomalyMonitors"] == []
    assert aws("ce").get_anomaly_subscriptions()["AnomalySubscriptions"] == []
    assert aws("budgets").describe_budgets(AccountId="123456789012").get("Budgets", []) == []
