"""The root module's Lambdas: on by default with the packages committed with their modules, other
packages from lambda_package_dir or S3, and a check that says when one is left out and why."""

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


OFFICIAL = "arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-arm64:37"


def _functions(summary) -> dict[str, dict]:
    return {v["function_name"]: v for v in summary.of_type("aws_lambda_function").values()}


LOCATION = {
    "application_id": "abc1234",
    "enviroment_id": "env5678",
    "configuration_profile_id": "prof901",
    "configuration_arn": "arn:aws:appconfig:us-east-1:111122223333:application/abc1234/environment/env5678/configuration/prof901",
}
ROUTER = "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1"
ROUTER_MODELS = ["anthropic.claude-3-haiku-20240307-v1:0", "global.anthropic.claude-haiku-4-5-20251001-v1:0"]

# The configurations of this file, planned together (see ``outcomes``).
CASES = {
    "defaults": {"name_prefix": "zero-step", "agents": AGENTS, "account_id": "123456789012"},
    "router-off": {"name_prefix": "no-router", "agents": AGENTS, "create_tier_router": False},
    "s3-packages": {
        "name_prefix": "artifacts",
        "agents": AGENTS,
        "account_id": "123456789012",
        "lambda_s3_packages": {
            "tier_router": {
                "bucket": "acme-artifacts",
                "key": "finops/tier_router.zip",
                "object_version": "7",
            }
        },
        "powertools_layer_arns": ["arn:aws:lambda:us-east-1:123456789012:layer:powertools:3"],
    },
    "layer-file": {
        "name_prefix": "air-gapped",
        "agents": AGENTS,
        "account_id": "123456789012",
        "powertools_layer_file": "modules/lambda-function/tests/fixtures/empty.zip",
        "powertools_layer_arns": [OFFICIAL],  # the file wins
    },
    "s3-package-unknown-function": {
        "name_prefix": "artifacts",
        "agents": AGENTS,
        "lambda_s3_packages": {"tier-router": {"bucket": "b", "key": "k"}},
    },
    "prompt-router-tier": {
        "name_prefix": "routed",
        "agents": {"triage-orchestrator": {"tier": 1}, "kb-specialist": {"tier": 2}},
        "tiers": {"2": {"model_id": ROUTER}},
        "prompt_routers": {ROUTER: {"models": ROUTER_MODELS}},
        "lambda_package_dir": "build/lambda",
        "account_id": "123456789012",
    },
    "misspelt-sampling-location": {
        "name_prefix": "typo",
        "agents": AGENTS,
        "create_sampling_profiles": False,
        "tier_router_sampling_appconfig": LOCATION,
    },
}


@pytest.fixture(scope="module")
def outcomes(root):
    """Every configuration of CASES in one ``terraform test`` run (harness.plan_cases). A failed check
    block fails such a run, so a case that planned had no failed check (``left_out`` shows a check
    failing in a full plan)."""
    return harness.plan_cases(root, CASES)


@pytest.fixture(scope="module")
def left_out(root):
    """A full plan (``terraform plan`` + ``show``: checks and configuration) with a lambda_package_dir
    whose manifest lists no function."""
    build = root.root / "partial-build"
    build.mkdir(exist_ok=True)
    (build / "manifest.json").write_text("{}")
    summary = root.plan(
        {
            "name_prefix": "left-out",
            "agents": {"triage-orchestrator": {"tier": 1, "ltm_enabled": True}},
            "account_id": "123456789012",
            "lambda_package_dir": str(build),
        },
        full=True,
    )
    return build, summary


def _failed_checks(summary) -> dict[str, list[str]]:
    """Check blocks that fail in the plan (warnings: the plan goes on), with their messages."""
    assert "planned_values" in summary.raw, "check results are in a full plan: root.plan(..., full=True)"
    out = {}
    for check in summary.raw.get("checks", []):
        if check.get("status") == "fail":
            messages = [p["message"] for inst in check.get("instances", []) for p in inst.get("problems", [])]
            out[check["address"]["to_display"]] = messages
    return out


def test_the_lambdas_are_on_by_default_from_the_committed_packages(outcomes):
    summary = outcomes["defaults"].planned()
    functions = _functions(summary)
    assert set(functions) == {"zero-step-tier-router", "zero-step-log-retention-auditor"}
    router = functions["zero-step-tier-router"]
    assert router["filename"] == "modules/tier-router/package/tier_router.zip"
    assert router["handler"] == "tier_router.handler.lambda_handler" and router["layers"] == [OFFICIAL]
    assert summary.outputs["tier_router_function_name"] == "zero-step-tier-router"


def test_the_router_can_be_turned_off(outcomes):
    summary = outcomes["router-off"].planned()
    assert "no-router-tier-router" not in _functions(summary)
    assert "no-router-log-retention-auditor" in _functions(summary)
    assert summary.outputs["tier_router_function_name"] is None


def test_s3_packages_and_a_self_built_powertools_layer(outcomes):
    functions = _functions(outcomes["s3-packages"].planned())
    router, auditor = functions["artifacts-tier-router"], functions["artifacts-log-retention-auditor"]
    assert (router["s3_bucket"], router["s3_key"], router["s3_object_version"]) == (
        "acme-artifacts",
        "finops/tier_router.zip",
        "7",
    )
    assert router.get("filename") is None
    assert (
        auditor["filename"] == "modules/log-retention-auditor/package/log_retention_auditor.zip"
    )  # not listed: committed
    assert (
        router["layers"] == auditor["layers"] == ["arn:aws:lambda:us-east-1:123456789012:layer:powertools:3"]
    )


def test_a_self_built_powertools_layer_is_published_and_attached(outcomes, left_out):
    """powertools_layer_file (the layer `make build` writes): the root publishes it once, and every
    Lambda of the root attaches it instead of the official layer."""
    summary = outcomes["layer-file"].planned()
    (layer,) = summary.of_type("aws_lambda_layer_version").values()
    assert layer["layer_name"] == "air-gapped-powertools" and layer["compatible_runtimes"] == ["python3.12"]
    # The router's settings come from the one local every Lambda module call shares (lambda.tf), which
    # takes its layers from local.powertools_layer_arns (the configuration is the same in every plan
    # of the root: read from the full one).
    calls = left_out[1].raw["configuration"]["root_module"]["module_calls"]
    assert "local.lambda_function" in calls["tier_router"]["expressions"]["function"]["references"]
    functions = _functions(summary)
    assert set(functions) == {"air-gapped-tier-router", "air-gapped-log-retention-auditor"}
    for values in functions.values():
        assert OFFICIAL not in (values.get("layers") or []), values["function_name"]


def test_an_s3_package_for_an_unknown_function_is_refused(outcomes):
    message = outcomes["s3-package-unknown-function"].failed()
    assert (
        "lambda_s3_packages keys must be tier_router, log_retention_auditor, ltm_pruner or usage_digest"
        in message
    )
    assert '["tier-router"]' in message


def test_a_check_says_when_a_lambda_is_left_out_and_why(left_out):
    """A lambda_package_dir without the router falls back to the committed package: the plan goes on,
    and says so."""
    build, summary = left_out
    assert (
        _functions(summary)["left-out-tier-router"]["filename"]
        == "modules/tier-router/package/tier_router.zip"
    )
    ((address, messages),) = _failed_checks(summary).items()
    assert address == "check.lambda_functions"
    (message,) = messages
    assert f"tier_router: lambda_package_dir ({build}) has no tier_router in its manifest.json" in message
    assert "ltm_pruner" not in message


def test_a_tier_on_a_prompt_router_lets_the_router_role_invoke_the_router_and_its_models(outcomes, left_out):
    """Tier 2 on Intelligent Prompt Routing: its agents' model_id is the router ARN, and the tier
    router's role may invoke the router and every model it picks from (and nothing is re-declared)."""
    summary = outcomes["prompt-router-tier"].planned()
    assert summary.outputs["agent_configs"]["kb-specialist"]["model_id"] == ROUTER
    assert summary.outputs["agent_configs"]["triage-orchestrator"]["model_id"].startswith("global.")
    # The router's and the runtimes' roles get the router's models from the one resolution
    # (tests/plan/cases/tier-router/prompt_router.yaml checks the policy the module writes from them).
    calls = left_out[1].raw["configuration"]["root_module"]["module_calls"]
    for name in ("tier_router", "agentcore"):
        refs = calls[name]["expressions"]["prompt_routers"]["references"]
        assert "module.agent_config.prompt_router_models" in refs, name


def test_a_misspelt_sampling_location_fails_the_root_plan_naming_it(outcomes):
    """The root passes tier_router_sampling_appconfig unchanged (type any); modules/tier-router alone
    declares and checks it, so a typo fails instead of being dropped from a typed object."""
    message = outcomes["misspelt-sampling-location"].failed()
    assert 'sampling_appconfig: unknown attribute "enviroment_id" (did you mean environment_id?)' in message
    assert "missing or invalid: environment_id" in message
