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
