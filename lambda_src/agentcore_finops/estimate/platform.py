"""What the project itself deploys beside the agents, read from a plan, and its monthly cost.

A plan lists the resources a stack will create; each resource type is one of:

- priced here, in the "Project resources" dimension: Lambda functions (the tier router per model call,
  scheduled Lambdas per run), the router's DynamoDB reads and AppConfig requests, CloudWatch alarms and
  dashboards, EventBridge Scheduler invocations, SNS notifications, customer managed KMS keys;
- priced in another dimension (log groups in Observability, VPC endpoints and NAT gateways in
  Network, the agent-config items and AgentCore stacks through the agents themselves);
- free (IAM, VPC plumbing, gateway endpoints, AppConfig's own configuration objects, ...);
- not priced, with the reason (an idle failure queue, AWS Budgets, or a type the estimator does not
  know), so nothing a plan deploys is silently dropped.

A fleet file has no resources: the dimension is then empty and a note says to estimate from a plan.
Free tiers are account-wide and are not deducted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import FieldError
from .model import DIVIDE, HOURS_PER_MONTH, TIMES, Factor, Line, num

SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
MB_PER_GB_LAMBDA = Decimal(1024)  # Lambda memory is configured in MB of 1,024 per GB
# The tier router: its handler (modules/tier-router), or its cache settings in the environment.
ROUTER_HANDLER_PREFIX = "tier_router."
ROUTER_ENV = "CONFIG_CACHE_TTL_SECONDS"
SAMPLING_ENV = "SAMPLING_CACHE_TTL_SECONDS"
# The router's defaults (tier_router.contract.VARIABLES) when the plan does not know its environment
# yet (it holds the table's name, unknown until apply).
DEFAULT_TTL_SECONDS = "60"
# What the router accepts (tier_router.contract.VARIABLES, modules/tier-router): (low, high, whole).
ENV_RANGES = {ROUTER_ENV: (0, 3600, False), SAMPLING_ENV: (1, 3600, True)}
LAMBDA_MEMORY_MB = (128, 10240)
# GetItem of an agent record (< 4 KB), eventually consistent: half a read request unit.
RRU_PER_RECORD_READ = Decimal("0.5")

# Types priced in another dimension, or through what they carry.
ELSEWHERE = {
    "aws_cloudwatch_log_group": "Observability (log ingestion and storage)",
    "aws_cloudwatch_log_delivery": "Observability (vended logs are priced as ingested logs)",
    "aws_cloudwatch_log_delivery_source": "Observability (vended logs are priced as ingested logs)",
    "aws_cloudwatch_log_delivery_destination": "Observability (vended logs are priced as ingested logs)",
    "aws_vpc_endpoint": "Network (interface endpoint-hours and data; gateway endpoints are free)",
    "aws_nat_gateway": "Network (NAT gateway-hours and data)",
    "aws_dynamodb_table_item": "the agents it configures; its bytes are in the table's storage",
    "aws_cloudformation_stack": "the agents' AgentCore dimensions (Runtime, Gateway, Memory, Policy)",
    "aws_sns_topic_subscription": "Project resources (SNS notifications, per email subscription)",
}
FREE = {
    "aws_iam_role": "IAM is free",
    "aws_iam_role_policy": "IAM is free",
    "aws_iam_policy": "IAM is free",
    "aws_iam_role_policy_attachment": "IAM is free",
    "aws_vpc": "no charge for a VPC",
    "aws_subnet": "no charge for a subnet",
    "aws_route_table": "no charge for a route table",
    "aws_route_table_association": "no charge",
    "aws_security_group": "no charge",
    "aws_default_security_group": "no charge",
    "aws_vpc_security_group_ingress_rule": "no charge",
    "aws_vpc_security_group_egress_rule": "no charge",
    "aws_sns_topic_policy": "no charge",
    "aws_lambda_function_event_invoke_config": "no charge (failed events go to the failure queue)",
    "aws_lambda_permission": "no charge",
    "aws_appconfig_application": "AppConfig bills configuration requests, priced with the router",
    "aws_appconfig_environment": "AppConfig bills configuration requests, priced with the router",
    "aws_appconfig_configuration_profile": "AppConfig bills configuration requests, priced with the router",
    "aws_appconfig_hosted_configuration_version": "hosted configurations carry no storage charge",
    "aws_appconfig_deployment_strategy": "no charge",
    "aws_appconfig_deployment": "no charge per deployment",
    "aws_ce_anomaly_monitor": "Cost Anomaly Detection is free",
    "aws_ce_anomaly_subscription": "Cost Anomaly Detection is free",
    "aws_kms_alias": "no charge",
    "terraform_data": "not an AWS resource",
}
NOT_PRICED = {
    "aws_sqs_queue": "SQS bills per request and a plan cannot say how many messages a queue carries; "
    "this project's queues are Lambda failure queues, which nothing polls and which receive a message "
    "only when an asynchronous invocation fails",
    "aws_budgets_budget": "AWS Budgets bills per budget-day beyond an account's free budgets; "
    "not in the price catalogue",
}


@dataclass(frozen=True)
class Function:
    address: str
    module: str
    memory_mb: Decimal
    arm64: bool
    env: Mapping[str, str]
    handler: str = ""

    @property
    def is_router(self) -> bool:
        return self.handler.startswith(ROUTER_HANDLER_PREFIX) or ROUTER_ENV in self.env


@dataclass(frozen=True)
class Inventory:
    """The project's resources in a plan, and what happens to every resource type in it."""

    functions: tuple[Function, ...] = ()
    schedules: tuple[tuple[str, str, str], ...] = ()  # (address, module, expression)
    alarms: tuple[tuple[str, bool], ...] = ()  # (address, high resolution)
    dashboards: tuple[str, ...] = ()
    kms_keys: tuple[str, ...] = ()
    sns_topics: tuple[str, ...] = ()
    email_subscriptions: int = 0
    dynamodb_on_demand: tuple[str, ...] = ()
    appconfig_profiles: int = 0
    types: Mapping[str, int] = field(default_factory=dict)  # every managed resource type, counted

    def classify(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """(priced elsewhere, free, not priced) rows: resource type, count, reason."""
        elsewhere, free, unpriced = [], [], []
        for rtype, count in sorted(self.types.items()):
            if rtype in PRICED_HERE:
                continue
            if rtype in ELSEWHERE:
                elsewhere.append({"type": rtype, "count": count, "reason": ELSEWHERE[rtype]})
            elif rtype in FREE:
                free.append({"type": rtype, "count": count, "reason": FREE[rtype]})
            else:
                reason = NOT_PRICED.get(rtype, "the estimator has no price for this resource type")
                unpriced.append({"type": rtype, "count": count, "reason": reason})
        return elsewhere, free, unpriced


PRICED_HERE = (
    "aws_lambda_function",
    "aws_scheduler_schedule",
    "aws_cloudwatch_metric_alarm",
    "aws_cloudwatch_dashboard",
    "aws_kms_key",
    "aws_sns_topic",
    "aws_dynamodb_table",
)


def plan_number(value: Any, where: str, low: int, high: int | None = None, whole: bool = False) -> Decimal:
    """A number a plan holds (a JSON number, or its text as in a Lambda environment) as a finite
    Decimal from ``low`` to ``high``; a FieldError naming ``where`` otherwise."""
    number = None
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = None
    if (
        number is None
        or not number.is_finite()
        or number < low
        or (high is not None and number > high)
        or (whole and number != number.to_integral_value())
    ):
        kind = "a whole number" if whole else "a number"
        allowed = f"{kind} from {low} to {high}" if high is not None else f"{kind} >= {low}"
        raise FieldError(where, f"invalid value {value!r}", allowed)
    return number


def _environment(values: Mapping[str, Any], address: str) -> dict[str, str]:
    """A Lambda function's environment variables, the router's cache settings checked."""
    blocks = values.get("environment") or [{}]
    variables = (
        blocks[0].get("variables") if isinstance(blocks, list) and isinstance(blocks[0], Mapping) else ()
    )
    if not isinstance(variables, Mapping | None):
        raise FieldError(f"{address}.environment", "not a Lambda environment block", "[{variables = {...}}]")
    env = {str(k): str(v) for k, v in (variables or {}).items()}
    for name, (low, high, whole) in ENV_RANGES.items():
        if env.get(name):
            plan_number(env[name], f"{address}.environment.variables.{name}", low, high, whole)
    return env


def inventory(resources: list[Mapping[str, Any]]) -> Inventory:
    functions, schedules, alarms, dashboards, keys, topics, tables = [], [], [], [], [], [], []
    emails = 0
    for r in resources:
        rtype, values, address = r.get("type"), r.get("values") or {}, str(r.get("address"))
        if rtype == "aws_lambda_function":
            functions.append(
                Function(
                    address,
                    str(r.get("module")),
                    plan_number(
                        values.get("memory_size") or 128,
                        f"{address}.memory_size",
                        *LAMBDA_MEMORY_MB,
                        whole=True,
                    ),
                    "arm64" in (values.get("architectures") or []),
                    _environment(values, address),
                    str(values.get("handler") or ""),
                )
            )
        elif rtype == "aws_scheduler_schedule" and values.get("state", "ENABLED") == "ENABLED":
            schedules.append((address, str(r.get("module")), str(values.get("schedule_expression") or "")))
        elif rtype == "aws_cloudwatch_metric_alarm":
            # A metric-query alarm has no top-level period: the provider leaves it null in a plan and
            # 0 in state (a plan of an applied stack), so both mean "unset", not a bad value.
            period = values.get("period")
            if type(period) is int and period == 0:
                period = None
            alarms.append(
                (
                    address,
                    period is not None and plan_number(period, f"{address}.period", 10, whole=True) < 60,
                )
            )
        elif rtype == "aws_cloudwatch_dashboard":
            dashboards.append(address)
        elif rtype == "aws_kms_key":
            keys.append(address)
        elif rtype == "aws_sns_topic":
            topics.append(address)
        elif rtype == "aws_sns_topic_subscription" and values.get("protocol") == "email":
            emails += 1
        elif rtype == "aws_dynamodb_table" and values.get("billing_mode") == "PAY_PER_REQUEST":
            tables.append(address)
    return Inventory(
        functions=tuple(functions),
        schedules=tuple(schedules),
        alarms=tuple(alarms),
        dashboards=tuple(dashboards),
        kms_keys=tuple(keys),
        sns_topics=tuple(topics),
        email_subscriptions=emails,
        dynamodb_on_demand=tuple(tables),
        appconfig_profiles=sum(
            1 for r in resources if r.get("type") == "aws_appconfig_configuration_profile"
        ),
        types=dict(Counter(str(r.get("type")) for r in resources)),
    )


# ------------------------------------------------------------------------------------------------
# schedules

_RATE = re.compile(r"^rate\(\s*([1-9]\d*)\s+(minute|minutes|hour|hours|day|days)\s*\)$")
_CRON = re.compile(r"^cron\((.+)\)$")
_PER_HOUR = {"minute": Decimal(60), "hour": Decimal(1), "day": Decimal(1) / 24}


def _field_count(text: str, low: int, high: int) -> int | None:
    """How many values a cron field takes: a number, a list, a range or */n; None when it is a wildcard."""
    if text in ("*", "?"):
        return None
    count = 0
    for part in text.split(","):
        step = 1
        if "/" in part:
            part, _, step_text = part.partition("/")
            step = int(step_text)
        if part in ("*", ""):
            first, last = low, high
        elif "-" in part:
            a, _, b = part.partition("-")
            first, last = int(a), int(b)
        else:
            first = last = int(part)
        if first < low or last > high:
            raise ValueError(f"{part} is outside {low}-{high}")
        count += len(range(first, last + 1, step))
    return count


def runs_per_month(expression: str) -> Decimal | None:
    """Runs a month (730 hours) of an EventBridge Scheduler expression; None when it cannot be counted
    (a one-time ``at(...)``, or a cron restricted by month, day of week or day of month)."""
    expression = expression.strip()
    m = _RATE.match(expression)
    if m:
        unit = m.group(2).rstrip("s")
        return _six(HOURS_PER_MONTH * _PER_HOUR[unit] / Decimal(m.group(1)))
    m = _CRON.match(expression)
    if not m:
        return None
    parts = m.group(1).split()
    if len(parts) != 6:
        return None
    minutes, hours, dom, month, dow, _year = parts
    try:
        if any(_field_count(f, 0, 0) is not None for f in (dom, month, dow)):
            return None
        per_hour = _field_count(minutes, 0, 59)
        per_day = _field_count(hours, 0, 23)
    except ValueError:
        return None
    per_hour = 60 if per_hour is None else per_hour
    per_day = 24 if per_day is None else per_day
    return _six(Decimal(per_hour * per_day) * HOURS_PER_MONTH / 24)


def _six(value: Decimal) -> Decimal:
    """Runs a month to six decimal places (730 hours is not a whole number of days)."""
    return value.quantize(Decimal("0.000001")).normalize()


# ------------------------------------------------------------------------------------------------
# the calculator


def lines(ctx: Any) -> list[Line]:
    """The "platform" dimension: what the plan's project resources cost a month."""
    inv: Inventory | None = ctx.deployment.platform
    if inv is None:
        ctx.note(
            "Project resources (Lambda, DynamoDB, AppConfig, alarms, dashboards, Scheduler, SNS, KMS) are "
            "priced from a plan only: a fleet file does not say what is deployed."
        )
        return []
    u = ctx.usage.platform
    out: list[Line] = []
    fleet_calls = [
        (f"tier {tier}", n, ctx.usage.sessions_per_agent_month * ctx.usage.llm.calls_per_session)
        for tier, n in sorted(Counter(a.tier for a in ctx.agents).items())
    ]
    requests = ctx.service_price("lambda", "requests_per_1m", Decimal(1_000_000), "requests")

    def gb_seconds(fn: Function):
        item = "duration_gb_second_arm64" if fn.arm64 else "duration_gb_second_x86"
        return ctx.service_price("lambda", item, Decimal(1), "GB-s")

    routers = [f for f in inv.functions if f.is_router]
    for fn in routers:
        name = fn.address
        for group, n, _ in fleet_calls:
            base = (
                Factor(Decimal(n), "agent" if n == 1 else "agents"),
                Factor(ctx.usage.sessions_per_agent_month, "sessions/agent"),
                Factor(ctx.usage.llm.calls_per_session, "calls/session"),
                Factor(u.router_invocations_per_call, "router invocations/call"),
            )
            out += [
                Line("platform", group, "tier router requests", base, "requests", requests, n, note=name),
                Line(
                    "platform",
                    group,
                    "tier router duration",
                    (
                        *base,
                        Factor(u.router_ms_per_invocation / 1000, "s/invocation"),
                        Factor(fn.memory_mb, "MB"),
                        Factor(MB_PER_GB_LAMBDA, "MB/GB", divide=True),
                    ),
                    "GB-s",
                    gb_seconds(fn),
                    n,
                    note=name,
                ),
            ]
        invocations = sum((Decimal(n) * calls for _, n, calls in fleet_calls), Decimal(0))
        invocations *= u.router_invocations_per_call
        ttl = Decimal(fn.env.get(ROUTER_ENV) or DEFAULT_TTL_SECONDS)
        # One read per agent per cache TTL in each warm environment, never more than one per invocation.
        cached = (
            Decimal(len(ctx.agents)) * u.router_warm_environments * SECONDS_PER_MONTH / ttl if ttl else None
        )
        reads = invocations if cached is None else min(invocations, cached)
        if inv.dynamodb_on_demand:
            label = (
                f"record reads ({num(len(ctx.agents))} agents {TIMES} {num(u.router_warm_environments)} "
                f"warm environments {TIMES} {num(SECONDS_PER_MONTH)} s {DIVIDE} {num(ttl)} s cache TTL, "
                "at most one per invocation)"
            )
            out.append(
                Line(
                    "platform",
                    "fleet",
                    "agent-config reads (DynamoDB on demand)",
                    (
                        Factor(reads, label),
                        Factor(RRU_PER_RECORD_READ, "read units/read (eventually consistent)"),
                    ),
                    "read units",
                    ctx.service_price(
                        "dynamodb", "read_request_units_per_1m", Decimal(1_000_000), "read units"
                    ),
                    len(ctx.agents),  # the agents' records: scales with agents and their calls
                )
            )
        sampling_ttl = fn.env.get(SAMPLING_ENV) or DEFAULT_TTL_SECONDS
        if inv.appconfig_profiles:  # the sampling document the router reads (modules/sampling-profiles)
            out += [
                Line(
                    "platform",
                    "fleet",
                    "AppConfig configuration requests",
                    (
                        Factor(u.router_warm_environments, "warm environments"),
                        Factor(SECONDS_PER_MONTH, "s a month"),
                        Factor(Decimal(sampling_ttl), "s sampling cache TTL", divide=True),
                    ),
                    "requests",
                    ctx.service_price("appconfig", "configuration_request", Decimal(1), "request"),
                ),
                Line(
                    "platform",
                    "fleet",
                    "AppConfig configurations received",
                    (
                        Factor(
                            u.router_environment_starts_per_month, "environment starts (one document each)"
                        ),
                    ),
                    "configurations",
                    ctx.service_price("appconfig", "configuration_received", Decimal(1), "configuration"),
                ),
            ]

    by_module = {fn.module: fn for fn in inv.functions}
    scheduled: set[str] = set()
    for address, module, expression in inv.schedules:
        runs = runs_per_month(expression)
        if runs is None:
            ctx.note(f"{address}: the schedule {expression!r} cannot be counted per month; not priced.")
            continue
        out.append(
            Line(
                "platform",
                "fleet",
                f"Scheduler invocations ({expression})",
                (Factor(runs, "runs a month"),),
                "invocations",
                ctx.service_price("scheduler", "invocations_per_1m", Decimal(1_000_000), "invocations"),
                note=address,
            )
        )
        found = by_module.get(module)
        if found is None or found.is_router:
            continue
        fn = found
        scheduled.add(fn.address)
        out += [
            Line(
                "platform",
                "fleet",
                f"{_short(fn.address)} requests",
                (Factor(runs, "runs"),),
                "requests",
                requests,
            ),
            Line(
                "platform",
                "fleet",
                f"{_short(fn.address)} duration",
                (
                    Factor(runs, "runs"),
                    Factor(u.scheduled_run_seconds, "s/run"),
                    Factor(fn.memory_mb, "MB"),
                    Factor(MB_PER_GB_LAMBDA, "MB/GB", divide=True),
                ),
                "GB-s",
                gb_seconds(fn),
            ),
        ]
    for fn in inv.functions:
        if not fn.is_router and fn.address not in scheduled:
            ctx.note(
                f"{fn.address}: neither the tier router nor scheduled, so its invocations are not priced."
            )

    standard = [a for a, high in inv.alarms if not high]
    high = [a for a, h in inv.alarms if h]
    if standard:
        out.append(_count_line(ctx, "CloudWatch alarms", len(standard), "alarm_standard_month", "alarms"))
    if high:
        out.append(
            _count_line(
                ctx, "CloudWatch alarms (high resolution)", len(high), "alarm_high_resolution_month", "alarms"
            )
        )
    if inv.dashboards:
        out.append(
            _count_line(ctx, "CloudWatch dashboards", len(inv.dashboards), "dashboard_month", "dashboards")
        )
    if inv.kms_keys:
        out.append(
            Line(
                "platform",
                "fleet",
                "KMS customer managed keys",
                (Factor(Decimal(len(inv.kms_keys)), "keys"),),
                "key-months",
                ctx.service_price("kms", "customer_managed_key_month", Decimal(1), "key-month"),
            )
        )
    if inv.sns_topics:
        notifications = Factor(u.notifications_per_month, "notifications a month")
        out.append(
            Line(
                "platform",
                "fleet",
                "SNS publishes",
                (notifications,),
                "publishes",
                ctx.service_price("sns", "publishes_per_1m", Decimal(1_000_000), "publishes"),
            )
        )
        if inv.email_subscriptions:
            out.append(
                Line(
                    "platform",
                    "fleet",
                    "SNS email notifications",
                    (notifications, Factor(Decimal(inv.email_subscriptions), "email subscriptions")),
                    "emails",
                    ctx.service_price("sns", "email_deliveries_per_100k", Decimal(100_000), "emails"),
                )
            )
    return [line for line in out if line.quantity != 0]


def _count_line(ctx: Any, item: str, count: int, price: str, unit: str) -> Line:
    return Line(
        "platform",
        "fleet",
        item,
        (Factor(Decimal(count), unit),),
        f"{unit[:-1]}-months",
        ctx.service_price("cloudwatch_monitoring", price, Decimal(1), f"{unit[:-1]}-month"),
    )


def _short(address: str) -> str:
    """``module.fleet.module.ltm_pruner[0].module.function.aws_lambda_function.this`` -> ``ltm_pruner``."""
    modules = re.findall(r"module\.([a-z0-9_]+)", address)
    named = [m for m in modules if m not in ("function", "fleet", "this")]
    return f"{(named or modules or ['function'])[-1]} Lambda"
