"""modules/lambda-function applied to the emulator: function, log group with retention, failure
queue, alarms and schedule exist as configured, and destroy removes them."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from tests import harness

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("probe/handler.py", "def lambda_handler(event, context):\n    return event\n")
    return buf.getvalue()


ROOT = """
provider "aws" {
  region = "us-east-1"
}

module "fn" {
  source                         = "../modules/lambda-function"
  function = {
    name                  = "e2e-probe"
    package_file          = "${path.module}/fn.zip"
    handler               = "probe.handler.lambda_handler"
    log_retention_in_days = 14
  }
  environment_variables          = { MODE = "report" }
  reserved_concurrent_executions = 1
  alarm_on_throttles             = true
  schedule                       = { expression = "rate(1 day)", input = jsonencode({ mode = "report" }) }
  policy_json = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "logs:DescribeLogGroups", Resource = "*" }]
  })
}

output "fn" {
  value = module.fn
}
"""


def test_lambda_function_module_applies_as_configured(aws_env, aws, tmp_path):
    files = {"main.tf": ROOT, "fn.zip": _zip()}
    with harness.applied("scratch-lambda", tmp_path, aws_env, files=files) as ws:
        out = ws.outputs()["fn"]
        fn = aws("lambda").get_function(FunctionName="e2e-probe")["Configuration"]
        assert fn["Architectures"] == ["arm64"] and fn["Runtime"] == "python3.12"
        assert fn["Environment"]["Variables"] == {"MODE": "report"}

        groups = aws("logs").describe_log_groups(logGroupNamePrefix="/aws/lambda/e2e-probe")["logGroups"]
        assert [(g["logGroupName"], g.get("retentionInDays")) for g in groups] == [
            ("/aws/lambda/e2e-probe", 14)
        ]

        invoke_cfg = aws("lambda").get_function_event_invoke_config(FunctionName="e2e-probe")
        assert invoke_cfg["DestinationConfig"]["OnFailure"]["Destination"] == out["failure_queue_arn"]

        schedule = aws("scheduler").get_schedule(Name="e2e-probe")
        assert schedule["ScheduleExpression"] == "rate(1 day)"
        assert schedule["Target"]["Arn"] == out["lambda_function_arn"]
        assert json.loads(schedule["Target"]["Input"]) == {"mode": "report"}

        alarms = aws("cloudwatch").describe_alarms(AlarmNamePrefix="e2e-probe")["MetricAlarms"]
        assert sorted(a["MetricName"] for a in alarms) == ["Errors", "Throttles"]

        policies = aws("iam").list_role_policies(RoleName=out["lambda_role_name"])["PolicyNames"]
        assert sorted(policies) == ["base", "function"]
        base = aws("iam").get_role_policy(RoleName=out["lambda_role_name"], PolicyName="base")[
            "PolicyDocument"
        ]
        resources = [
            r
            for st in base["Statement"]
            for r in ([st["Resource"]] if isinstance(st["Resource"], str) else st["Resource"])
        ]
        assert "*" not in resources, "the module's own permissions are scoped to its resources"

    assert "e2e-probe" not in [f["FunctionName"] for f in aws("lambda").list_functions()["Functions"]]
