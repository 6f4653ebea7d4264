"""The CloudFormation-to-native migration of docs/migrate-agentcore-native.md, as far as the emulator
goes: a modules/agentcore stack gets Retain on every resource (scripts/agentcore_migrate.py retain), the
import ids it prints (imports) name the live objects, and once the stack is deleted every runtime,
endpoint, gateway, target, memory and strategy is still there under those ids.

The import blocks themselves cannot be applied here: the offline provider is hashicorp/aws 5.100, which
has no aws_bedrockagentcore_* resources (the runbook says what was checked against the 6.x docs).
"""

from __future__ import annotations

import subprocess

import hcl2
import pytest

from emulator import ACCOUNT_ID
from scripts import agentcore_migrate as migrate
from scripts import tfenv
from tests import harness

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]

PREFIX = "e2e-mig"
STACK = f"{PREFIX}-agentcore"
MODULE = "module.agents.module.agentcore[0]"
ROOT = f"""
provider "aws" {{
  region = "us-east-1"
}}

module "agent_config" {{
  source              = "../modules/agent-config"
  name                = "{PREFIX}-agent-config"
  deletion_protection = false
  agents = {{
    "sre-orchestrator" = {{ tier = 1 }}
    "email-classifier" = {{ tier = 3 }}
  }}
}}

module "agentcore" {{
  source        = "../modules/agentcore"
  name_prefix   = "{PREFIX}"
  account_id    = "{ACCOUNT_ID}"
  agent_configs = module.agent_config.agent_configs
  log_delivery  = false
  runtimes = {{
    "sre-orchestrator" = {{ container_uri = "{ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com/{PREFIX}/sre:1.0.0" }}
    "email-classifier" = {{ container_uri = "{ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com/{PREFIX}/email:1.0.0" }}
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

output "agentcore" {{
  value = module.agentcore
}}
"""


def _resolve(control, block: migrate.ImportBlock) -> str:
    """Read the object an import id names through the control-plane API; return its own id."""
    first, _, second = block.id.partition(",")
    match block.resource_type:
        case "aws_bedrockagentcore_agent_runtime":
            return control.get_agent_runtime(agentRuntimeId=block.id)["agentRuntimeId"]
        case "aws_bedrockagentcore_agent_runtime_endpoint":
            return control.get_agent_runtime_endpoint(agentRuntimeId=first, endpointName=second)["name"]
        case "aws_bedrockagentcore_gateway":
            return control.get_gateway(gatewayIdentifier=block.id)["gatewayId"]
        case "aws_bedrockagentcore_gateway_target":
            return control.get_gateway_target(gatewayIdentifier=first, targetId=second)["targetId"]
        case "aws_bedrockagentcore_memory":
            return control.get_memory(memoryId=block.id)["memory"]["id"]
        case "aws_bedrockagentcore_memory_strategy":
            strategies = control.get_memory(memoryId=first)["memory"]["strategies"]
            return next(s["strategyId"] for s in strategies if s["strategyId"] == second)
    raise AssertionError(block)


def test_retained_stack_resources_outlive_the_stack_under_their_import_ids(aws_env, aws, tmp_path):
    cfn, control = aws("cloudformation"), aws("bedrock-agentcore-control")
    with harness.applied("scratch-agentcore-migration", tmp_path, aws_env, files={"main.tf": ROOT}) as ws:
        out = ws.outputs()["agentcore"]
        runtime_ids, memory_id = out["agentcore_runtime_ids"], out["agentcore_memory_id"]
        gateway_id = out["agentcore_gateway_id"]

        # Step 1: Retain on every AgentCore resource; nothing replaced; a second run changes nothing.
        changed = migrate.retain(cfn, STACK)
        assert changed == [
            "EndpointEmailClassifier",
            "EndpointSreOrchestrator",
            "Gateway",
            "Memory",
            "RuntimeEmailClassifier",
            "RuntimeSreOrchestrator",
            "TargetOpsTools",
        ]
        assert migrate.retain(cfn, STACK) == []
        assert cfn.describe_stacks(StackName=STACK)["Stacks"][0]["StackStatus"] == "UPDATE_COMPLETE"
        assert ws.outputs()["agentcore"]["agentcore_runtime_ids"] == runtime_ids

        # Step 2: the import ids, keyed as the module keys its inputs.
        blocks = migrate.imports(cfn, control, STACK)
        (target,) = control.list_gateway_targets(gatewayIdentifier=gateway_id)["items"]
        strategies = {
            s["name"]: s["strategyId"] for s in control.get_memory(memoryId=memory_id)["memory"]["strategies"]
        }
        assert {b.address(MODULE): b.id for b in blocks} == {
            f'{MODULE}.aws_bedrockagentcore_agent_runtime.this["sre-orchestrator"]': runtime_ids[
                "sre-orchestrator"
            ],
            f'{MODULE}.aws_bedrockagentcore_agent_runtime.this["email-classifier"]': runtime_ids[
                "email-classifier"
            ],
            f'{MODULE}.aws_bedrockagentcore_agent_runtime_endpoint.this["sre-orchestrator"]': f"{runtime_ids['sre-orchestrator']},live",
            f'{MODULE}.aws_bedrockagentcore_agent_runtime_endpoint.this["email-classifier"]': f"{runtime_ids['email-classifier']},live",
            f"{MODULE}.aws_bedrockagentcore_gateway.this[0]": gateway_id,
            f'{MODULE}.aws_bedrockagentcore_gateway_target.this["ops-tools"]': f"{gateway_id},{target['targetId']}",
            f"{MODULE}.aws_bedrockagentcore_memory.this[0]": memory_id,
            f'{MODULE}.aws_bedrockagentcore_memory_strategy.this["semantic"]': f"{memory_id},{strategies['semantic_facts']}",
            f'{MODULE}.aws_bedrockagentcore_memory_strategy.this["summary"]': f"{memory_id},{strategies['session_summaries']}",
            f'{MODULE}.aws_bedrockagentcore_memory_strategy.this["user_preference"]': f"{memory_id},{strategies['user_preferences']}",
        }
        text = migrate.render(blocks, STACK, MODULE)
        formatted = subprocess.run(
            ["terraform", "fmt", "-"],
            input=text,
            capture_output=True,
            text=True,
            check=True,
            env=tfenv.terraform_env(),
        )
        assert formatted.stdout == text, "the printed blocks are terraform fmt clean"
        parsed = hcl2.loads(text)
        assert len(parsed["import"]) == 10
        assert "module.agents.module.agentcore.aws_cloudformation_stack.this" in str(parsed["removed"])

    # Terraform deleted the stack on destroy; CloudFormation kept every resource it held.
    live = [s["StackName"] for s in cfn.list_stacks(StackStatusFilter=["UPDATE_COMPLETE"])["StackSummaries"]]
    assert STACK not in live
    try:
        for block in blocks:
            assert _resolve(control, block) == (block.id.split(",")[-1] if "," in block.id else block.id), (
                block
            )
    finally:
        for block in blocks:  # Terraform no longer manages them: clean up the emulator by hand
            first, _, second = block.id.partition(",")
            if block.resource_type == "aws_bedrockagentcore_gateway_target":
                control.delete_gateway_target(gatewayIdentifier=first, targetId=second)
            elif block.resource_type == "aws_bedrockagentcore_agent_runtime_endpoint":
                control.delete_agent_runtime_endpoint(agentRuntimeId=first, endpointName=second)
        for block in blocks:
            if block.resource_type == "aws_bedrockagentcore_gateway":
                control.delete_gateway(gatewayIdentifier=block.id)
            elif block.resource_type == "aws_bedrockagentcore_agent_runtime":
                control.delete_agent_runtime(agentRuntimeId=block.id)
            elif block.resource_type == "aws_bedrockagentcore_memory":
                control.delete_memory(memoryId=block.id)
