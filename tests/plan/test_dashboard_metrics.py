"""The cost dashboard and the guardrail alarms query exactly what the project emits.

One side: every Metrics Insights query planned by modules/cost-guardrails (in examples/complete) names a
service, a metric and a dimension set that one of the emitters declares: the tier router, the agent-side
guards, the log-retention auditor and the LTM pruner (their METRIC_NAMES, SERVICE and dimensions); and the
usage digest's RecommendedSavingUSD per agent, planned with the digest on (tests/plan/cases/root/usage_digest).
Other side: every emitter shows on the dashboard, and each emitter's own tests check that what it
emits is what its METRIC_NAMES declares (tests/unit/tier_router/test_handler.py, test_guards_*.py,
test_log_retention_auditor.py, test_ltm_pruner.py). The deployed dashboard is compared with these
queries in tests/e2e/test_complete_example.py.
"""

from __future__ import annotations

import re

import pytest

import log_retention_auditor.handler as auditor
import ltm_pruner.handler as pruner
import tier_router.handler as router
import usage_digest.digest as digest
from agentcore_finops import metrics
from agentcore_finops.guards import metrics as guards
from tests import harness

pytestmark = pytest.mark.terraform

PER_AGENT = frozenset({metrics.DIM_AGENT, metrics.DIM_TIER, metrics.DIM_SERVICE})
PER_RUN = frozenset({metrics.DIM_SERVICE})
EMITTERS = {
    router.SERVICE: (frozenset(router.METRIC_NAMES), PER_AGENT),
    guards.SERVICE: (frozenset(guards.METRIC_NAMES), PER_AGENT),
    auditor.SERVICE: (frozenset(auditor.METRIC_NAMES), PER_RUN),
    pruner.SERVICE: (frozenset(pruner.METRIC_NAMES), PER_RUN),
}
# Shown only with create_usage_digest (the widget reads what the digest puts each week).
DIGEST = {
    digest.SERVICE: (frozenset({digest.METRIC_NAME}), frozenset({metrics.DIM_AGENT, metrics.DIM_SERVICE}))
}
DIGEST_CASE = harness.REPO_ROOT / "tests/plan/cases/root/usage_digest.tfvars"
QUERY = re.compile(
    r"^SELECT (?P<stat>SUM|AVG|MAX|MIN|COUNT)\((?P<metric>\w+)\) "
    r'FROM SCHEMA\("(?P<namespace>[^"]+)", (?P<dims>[^)]*)\) '
    r"WHERE service = '(?P<service>[^']+)'"
    r"(?: GROUP BY (?P<group>\w+)(?: ORDER BY \w+\(\) (?:ASC|DESC) LIMIT \d+)?)?$"
)


def parse(query: str) -> dict[str, object]:
    m = QUERY.match(query)
    assert m, f"not a query this test understands (extend QUERY deliberately): {query}"
    d = m.groupdict()
    d["dims"] = frozenset(x.strip() for x in d["dims"].split(","))
    return d


@pytest.fixture(scope="module")
def queries(example_plan) -> list[str]:
    outputs = example_plan("examples/complete").outputs
    found = outputs["cost_guardrails"]["dashboard_queries"]
    assert len(found) >= 20
    return found


def _problems(queries: list[str], emitters: dict) -> list[str]:
    problems = []
    for q in queries:
        d = parse(q)
        if d["namespace"] != metrics.NAMESPACE:
            problems.append(f"namespace {d['namespace']} (emitters use {metrics.NAMESPACE}): {q}")
            continue
        if d["service"] not in emitters:
            problems.append(f"no emitter has service {d['service']!r}: {q}")
            continue
        names, dims = emitters[d["service"]]
        if d["metric"] not in names:
            problems.append(f"{d['service']} does not emit {d['metric']} (it declares {sorted(names)}): {q}")
        if d["dims"] != dims:
            problems.append(
                f"{d['service']} emits with dimensions {sorted(dims)}, the query reads {sorted(d['dims'])}"
            )
        if d["group"] and d["group"] not in dims:
            problems.append(f"GROUP BY {d['group']} is not a dimension of {d['service']}: {q}")
    return problems


def test_every_query_names_a_metric_an_emitter_declares(queries):
    problems = _problems(queries, EMITTERS)
    assert not problems, "\n".join(problems)


def test_with_the_usage_digest_the_widget_reads_the_metric_the_digest_puts(tmp_path, queries):
    summary = harness.plan(".", tmp_path, var_files=[DIGEST_CASE])
    with_digest = summary.outputs["cost_guardrails"]["dashboard_queries"]
    added = [q for q in with_digest if parse(q)["service"] == digest.SERVICE]
    assert len(added) == 1 and parse(added[0])["metric"] == "RecommendedSavingUSD"
    assert parse(added[0])["group"] == metrics.DIM_AGENT
    problems = _problems(with_digest, {**EMITTERS, **DIGEST})
    assert not problems, "\n".join(problems)
    assert not [q for q in queries if parse(q)["service"] == digest.SERVICE], "off by default"


def test_every_emitter_is_on_the_dashboard(queries):
    shown = {parse(q)["service"] for q in queries}
    assert shown == set(EMITTERS)


def test_the_cost_and_storm_alarms_read_the_router_and_the_guards(queries):
    metrics_shown = {(parse(q)["service"], parse(q)["metric"]) for q in queries}
    assert {
        (router.SERVICE, "CostUSD"),
        (guards.SERVICE, "StepBudgetExhausted"),
        (guards.SERVICE, "LtmRecordsWritten"),
    } <= metrics_shown


def test_the_checker_rejects_a_renamed_metric():
    bad = "SELECT SUM(CostUsd) FROM SCHEMA(\"AgentCoreFinOps\", AgentId, Tier, service) WHERE service = 'tier-router'"
    d = parse(bad)
    assert d["metric"] not in EMITTERS[d["service"]][0]
