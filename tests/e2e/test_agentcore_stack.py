"""modules/agentcore and modules/ltm-pruner applied to the emulator: the stack creates the runtimes with
their tier's session lifecycle, the memory with long-term strategies and the gateway; its outputs feed
the pruner, which then prunes real (emulated) long-term records.

Runs on the emulator's extensions (emulator/ext): AWS::BedrockAgentCore::* inside CloudFormation,
delegating to moto's bedrockagentcorecontrol backend, and the long-term memory-record APIs.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from agentcore_finops import aws as acf_aws
from agentcore_finops.memory_records import record_metadata
from emulator import ACCOUNT_ID
from ltm_pruner import handler as pruner
from tests import harness

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]

PREFIX = "e2e-ac"
ROOT = f"""
provider "aws" {{
  region = "us-east-1"
}}

locals {{
  packages = jsondecode(file("${{path.module}}/../build/lambda/manifest.json"))
  ecr      = "{ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com/{PREFIX}"
}}

module "agent_config" {{
  source              = "../modules/agent-config"
  name                = "{PREFIX}-agent-config"
  deletion_protection = false
  agents = {{
    "sre-orchestrator" = {{ tier = 1 }}
    "doc-specialist"   = {{ tier = 2 }}
    "email-classifier" = {{ tier = 3 }}
  }}
}}

module "agentcore" {{
  source        = "../modules/agentcore"
  name_prefix   = "{PREFIX}"
  account_id    = "{ACCOUNT_ID}"
  agent_configs = module.agent_config.agent_configs
  runtimes = {{
    "sre-orchestrator" = {{ container_uri = "${{local.ecr}}/sre-orchestrator:1.0.0" }}
    "doc-specialist"   = {{ container_uri = "${{local.ecr}}/doc-specialist:1.0.0" }}
    "email-classifier" = {{ container_uri = "${{local.ecr}}/email-classifier:1.0.0" }}
  }}
  gateway = {{
    targets = {{
      "ops-tools" = {{
        lambda = {{
          function_arn = "arn:aws:lambda:us-east-1:{ACCOUNT_ID}:function:{PREFIX}-ops-tools"
          inline_json  = jsonencode([{{ Name = "get_metrics", Description = "Read a metric", InputSchema = {{ Type = "object" }} }}])
        }}
      }}
    }}
  }}
  memory = {{ event_expiry_days = 30 }}
}}

module "ltm_pruner" {{
  source = "../modules/ltm-pruner"
  function = {{
    name         = "{PREFIX}-ltm-pruner"
    package_file = "${{path.module}}/../build/lambda/${{local.packages.ltm_pruner.filename}}"
    handler      = local.packages.ltm_pruner.handler
  }}
  memories = [{{
    memory_arn      = module.agentcore.agentcore_memory_arn
    namespace_paths = module.agentcore.agentcore_memory_namespace_paths
  }}]
  dry_run                   = false
  max_records_per_namespace = 5
}}

# The tier router's wiring into the runtimes (TIER_ROUTER_FUNCTION, lambda:InvokeFunction) is applied
# and checked on examples/complete: tests/e2e/test_complete_example.py.

output "agentcore" {{
  value = module.agentcore
}}

output "pruner" {{
  value = module.ltm_pruner
}}
"""

CONTEXT = SimpleNamespace(
    function_name=f"{PREFIX}-ltm-pruner",
    memory_limit_in_mb=256,
    invoked_function_arn=f"arn:aws:lambda:us-east-1:{ACCOUNT_ID}:function:{PREFIX}-ltm-pruner",
    aws_request_id="e2e",
)


def test_stack_applies_and_its_outputs_feed_the_pruner(aws_env, aws, tmp_path, monkeypatch):
    with harness.applied("scratch-agentcore", tmp_path, aws_env, files={"main.tf": ROOT}) as ws:
        out = ws.outputs()
        ac, pr = out["agentcore"], out["pruner"]

        stack = aws("cloudformation").describe_stacks(StackName=ac["cloudformation_stack_id"])["Stacks"][0]
        assert stack["StackStatus"] == "CREATE_COMPLETE"

        # Runtimes: each with its tier's session lifecycle and sampling, and its own endpoint.
        control = aws("bedrock-agentcore-control")
        expected = {
            "sre-orchestrator": (300, 3600, "0.25"),
            "doc-specialist": (120, 1800, "0.1"),
            "email-classifier": (60, 300, "0.03"),
        }
        for agent_id, (idle, max_lifetime, rate) in expected.items():
            runtime = control.get_agent_runtime(agentRuntimeId=ac["agentcore_runtime_ids"][agent_id])
            assert runtime["agentRuntimeName"] == f"e2e_ac_{agent_id.replace('-', '_')}"
            assert runtime["lifecycleConfiguration"] == {
                "idleRuntimeSessionTimeout": idle,
                "maxLifetime": max_lifetime,
            }
            assert runtime["environmentVariables"]["OTEL_TRACES_SAMPLER_ARG"] == rate
            endpoints = control.list_agent_runtime_endpoints(
                agentRuntimeId=ac["agentcore_runtime_ids"][agent_id]
            )
            assert "live" in [e["name"] for e in endpoints["runtimeEndpoints"]]
        # two endpoints (live, DEFAULT) per runtime, and the gateway's and memory's vended-log groups
        assert len(ac["cloudwatch_log_group_names"]) == 8
        sources = {s["name"]: s for s in aws("logs").describe_delivery_sources()["deliverySources"]}
        assert {s["service"] for s in sources.values()} == {"bedrock-agentcore"}
        assert sorted(s["resourceArns"][0] for s in sources.values()) == sorted(
            [ac["agentcore_gateway_arn"], ac["agentcore_memory_arn"]]
        )
        deliveries = aws("logs").describe_deliveries()["deliveries"]
        assert len(deliveries) == 2 and {d["deliverySourceName"] for d in deliveries} == set(sources)
        # The module creates the groups it delivers to, with retention (30 days by default).
        prefix = f"/aws/vendedlogs/bedrock-agentcore/{PREFIX}/"
        groups = aws("logs").describe_log_groups(logGroupNamePrefix=prefix)["logGroups"]
        assert {g["logGroupName"]: g.get("retentionInDays") for g in groups} == {
            f"{prefix}gateway": 30,
            f"{prefix}memory": 30,
        }
        assert ac["cloudwatch_vended_log_group_arns"].keys() == {"gateway", "memory"}

        # Memory: long-term strategies, because tier 1 keeps long-term memory.
        memory = control.get_memory(memoryId=ac["agentcore_memory_id"])["memory"]
        assert memory["eventExpiryDuration"] == 30
        assert sorted(s["name"] for s in memory["strategies"]) == [
            "semantic_facts",
            "session_summaries",
            "user_preferences",
        ]

        gateway = control.get_gateway(gatewayIdentifier=ac["agentcore_gateway_id"])
        assert gateway["authorizerType"] == "AWS_IAM"
        assert [
            t["name"]
            for t in control.list_gateway_targets(gatewayIdentifier=ac["agentcore_gateway_id"])["items"]
        ] == ["ops-tools"]

        # The pruner was configured from the stack's outputs.
        function = aws("lambda").get_function(FunctionName=pr["function"]["lambda_function_name"])[
            "Configuration"
        ]
        scopes = json.loads(function["Environment"]["Variables"]["MEMORY_SCOPES"])
        assert scopes == [
            {
                "memory_id": ac["agentcore_memory_id"],
                "namespace_paths": ["/facts/", "/preferences/", "/summaries/"],
                "namespaces": [],
            }
        ]
        policy = json.loads(pr["iam_policy_json"])
        assert policy["Statement"][0]["Resource"] == [ac["agentcore_memory_arn"]]

        # Seed 8 readable records and 1 unreadable one in one namespace; the cap is 5 per namespace.
        data = aws("bedrock-agentcore")
        importances = [0.95, 0.1, 0.8, 0.2, 0.7, 0.3, 0.6, 0.5]
        records = [
            {
                "requestIdentifier": f"r{i}",
                "namespaces": ["/facts/user-1"],
                "content": {"text": f"fact {i}"},
                "timestamp": "2026-11-01T00:00:00Z",
                "metadata": record_metadata("sre-orchestrator", 1, imp),
            }
            for i, imp in enumerate(importances)
        ]
        records.append(
            {
                "requestIdentifier": "bad",
                "namespaces": ["/facts/user-1"],
                "content": {"text": "no importance"},
                "timestamp": "2026-11-01T00:00:00Z",
                "metadata": {"agent_id": {"stringValue": "x"}},
            }
        )
        created = data.batch_create_memory_records(memoryId=ac["agentcore_memory_id"], records=records)
        assert len(created["successfulRecords"]) == 9

        # Run the handler in-process with the function's own settings.
        for key, value in function["Environment"]["Variables"].items():
            monkeypatch.setenv(key, value)
        assert function["Environment"]["Variables"]["MIN_AGE_DAYS"] == "1"
        pruner.settings.cache_clear()
        acf_aws.reset_clients()
        # Just created, every record is younger than the minimum age: nothing goes.
        assert pruner.lambda_handler({}, CONTEXT)["deleted"] == 0

        class TwoDaysLater(datetime):
            @classmethod
            def now(cls, tz=None):
                return datetime.now(tz) + timedelta(days=2)

        monkeypatch.setattr(pruner, "datetime", TwoDaysLater)
        pruner.settings.cache_clear()
        report = pruner.lambda_handler({}, CONTEXT)
        pruner.settings.cache_clear()

        assert (report["scanned"], report["unreadable"], report["deleted"], report["over_cap"]) == (
            9,
            1,
            3,
            3,
        )
        left = data.list_memory_records(memoryId=ac["agentcore_memory_id"], namespacePath="/facts/")[
            "memoryRecordSummaries"
        ]
        texts = sorted(r["content"]["text"] for r in left)
        # 8 managed records, cap 5: the three least important go (0.1, 0.2, 0.3); 0.95, 0.8, 0.7, 0.6,
        # 0.5 and the unreadable one (not the pruner's to count or delete) stay.
        assert texts == ["fact 0", "fact 2", "fact 4", "fact 6", "fact 7", "no importance"]

        # Safe to run twice: nothing more to delete.
        pruner.settings.cache_clear()
        assert pruner.lambda_handler({}, CONTEXT)["deleted"] == 0
        pruner.settings.cache_clear()

    stacks = aws("cloudformation").list_stacks(StackStatusFilter=["CREATE_COMPLETE"])["StackSummaries"]
    assert f"{PREFIX}-agentcore" not in [s["StackName"] for s in stacks], "destroy must delete the stack"
