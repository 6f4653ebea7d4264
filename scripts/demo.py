"""The demo: apply examples/complete to a local AWS emulator, show what the fleet looks like to the
router, estimate its monthly bill beside the unoptimised baseline, and tear it all down.

    make demo            # or: .venv/bin/python -m scripts.demo [--keep-workdir]

Every step prints one progress line; the exit code is 0 only if every step succeeded. The emulator is
stopped and the stack destroyed whatever happens, so no process or state is left behind.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_terraform import IsFlagged, Terraform

from emulator import Emulator
from scripts import build_lambdas, tfenv

EXAMPLE = "examples/complete"
DEMO_VARS = {
    "name_prefix": "demo-fleet",
    "deletion_protection": False,
}


class DemoError(RuntimeError):
    pass


@dataclass
class Context:
    workdir: Path
    emulator: Emulator | None = None
    tf: Terraform | None = None
    outputs: dict[str, Any] = field(default_factory=dict)
    applied: bool = False


class Progress:
    def __init__(self, total: int):
        self.total, self.n = total, 0

    @contextmanager
    def step(self, title: str) -> Iterator[None]:
        self.n += 1
        print(f"[{self.n}/{self.total}] {title} ...", flush=True)
        start = time.monotonic()
        try:
            yield
        except Exception:
            print(
                f"[{self.n}/{self.total}] {title}: FAILED after {time.monotonic() - start:.1f}s", flush=True
            )
            raise
        print(f"[{self.n}/{self.total}] {title}: done in {time.monotonic() - start:.1f}s", flush=True)


def _tf(ctx: Context, *args: str, **kwargs: Any) -> str:
    assert ctx.tf is not None
    code, out, err = ctx.tf.cmd(*args, **kwargs)
    if code != 0:
        raise DemoError(f"terraform {args[0]} failed (exit {code}):\n{err.strip() or out.strip()}")
    return out


# -- steps --------------------------------------------------------------------------------------------


def show_packages(ctx: Context) -> None:
    """The example deploys the packages committed with the modules: nothing to build."""
    for path in sorted(build_lambdas.committed_files()):
        if not path.is_file():
            raise DemoError(f"{path.relative_to(build_lambdas.REPO_ROOT)} is missing: run `make build`")
        rel = path.relative_to(build_lambdas.REPO_ROOT)
        print(f"      {rel} ({path.stat().st_size / 1e3:.0f} KB)")


def start_emulator(ctx: Context) -> None:
    ctx.emulator = Emulator(log_path=ctx.workdir / "moto.log").start()
    os.environ.pop("AWS_PROFILE", None)
    os.environ.update(ctx.emulator.env())
    print(f"      moto server at {ctx.emulator.endpoint} (log: {ctx.workdir / 'moto.log'})")


def apply_example(ctx: Context) -> None:
    root = tfenv.stage(ctx.workdir / "repo")
    os.environ.update(tfenv.terraform_env(os.environ))
    ctx.tf = Terraform(working_dir=str(root / EXAMPLE))
    _tf(ctx, "init", no_color=IsFlagged, input=False)
    ctx.applied = True  # from here on, always try to destroy
    _tf(ctx, "apply", no_color=IsFlagged, input=False, auto_approve=IsFlagged, var=DEMO_VARS)
    out = _tf(ctx, "output", json=IsFlagged)
    ctx.outputs = {k: v["value"] for k, v in json.loads(out).items()}


def summarise_fleet(ctx: Context) -> None:
    configs: dict[str, dict[str, Any]] = ctx.outputs["agent_configs"]
    tiers = ctx.outputs["tier_configs"]
    per_tier = Counter(str(c["tier"]) for c in configs.values())
    overridden = Counter(
        str(c["tier"]) for c in configs.values() if c["max_tokens"] != tiers[str(c["tier"])]["max_tokens"]
    )
    print(f"      table {ctx.outputs['agent_config_table_name']}: {len(configs)} agents")
    print(
        f"      {'tier':<16}{'agents':>7}  {'model':<52}{'max_tokens':>16}{'steps':>7}{'sampled':>9}{'LTM':>6}  session idle/max"
    )
    names = {"1": "orchestrator", "2": "specialist", "3": "utility"}
    for tier in sorted(tiers):
        t = tiers[tier]
        caps = f"{t['max_tokens']}" + (f" ({overridden[tier]} lower)" if overridden[tier] else "")
        print(
            f"      {tier + ' ' + names[tier]:<16}{per_tier[tier]:>7}  {t['model_id']:<52}{caps:>16}"
            f"{t['step_budget']:>7}{t['trace_sample_rate']:>9.0%}{'on' if t['ltm_enabled'] else 'off':>6}"
            f"  {t['idle_session_timeout_seconds']}s/{t['max_session_lifetime_seconds']}s"
        )


def read_back(ctx: Context) -> None:
    from agentcore_finops.aws import reset_clients
    from agentcore_finops.config_store import ConfigStore

    reset_clients()
    store = ConfigStore(ctx.outputs["agent_config_table_name"], ttl_seconds=60)
    for agent_id in ("sre-orchestrator", "email-classifier"):
        record = store.get(agent_id)
        if record != ctx.outputs["agent_configs"][agent_id]:
            raise DemoError(f"{agent_id}: the table item differs from the planned record")
        print(f"      {agent_id}: " + json.dumps(record, sort_keys=True))
    store.get("sre-orchestrator")
    if store.reads != 2:
        raise DemoError(
            f"3 lookups of 2 agents read the table {store.reads} times; the cache should make it 2"
        )
    print(f"      table reads: {store.reads} for 3 lookups (the third came from the cache)")


def show_network(ctx: Context) -> None:
    """The VPC endpoints as the emulator holds them, and their monthly cost beside NAT gateways."""
    from agentcore_finops.aws import client

    ec2 = client("ec2")
    vpc_filter = [{"Name": "vpc-id", "Values": [ctx.outputs["vpc_id"]]}]
    endpoints = ec2.describe_vpc_endpoints(Filters=vpc_filter)["VpcEndpoints"]
    if {e["VpcEndpointId"] for e in endpoints} != set(ctx.outputs["vpc_endpoint_ids"].values()):
        raise DemoError("the VPC's endpoints differ from the planned ones")
    by_type = Counter(e["VpcEndpointType"] for e in endpoints)
    services = sorted(
        e["ServiceName"].rsplit(".", 1)[-1] for e in endpoints if e["VpcEndpointType"] == "Gateway"
    )
    print(
        f"      VPC {ctx.outputs['vpc_id']}: {by_type['Interface']} interface endpoints, "
        f"{by_type['Gateway']} gateway endpoints ({', '.join(services)}, free)"
    )
    c = ctx.outputs["network_monthly_cost_estimate"]
    saving = c["monthly_savings_vs_nat_usd"]
    verdict = "saved by the endpoints" if saving >= 0 else "more than NAT at this volume"
    lines = [
        f"{c['traffic_gb']} GB a month, {c['interface_endpoints']} endpoints in {c['availability_zones']} AZs:",
        f"  endpoints     ${c['endpoints_total_usd']:>8.2f}"
        f"  (hours ${c['endpoint_hours_usd']:.2f} + data ${c['endpoint_data_usd']:.2f})",
        f"  NAT gateways  ${c['nat_total_usd']:>8.2f}"
        f"  ({c['nat_gateways']} gateways: hours ${c['nat_hours_usd']:.2f} + data ${c['nat_data_usd']:.2f})",
        f"  difference    ${abs(saving):>8.2f}  a month {verdict}",
    ]
    for line in lines:
        print(f"      {line}")


def estimate_bill(ctx: Context) -> None:
    """The monthly estimate of the fleet just applied, read from `terraform show -json` of its state
    (the same reader CI uses on a plan), beside the unoptimised baseline."""
    from agentcore_finops import pricing
    from agentcore_finops.estimate import estimate, load_usage, read_plan, render

    state = json.loads(_tf(ctx, "show", json=IsFlagged, no_color=IsFlagged))
    fleet = read_plan(state, source=f"state of {EXAMPLE}")
    if len(fleet.agents) != len(ctx.outputs["agent_configs"]):
        raise DemoError(
            f"the state holds {len(fleet.agents)} agents, the outputs {len(ctx.outputs['agent_configs'])}"
        )
    report = estimate(fleet, load_usage(), pricing.load_catalogue(), compare_baseline=True)
    for line in render(report, "table", detail=False).splitlines():
        print(f"      {line}".rstrip())
    print(
        "      (agentcore-finops estimate --plan plan.json --compare prints the same from a plan; "
        "--formulas shows every formula)"
    )


class _LambdaContext:
    function_name = "demo-tier-router"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:demo-tier-router"
    aws_request_id = "demo-request"


DEMO_REQUESTS = [
    # (agent, user message, complexity hint)
    ("sre-orchestrator", "Checkout latency doubled since 14:05. What next?", None),
    ("doc-specialist", "Find the runbook for rotating the database credentials.", None),
    (
        "doc-specialist",
        "Why did the failover not trigger? Compare both runbooks and find the root cause.",
        None,
    ),
    ("email-classifier", "Subject: invoice 2024-118 overdue. Classify this e-mail.", None),
    ("nightly-report-summariser", "Summarise last night's batch run.", "high"),
]


def route_one_request_per_tier(ctx: Context) -> None:
    """The tier router's handler, in-process and configured as the deployed function, routes requests
    against the applied table; prints each decision."""
    import contextlib
    import io

    import boto3

    from agentcore_finops.aws import reset_clients
    from tier_router import handler
    from tier_router.settings import Settings

    reset_clients()
    function = ctx.outputs["tier_router_function_name"]
    env = boto3.client("lambda").get_function_configuration(FunctionName=function)["Environment"]["Variables"]
    handler.use_router(handler.build_router(Settings.from_env(env)))
    tools = sorted({t for c in ctx.outputs["agent_configs"].values() for t in c["tools"]} | {"page_oncall"})
    catalogue = [{"toolSpec": {"name": n, "inputSchema": {"json": {"type": "object"}}}} for n in tools]
    print(f"      function {function}: {len(catalogue)} tool schemas sent with every request")
    print(
        f"      {'agent':<27}{'tier':>5}  {'model':<50}{'escalated':<20}{'cap':>5}{'steps':>6}"
        f"  {'cache points':<14}{'sampled':<8}{'batch':<6}tools"
    )
    try:
        for agent_id, text, complexity in DEMO_REQUESTS:
            event = {
                "agent_id": agent_id,
                "messages": [{"role": "user", "content": text}],
                "system": "You are one agent of the ACME fleet.",
                "tool_schemas": catalogue,
                "trace_id": f"demo-{agent_id}",
                **({"complexity": complexity} if complexity else {}),
            }
            with contextlib.redirect_stdout(io.StringIO()):  # keep the EMF lines out of the demo output
                response = handler.lambda_handler(event, _LambdaContext())
            if response["status"] != 200:
                raise DemoError(f"{agent_id}: the router refused the request: {response['error']}")
            d = response["decision"]
            print(
                f"      {agent_id:<27}{d['tier']:>5}  {d['model_id']:<50}{d['escalation_reason'] or 'no':<20}"
                f"{d['max_tokens']:>5}{d['step_budget']:>6}  {','.join(d['cache_points']) or '-':<14}"
                f"{'yes' if d['trace_sampled'] else 'no':<8}{'yes' if d['batch_eligible'] else 'no':<6}"
                f"{','.join(t['toolSpec']['name'] for t in d['tools']) or '-'}"
            )
            if d["sampling_source"] != "appconfig":
                raise DemoError(
                    f"{agent_id}: the trace sample rate came from {d['sampling_source']}, not AppConfig"
                )
        # The router reads the whole table once per TTL: the fleet's 100 small records are one Scan page.
        reads, agents = handler.get_router().store.reads, len({r[0] for r in DEMO_REQUESTS})
        if reads != 1:
            raise DemoError(
                f"{len(DEMO_REQUESTS)} requests for {agents} agents read the table {reads} times; "
                "one Scan of the whole fleet should serve them all"
            )
        print(
            f"      table reads: {reads} Scan page for {len(DEMO_REQUESTS)} requests (the whole fleet, cached); "
            "sample rates read from AppConfig"
        )
    finally:
        handler.use_router(None)


def show_trace_sampling(ctx: Context) -> None:
    """The sampling document served from AppConfig, as the router and runtimes will read it."""
    from agentcore_finops import sampling
    from agentcore_finops.aws import client

    ids = ctx.outputs["sampling_appconfig"]
    data = client("appconfigdata")
    token = data.start_configuration_session(
        ApplicationIdentifier=ids["application_id"],
        EnvironmentIdentifier=next(iter(ids["environment_ids"].values())),
        ConfigurationProfileIdentifier=ids["configuration_profile_id"],
    )["InitialConfigurationToken"]
    document = json.loads(data.get_latest_configuration(ConfigurationToken=token)["Configuration"].read())
    profile = sampling.parse(document)  # the reader's check: the deployed document must pass it
    configs = ctx.outputs["agent_configs"]
    if any(profile.agents[a] != c["trace_sample_rate"] for a, c in configs.items()):
        raise DemoError("the sampling document AppConfig serves differs from the resolved fleet")
    print(
        f"      AppConfig application {ids['application_id']}, profile {ids['configuration_profile_id']}, "
        f"environments {ids['environment_ids']}"
    )
    tiers = ", ".join(f"tier {t} {r:.0%}" for t, r in sorted(profile.tiers.items()))
    print(f"      rates: {tiers}; {len(profile.agents)} agents listed")
    for agent_id in ("sre-orchestrator", "email-classifier"):
        print(f"      {agent_id} runtime: {ctx.outputs['otel_environment'][agent_id]}")
    print(
        "      flip one agent to 100%: terraform apply -var 'sampling_overrides={agents={\"sre-orchestrator\"=1}}'"
    )


# Log groups an agent platform accumulates outside Terraform: (name, retention, bytes to write).
DEMO_LOG_GROUPS = (
    ("/aws/bedrock-agentcore/runtimes/demo_sre_orchestrator-Q1w2E3r4T5-DEFAULT", None, 48_000),
    ("/aws/bedrock-agentcore/runtimes/demo_doc_specialist-Y6u7I8o9P0-DEFAULT", None, 21_000),
    ("/aws/bedrock-agentcore/runtimes/demo_email_classifier-A1s2D3f4G5-DEFAULT", None, 6_500),
    ("/aws/bedrock-agentcore/runtimes/demo_email_classifier-A1s2D3f4G5-canary", None, 900),
    ("/aws/vendedlogs/bedrock-agentcore/gateway/demo-fleet-old", None, 12_000),
    ("/aws/lambda/demo-fleet-nightly-export", None, 3_000),
    ("/aws/lambda/demo-fleet-legacy-billing", 3653, 30_000),  # longer than policy: left alone
    ("/aws/vendedlogs/bedrock-agentcore/identity/demo-fleet", None, 2_000),  # excluded prefix
    ("/demo/scratch", None, 500),  # outside the audited prefixes
)


def _print_report(report: dict[str, Any]) -> None:
    print(
        f"      mode={report['mode']}: scanned {report['scanned']}, excluded {report['excluded']}, "
        f"compliant {report['compliant']}, no retention {report['without_retention']}, "
        f"above maximum {report['over_maximum']}; changed {report['changed']}, "
        f"would change {report['would_change']}; stored in non-compliant groups "
        f"{report['non_compliant_bytes']:,} bytes (${report['estimated_monthly_storage_usd']:.6f}/month)"
    )
    for f in report["findings"]:
        current = (
            "never expires" if f["current_retention_days"] is None else f"{f['current_retention_days']} d"
        )
        print(
            f"        {f['action']:<24}{f['log_group']:<76}{f['stored_bytes']:>8,} B  {current:>13} -> "
            f"{f['target_retention_days']} d"
        )


def audit_log_retention(ctx: Context) -> None:
    """Log groups without retention appear on the emulator; the applied auditor reports, then fixes them."""
    import boto3

    from agentcore_finops.aws import reset_clients
    from log_retention_auditor import handler

    logs = boto3.client("logs")
    now = int(time.time() * 1000)
    for name, days, size in DEMO_LOG_GROUPS:
        logs.create_log_group(logGroupName=name)
        if days:
            logs.put_retention_policy(logGroupName=name, retentionInDays=days)
        logs.create_log_stream(logGroupName=name, logStreamName="demo")
        logs.put_log_events(
            logGroupName=name, logStreamName="demo", logEvents=[{"timestamp": now, "message": "x" * size}]
        )
    print(
        f"      created {len(DEMO_LOG_GROUPS)} log groups, {sum(r is None for _, r, _ in DEMO_LOG_GROUPS)} without retention"
    )

    # Run the handler in-process exactly as the applied function is configured.
    function = ctx.outputs["log_retention_auditor_function_name"]
    env = boto3.client("lambda").get_function_configuration(FunctionName=function)["Environment"]["Variables"]
    os.environ.update(env)
    handler.configured_policy.cache_clear()
    reset_clients()
    print(f"      {function}: include {env['INCLUDE_PREFIXES']}, exclude {env['EXCLUDE_PREFIXES']}")

    def retention() -> dict[str, int | None]:
        out: dict[str, int | None] = {}
        for page in logs.get_paginator("describe_log_groups").paginate():
            out.update({g["logGroupName"]: g.get("retentionInDays") for g in page["logGroups"]})
        return out

    before = retention()
    with _quiet_powertools():
        report = handler.lambda_handler({}, _LambdaContext())
    _print_report(report)
    if retention() != before or report["changed"]:
        raise DemoError("report mode changed a log group")

    # An event can only narrow the configured policy, so enforce mode is configuration (the module's
    # mode = "enforce"), as a re-apply would set it.
    os.environ["MODE"] = "enforce"
    handler.configured_policy.cache_clear()
    with _quiet_powertools():
        enforced = handler.lambda_handler({}, _LambdaContext())
    _print_report(enforced)
    after = retention()
    changed = {n for n in before if after[n] != before[n]}
    expected = {f["log_group"] for f in report["findings"] if f["action"] == "would_set_retention"}
    if changed != expected or enforced["changed"] != len(expected):
        raise DemoError(f"enforce mode changed {sorted(changed)}, expected {sorted(expected)}")
    print(
        f"      enforce set {len(changed)} groups to {env['TARGET_RETENTION_DAYS']} days; nothing else changed"
    )


@contextmanager
def _quiet_powertools() -> Iterator[None]:
    """In Lambda the handler logs its report as JSON and prints EMF lines; the demo prints a summary."""
    import contextlib
    import io

    from log_retention_auditor import handler

    level = handler.logger.log_level
    handler.logger.setLevel("WARNING")
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        handler.logger.setLevel(level)


# -- AgentCore (modules/agentcore, modules/ltm-pruner) ----------------------------------------------------

SERVICE_DEFAULT_IDLE, SERVICE_DEFAULT_MAX = 900, 28800


def show_agentcore_lifecycle(ctx: Context) -> None:
    """Each applied runtime's session lifecycle and sampling, read back from AgentCore (the emulator)."""
    from agentcore_finops.aws import client

    control = client("bedrock-agentcore-control")
    lifecycle: dict[str, dict[str, Any]] = ctx.outputs["agentcore_runtime_lifecycle"]
    runtimes: dict[str, dict[str, Any]] = ctx.outputs["agentcore_runtimes"]
    names = {"1": "orchestrator", "2": "specialist", "3": "utility"}
    print(
        f"      {'agent':<20}{'tier':<16}{'idle':>7}{'max':>8}{'sampled':>9}  runtime as AgentCore holds it"
    )
    for agent_id, session in sorted(lifecycle.items(), key=lambda kv: (kv[1]["tier"], kv[0])):
        runtime = control.get_agent_runtime(agentRuntimeId=runtimes[agent_id]["id"])
        held = runtime["lifecycleConfiguration"]
        wanted = {
            "idleRuntimeSessionTimeout": session["idle_session_timeout_seconds"],
            "maxLifetime": session["max_session_lifetime_seconds"],
        }
        if held != wanted:
            raise DemoError(f"{agent_id}: AgentCore holds {held}, the fleet says {wanted}")
        tier = str(session["tier"])
        print(
            f"      {agent_id:<20}{tier + ' ' + names[tier]:<16}{session['idle_session_timeout_seconds']:>6}s"
            f"{session['max_session_lifetime_seconds']:>7}s{session['trace_sample_rate']:>9.0%}  "
            f"{runtime['agentRuntimeName']}: idle {held['idleRuntimeSessionTimeout']}s, max {held['maxLifetime']}s, "
            f"OTEL_TRACES_SAMPLER_ARG={runtime['environmentVariables']['OTEL_TRACES_SAMPLER_ARG']}"
        )
    utility = min(lifecycle.values(), key=lambda rec: rec["idle_session_timeout_seconds"])
    print(
        f"      service defaults: {SERVICE_DEFAULT_IDLE}s idle / {SERVICE_DEFAULT_MAX}s max; a utility session now "
        f"bills at most {utility['idle_session_timeout_seconds']}s of idle tail instead of {SERVICE_DEFAULT_IDLE}s"
    )
    memory = control.get_memory(memoryId=ctx.outputs["agentcore_memory"]["id"])["memory"]
    strategies = sorted(s["name"] for s in memory.get("strategies", []))
    print(
        f"      memory {memory['id']}: long-term strategies {', '.join(strategies) or 'none'} (tier 1 keeps LTM)"
    )


def prune_memory_dry_run(ctx: Context) -> None:
    """Seed long-term records into the applied memory, then run the pruner, configured as the deployed
    function, in dry run as if 45 days had passed: tier 2 records are past their 30-day TTL, tier 1
    records (90 days) are not, and each namespace is held to its cap."""
    import random
    from datetime import UTC, datetime, timedelta

    import boto3

    from agentcore_finops.aws import client
    from agentcore_finops.memory_records import record_metadata
    from ltm_pruner.config import load_config
    from ltm_pruner.handler import run

    memory = ctx.outputs["agentcore_memory"]
    pruner = ctx.outputs["ltm_pruner"]
    env = boto3.client("lambda").get_function_configuration(FunctionName=pruner["function_name"])
    config = load_config(env["Environment"]["Variables"])
    data = client("bedrock-agentcore")
    rng = random.Random(7)
    records = []
    for n in range(240):
        agent, tier = rng.choice(
            [("sre-orchestrator", 1), ("support-orchestrator", 1), ("knowledge-curator", 2)]
        )
        metadata = (
            record_metadata(agent, tier, round(rng.random(), 2))
            if n % 40
            else {"agent_id": {"stringValue": agent}}
        )
        records.append(
            {
                "requestIdentifier": f"demo-{n}",
                "namespaces": [f"/facts/user-{n % 3}"],
                "content": {"text": f"fact {n}"},
                "timestamp": datetime.now(UTC),
                "metadata": metadata,
            }
        )
    for i in range(0, len(records), 100):
        data.batch_create_memory_records(memoryId=memory["id"], records=records[i : i + 100])
    report = run(config, data, dry_run=True, now=datetime.now(UTC) + timedelta(days=45))
    past_ttl = sum(n["expired"] for n in report["namespaces"])
    over_cap = sum(n["over_cap"] for n in report["namespaces"])
    print(
        f"      seeded 240 records in {memory['id']}; the pruner ({pruner['function_name']}, dry run) scanned "
        f"{report['scanned']} in {len(report['namespaces'])} namespaces: {past_ttl} past their tier's TTL "
        f"45 days on, {over_cap} more over the cap of {config.max_records_per_namespace} per namespace"
    )
    print(
        f"      would delete {report['would_delete']} now ({report['expired']} past TTL first, {report['over_cap']} "
        f"over the cap), {report['deferred']} left for the next run by the cap of {config.max_deletions_per_run} "
        f"per run; deleted {report['deleted']}"
    )
    print(
        f"      {report['unreadable']} records without readable importance kept and reported; estimated "
        f"saving ${report['estimated_monthly_saving_usd']}/month at ${report['price']['usd']} per 1,000 records"
    )
    if report["deleted"] != 0 or report["calls"] != {"batch_delete": 0, "single_delete": 0}:
        raise DemoError(
            f"a dry run must not delete records: {report['deleted']} deleted, calls {report['calls']}"
        )
    left = sum(
        len(
            data.list_memory_records(memoryId=memory["id"], namespace=f"/facts/user-{n}", maxResults=100)[
                "memoryRecordSummaries"
            ]
        )
        for n in range(3)
    )
    if left != len(records):
        raise DemoError(f"a dry run must not delete records: {left} of {len(records)} left")


def destroy(ctx: Context) -> None:
    if ctx.tf is not None and ctx.applied:
        _tf(ctx, "destroy", no_color=IsFlagged, input=False, auto_approve=IsFlagged, var=DEMO_VARS)
        ctx.applied = False


def stop_emulator(ctx: Context) -> None:
    if ctx.emulator is not None:
        ctx.emulator.stop()


STEPS: list[tuple[str, Callable[[Context], None]]] = [
    ("Lambda packages (committed with the modules)", show_packages),
    ("Start the local AWS emulator", start_emulator),
    (f"Apply {EXAMPLE} (100 agents) to the emulator", apply_example),
    ("Summarise the resolved fleet", summarise_fleet),
    ("Read two agent records back as the router sees them", read_back),
    ("Show the trace-sampling document served from AppConfig", show_trace_sampling),
    ("Route one request per tier through the tier router", route_one_request_per_tier),
    ("AgentCore: session lifecycle and sampling per tier", show_agentcore_lifecycle),
    ("Prune long-term memory in dry run (seeded records)", prune_memory_dry_run),
    ("Audit log retention: report mode, then enforce mode", audit_log_retention),
    ("Show the VPC endpoints and their cost beside NAT", show_network),
    ("Estimate the monthly bill beside the unoptimised baseline", estimate_bill),
]
TEARDOWN: list[tuple[str, Callable[[Context], None]]] = [
    ("Destroy the stack", destroy),
    ("Stop the emulator", stop_emulator),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--keep-workdir", action="store_true", help="keep build/demo (staged copy, moto log)")
    args = parser.parse_args(argv)

    workdir = tfenv.BUILD_DIR / "demo"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    ctx = Context(workdir=workdir)
    progress = Progress(len(STEPS) + len(TEARDOWN))
    ok = True
    try:
        for title, fn in STEPS:
            with progress.step(title):
                fn(ctx)
    except Exception as exc:  # report, then tear down
        ok = False
        print(f"error: {exc}", file=sys.stderr)
    finally:
        progress.n = len(STEPS)
        for title, fn in TEARDOWN:
            try:
                with progress.step(title):
                    fn(ctx)
            except Exception as exc:
                ok = False
                print(f"error: {exc}", file=sys.stderr)
    if ok and not args.keep_workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    print("demo: OK" if ok else f"demo: FAILED (details in {workdir})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
