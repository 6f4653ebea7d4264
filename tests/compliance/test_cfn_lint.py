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


def rendered_templates(plan: dict) -> dict[str, str | None]:
    """Every stack's template_body exactly as planned: the text CloudFormation receives. (The plan
    summary decodes JSON held in strings, which would turn e.g. a policy document given to Fn::Sub as
    a string into an object, so the raw plan is read here.)"""

    def walk(module: dict):
        yield from module.get("resources", [])
        for child in module.get("child_modules", []):
            yield from walk(child)

    return {
        r["address"]: r.get("values", {}).get("template_body")
        for r in walk(plan.get("planned_values", {}).get("root_module", {}))
        if r.get("type") == "aws_cloudformation_stack" and r.get("mode") == "managed"
    }


@pytest.mark.parametrize("example", EXAMPLES)
def test_rendered_templates_pass_cfn_lint(example, example_plan):
    templates = rendered_templates(example_plan(example).raw)
    problems = {}
    for address, body in templates.items():
        assert isinstance(body, str), f"{address}: template_body must be known at plan time to be linted"
        found = lint_template(body)
        if found:
            problems[address] = found
    assert not problems, json.dumps(problems, indent=2)


def test_the_complete_example_renders_the_transaction_search_stack(example_plan):
    """The cfn-lint test above has something to lint: the sampling-profiles Transaction Search stack."""
    templates = rendered_templates(example_plan("examples/complete").raw)
    types = {
        res["Type"] for body in templates.values() if body for res in json.loads(body)["Resources"].values()
    }
    assert {"AWS::XRay::TransactionSearchConfig", "AWS::Logs::ResourcePolicy"} <= types


def test_cfn_lint_rejects_a_bad_transaction_search_template(example_plan):
    templates = rendered_templates(example_plan("examples/complete").raw)
    body = json.loads(next(b for b in templates.values() if b and "TransactionSearchConfig" in b))
    body["Resources"]["TransactionSearchConfig"]["Properties"]["IndexingPercentage"] = 150
    assert any("IndexingPercentage" in problem for problem in lint_template(body))


def test_the_agentcore_stack_of_the_complete_example_is_linted(example_plan):
    """The lint above must have something to lint: examples/complete renders the AgentCore stack."""
    stacks = example_plan("examples/complete").of_type("aws_cloudformation_stack")
    bodies = [
        v["template_body"]
        for v in stacks.values()
        if isinstance(v.get("template_body"), dict) and "AgentCore" in json.dumps(v["template_body"])
    ]
    assert len(bodies) == 1, "examples/complete renders one AgentCore stack"
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
