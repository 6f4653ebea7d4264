"""The root module's tier-router switch: off by default, and a clear error when it is on without
the built Lambda packages."""

from __future__ import annotations

import pytest

from tests import harness

pytestmark = pytest.mark.terraform

AGENTS = {"triage-orchestrator": {"tier": 1}}


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    ws = harness.Workspace(".", tmp_path_factory.mktemp("tier-router-root"))
    ws.init()
    return ws


def test_the_router_is_off_unless_asked(root):
    summary = root.plan({"name_prefix": "no-router", "agents": AGENTS})
    assert "aws_lambda_function" not in summary.counts
    assert summary.outputs["tier_router_function_name"] is None


def test_the_router_without_lambda_packages_says_to_build_them(root):
    message = harness.plan_error(
        root, {"name_prefix": "no-package", "agents": AGENTS, "create_tier_router": True}
    )
    assert "package_file must be the path of an existing zip: run `make build`" in message
    assert "set lambda_package_dir" in message


ROUTER = "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1"
ROUTER_MODELS = ["anthropic.claude-3-haiku-20240307-v1:0", "global.anthropic.claude-haiku-4-5-20251001-v1:0"]


def test_a_tier_on_a_prompt_router_lets_the_router_role_invoke_the_router_and_its_models(root):
    """Tier 2 on Intelligent Prompt Routing: its agents' model_id is the router ARN, and the tier
    router's role may invoke the router and every model it picks from (and nothing is re-declared)."""
    summary = root.plan(
        {
            "name_prefix": "routed",
            "agents": {"triage-orchestrator": {"tier": 1}, "kb-specialist": {"tier": 2}},
            "tiers": {"2": {"model_id": ROUTER}},
            "prompt_routers": {ROUTER: {"models": ROUTER_MODELS}},
            "lambda_package_dir": "build/lambda",
            "account_id": "123456789012",
        }
    )
    assert summary.outputs["agent_configs"]["kb-specialist"]["model_id"] == ROUTER
    assert summary.outputs["agent_configs"]["triage-orchestrator"]["model_id"].startswith("global.")
    # The router's and the runtimes' roles get the router's models from the one resolution
    # (tests/plan/cases/tier-router/prompt_router.yaml checks the policy the module writes from them).
    calls = summary.raw["configuration"]["root_module"]["module_calls"]
    for name in ("tier_router", "agentcore"):
        refs = calls[name]["expressions"]["prompt_routers"]["references"]
        assert "module.agent_config.prompt_router_models" in refs, name
