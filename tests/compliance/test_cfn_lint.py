"""Layer 6b: cfn-lint over every CloudFormation template the modules render.

Templates are taken from plans of every example (``aws_cloudformation_stack.template_body``), so what
is linted is exactly what Terraform would send to CloudFormation.
"""

from __future__ import annotations

import json

import pytest
from cfnlint.api import ManualArgs, lint

from tests.harness import EXAMPLES

pytestmark = [pytest.mark.compliance, pytest.mark.terraform]

LINT_CONFIG = ManualArgs(regions=["us-east-1"])


def lint_template(body: str | dict) -> list[str]:
    text = body if isinstance(body, str) else json.dumps(body)
    return [f"{m.rule.id} {m.message} ({m.path_string})" for m in lint(text, config=LINT_CONFIG)]


# A minimal AgentCore runtime: proves cfn-lint here knows the AWS::BedrockAgentCore schemas, so a clean
# result on the rendered templates means something.
RUNTIME = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {
        "Runtime": {
            "Type": "AWS::BedrockAgentCore::Runtime",
            "Properties": {
                "AgentRuntimeName": "probe_agent",
                "RoleArn": "arn:aws:iam::123456789012:role/probe",
                "AgentRuntimeArtifact": {
                    "ContainerConfiguration": {
                        "ContainerUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1"
                    }
                },
                "NetworkConfiguration": {"NetworkMode": "PUBLIC"},
                "LifecycleConfiguration": {"IdleRuntimeSessionTimeout": 60, "MaxLifetime": 300},
            },
        }
    },
}


def test_cfn_lint_knows_agentcore_schemas():
    assert lint_template(RUNTIME) == []
    broken = json.loads(json.dumps(RUNTIME))
    props = broken["Resources"]["Runtime"]["Properties"]
    del props["RoleArn"]
    props["LifecycleConfiguration"]["IdleRuntimeSessionTimeout"] = 10
    problems = " ".join(lint_template(broken))
    assert "RoleArn" in problems and "minimum of 60" in problems


@pytest.mark.parametrize("example", EXAMPLES)
def test_rendered_templates_pass_cfn_lint(example, example_plan):
    summary = example_plan(example)
    stacks = summary.of_type("aws_cloudformation_stack")
    problems = {}
    for address, values in stacks.items():
        body = values.get("template_body")
        assert isinstance(body, dict), f"{address}: template_body must be known at plan time to be linted"
        found = lint_template(body)
        if found:
            problems[address] = found
    assert not problems, json.dumps(problems, indent=2)


def test_the_agentcore_stack_of_the_complete_example_is_linted(example_plan):
    """The lint above must have something to lint: examples/complete renders the AgentCore stack."""
    stacks = example_plan("examples/complete").of_type("aws_cloudformation_stack")
    bodies = [v["template_body"] for v in stacks.values() if isinstance(v.get("template_body"), dict)]
    assert len(bodies) >= 1, "no CloudFormation template was rendered for examples/complete"
    types = {r["Type"] for body in bodies for r in body["Resources"].values()}
    assert {
        "AWS::BedrockAgentCore::Runtime",
        "AWS::BedrockAgentCore::RuntimeEndpoint",
        "AWS::BedrockAgentCore::Gateway",
        "AWS::BedrockAgentCore::GatewayTarget",
        "AWS::BedrockAgentCore::Memory",
    } <= types
    # A broken copy of the same template must fail, so a clean result above means something.
    broken = json.loads(json.dumps(bodies[0]))
    runtime = next(r for r in broken["Resources"].values() if r["Type"] == "AWS::BedrockAgentCore::Runtime")
    runtime["Properties"]["LifecycleConfiguration"]["IdleRuntimeSessionTimeout"] = 30
    runtime["Properties"]["ProtocolConfiguration"] = "GRPC"
    problems = " ".join(lint_template(broken))
    assert "minimum of 60" in problems and "GRPC" in problems
