"""The project's own resources in an estimate: read from a plan, priced in "Project resources" (the tier
router per model call, its DynamoDB reads and AppConfig requests, scheduled Lambdas, alarms, dashboards,
Scheduler, SNS, KMS), or listed as priced elsewhere, free or not priced, with the reason."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from agentcore_finops import fleet, pricing
from agentcore_finops.errors import FieldError
from agentcore_finops.estimate import estimate, inputs, load_usage, platform, render
from agentcore_finops.estimate.formats import to_dict
from tests.unit.test_estimate_inputs import AGENTS, _item, _plan

MODULE = "module.agent_config"


def _res(rtype: str, address: str, module: str = "(root)", **values) -> dict:
    return {"address": address, "mode": "managed", "type": rtype, "module": module, "values": values}


ROUTER = _res(
    "aws_lambda_function",
    "module.router.module.function.aws_lambda_function.this",
    "module.router.module.function",
    handler="tier_router.handler.lambda_handler",
    memory_size=512,
    architectures=["x86_64"],
    environment=[{"variables": {"CONFIG_CACHE_TTL_SECONDS": "300", "SAMPLING_CACHE_TTL_SECONDS": "120"}}],
)
PRUNER = _res(
    "aws_lambda_function",
    "module.pruner.module.function.aws_lambda_function.this",
    "module.pruner.module.function",
    handler="ltm_pruner.handler.lambda_handler",
    memory_size=256,
    architectures=["arm64"],
)
SCHEDULE = _res(
    "aws_scheduler_schedule",
    "module.pruner.module.function.aws_scheduler_schedule.this[0]",
    "module.pruner.module.function",
    schedule_expression="rate(6 hours)",
    state="ENABLED",
)
OTHERS = [
    _res("aws_dynamodb_table", "aws_dynamodb_table.config", billing_mode="PAY_PER_REQUEST"),
    _res("aws_appconfig_configuration_profile", "aws_appconfig_configuration_profile.sampling"),
    _res("aws_cloudwatch_metric_alarm", "aws_cloudwatch_metric_alarm.a", period=300),
    _res("aws_cloudwatch_metric_alarm", "aws_cloudwatch_metric_alarm.b", period=60),
    _res("aws_cloudwatch_metric_alarm", "aws_cloudwatch_metric_alarm.fast", period=10),
    _res("aws_cloudwatch_dashboard", "aws_cloudwatch_dashboard.fleet"),
    _res("aws_kms_key", "aws_kms_key.logs"),
    _res("aws_sns_topic", "aws_sns_topic.alerts"),
    _res("aws_sns_topic_subscription", "aws_sns_topic_subscription.ops", protocol="email"),
    _res("aws_sns_topic_subscription", "aws_sns_topic_subscription.chat", protocol="https"),
    _res("aws_sqs_queue", "aws_sqs_queue.failures"),
    _res("aws_iam_role", "aws_iam_role.router"),
    _res("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.router", name="/aws/lambda/router"),
    _res("aws_s3_bucket", "aws_s3_bucket.mystery"),
]


def _report(extra: list[dict]):
    items = [_item(MODULE, r) for r in fleet.resolve(AGENTS).values()]
    plan = _plan((MODULE, items), extra=[{k: v for k, v in r.items() if k != "module"} for r in extra])
    fleet_input = inputs.read_plan(plan)
    return estimate(fleet_input, load_usage(), pricing.load_catalogue())


def _lines(report) -> dict[str, list]:
    out: dict[str, list] = {}
    for line in report.configured.of("platform"):
        out.setdefault(line.item, []).append(line)
    return out


def test_the_router_is_priced_per_model_call_by_tier_from_its_plan_settings():
    report = _report([ROUTER])
    lines = _lines(report)
    usage = load_usage()
    calls = usage.sessions_per_agent_month * usage.llm.calls_per_session  # per agent
    requests = lines["tier router requests"]
    assert [(x.group, x.agents, x.quantity) for x in requests] == [
        ("tier 1", 1, calls),
        ("tier 2", 1, calls),
        ("tier 3", 1, calls),
    ]
    assert requests[0].cost == calls * Decimal("0.20") / 1_000_000
    # 512 MB x86 from the plan: 0.2 s x 0.5 GB per invocation at the x86 rate
    duration = lines["tier router duration"][0]
    assert duration.quantity == calls * Decimal("0.2") * Decimal("0.5")
    assert duration.price.ref == "services.lambda.duration_gb_second_x86"
    assert duration.agents == 1  # per-agent lines: a diff attributes them to agents


def test_cache_ttls_from_the_plan_bound_the_config_reads_and_appconfig_requests():
    report = _report([ROUTER, *OTHERS])
    lines = _lines(report)
    (reads,) = lines["agent-config reads (DynamoDB on demand)"]
    # the caches would allow 3 agents x 10 warm environments x 2,628,000 s / 300 s = 262,800 reads, but
    # there are only 3 x 1,000 x 10 = 30,000 invocations: at most one read each

    assert reads.factors[0].value == Decimal(30_000)
    assert reads.quantity == Decimal(15_000)  # half a read unit each
    (requests,) = lines["AppConfig configuration requests"]
    assert requests.quantity == 10 * Decimal(2_628_000) / 120
    assert "120 s sampling cache TTL" in requests.formula


def test_alarms_dashboards_kms_sns_and_schedules():
    report = _report([PRUNER, SCHEDULE, *OTHERS])
    lines = _lines(report)
    assert lines["CloudWatch alarms"][0].quantity == 2  # period 300 and 60: standard resolution
    assert lines["CloudWatch alarms (high resolution)"][0].cost == Decimal("0.30")
    assert lines["CloudWatch dashboards"][0].cost == Decimal(3)
    assert lines["KMS customer managed keys"][0].cost == Decimal(1)
    assert lines["SNS publishes"][0].quantity == 30
    assert lines["SNS email notifications"][0].quantity == 30  # one email subscription
    # rate(6 hours): 730 / 6 runs a month, each of the pruner's 256 MB arm64 for 60 s
    runs = Decimal(730) / 6
    (schedule,) = lines["Scheduler invocations (rate(6 hours))"]
    assert schedule.quantity == runs.quantize(Decimal("0.000001"))
    (duration,) = lines["pruner Lambda duration"]
    assert duration.price.ref == "services.lambda.duration_gb_second_arm64"
    assert duration.quantity == schedule.quantity * 60 * Decimal("0.25")


def test_every_resource_type_is_accounted_for_with_a_reason():
    report = _report([ROUTER, PRUNER, SCHEDULE, *OTHERS])
    resources = to_dict(report)["resources"]
    seen = {r["type"] for rows in resources.values() for r in rows}
    assert seen == {r["type"] for r in [ROUTER, PRUNER, SCHEDULE, *OTHERS]} | {"aws_dynamodb_table_item"}
    unpriced = {r["type"]: r["reason"] for r in resources["not_priced"]}
    assert "Lambda failure queues" in unpriced["aws_sqs_queue"]
    assert unpriced["aws_s3_bucket"] == "the estimator has no price for this resource type"
    assert {r["type"] for r in resources["free"]} == {"aws_iam_role", "aws_appconfig_configuration_profile"}
    assert {r["type"] for r in resources["priced_elsewhere"]} == {
        "aws_cloudwatch_log_group",
        "aws_dynamodb_table_item",
        "aws_sns_topic_subscription",
    }
    import json
    from importlib import resources as files

    import jsonschema

    schema = json.loads(files.files("agentcore_finops.estimate").joinpath("report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(json.loads(render(report, "json")))
    text = render(report, "table")
    assert "not priced: aws_s3_bucket (1): the estimator has no price for this resource type" in text
    html = render(report, "html")
    assert '<td>aws_s3_bucket</td><td class="num">1</td><td>not priced</td>' in html
    assert '<td>aws_iam_role</td><td class="num">1</td><td>free</td>' in html


def test_a_function_neither_router_nor_scheduled_is_named_in_the_notes():
    report = _report([PRUNER])  # no schedule in the plan
    assert any(PRUNER["address"] in n and "not priced" in n for n in report.notes)


def test_a_fleet_file_says_project_resources_need_a_plan():
    report = estimate(
        inputs.load_fleet(Path(__file__).parents[2] / "examples/complete/fleet.yaml"),
        load_usage(),
        pricing.load_catalogue(),
    )
    assert report.configured.dimension_total("platform") == 0
    assert any("priced from a plan only" in n for n in report.notes)
    assert "resources" not in to_dict(report)


@pytest.mark.parametrize(
    ("expression", "runs"),
    [
        ("rate(1 day)", Decimal("30.416667")),
        ("rate(5 minutes)", Decimal(730 * 12)),
        ("rate(1 hour)", Decimal(730)),
        ("cron(30 3 * * ? *)", Decimal("30.416667")),
        ("cron(0 */6 * * ? *)", Decimal("121.666667")),
        ("cron(0,30 9-17 * * ? *)", Decimal(18 * 730) / 24),
        ("cron(0 8 ? * MON-FRI *)", None),  # weekdays only: not counted, and said so
        ("cron(0 8 1 * ? *)", None),
        ("at(2026-12-24T18:00:00)", None),
        ("rate(soon)", None),
        ("rate(0 minutes)", None),  # AWS refuses it; counting it would divide by zero
        ("cron(70 * * * ? *)", None),  # no minute 70
        ("cron(0 */0 * * ? *)", None),
    ],
)
def test_schedule_runs_per_month(expression, runs):
    got = platform.runs_per_month(expression)
    assert got == (None if runs is None else runs.quantize(Decimal("0.000001")).normalize())


def test_an_uncountable_schedule_is_a_note_not_a_guess():
    weekdays = {
        **SCHEDULE,
        "values": {**SCHEDULE["values"], "schedule_expression": "cron(0 8 ? * MON-FRI *)"},
    }
    report = _report([PRUNER, weekdays])
    assert not any(x.item.startswith("Scheduler") for x in report.configured.of("platform"))
    assert any("cannot be counted per month" in n for n in report.notes)


def test_the_platform_section_may_be_left_out_of_a_complete_profile():
    from agentcore_finops.estimate import usage

    data = usage.reference().to_dict()
    del data["platform"]
    assert usage.parse(data).platform == usage.reference().platform
    data["platform"] = {"router_ms_per_invocation": -1}
    with pytest.raises(Exception) as exc:
        usage.parse(data)
    assert "usage.platform.router_ms_per_invocation: must not be negative" in str(exc.value)


def _router_with(**values) -> dict:
    return {**ROUTER, "values": {**ROUTER["values"], **values}}


def _env(**variables) -> list[dict]:
    return [{"variables": {**ROUTER["values"]["environment"][0]["variables"], **variables}}]


@pytest.mark.parametrize(
    ("resource", "named"),
    [
        (_router_with(memory_size="lots"), ".aws_lambda_function.this.memory_size: invalid value 'lots'"),
        (_router_with(memory_size=-512), ".aws_lambda_function.this.memory_size: invalid value -512"),
        (
            _router_with(environment=_env(SAMPLING_CACHE_TTL_SECONDS="0")),  # would divide by zero
            ".environment.variables.SAMPLING_CACHE_TTL_SECONDS: invalid value '0'",
        ),
        (
            _router_with(environment=_env(CONFIG_CACHE_TTL_SECONDS="-300")),  # would make reads negative
            ".environment.variables.CONFIG_CACHE_TTL_SECONDS: invalid value '-300'",
        ),
        (
            _router_with(environment=_env(CONFIG_CACHE_TTL_SECONDS="NaN")),
            ".environment.variables.CONFIG_CACHE_TTL_SECONDS: invalid value 'NaN'",
        ),
        (_router_with(environment={"variables": {}}), ".aws_lambda_function.this.environment: not a Lambda"),
        (_router_with(environment=[{"variables": ["x"]}]), ".aws_lambda_function.this.environment: not a"),
        (
            _res("aws_cloudwatch_metric_alarm", "aws_cloudwatch_metric_alarm.a", period="often"),
            "aws_cloudwatch_metric_alarm.a.period: invalid value 'often'",
        ),
    ],
)
def test_a_hostile_plan_value_is_an_error_naming_it(resource, named):
    with pytest.raises(FieldError) as exc:
        _report([resource, *OTHERS])
    assert named in str(exc.value)


def test_a_metric_query_alarm_without_a_period_is_a_standard_alarm():
    """A metric-query alarm has no top-level period: null in a plan of a new stack, 0 in a plan of an
    applied one (the provider reads it back as 0). Both are a standard-resolution alarm, not a bad value;
    any other period below 10 s is still refused."""
    query_alarms = [
        _res("aws_cloudwatch_metric_alarm", "aws_cloudwatch_metric_alarm.new", period=None),
        _res("aws_cloudwatch_metric_alarm", "aws_cloudwatch_metric_alarm.applied", period=0),
    ]
    lines = _lines(_report([*OTHERS, *query_alarms]))
    assert lines["CloudWatch alarms"][0].quantity == 4  # 300, 60 and the two query alarms
    assert lines["CloudWatch alarms (high resolution)"][0].quantity == 1  # only the 10 s one
    for bad in (5, -60):
        with pytest.raises(FieldError) as exc:
            _report(
                [*OTHERS, _res("aws_cloudwatch_metric_alarm", "aws_cloudwatch_metric_alarm.q", period=bad)]
            )
        assert "aws_cloudwatch_metric_alarm.q.period" in str(exc.value)
