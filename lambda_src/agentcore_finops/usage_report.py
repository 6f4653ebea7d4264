"""What the fleet actually did: per agent, tier and day, from the metrics the router and the guards
publish, the agent-config table and the agents' log groups. Read-only; the CLI's ``usage`` command.

Sources (all in the caller's account and region):

- CloudWatch ``ListMetrics`` + ``GetMetricData`` in the project namespace (``metrics.NAMESPACE``):
  the series the router and the guards emit with ``AgentId`` and ``Tier`` dimensions, summed per day;
  p50/p99 of ``ToolCalls`` (per agent invocation) and of ``OutputTokens`` (per model call) over the
  window. Queries go out in batches of 500 and every page (``NextToken``) is read.
- DynamoDB ``Scan`` of the agent-config table: each agent's configured tier, models, max_tokens,
  step_budget, ltm_enabled and trace_sample_rate (what ``recommend`` compares the figures with).
- CloudWatch Logs ``DescribeLogGroups``: stored bytes of the log groups whose name contains an
  agent's id (optional, with a name prefix).

Every AWS call goes through clients with adaptive retries (``aws.client``): throttling and 5xx are
retried; what still fails (AccessDenied among them) raises ``UsageReadError`` naming the call and the
IAM action it needs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from . import metrics as acf_metrics
from .config_store import decode_item
from .errors import FieldError

DAY = 86400
MAX_QUERIES_PER_CALL = 500  # GetMetricData's limit on MetricDataQueries
MAX_WINDOW_DAYS = 455  # how long CloudWatch keeps daily (1-hour) data points
MONTH_DAYS = Decimal(730) / Decimal(24)  # the estimator's 730-hour month, to scale a window's figures

# Metrics read as daily sums, with the emitter that publishes them.
SUM_METRICS: tuple[str, ...] = (
    # tier router (lambda_src/tier_router/handler.py METRIC_NAMES)
    "Decisions",
    "Escalations",
    "ModelCalls",
    "InputTokens",
    "OutputTokens",
    "CacheReadInputTokens",
    "CacheWriteInputTokens",
    "CostUSD",
    "ModelThrottles",
    # guards (lambda_src/agentcore_finops/guards/metrics.py METRIC_NAMES)
    "ToolCalls",
    "StepBudgetExhausted",
    "MemoryEventsWritten",
    "LtmRecordsWritten",
    "LtmRetrievals",
    "RuntimeSessionsStopped",
)
# Metrics whose distribution a recommendation needs: (metric, statistic) read over the whole window.
PERCENTILES: tuple[tuple[str, str], ...] = (
    ("ToolCalls", "p50"),
    ("ToolCalls", "p99"),
    ("ToolCalls", "SampleCount"),  # agent invocations that reported their tool calls
    ("OutputTokens", "p50"),
    ("OutputTokens", "p99"),
)

# The IAM actions each source needs (the read-only policy in modules/usage-reader grants them).
ACTIONS = {
    "list_metrics": "cloudwatch:ListMetrics",
    "get_metric_data": "cloudwatch:GetMetricData",
    "scan": "dynamodb:Scan",
    "describe_log_groups": "logs:DescribeLogGroups",
}


class UsageReadError(Exception):
    """An AWS read failed after the client's retries; the message names the call and the IAM action."""

    def __init__(self, call: str, exc: Exception):
        code = exc.response.get("Error", {}).get("Code", "") if isinstance(exc, ClientError) else ""
        denied = code in ("AccessDenied", "AccessDeniedException", "UnauthorizedOperation")
        if denied:
            message = f"{call}: access denied; the role needs {ACTIONS[call]} (see docs/usage.md, IAM)"
        else:
            message = f"{call} failed: {exc}"
        self.call = call
        self.denied = denied
        super().__init__(message)


class EmptyWindow(Exception):
    """No metric with AgentId and Tier in the window: nothing to report or recommend."""


@dataclass(frozen=True)
class Window:
    start: dt.datetime  # inclusive, 00:00 UTC
    end: dt.datetime  # exclusive, 00:00 UTC

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @classmethod
    def parse(
        cls,
        days: Any = None,
        start: str | None = None,
        end: str | None = None,
        now: dt.datetime | None = None,
    ) -> Window:
        """Whole UTC days: ``--start``/``--end`` dates (end exclusive), or the ``days`` before today."""
        today = (now or dt.datetime.now(dt.UTC)).replace(hour=0, minute=0, second=0, microsecond=0)

        def date(option: str, text: str) -> dt.datetime:
            try:
                return dt.datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=dt.UTC)
            except (TypeError, ValueError):
                raise FieldError(option, f"invalid date {text!r}", "YYYY-MM-DD (UTC)") from None

        if start is not None or end is not None:
            if days is not None:
                raise FieldError("--days", "give either --days or --start/--end, not both")
            if start is None:
                raise FieldError("--start", "required with --end", "YYYY-MM-DD (UTC)")
            first = date("--start", start)
            last = date("--end", end) if end is not None else today
        else:
            n = 7 if days is None else days
            if isinstance(n, str):
                n = int(n) if n.isdigit() else -1
            if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_WINDOW_DAYS:
                raise FieldError(
                    "--days", f"invalid value {days!r}", f"a whole number from 1 to {MAX_WINDOW_DAYS}"
                )
            first, last = today - dt.timedelta(days=n), today
        if last <= first:
            raise FieldError("--end", f"{last.date()} is not after --start {first.date()}", "a later date")
        if (last - first).days > MAX_WINDOW_DAYS:
            raise FieldError(
                "--start", f"window of {(last - first).days} days", f"at most {MAX_WINDOW_DAYS} days"
            )
        if last > today + dt.timedelta(days=1):
            raise FieldError("--end", f"{last.date()} is in the future", "a date up to tomorrow")
        return cls(first, last)


@dataclass
class AgentUsage:
    """One agent on one tier over the window: daily sums, window totals, percentiles, its config."""

    agent_id: str
    tier: str
    daily: dict[str, dict[str, float]] = field(default_factory=dict)  # day -> metric -> sum
    percentiles: dict[str, float] = field(default_factory=dict)  # "ToolCalls.p99" -> value
    config: dict[str, Any] | None = None  # the agent-config record, None if not in the table
    log_stored_bytes: int = 0

    def total(self, metric: str) -> float:
        return sum(day.get(metric, 0.0) for day in self.daily.values())

    @property
    def model_id(self) -> str | None:
        return (self.config or {}).get("model_id")

    @property
    def model_calls(self) -> float:
        return self.total("ModelCalls")

    @property
    def invocations(self) -> float:
        return self.percentiles.get("ToolCalls.SampleCount", 0.0)

    def ratio(self, numerator: float, denominator: float) -> float | None:
        return numerator / denominator if denominator else None

    @property
    def cache_hit_ratio(self) -> float | None:
        cached = self.total("CacheReadInputTokens")
        return self.ratio(cached, cached + self.total("InputTokens") + self.total("CacheWriteInputTokens"))

    @property
    def escalation_rate(self) -> float | None:
        return self.ratio(self.total("Escalations"), self.total("Decisions"))

    @property
    def cost_usd(self) -> Decimal:
        return Decimal(str(round(self.total("CostUSD"), 6)))


@dataclass
class UsageReport:
    window: Window
    region: str | None
    table: str | None
    agents: list[AgentUsage]
    unread_agents: list[str]  # in the config table, but no metric in the window

    @property
    def empty(self) -> bool:
        return not any(a.daily for a in self.agents)


def _call(name: str, fn: Callable[..., Any], **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except (ClientError, BotoCoreError) as exc:
        raise UsageReadError(name, exc) from exc


def _pages(client: Any, op: str, key: str, **kwargs: Any) -> Iterable[Any]:
    token_in, token_out = (
        ("ExclusiveStartKey", "LastEvaluatedKey") if op == "scan" else ("NextToken", "NextToken")
    )
    while True:
        page = _call(op, getattr(client, op), **kwargs)
        yield from page.get(key, [])
        token = page.get(token_out)
        if not token:
            return
        kwargs[token_in] = token


def read_config(dynamodb: Any, table: str) -> dict[str, dict[str, Any]]:
    """Every agent record of the config table, by agent id."""
    records = {}
    for item in _pages(dynamodb, "scan", "Items", TableName=table):
        record = decode_item(item)
        records[str(record.get("agent_id"))] = record
    return records


def list_series(cloudwatch: Any, namespace: str = acf_metrics.NAMESPACE) -> list[dict[str, Any]]:
    """The project's metric series that carry AgentId and Tier and that the report reads."""
    wanted = set(SUM_METRICS)
    series: dict[tuple, dict[str, Any]] = {}  # one query per series, however often a page repeats it
    for metric in _pages(cloudwatch, "list_metrics", "Metrics", Namespace=namespace):
        dims = tuple(sorted((d["Name"], d["Value"]) for d in metric.get("Dimensions", [])))
        names = {name for name, _ in dims}
        if metric["MetricName"] in wanted and {acf_metrics.DIM_AGENT, acf_metrics.DIM_TIER} <= names:
            series.setdefault((metric["MetricName"], dims), metric)
    return list(series.values())


def _dim(metric: Mapping[str, Any], name: str) -> str:
    return next(d["Value"] for d in metric["Dimensions"] if d["Name"] == name)


def _queries(series: list[dict[str, Any]], window: Window) -> list[tuple[dict[str, Any], tuple]]:
    """(query, (agent, tier, metric, stat)) for every daily sum and every window percentile."""
    out: list[tuple[dict[str, Any], tuple]] = []
    whole = window.days * DAY
    for metric in series:
        key = (_dim(metric, acf_metrics.DIM_AGENT), _dim(metric, acf_metrics.DIM_TIER), metric["MetricName"])
        stat_specs = [("Sum", DAY)] + [(s, whole) for m, s in PERCENTILES if m == metric["MetricName"]]
        for stat, period in stat_specs:
            query = {
                "Id": f"q{len(out)}",
                "MetricStat": {
                    "Metric": {
                        "Namespace": metric.get("Namespace", acf_metrics.NAMESPACE),
                        "MetricName": metric["MetricName"],
                        "Dimensions": metric["Dimensions"],
                    },
                    "Period": period,
                    "Stat": stat,
                },
                "ReturnData": True,
            }
            out.append((query, (*key, stat)))
    return out


def read_metrics(
    cloudwatch: Any,
    series: list[dict[str, Any]],
    window: Window,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[tuple[str, str], AgentUsage]:
    queries = _queries(series, window)
    usage: dict[tuple[str, str], AgentUsage] = {}
    batches = [queries[i : i + MAX_QUERIES_PER_CALL] for i in range(0, len(queries), MAX_QUERIES_PER_CALL)]
    for n, batch in enumerate(batches, 1):
        progress(f"reading metrics: batch {n}/{len(batches)} ({len(batch)} queries)")
        keys = {query["Id"]: key for query, key in batch}
        results = _pages(
            cloudwatch,
            "get_metric_data",
            "MetricDataResults",
            MetricDataQueries=[query for query, _ in batch],
            StartTime=window.start,
            EndTime=window.end,
            ScanBy="TimestampAscending",
        )
        for result in results:
            key = keys.get(result.get("Id"))
            status = result.get("StatusCode", "Complete")
            if key is None or status not in ("Complete", "PartialData"):
                # A query the service failed (or an answer to none asked): its figures would read as
                # zero, and a zero Escalations sum beside a full Decisions sum recommends a lower tier.
                what = "an unknown query" if key is None else "{2} {3} of {0} (tier {1})".format(*key)
                messages = "; ".join(str(m.get("Value", m)) for m in result.get("Messages") or [])
                raise UsageReadError(
                    "get_metric_data",
                    RuntimeError(
                        f"{what} {result.get('Id')!r}: status {status}{f' ({messages})' if messages else ''}"
                    ),
                )
            agent, tier, metric, stat = key
            entry = usage.setdefault((agent, tier), AgentUsage(agent, tier))
            for stamp, value in zip(result.get("Timestamps", []), result.get("Values", []), strict=False):
                if value is None:  # a statistic the service could not compute for this period
                    continue
                if stat == "Sum":
                    day = stamp.astimezone(dt.UTC).date().isoformat()
                    sums = entry.daily.setdefault(day, {})
                    sums[metric] = sums.get(metric, 0.0) + float(value)
                else:
                    entry.percentiles[f"{metric}.{stat}"] = float(value)
    return usage


def read_log_bytes(logs: Any, prefix: str) -> dict[str, int]:
    """Stored bytes of every log group whose name starts with ``prefix``."""
    return {
        group["logGroupName"]: int(group.get("storedBytes", 0))
        for group in _pages(logs, "describe_log_groups", "logGroups", logGroupNamePrefix=prefix)
    }


def collect(
    window: Window,
    *,
    cloudwatch: Any,
    dynamodb: Any = None,
    table: str | None = None,
    logs: Any = None,
    log_group_prefix: str | None = None,
    region: str | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> UsageReport:
    """Read every source and join them per agent and tier."""
    config: dict[str, dict[str, Any]] = {}
    if table:
        progress(f"reading agent config: {table}")
        config = read_config(dynamodb, table)
    progress(f"listing metrics in {acf_metrics.NAMESPACE}")
    series = list_series(cloudwatch)
    usage = read_metrics(cloudwatch, series, window, progress)
    log_bytes: dict[str, int] = {}
    if log_group_prefix:
        progress(f"reading log groups under {log_group_prefix}")
        log_bytes = read_log_bytes(logs, log_group_prefix)
    ids = {agent for agent, _ in usage} | set(config)
    by_agent: dict[str, int] = {}
    for name, size in log_bytes.items():
        agent = owner(name, ids)
        if agent is not None:
            by_agent[agent] = by_agent.get(agent, 0) + size
    for entry in usage.values():
        entry.config = config.get(entry.agent_id)
    # An agent seen on two tiers in the window: its log bytes go once, to its configured tier (or the
    # lowest-numbered tier seen when the table does not list it).
    holder: dict[str, AgentUsage] = {}
    for entry in sorted(usage.values(), key=lambda e: e.tier):
        current = str((entry.config or {}).get("tier", ""))
        if entry.agent_id not in holder or entry.tier == current:
            holder[entry.agent_id] = entry
    for agent, entry in holder.items():
        entry.log_stored_bytes = by_agent.get(agent, 0)
    seen = {agent for agent, _ in usage}
    agents = sorted(usage.values(), key=lambda a: (a.agent_id, a.tier))
    return UsageReport(window, region, table, agents, sorted(set(config) - seen))


def owner(group: str, agent_ids: Iterable[str]) -> str | None:
    """The agent a log group belongs to: the longest agent id that is a whole segment of its name
    (segments split on ``/``, ``_`` and ``-`` boundaries), or None."""
    matches = [a for a in agent_ids if re.search(rf"(^|[/_-]){re.escape(a)}($|[/_-])", group)]
    return max(matches, key=len) if matches else None


# ------------------------------------------------------------------------------------------------
# output

COLUMNS: tuple[tuple[str, str], ...] = (  # (key, heading) of the per-day and per-agent rows
    ("agent_id", "agent"),
    ("tier", "tier"),
    ("model_id", "model"),
    ("model_calls", "calls"),
    ("input_tokens", "input tok"),
    ("output_tokens", "output tok"),
    ("cache_hit_ratio", "cache hit"),
    ("escalation_rate", "escalated"),
    ("tool_calls", "tool calls"),
    ("step_budget_exhausted", "budget hit"),
    ("memory_events", "mem events"),
    ("ltm_records", "LTM recs"),
    ("ltm_retrievals", "LTM reads"),
    ("cost_usd", "cost USD"),
)


def _figures(entry: AgentUsage, sums: Mapping[str, float]) -> dict[str, Any]:
    def ratio(n: float, d: float) -> float | None:
        return round(n / d, 4) if d else None

    cached = sums.get("CacheReadInputTokens", 0.0)
    uncached = sums.get("InputTokens", 0.0) + sums.get("CacheWriteInputTokens", 0.0)
    return {
        "agent_id": entry.agent_id,
        "tier": entry.tier,
        "model_id": entry.model_id,
        "model_calls": int(sums.get("ModelCalls", 0)),
        "decisions": int(sums.get("Decisions", 0)),
        "input_tokens": int(sums.get("InputTokens", 0)),
        "output_tokens": int(sums.get("OutputTokens", 0)),
        "cache_read_tokens": int(cached),
        "cache_write_tokens": int(sums.get("CacheWriteInputTokens", 0)),
        "cache_hit_ratio": ratio(cached, cached + uncached),
        "escalations": int(sums.get("Escalations", 0)),
        "escalation_rate": ratio(sums.get("Escalations", 0.0), sums.get("Decisions", 0.0)),
        "model_throttles": int(sums.get("ModelThrottles", 0)),
        "tool_calls": int(sums.get("ToolCalls", 0)),
        "step_budget_exhausted": int(sums.get("StepBudgetExhausted", 0)),
        "memory_events": int(sums.get("MemoryEventsWritten", 0)),
        "ltm_records": int(sums.get("LtmRecordsWritten", 0)),
        "ltm_retrievals": int(sums.get("LtmRetrievals", 0)),
        "sessions_stopped": int(sums.get("RuntimeSessionsStopped", 0)),
        "cost_usd": round(sums.get("CostUSD", 0.0), 6),
    }


def _totals(entry: AgentUsage) -> dict[str, float]:
    return {m: entry.total(m) for m in SUM_METRICS}


def to_dict(report: UsageReport) -> dict[str, Any]:
    """The JSON document of ``usage --format json``: per agent/tier totals, per day rows, the fleet."""
    agents = []
    for entry in report.agents:
        row = _figures(entry, _totals(entry))
        row["invocations"] = int(entry.invocations)
        row["tool_calls_p50"] = entry.percentiles.get("ToolCalls.p50")
        row["tool_calls_p99"] = entry.percentiles.get("ToolCalls.p99")
        row["output_tokens_p50"] = entry.percentiles.get("OutputTokens.p50")
        row["output_tokens_p99"] = entry.percentiles.get("OutputTokens.p99")
        row["log_stored_bytes"] = entry.log_stored_bytes
        row["config"] = entry.config
        row["days"] = [{"day": day, **_figures(entry, entry.daily[day])} for day in sorted(entry.daily)]
        agents.append(row)
    fleet: dict[str, float] = {}
    for entry in report.agents:
        for metric, value in _totals(entry).items():
            fleet[metric] = fleet.get(metric, 0.0) + value
    return {
        "window": {
            "start": report.window.start.date().isoformat(),
            "end": report.window.end.date().isoformat(),
            "days": report.window.days,
        },
        "region": report.region,
        "config_table": report.table,
        "namespace": acf_metrics.NAMESPACE,
        "agents": agents,
        "agents_without_metrics": report.unread_agents,
        "fleet": {
            k: v
            for k, v in _figures(AgentUsage("*", "*"), fleet).items()
            if k not in ("agent_id", "tier", "model_id")
        },
    }


def _cell(key: str, value: Any) -> str:
    if value is None:
        return "-"
    if key in ("cache_hit_ratio", "escalation_rate"):
        return f"{value:.1%}"
    if key == "cost_usd":
        return f"{value:,.4f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def empty_message(report: UsageReport) -> str:
    return (
        f"no metrics in {acf_metrics.NAMESPACE} with AgentId and Tier between {report.window.start.date()} and "
        f"{report.window.end.date()} (exclusive) in {report.region or 'the default region'}: check the region, "
        "the window (ListMetrics only lists series with data in the last two weeks) and that the router "
        "and the guards publish metrics"
    )


def render(report: UsageReport, fmt: str, *, daily: bool = False) -> str:
    import json

    data = to_dict(report)
    if fmt == "json":
        return json.dumps(data, indent=2, sort_keys=False) + "\n"
    rows = []
    for agent in data["agents"]:
        rows.append(
            [_cell(k, agent[k]) for k, _ in COLUMNS]
            + [
                _cell("x", agent["tool_calls_p99"]),
                _cell("x", agent["output_tokens_p99"]),
                _cell("x", agent["log_stored_bytes"]),
            ]
        )
        if daily:
            for day in agent["days"]:
                rows.append([f"  {day['day']}"] + [_cell(k, day[k]) for k, _ in COLUMNS[1:]] + ["", "", ""])
    headings = [
        "agent" if not daily else "agent / day",
        *(h for _, h in COLUMNS[1:]),
        "tools p99",
        "output p99",
        "log bytes",
    ]
    window = data["window"]
    title = f"Usage {window['start']} to {window['end']} (exclusive, {window['days']} days), namespace {data['namespace']}"
    fleet = data["fleet"]
    footer = (
        f"fleet: {fleet['model_calls']:,} model calls, {fleet['input_tokens']:,} input and {fleet['output_tokens']:,} "
        f"output tokens, cost {fleet['cost_usd']:,.4f} USD at catalogue prices"
    )
    missing = data["agents_without_metrics"]
    notes = [f"agents in the config table without metrics: {', '.join(missing)}"] if missing else []
    if report.empty:
        notes.insert(0, empty_message(report))
    if fmt == "markdown":
        lines = [f"### {title}", "", "| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join([*lines, "", footer, *("" + n for n in notes)]) + "\n"
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headings)]

    def fmt_row(r: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )

    lines = [title, "", fmt_row(headings), *(fmt_row(r) for r in rows), "", footer, *notes]
    return "\n".join(lines) + "\n"
