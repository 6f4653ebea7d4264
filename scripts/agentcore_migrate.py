"""Move a modules/agentcore CloudFormation stack to native ``aws_bedrockagentcore_*`` resources.

Two steps of the procedure in docs/migrate-agentcore-native.md, against the live stack:

    python -m scripts.agentcore_migrate retain  --stack acme-agents-agentcore
    python -m scripts.agentcore_migrate imports --stack acme-agents-agentcore \\
        --module 'module.agents.module.agentcore[0]' > agentcore_imports.tf

``retain`` updates the stack's template so that every AgentCore resource carries
``DeletionPolicy: Retain`` and ``UpdateReplacePolicy: Retain`` (parameters kept, nothing else
changed), waits for the update, and checks that no resource was replaced. Deleting the stack afterwards
leaves the runtimes, endpoints, gateway, targets and memory running.

``imports`` prints a ``removed`` block for the stack and one ``import`` block per native resource,
with the import id each resource's documentation names (hashicorp/aws 6.x):

    AWS::BedrockAgentCore::Runtime          aws_bedrockagentcore_agent_runtime          <runtime id>
    AWS::BedrockAgentCore::RuntimeEndpoint  aws_bedrockagentcore_agent_runtime_endpoint <runtime id>,<endpoint name>
    AWS::BedrockAgentCore::Gateway          aws_bedrockagentcore_gateway                <gateway id>
    AWS::BedrockAgentCore::GatewayTarget    aws_bedrockagentcore_gateway_target         <gateway id>,<target id>
    AWS::BedrockAgentCore::Memory           aws_bedrockagentcore_memory                 <memory id>
      each of its MemoryStrategies          aws_bedrockagentcore_memory_strategy        <memory id>,<strategy id>

The addresses follow the module's keys: runtimes and endpoints by agent id, targets by target name,
strategies by kind (``semantic``, ``summary``, ``user_preference``), the gateway and the memory as
``[0]``; ``--module`` is the address of the modules/agentcore instance the native resources live in
(empty for a root module). Agent ids come from the stack's parameter descriptions, which the module
writes as "Execution role of the runtime of agent <id>".

Credentials and region come from the environment (``AWS_PROFILE``, ``AWS_REGION``; ``AWS_ENDPOINT_URL``
for the local emulator). Exit status 2 and one line per problem when the stack is not what the module
creates.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.exceptions import ClientError

AGENTCORE_TYPE = "AWS::BedrockAgentCore::"
RETAIN = {"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"}
STRATEGY_KINDS = {
    "SemanticMemoryStrategy": "semantic",
    "SummaryMemoryStrategy": "summary",
    "UserPreferenceMemoryStrategy": "user_preference",
}
# The native types in the order the import blocks are printed.
NATIVE_TYPES = (
    "aws_bedrockagentcore_agent_runtime",
    "aws_bedrockagentcore_agent_runtime_endpoint",
    "aws_bedrockagentcore_gateway",
    "aws_bedrockagentcore_gateway_target",
    "aws_bedrockagentcore_memory",
    "aws_bedrockagentcore_memory_strategy",
)
_AGENT_PARAMETER = re.compile(r"^RuntimeRoleArn(?P<logical>\w+)$")
_AGENT_DESCRIPTION = re.compile(r"of agent (?P<agent>\S+)$")


class MigrationError(RuntimeError):
    """The stack is not one modules/agentcore created, or CloudFormation refused a step."""


@dataclass(frozen=True)
class ImportBlock:
    resource_type: str  # aws_bedrockagentcore_*
    key: str | int  # for_each key, or 0 for the single gateway and memory
    id: str
    source: str  # what it was in the stack, for the comment

    def address(self, module: str) -> str:
        index = f"[{self.key}]" if isinstance(self.key, int) else f'["{self.key}"]'
        return f"{module + '.' if module else ''}{self.resource_type}.this{index}"


def _template(body: Any) -> dict[str, Any]:
    """GetTemplate returns a JSON template already parsed by botocore, or as text."""
    return json.loads(body) if isinstance(body, str) else json.loads(json.dumps(body))


def with_retain(template: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The template with Retain policies on every AgentCore resource, and the logical ids changed."""
    new = json.loads(json.dumps(template))
    changed = []
    for logical_id, resource in new.get("Resources", {}).items():
        if not resource.get("Type", "").startswith(AGENTCORE_TYPE):
            continue
        if any(resource.get(k) != v for k, v in RETAIN.items()):
            resource.update(RETAIN)
            changed.append(logical_id)
    return new, sorted(changed)


def plan_imports(
    template: Mapping[str, Any],
    physical_ids: Mapping[str, str],
    strategies: Sequence[Mapping[str, Any]],
) -> list[ImportBlock]:
    """Import blocks for every AgentCore resource of a modules/agentcore stack.

    ``physical_ids``: logical id -> physical id (DescribeStackResources); ``strategies``: the memory's
    strategies as GetMemory returns them (``name``, ``strategyId``), empty when there is no memory.
    """
    resources = template.get("Resources", {})
    problems: list[str] = []
    agents: dict[str, str] = {}
    for name, parameter in template.get("Parameters", {}).items():
        m, d = _AGENT_PARAMETER.match(name), _AGENT_DESCRIPTION.search(parameter.get("Description", ""))
        if m and d:
            agents[m.group("logical")] = d.group("agent")

    def physical(logical_id: str) -> str:
        if logical_id not in physical_ids:
            problems.append(f"{logical_id}: not created in the stack (no physical id)")
            return ""
        return physical_ids[logical_id]

    blocks: list[ImportBlock] = []
    strategy_kinds: dict[str, str] = {}
    for logical_id, resource in sorted(resources.items()):
        kind, props = resource.get("Type", ""), resource.get("Properties", {})
        if kind == f"{AGENTCORE_TYPE}Runtime":
            agent = agents.get(logical_id.removeprefix("Runtime"))
            if agent is None:
                problems.append(f"{logical_id}: no RuntimeRoleArn parameter names its agent")
                continue
            blocks.append(
                ImportBlock("aws_bedrockagentcore_agent_runtime", agent, physical(logical_id), logical_id)
            )
            endpoint = f"Endpoint{logical_id.removeprefix('Runtime')}"
            if endpoint not in resources:
                problems.append(f"{logical_id}: its endpoint {endpoint} is not in the template")
                continue
            blocks.append(
                ImportBlock(
                    "aws_bedrockagentcore_agent_runtime_endpoint",
                    agent,
                    f"{physical(logical_id)},{resources[endpoint]['Properties']['Name']}",
                    endpoint,
                )
            )
        elif kind == f"{AGENTCORE_TYPE}Gateway":
            blocks.append(ImportBlock("aws_bedrockagentcore_gateway", 0, physical(logical_id), logical_id))
        elif kind == f"{AGENTCORE_TYPE}GatewayTarget":
            gateway_id, _, target_id = physical(logical_id).partition("|")
            if not target_id:
                problems.append(f"{logical_id}: physical id is not <gateway id>|<target id>")
                continue
            blocks.append(
                ImportBlock(
                    "aws_bedrockagentcore_gateway_target",
                    props["Name"],
                    f"{gateway_id},{target_id}",
                    logical_id,
                )
            )
        elif kind == f"{AGENTCORE_TYPE}Memory":
            memory_id = physical(logical_id).rsplit("/", 1)[-1]  # the physical id is the memory ARN
            blocks.append(ImportBlock("aws_bedrockagentcore_memory", 0, memory_id, logical_id))
            for entry in props.get("MemoryStrategies", []):
                for cfn_key, spec in entry.items():
                    if cfn_key not in STRATEGY_KINDS:
                        problems.append(
                            f"{logical_id}: strategy type {cfn_key} is not one this module creates"
                        )
                        continue
                    strategy_kinds[spec["Name"]] = STRATEGY_KINDS[cfn_key]
            live = {s["name"]: s["strategyId"] for s in strategies}
            for name, strategy_kind in sorted(strategy_kinds.items()):
                if name not in live:
                    problems.append(
                        f"{logical_id}: strategy {name!r} is in the template but not on the memory"
                    )
                    continue
                blocks.append(
                    ImportBlock(
                        "aws_bedrockagentcore_memory_strategy",
                        strategy_kind,
                        f"{memory_id},{live[name]}",
                        f"{logical_id} strategy {name}",
                    )
                )
            problems += [
                f"{logical_id}: strategy {n!r} exists on the memory but not in the template"
                for n in live
                if n not in strategy_kinds
            ]
        elif kind.startswith(AGENTCORE_TYPE) and kind != f"{AGENTCORE_TYPE}RuntimeEndpoint":
            problems.append(f"{logical_id}: {kind} is not a type modules/agentcore creates")
    if not blocks:
        problems.append("no AgentCore resources in the stack: is it a modules/agentcore stack?")
    if problems:
        raise MigrationError("; ".join(problems))
    return sorted(blocks, key=lambda b: (NATIVE_TYPES.index(b.resource_type), str(b.key)))


def render(blocks: Sequence[ImportBlock], stack: str, module: str) -> str:
    """The removed and import blocks as Terraform configuration."""
    stack_address = f"{module + '.' if module else ''}aws_cloudformation_stack.this"
    removed_from = re.sub(r"\[[^\]]*\]", "", stack_address)  # removed blocks take no instance keys
    lines = [
        f"# Generated by scripts/agentcore_migrate.py from CloudFormation stack {stack}.",
        "# Apply only after `retain` (every resource keeps DeletionPolicy: Retain);",
        "# see docs/migrate-agentcore-native.md.",
        "",
        "# Terraform forgets the stack without deleting it (Terraform >= 1.7), or instead:",
        f"#   terraform state rm '{stack_address}[0]'",
        "removed {",
        f"  from = {removed_from}",
        "",
        "  lifecycle {",
        "    destroy = false",
        "  }",
        "}",
    ]
    for block in blocks:
        lines += [
            "",
            f"# {block.source}",
            "import {",
            f"  to = {block.address(module)}",
            f'  id = "{block.id}"',
            "}",
        ]
    return "\n".join(lines) + "\n"


# -- AWS side ------------------------------------------------------------------------------------------


def _stack_template(cfn: Any, stack: str) -> dict[str, Any]:
    try:
        return _template(cfn.get_template(StackName=stack, TemplateStage="Original")["TemplateBody"])
    except ClientError as exc:
        raise MigrationError(f"stack {stack}: {exc.response['Error']['Message']}") from None


def _physical_ids(cfn: Any, stack: str) -> dict[str, str]:
    resources = cfn.describe_stack_resources(StackName=stack)["StackResources"]
    return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in resources if r.get("PhysicalResourceId")}


def retain(cfn: Any, stack: str) -> list[str]:
    """Set Retain on every AgentCore resource of the stack; return the logical ids changed."""
    template = _stack_template(cfn, stack)
    new, changed = with_retain(template)
    if not changed:
        return []
    before = _physical_ids(cfn, stack)
    cfn.update_stack(
        StackName=stack,
        TemplateBody=json.dumps(new),
        Parameters=[{"ParameterKey": k, "UsePreviousValue": True} for k in template.get("Parameters", {})],
    )
    cfn.get_waiter("stack_update_complete").wait(
        StackName=stack, WaiterConfig={"Delay": 5, "MaxAttempts": 120}
    )
    after = _physical_ids(cfn, stack)
    replaced = sorted(k for k in before if after.get(k) != before[k])
    if replaced:
        raise MigrationError(
            f"stack {stack}: the update replaced {', '.join(replaced)}; stop and investigate"
        )
    missing = with_retain(_stack_template(cfn, stack))[1]
    if missing:
        raise MigrationError(f"stack {stack}: {', '.join(missing)} still lack the Retain policies")
    return changed


def imports(cfn: Any, control: Any, stack: str) -> list[ImportBlock]:
    """Import blocks for the live stack (reads its template, resources and the memory's strategies)."""
    template = _stack_template(cfn, stack)
    physical_ids = _physical_ids(cfn, stack)
    strategies: list[dict[str, Any]] = []
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") == f"{AGENTCORE_TYPE}Memory" and logical_id in physical_ids:
            memory_id = physical_ids[logical_id].rsplit("/", 1)[-1]
            strategies = control.get_memory(memoryId=memory_id)["memory"].get("strategies", [])
    return plan_imports(template, physical_ids, strategies)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("retain", "set DeletionPolicy/UpdateReplacePolicy Retain on every AgentCore resource of the stack"),
        ("imports", "print removed and import blocks for native aws_bedrockagentcore_* resources"),
    ):
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument("--stack", required=True, help="stack name: <name_prefix>-agentcore")
        p.add_argument("--region", help="AWS region (default: the environment's)")
        if name == "imports":
            p.add_argument(
                "--module",
                default="",
                help="address of the module holding the native resources, e.g. module.agents.module.agentcore[0]",
            )
    args = parser.parse_args(argv)
    session = boto3.session.Session(region_name=args.region)
    cfn = session.client("cloudformation")
    try:
        if args.command == "retain":
            changed = retain(cfn, args.stack)
            print(
                f"{args.stack}: Retain set on {', '.join(changed)}"
                if changed
                else f"{args.stack}: every AgentCore resource already has Retain"
            )
        else:
            blocks = imports(cfn, session.client("bedrock-agentcore-control"), args.stack)
            sys.stdout.write(render(blocks, args.stack, args.module))
    except MigrationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
