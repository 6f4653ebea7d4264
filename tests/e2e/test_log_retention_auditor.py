"""modules/log-groups and modules/log-retention-auditor applied to the emulator; then 300 log groups in
mixed states, and the auditor's handler run in-process with the applied function's own configuration:
report mode changes nothing, enforce mode fixes exactly the non-compliant groups inside the prefixes
(capped per run, largest first), a longer retention is left alone, and a last run finds nothing to fix.
"""

from __future__ import annotations

import json
import time

import pytest

from agentcore_finops import aws as acf_aws
from agentcore_finops.errors import FieldError
from emulator import ACCOUNT_ID, REGION
from log_retention_auditor import audit, handler
from tests import harness

AUDITOR_CONTEXT = harness.lambda_context("acme-log-retention-auditor")

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]

ROOT = """
provider "aws" {
  region = "us-east-1"
}

locals {
  package = jsondecode(file("${path.module}/../build/lambda/manifest.json"))["log_retention_auditor"]
}

module "log_groups" {
  source = "../modules/log-groups"

  agentcore_runtime_endpoints = {
    "triage-orchestrator" = { runtime_id = "e2e_triage-AbCdEf1234" }
  }
  agentcore_vended_log_groups = {
    gateway = "/aws/vendedlogs/bedrock-agentcore/e2e/gateway"
    memory  = "/aws/vendedlogs/bedrock-agentcore/e2e/memory"
  }
  extra_log_groups = { "/e2e/agents/audit-trail" = { retention_in_days = 90 } }
}

module "auditor" {
  source = "../modules/log-retention-auditor"

  function = {
    name         = "e2e-audit-auditor"
    package_file = "${path.module}/../build/lambda/${local.package.filename}"
    handler      = local.package.handler
  }
  account_id       = "123456789012"
  include_prefixes = ["/e2e/agents/", "/aws/vendedlogs/bedrock-agentcore/e2e/", "/aws/bedrock-agentcore/runtimes/e2e_", "/aws/lambda/e2e-audit-"]
  exclude_prefixes = ["/e2e/agents/keep/"]
  max_changes      = 200
  mode             = "enforce" # the role may set retention; step 1 runs the handler as report mode is configured
}

output "auditor" {
  value = module.auditor
}

output "log_groups" {
  value = module.log_groups.cloudwatch_log_group_retention_in_days
}
"""

# name prefix -> (count, retention, inside the audited prefixes and not excluded)
GROUPS = {
    "/e2e/agents/none-": (120, None, True),
    "/e2e/agents/ok-": (60, "mixed", True),
    "/e2e/agents/long-": (20, 3653, True),
    "/e2e/agents/keep/": (20, None, False),  # excluded
    "/e2e/other/": (40, None, False),  # outside every prefix
    "/aws/vendedlogs/bedrock-agentcore/e2e/extra-": (40, None, True),
}
COMPLIANT = (7, 30, 90)


def _create_groups(logs) -> None:
    now = int(time.time() * 1000)
    for prefix, (count, retention, _) in GROUPS.items():
        for i in range(count):
            name = f"{prefix}{i:03d}"
            logs.create_log_group(logGroupName=name)
            days = COMPLIANT[i % 3] if retention == "mixed" else retention
            if days:
                logs.put_retention_policy(logGroupName=name, retentionInDays=days)
            if i % 10 == 0:  # some groups hold data, of different sizes
                logs.create_log_stream(logGroupName=name, logStreamName="s")
                logs.put_log_events(
                    logGroupName=name,
                    logStreamName="s",
                    logEvents=[{"timestamp": now, "message": "x" * (50 * (i + 1))}],
                )


def _snapshot(logs) -> dict[str, int | None]:
    out = {}
    for page in logs.get_paginator("describe_log_groups").paginate():
        out.update({g["logGroupName"]: g.get("retentionInDays") for g in page["logGroups"]})
    return out


def _use_function_configuration(aws, monkeypatch, function_name: str) -> dict[str, str]:
    """Run the handler in-process exactly as configured on the applied function."""
    env = aws("lambda").get_function_configuration(FunctionName=function_name)["Environment"]["Variables"]
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    handler.configured_policy.cache_clear()
    acf_aws.reset_clients()
    return env


def _statements(document) -> list[dict]:
    doc = json.loads(document) if isinstance(document, str) else document
    return [doc["Statement"]] if isinstance(doc["Statement"], dict) else doc["Statement"]


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def test_auditor_on_300_log_groups(aws_env, aws, tmp_path, monkeypatch):
    logs = aws("logs")
    with harness.applied("scratch-auditor", tmp_path, aws_env, files={"main.tf": ROOT}) as ws:
        out = ws.outputs()
        auditor = out["auditor"]
        assert set(out["log_groups"].values()) == {30, 90}

        # The applied role: no wildcard action; PutRetentionPolicy only under the include prefixes.
        iam = aws("iam")
        role = auditor["function"]["lambda_role_name"]
        policies = {
            name: iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
            for name in iam.list_role_policies(RoleName=role)["PolicyNames"]
        }
        assert sorted(policies) == ["base", "function"]
        statements = [s for doc in policies.values() for s in _statements(doc)]
        assert all("*" not in a for s in statements for a in _as_list(s["Action"]))
        (put,) = [s for s in statements if "logs:PutRetentionPolicy" in _as_list(s["Action"])]
        prefix = f"arn:aws:logs:{REGION}:{ACCOUNT_ID}:log-group:"
        assert sorted(_as_list(put["Resource"])) == sorted(
            f"{prefix}{p}*"
            for p in (
                "/e2e/agents/",
                "/aws/vendedlogs/bedrock-agentcore/e2e/",
                "/aws/bedrock-agentcore/runtimes/e2e_",
                "/aws/lambda/e2e-audit-",
            )
        )
        assert not [s for s in statements if "*" in _as_list(s["Resource"])], "no statement on every resource"
        (describe,) = [s for s in statements if "logs:DescribeLogGroups" in _as_list(s["Action"])]
        assert _as_list(describe["Resource"]) == [f"{prefix}*"]

        _create_groups(logs)
        env = _use_function_configuration(aws, monkeypatch, auditor["function"]["lambda_function_name"])
        assert env["MODE"] == "enforce"
        # The module applied with the default mode (its environment then says MODE=report; its role
        # has no PutRetentionPolicy, checked in the module's plan case).
        monkeypatch.setenv("MODE", "report")
        handler.configured_policy.cache_clear()
        before = _snapshot(logs)
        should_fix = {
            n
            for n, r in before.items()
            if r is None and any(n.startswith(p) for p, (_, _, inside) in GROUPS.items() if inside)
        }
        assert len(should_fix) == 160
        longer = {n for n in before if n.startswith("/e2e/agents/long-")}

        # 1. Report: nothing changes, every problem is reported.
        report = handler.lambda_handler({}, AUDITOR_CONTEXT)
        assert _snapshot(logs) == before
        assert report["changed"] == 0 and report["would_change"] == 160
        assert (
            report["without_retention"] == 160 and report["over_maximum"] == 20 and report["excluded"] == 20
        )
        assert {f["log_group"] for f in report["findings"] if f["action"] == audit.WOULD_SET} == should_fix
        assert {f["log_group"] for f in report["findings"] if f["action"] == audit.LEFT_LONGER} == longer
        assert report["unmanaged_bytes"] > 0

        # An event cannot turn the configured report mode into enforce: refused before any change.
        with pytest.raises(FieldError, match=r"event\.mode"):
            handler.lambda_handler({"mode": "enforce"}, AUDITOR_CONTEXT)
        assert _snapshot(logs) == before

        # As applied: mode = "enforce".
        monkeypatch.setenv("MODE", env["MODE"])
        handler.configured_policy.cache_clear()

        # 2. Enforce with a cap of 100 (an event may lower the cap): the 100 largest are fixed, the
        # other 60 reported as capped.
        first = handler.lambda_handler({"max_changes": 100}, AUDITOR_CONTEXT)
        assert first["changed"] == 100 and first["capped"] == 60
        fixed_first = {f["log_group"] for f in first["findings"] if f["action"] == audit.SET}
        after_first = _snapshot(logs)
        assert {n for n in before if after_first[n] != before[n]} == fixed_first
        sizes = {f["log_group"]: f["stored_bytes"] for f in first["findings"]}
        assert min(sizes[n] for n in fixed_first) >= max(sizes[n] for n in should_fix - fixed_first)

        # 3. Enforce again (the configured cap, 200): the remaining 60, and nothing else.
        second = handler.lambda_handler({}, AUDITOR_CONTEXT)
        assert second["changed"] == 60 and second["capped"] == 0
        after = _snapshot(logs)
        changed = {n for n in before if after[n] != before[n]}
        assert changed == should_fix, "exactly the non-compliant groups inside the prefixes"
        assert {after[n] for n in changed} == {30}
        assert all(after[n] == 3653 for n in longer), "a longer retention is left alone by default"
        assert all(after[n] is None for n in before if n.startswith(("/e2e/other/", "/e2e/agents/keep/")))

        # 4. A last run finds nothing to fix.
        third = handler.lambda_handler(
            {"mode": "enforce"}, AUDITOR_CONTEXT
        )  # asks for what is configured: allowed
        assert third["without_retention"] == 0 and third["changed"] == 0 and third["would_change"] == 0
        assert {f["action"] for f in third["findings"]} == {audit.LEFT_LONGER}
        assert _snapshot(logs) == after

    assert "e2e-audit-auditor" not in [f["FunctionName"] for f in aws("lambda").list_functions()["Functions"]]
