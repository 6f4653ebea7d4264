"""The weekly usage digest: the last ``window_days`` of usage read as ``agentcore-finops usage`` reads
it, the ``recommend`` rules run on it, each agent's cost against the window before it; the top savings
and drifts as a short text for the guardrails topic, and each agent's recommended saving as the
``RecommendedSavingUSD`` metric (``AgentId``, ``service``) for the dashboard.

Every AWS call has one outcome when it fails after the clients' retries (throttling and 5xx are
retried; denial is not): the step goes into ``Digest.errors`` with the error, the rest still runs
where it can, and the digest names what is missing.

- agent config (``dynamodb:Scan``): the usage is read without it; recommend skips every agent
  ("not in the config table"), so no saving is claimed.
- metrics of the window (``cloudwatch:ListMetrics``/``GetMetricData``): no figures, no saving, no
  metric; the digest says so.
- metrics of the previous window: no drifts.
- ``cloudwatch:PutMetricData``: the digest is still published, naming the failure.
- ``sns:Publish``: the digest is in the function's log and return value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from agentcore_finops import metrics as acf_metrics
from agentcore_finops import recommend, usage_report
from agentcore_finops.aws import AWS_ERRORS, error_of
from agentcore_finops.pricing import Catalogue
from agentcore_finops.usage_report import UsageReadError, UsageReport, Window

from .contract import Digest, DigestSettings, Drift, Saving

SERVICE = "usage-digest"
METRIC_NAME = "RecommendedSavingUSD"  # per agent: dimensions AgentId and service
METRIC_BATCH = 20  # data points per PutMetricData call (the API's long-standing per-call limit)
SUBJECT_LIMIT = 100  # SNS subject


def windows(days: int, now: dt.datetime) -> tuple[Window, Window]:
    """The window (``days`` whole UTC days before today) and the one of the same length before it."""
    window = Window.parse(days=days, now=now)
    return window, Window(window.start - (window.end - window.start), window.start)


def _failed(digest: Digest, step: str, exc: Exception) -> None:
    if isinstance(exc, UsageReadError):  # names the call (and the IAM action when denied)
        cause = exc.__cause__
        text = f"{error_of(cause)[0]}: {exc}" if isinstance(cause, Exception) else str(exc)
    else:
        code, message = error_of(exc)
        text = f"{code}: {message}".strip(": ")
    digest.errors.append({"step": step, "error": text})


def read_usage(
    settings: DigestSettings, window: Window, digest: Digest, *, cloudwatch: Any, dynamodb: Any
) -> UsageReport | None:
    """The window's usage with each agent's config; without the config when the table cannot be read;
    None when the metrics cannot be read."""
    try:
        return usage_report.collect(
            window, cloudwatch=cloudwatch, dynamodb=dynamodb, table=settings.config_table_name
        )
    except UsageReadError as exc:
        if exc.call != "scan":
            _failed(digest, "read the window's metrics", exc)
            return None
        _failed(digest, f"read the agent config table {settings.config_table_name}", exc)
    try:
        return usage_report.collect(window, cloudwatch=cloudwatch)
    except UsageReadError as exc:
        _failed(digest, "read the window's metrics", exc)
        return None


def _costs(usage: Mapping[Any, usage_report.AgentUsage]) -> dict[str, float]:
    out: dict[str, float] = {}
    for entry in usage.values():
        out[entry.agent_id] = out.get(entry.agent_id, 0.0) + entry.total("CostUSD")
    return out


def drifts(
    report: UsageReport, previous: Window, digest: Digest, *, cloudwatch: Any, top_k: int
) -> list[Drift]:
    """Each agent's cost against the previous window, largest absolute change first (top ``top_k``)."""
    try:
        series = [s for s in usage_report.list_series(cloudwatch) if s["MetricName"] == "CostUSD"]
        before = _costs(usage_report.read_metrics(cloudwatch, series, previous))
    except UsageReadError as exc:
        _failed(digest, "read the previous window's metrics (drifts)", exc)
        return []
    now = _costs({(a.agent_id, a.tier): a for a in report.agents})
    rows = [
        Drift(agent, round(now.get(agent, 0.0), 6), round(before.get(agent, 0.0), 6))
        for agent in sorted(set(now) | set(before))
    ]
    rows = [d for d in rows if d.change_usd]
    rows.sort(key=lambda d: (-abs(d.change_usd), d.agent_id))
    return rows[:top_k]


def savings_by_agent(report: UsageReport, recs: list[recommend.Recommendation]) -> dict[str, float]:
    """Every measured agent's recommended monthly saving (0 when nothing is recommended)."""
    out = {a.agent_id: Decimal(0) for a in report.agents}
    for rec in recs:
        out[rec.agent_id] = out.get(rec.agent_id, Decimal(0)) + rec.monthly_saving_usd
    return {agent: float(value) for agent, value in sorted(out.items())}


def put_savings(cloudwatch: Any, values: Mapping[str, float], timestamp: dt.datetime) -> None:
    data = [
        {
            "MetricName": METRIC_NAME,
            "Dimensions": [
                {"Name": acf_metrics.DIM_AGENT, "Value": agent},
                {"Name": acf_metrics.DIM_SERVICE, "Value": SERVICE},
            ],
            "Timestamp": timestamp,
            "Value": value,
            "Unit": "None",
        }
        for agent, value in values.items()
    ]
    for i in range(0, len(data), METRIC_BATCH):
        cloudwatch.put_metric_data(Namespace=acf_metrics.NAMESPACE, MetricData=data[i : i + METRIC_BATCH])


def build(
    settings: DigestSettings,
    catalogue: Catalogue,
    *,
    cloudwatch: Any,
    dynamodb: Any,
    now: dt.datetime,
) -> tuple[Digest, dict[str, float]]:
    """The digest and each agent's recommended saving (the metric's values)."""
    window, previous = windows(settings.window_days, now)
    digest = Digest(window.start.date().isoformat(), window.end.date().isoformat(), window.days)
    report = read_usage(settings, window, digest, cloudwatch=cloudwatch, dynamodb=dynamodb)
    if report is None:
        return digest, {}
    digest.agents = len({a.agent_id for a in report.agents})
    digest.cost_usd = round(sum(float(a.cost_usd) for a in report.agents), 2)
    thresholds = recommend.Thresholds(min_calls=settings.min_calls, lowest_tier=settings.lowest_tier)
    recs, skipped = recommend.recommend(report, catalogue, thresholds, settings.tiers)
    digest.recommendations = len(recs)
    digest.skipped = skipped
    digest.monthly_saving_usd = float(sum((r.monthly_saving_usd for r in recs), Decimal(0)))
    digest.patch_monthly_saving_usd = float(
        sum((r.monthly_saving_usd for r in recs if not r.advisory), Decimal(0))
    )
    digest.savings = [
        Saving(
            r.agent_id,
            r.rule,
            f"{r.field} {r.current} -> {r.proposed}",
            float(r.monthly_saving_usd),
            r.confidence,
            r.advisory,
            r.evidence,
        )
        for r in recs
        if r.monthly_saving_usd > 0
    ][: settings.top_k]
    digest.drifts = drifts(report, previous, digest, cloudwatch=cloudwatch, top_k=settings.top_k)
    return digest, savings_by_agent(report, recs)


# -- the message ----------------------------------------------------------------------------------------


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def subject(digest: Digest) -> str:
    text = (
        f"AgentCore FinOps digest ({_days(digest.window_days)}): "
        f"{digest.monthly_saving_usd:,.2f} USD/month to save"
    )
    if digest.errors:
        text = f"{text}, {len(digest.errors)} read(s) failed"
    return text[:SUBJECT_LIMIT]


def _percent(ratio: float | None) -> str:
    return "new" if ratio is None else f"{ratio:+.0%}"


def render(digest: Digest, table: str) -> str:
    """The digest as the text the topic's subscribers read."""
    lines = [
        f"AgentCore FinOps usage digest, {digest.window_start} to {digest.window_end} "
        f"(exclusive, {_days(digest.window_days)})",
        "",
        f"Measured cost: {digest.cost_usd:,.2f} USD across {digest.agents} agent(s).",
        f"Recommended saving: {digest.monthly_saving_usd:,.2f} USD a month "
        f"({digest.patch_monthly_saving_usd:,.2f} in the agents patch), "
        f"{digest.recommendations} recommendation(s).",
        "",
        "Top savings:",
    ]
    if not digest.savings:
        lines.append("  none: no agent with enough calls crosses a rule's threshold")
    for n, s in enumerate(digest.savings, 1):
        evidence = ", ".join(f"{k}={v}" for k, v in s.evidence.items())
        note = ", advisory" if s.advisory else ""
        lines.append(
            f"  {n}. {s.agent_id}: {s.change} ({s.rule}, {s.confidence}{note}): "
            f"{s.monthly_saving_usd:,.2f} USD/month; evidence: {evidence}"
        )
    lines += ["", f"Largest cost drifts against the {_days(digest.window_days)} before:"]
    if not digest.drifts:
        lines.append("  none")
    for n, d in enumerate(digest.drifts, 1):
        lines.append(
            f"  {n}. {d.agent_id}: {d.cost_usd:,.2f} USD, was {d.previous_cost_usd:,.2f} "
            f"({d.change_usd:+,.2f} USD, {_percent(d.change_ratio)})"
        )
    if digest.errors:
        lines += ["", "Not read or not sent (the digest is incomplete):"]
        lines += [f"  - {e['step']}: {e['error']}" for e in digest.errors]
    lines += [
        "",
        "Details and the patch: agentcore-finops recommend "
        f"--days {digest.window_days} --table {table} (docs/usage.md)",
    ]
    return "\n".join(lines) + "\n"


def publish(sns: Any, topic_arn: str, digest: Digest, table: str) -> None:
    sns.publish(TopicArn=topic_arn, Subject=subject(digest), Message=render(digest, table))


def run(
    settings: DigestSettings,
    catalogue: Catalogue,
    *,
    cloudwatch: Any,
    dynamodb: Any,
    sns: Any,
    now: dt.datetime,
) -> Digest:
    """Build the digest, put the metric and publish; every failure is in ``Digest.errors``."""
    digest, values = build(settings, catalogue, cloudwatch=cloudwatch, dynamodb=dynamodb, now=now)
    if not settings.publish:
        return digest
    if values:
        try:
            put_savings(cloudwatch, values, now)
            digest.metric_agents = len(values)
        except AWS_ERRORS as exc:
            _failed(digest, f"put {METRIC_NAME}", exc)
    try:
        publish(sns, settings.sns_topic_arn, digest, settings.config_table_name)
        digest.published = True
    except AWS_ERRORS as exc:
        _failed(digest, f"publish to {settings.sns_topic_arn}", exc)
    return digest
