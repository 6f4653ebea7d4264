"""examples/complete on the emulator with every module on: it applies, what it creates is there and
wired together, measure-then-recommend works on it (one apply serves both: the emulator is reset for
every test, so a second test would need a second 2-3 minute apply), and it destroys cleanly."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from agentcore_finops import cli, fleet, pricing
from agentcore_finops.estimate import estimate, load_fleet, load_usage
from tests import harness
from tests.e2e import traffic
from tier_router import handler
from tier_router.settings import Settings

pytestmark = [pytest.mark.e2e, pytest.mark.terraform, pytest.mark.slow]  # started first (tests/conftest.py)

PREFIX = "e2e-complete"


class LambdaContext:
    function_name = f"{PREFIX}-tier-router"
    memory_limit_in_mb = 256
    invoked_function_arn = f"arn:aws:lambda:us-east-1:123456789012:function:{PREFIX}-tier-router"
    aws_request_id = "e2e-complete"


def test_complete_example_applies_with_every_module_and_destroys_cleanly(aws_env, aws, tmp_path, capsys):
    tf_vars = {
        "name_prefix": PREFIX,
        "deletion_protection": False,
        "notification_emails": ["finops@example.com"],
        # One customer managed key, made by the module with the policy it publishes (kms_key_policy).
        "create_kms_key": True,
        # An investigation's override left on: what recommend's sampling_override finds.
        "sampling_overrides": {"agents": {"doc-specialist": 1}},
    }
    with harness.applied("examples/complete", tmp_path, aws_env, tf_vars) as ws:
        out = ws.outputs()
        _every_store_uses_the_fleet_key(aws, out)

        # The fleet: one table with the 100 resolved records.
        table = out["agent_config_table_name"]
        assert aws("dynamodb").scan(TableName=table, Select="COUNT")["Count"] == 100

        # Trace sampling is served from AppConfig and equals the fleet's rates.
        ids = out["sampling_appconfig"]
        data = aws("appconfigdata")
        token = data.start_configuration_session(
            ApplicationIdentifier=ids["application_id"],
            EnvironmentIdentifier=ids["environment_ids"]["live"],
            ConfigurationProfileIdentifier=ids["configuration_profile_id"],
        )["InitialConfigurationToken"]
        document = json.loads(data.get_latest_configuration(ConfigurationToken=token)["Configuration"].read())
        assert document["agents"]["sre-orchestrator"] == 0.25 and document["tiers"] == {
            "1": 0.25,
            "2": 0.1,
            "3": 0.03,
        }

        # The router, configured exactly as its deployed function, reads its rates from that document
        # (through Powertools' cached AppConfig provider), not from the agents' records.
        router_env = aws("lambda").get_function_configuration(FunctionName=f"{PREFIX}-tier-router")[
            "Environment"
        ]["Variables"]
        handler.use_router(handler.build_router(Settings.from_env(router_env)))
        try:
            event = {
                "agent_id": "sre-orchestrator",
                "messages": [{"role": "user", "content": "Why is the checkout service paging?"}],
                "trace_id": "trace-e2e-complete",
            }
            response = handler.lambda_handler(event, LambdaContext())
            sampling_reads = handler.get_router().sampling.fetches, handler.get_router().sampling.failures
        finally:
            handler.use_router(None)
        assert response["status"] == 200, response
        decision = response["decision"]
        assert decision["sampling_source"] == "appconfig"
        assert decision["sample_rate"] == document["agents"]["sre-orchestrator"]
        assert sampling_reads == (1, 0)

        # The Lambdas exist and their error alarms go to the guardrails' topic.
        functions = {f["FunctionName"] for f in aws("lambda").list_functions()["Functions"]}
        assert {
            f"{PREFIX}-tier-router",
            f"{PREFIX}-log-retention-auditor",
            f"{PREFIX}-ltm-pruner",
        } <= functions
        guardrails = out["cost_guardrails"]
        topic = guardrails["sns_topic_arn"]
        alarms = {
            a["AlarmName"]: a
            for a in aws("cloudwatch").describe_alarms(AlarmNamePrefix=PREFIX)["MetricAlarms"]
        }
        assert alarms[f"{PREFIX}-tier-router-errors"]["AlarmActions"] == [topic]

        # Guardrails: the budget with its notifications, the anomaly monitor, the alarms, the dashboard.
        budget = aws("budgets").describe_budget(
            AccountId="123456789012", BudgetName=guardrails["budget_name"]
        )["Budget"]
        assert (
            budget["BudgetLimit"] == {"Amount": "3000.0", "Unit": "USD"}
            or float(budget["BudgetLimit"]["Amount"]) == 3000
        )
        notifications = aws("budgets").describe_notifications_for_budget(
            AccountId="123456789012", BudgetName=guardrails["budget_name"]
        )["Notifications"]
        assert sorted((n["NotificationType"], n["Threshold"]) for n in notifications) == [
            ("ACTUAL", 80.0),
            ("ACTUAL", 100.0),
            ("FORECASTED", 100.0),
        ]
        monitors = aws("ce").get_anomaly_monitors(MonitorArnList=[guardrails["anomaly_monitor"]])[
            "AnomalyMonitors"
        ]
        assert monitors[0]["MonitorType"] == "CUSTOM"
        for name in ("cost-per-hour", "tool-call-storm", "ltm-growth"):
            alarm = alarms[f"{PREFIX}-{name}"]
            assert alarm["AlarmActions"] == [topic]
            assert alarm["Metrics"][0]["Expression"].startswith("SELECT ")
        dashboard = aws("cloudwatch").get_dashboard(DashboardName=guardrails["dashboard_name"])
        body = json.loads(dashboard["DashboardBody"])
        deployed = [
            m[0]["expression"]
            for w in body["widgets"]
            if w["type"] == "metric"
            for m in w["properties"]["metrics"]
        ]
        alarm_queries = [
            alarms[f"{PREFIX}-{n}"]["Metrics"][0]["Expression"]
            for n in ("cost-per-hour", "tool-call-storm", "ltm-growth")
        ]
        # What is deployed is exactly what the plan test checked against the emitters.
        assert sorted(deployed + alarm_queries) == sorted(guardrails["dashboard_queries"])

        # AgentCore: the stack exists and its runtimes' log groups got retention from modules/log-groups.
        stack = aws("cloudformation").describe_stacks(StackName=f"{PREFIX}-agentcore")["Stacks"][0]
        assert stack["StackStatus"] == "CREATE_COMPLETE"
        groups = aws("logs").describe_log_groups(logGroupNamePrefix="/aws/bedrock-agentcore/runtimes/")[
            "logGroups"
        ]
        assert len(groups) == 10 and {g.get("retentionInDays") for g in groups} == {30}

        # The agents are told which router to call and may invoke it (and nothing else of Lambda).
        runtime_id = out["agentcore_runtimes"]["sre-orchestrator"]["id"]
        runtime = aws("bedrock-agentcore-control").get_agent_runtime(agentRuntimeId=runtime_id)
        assert runtime["environmentVariables"]["TIER_ROUTER_FUNCTION"] == f"{PREFIX}-tier-router"
        role = runtime["roleArn"].rsplit("/", 1)[1]
        statements = aws("iam").get_role_policy(RoleName=role, PolicyName="tier-router")["PolicyDocument"][
            "Statement"
        ]
        router_arn = aws("lambda").get_function_configuration(FunctionName=f"{PREFIX}-tier-router")[
            "FunctionArn"
        ]
        assert [s["Resource"] for s in statements if s["Sid"] == "CallTierRouter"] == [router_arn]

        # Networking: the example's VPC has its endpoints.
        endpoints = aws("ec2").describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [out["vpc_id"]]}])
        assert len(endpoints["VpcEndpoints"]) == 7

        # Measure, then recommend, on the applied fleet (below).
        _measure_then_recommend(ws, out, tf_vars, aws, router_env, tmp_path, capsys)

    # Destroy removed everything it created; the key waits out its deletion window.
    key = aws("kms").describe_key(KeyId=out["kms_key_arn"])["KeyMetadata"]
    assert key["KeyState"] == "PendingDeletion"
    assert table not in aws("dynamodb").list_tables()["TableNames"]
    assert not [
        f for f in aws("lambda").list_functions()["Functions"] if f["FunctionName"].startswith(PREFIX)
    ]
    assert not aws("cloudwatch").list_dashboards(DashboardNamePrefix=PREFIX)["DashboardEntries"]
    assert not aws("budgets").describe_budgets(AccountId="123456789012").get("Budgets", [])
    live = [
        s
        for s in aws("cloudformation").list_stacks()["StackSummaries"]
        if s["StackStatus"] != "DELETE_COMPLETE"
    ]
    assert not [s for s in live if s["StackName"].startswith(PREFIX)]


# ------------------------------------------------------------------------------------------------
# measure, then recommend: a prepared mix of the complete fleet's agents through the deployed router
# (a scripted Bedrock) and the guards' metrics, published as CloudWatch extracts EMF.

CALLS = 40
MIX = {
    # over-provisioned: tier 1 for short answers and two tool calls; 2,048 tokens and 15 steps
    "support-orchestrator": traffic.Agent(tier=1, input_tokens=2000, output_tokens=150, tool_calls=2),
    # over-provisioned: tier 2 for 180-token answers (fits tier 3's 256) and one tool call; its
    # trace sampling is still at the 1.0 override
    "doc-specialist": traffic.Agent(tier=2, input_tokens=2000, output_tokens=180, tool_calls=1),
    # sized in tier, tokens and steps, but resends a 6,000-token prompt with nothing read from the
    # cache: advisory cache_points only, outside the patch
    "contract-reviewer": traffic.Agent(
        2, input_tokens=6000, output_tokens=900, tool_calls=5, complex_calls=4
    ),
    # correctly sized: long outputs, busy step budgets, escalations, or already at the floors
    "sre-orchestrator": traffic.Agent(tier=1, input_tokens=2000, output_tokens=1800, tool_calls=13),
    "refund-specialist": traffic.Agent(
        2, input_tokens=2000, output_tokens=900, tool_calls=5, complex_calls=4
    ),
    "email-classifier": traffic.Agent(tier=3, input_tokens=2000, output_tokens=200, tool_calls=2),
}
OVERSIZED = {"support-orchestrator", "doc-specialist", "contract-reviewer"}


def _measure_then_recommend(ws, out, tf_vars, aws, router_env, tmp_path, capsys):
    # earlier calls' metrics are not part of the prepared mix: send() discards what was captured
    assert traffic.send(router_env, MIX, CALLS, LambdaContext(), capsys, aws("cloudwatch")) > 0

    window = traffic.usage_window(out["agent_config_table_name"])
    profile = tmp_path / "measured.yaml"
    assert cli.main(["usage", *window, "--format", "json", "--export-profile", str(profile)]) == 0
    measured = {a["agent_id"]: a for a in json.loads(capsys.readouterr().out)["agents"]}
    assert set(measured) == set(MIX)
    catalogue = pricing.load_catalogue()
    traffic.check_measured(measured, MIX, CALLS, catalogue)

    fleet_file = tmp_path / "fleet.yaml"
    fleet_file.write_text((ws.tfdir / "fleet.yaml").read_text())
    patch = tmp_path / "fleet.patched.json"
    args = [
        "recommend",
        *window,
        "--min-calls",
        str(CALLS),
        "--fleet",
        str(fleet_file),
        "--apply-to",
        str(patch),
        "--sampling-app",
        out["sampling_appconfig"]["application_id"],
        "--max-override-days",
        "0",  # the override was deployed minutes ago
        "--format",
        "json",
    ]
    assert cli.main(args) == 0
    report = json.loads(capsys.readouterr().out)
    found = {(r["agent_id"], r["rule"]) for r in report["recommendations"]}
    assert {agent for agent, _ in found} == OVERSIZED  # none of the correctly sized ones
    assert found == {
        ("support-orchestrator", "lower_tier"),
        ("support-orchestrator", "max_tokens"),
        ("support-orchestrator", "step_budget"),
        ("doc-specialist", "lower_tier"),
        ("doc-specialist", "max_tokens"),
        ("doc-specialist", "step_budget"),
        ("doc-specialist", "sampling_override"),
        ("contract-reviewer", "cache_points"),
    }
    assert report["not_checked"] == []
    advisory = {(r["agent_id"], r["rule"]) for r in report["recommendations"] if r["advisory"]}
    assert advisory == {("doc-specialist", "sampling_override"), ("contract-reviewer", "cache_points")}
    assert report["patch"] == {
        "agents": {
            "support-orchestrator": {"tier": 2, "max_tokens": 256, "step_budget": 3},
            "doc-specialist": {"tier": 3, "max_tokens": 256, "step_budget": 2},
        }
    }
    [sampled] = [r for r in report["recommendations"] if r["rule"] == "sampling_override"]
    assert sampled["evidence"]["environments"] == ["live"] and sampled["proposed"] == 0.1
    claimed = Decimal(str(report["monthly_saving_usd"]))
    assert claimed > 0 and report["advisory_monthly_saving_usd"] > 0

    # The patch plans against the applied fleet. The emulator does not read every attribute back, so
    # a plan of the unchanged fleet already shows changes (replaced log groups and deliveries, ...):
    # the patch is checked against that baseline. It updates exactly the two agents' records, each in
    # the patched fields and what the fleet resolves from them (a new tier's defaults), and destroys
    # nothing.
    def planned() -> dict[tuple[str, tuple[str, ...]], dict]:
        return {
            (c["address"], tuple(c["change"]["actions"])): c["change"]
            for c in ws.plan(tf_vars).raw["resource_changes"]
            if c["change"]["actions"] != ["no-op"]
        }

    baseline = planned()
    (ws.tfdir / "fleet.yaml").write_text(patch.read_text())  # JSON is YAML: fleet.tf reads it as is
    patched = planned()
    added = {key: change for key, change in patched.items() if key not in baseline}
    prefix = "module.fleet.module.agent_config.aws_dynamodb_table_item.this["
    items = {a.removeprefix(prefix).strip('"[]'): c for (a, act), c in added.items() if a.startswith(prefix)}
    assert set(items) == {"support-orchestrator", "doc-specialist"}
    assert [act for (a, act) in added if a.startswith(prefix)] == [("update",), ("update",)]
    resolved_before = fleet.resolve(*fleet.load_fleet_file(fleet_file))
    resolved_after = fleet.resolve(*fleet.load_fleet_file(patch))
    for agent_id, change in items.items():
        before, after = json.loads(change["before"]["item"]), json.loads(change["after"]["item"])
        changed = {k for k in after if before.get(k) != after[k]}
        old, new = resolved_before[agent_id], resolved_after[agent_id]
        assert changed == {k for k in new if old.get(k) != new[k]}, agent_id
        for name, value in report["patch"]["agents"][agent_id].items():
            assert after[name] == {"N": str(value)}, (agent_id, name)
    assert not [a for (a, act) in added if "delete" in act and "create" not in act]

    # The patch lowers the estimate (the measured usage profile) by the saving claimed: the model cost.
    usage = load_usage(profile)
    before = estimate(load_fleet(fleet_file), usage, catalogue).configured.dimension_total("llm")
    lowered = estimate(load_fleet(patch), usage, catalogue).configured.dimension_total("llm")
    # the profile rounds sessions to whole numbers: 40 a day is 1,216.67 a month, priced as 1,217
    assert abs((before - lowered) - claimed) <= claimed * Decimal("0.001") + Decimal("0.01")


def _every_store_uses_the_fleet_key(aws, out):
    """The key was made with the published policy, rotation on, and every store reads back with it."""
    key_arn = out["kms_key_arn"]
    kms = aws("kms")
    assert kms.describe_key(KeyId=key_arn)["KeyMetadata"]["Arn"] == key_arn
    assert kms.get_key_rotation_status(KeyId=key_arn)["KeyRotationEnabled"] is True
    policy = json.loads(kms.get_key_policy(KeyId=key_arn, PolicyName="default")["Policy"])
    assert policy == json.loads(out["kms_key_policy"])
    assert f"alias/{PREFIX}" in [a["AliasName"] for a in kms.list_aliases(KeyId=key_arn)["Aliases"]]

    found = {}
    table = aws("dynamodb").describe_table(TableName=out["agent_config_table_name"])["Table"]
    found["dynamodb table"] = [table["SSEDescription"]["KMSMasterKeyArn"]]
    groups = [
        g for page in aws("logs").get_paginator("describe_log_groups").paginate() for g in page["logGroups"]
    ]
    assert len(groups) == 16, [g["logGroupName"] for g in groups]  # 10 runtime, 2 vended, 1 extra, 3 Lambdas
    found["log groups"] = [g.get("kmsKeyId") for g in groups]
    sqs = aws("sqs")
    queues = sqs.list_queues(QueueNamePrefix=PREFIX)["QueueUrls"]
    assert len(queues) == 3
    found["failure queues"] = [
        sqs.get_queue_attributes(QueueUrl=q, AttributeNames=["KmsMasterKeyId"])["Attributes"].get(
            "KmsMasterKeyId"
        )
        for q in queues
    ]
    topic = out["cost_guardrails"]["sns_topic_arn"]
    found["cost-alert topic"] = [
        aws("sns").get_topic_attributes(TopicArn=topic)["Attributes"].get("KmsMasterKeyId")
    ]
    functions = [
        f for f in aws("lambda").list_functions()["Functions"] if f["FunctionName"].startswith(PREFIX)
    ]
    assert len(functions) == 3
    found["function environments"] = [f.get("KMSKeyArn") for f in functions]
    appconfig = aws("appconfig")
    ids = out["sampling_appconfig"]
    deployments = appconfig.list_deployments(
        ApplicationId=ids["application_id"], EnvironmentId=ids["environment_ids"]["live"]
    )["Items"]
    found["sampling deployment"] = [
        appconfig.get_deployment(
            ApplicationId=ids["application_id"],
            EnvironmentId=ids["environment_ids"]["live"],
            DeploymentNumber=d["DeploymentNumber"],
        ).get("KmsKeyIdentifier")
        for d in deployments
    ]
    control = aws("bedrock-agentcore-control")
    found["agentcore memory"] = [
        control.get_memory(memoryId=out["agentcore_memory"]["id"])["memory"].get("encryptionKeyArn")
    ]
    found["agentcore gateway"] = [
        control.get_gateway(gatewayIdentifier=out["agentcore_gateway"]["id"]).get("kmsKeyArn")
    ]
    wrong = {store: keys for store, keys in found.items() if not keys or any(k != key_arn for k in keys)}
    assert not wrong, f"stores not encrypted with {key_arn}: {wrong}"

    # Every role of the fleet may use the key (decrypt at least), and KMS actions name no other key.
    iam = aws("iam")
    roles = [r["RoleName"] for page in iam.get_paginator("list_roles").paginate() for r in page["Roles"]]
    assert len(roles) == 12, roles  # 3 functions, 2 schedules, 5 runtimes, gateway, memory
    without = []
    for role in roles:
        statements = [
            st
            for name in iam.list_role_policies(RoleName=role)["PolicyNames"]
            for st in iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]["Statement"]
        ]
        kms_statements = [st for st in statements if any(a.startswith("kms:") for a in _listed(st["Action"]))]
        for st in kms_statements:
            assert _listed(st["Resource"]) == [key_arn], f"{role}: {st}"
        if not any("kms:Decrypt" in _listed(st["Action"]) for st in kms_statements):
            without.append(role)
    assert not without, f"roles that cannot use the fleet key: {without}"


def _listed(value):
    return value if isinstance(value, list) else [value]
