"""The demo: apply examples/complete to a local AWS emulator, show what the fleet looks like to the
router, and tear it all down.

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

from scripts import build_lambdas, tfenv
from scripts.emulator import Emulator

EXAMPLE = "examples/complete"
DEMO_VARS = {
    "name_prefix": "demo-fleet",
    "deletion_protection": False,
    # MERGE (emulator extension): drop this line once the emulator creates AWS::BedrockAgentCore::* in
    # CloudFormation; until then the AgentCore stack and the pruner are planned, not applied.
    "create_agentcore": False,
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


def build_packages(ctx: Context) -> None:
    functions = build_lambdas.discover()
    packages = [build_lambdas.build(name) for name in functions]
    build_lambdas.write_manifest(packages)
    for p in packages:
        print(f"      {p.name}: build/lambda/{p.filename} ({p.size_bytes / 1e6:.1f} MB)")
    if not packages:
        print("      (no Lambda functions to package)")


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
    print(f"      table reads: {store.reads} for 3 lookups (the third came from the cache)")


# -- AgentCore (modules/agentcore, modules/ltm-pruner) ----------------------------------------------------

SERVICE_DEFAULT_IDLE, SERVICE_DEFAULT_MAX = 900, 28800


def show_agentcore_lifecycle(ctx: Context) -> None:
    """Plan the example with AgentCore on and print what each runtime's sessions are given."""
    from scripts.inventory import summarise

    _tf(
        ctx,
        "plan",
        no_color=IsFlagged,
        input=False,
        out="agentcore.tfplan",
        var={**DEMO_VARS, "create_agentcore": True},
    )
    summary = summarise(json.loads(_tf(ctx, "show", "agentcore.tfplan", json=IsFlagged, no_color=IsFlagged)))
    lifecycle: dict[str, dict[str, Any]] = summary.outputs["agentcore_runtime_lifecycle"]
    stack = next(iter(summary.of_type("aws_cloudformation_stack").values()))
    resources = stack["template_body"]["Resources"]
    by_name = {
        r["Properties"]["AgentRuntimeName"]: r["Properties"]
        for r in resources.values()
        if r["Type"] == "AWS::BedrockAgentCore::Runtime"
    }
    names = {"1": "orchestrator", "2": "specialist", "3": "utility"}
    print(f"      {'agent':<20}{'tier':<16}{'idle':>7}{'max':>8}{'sampled':>9}  rendered in the stack")
    for agent_id, session in sorted(lifecycle.items(), key=lambda kv: (kv[1]["tier"], kv[0])):
        runtime = by_name[f"{DEMO_VARS['name_prefix'].replace('-', '_')}_{agent_id.replace('-', '_')}"]
        cfg = runtime["LifecycleConfiguration"]
        if (cfg["IdleRuntimeSessionTimeout"], cfg["MaxLifetime"]) != (
            session["idle_session_timeout_seconds"],
            session["max_session_lifetime_seconds"],
        ):
            raise DemoError(f"{agent_id}: the stack's LifecycleConfiguration differs from the planned output")
        tier = str(session["tier"])
        print(
            f"      {agent_id:<20}{tier + ' ' + names[tier]:<16}{session['idle_session_timeout_seconds']:>6}s"
            f"{session['max_session_lifetime_seconds']:>7}s{session['trace_sample_rate']:>9.0%}  "
            f"IdleRuntimeSessionTimeout={cfg['IdleRuntimeSessionTimeout']} MaxLifetime={cfg['MaxLifetime']} "
            f"OTEL_TRACES_SAMPLER_ARG={runtime['EnvironmentVariables']['OTEL_TRACES_SAMPLER_ARG']}"
        )
    utility = min(lifecycle.values(), key=lambda rec: rec["idle_session_timeout_seconds"])
    print(
        f"      service defaults: {SERVICE_DEFAULT_IDLE}s idle / {SERVICE_DEFAULT_MAX}s max; a utility session now "
        f"bills at most {utility['idle_session_timeout_seconds']}s of idle tail instead of {SERVICE_DEFAULT_IDLE}s"
    )
    strategies = [next(iter(s)) for s in resources["Memory"]["Properties"].get("MemoryStrategies", [])]
    print(f"      memory strategies (an agent keeps long-term memory): {', '.join(strategies) or 'none'}")


def prune_memory_dry_run(ctx: Context) -> None:
    """Run the LTM pruner in dry run against stubbed records (the emulator has no long-term records)."""
    import random
    from datetime import UTC, datetime, timedelta

    import boto3
    from botocore.stub import Stubber

    from agentcore_finops.memory_records import record_metadata
    from ltm_pruner.config import PrunerConfig, Scope
    from ltm_pruner.handler import run

    now = datetime(2026, 11, 28, tzinfo=UTC)
    memory_id = "demo_fleet_memory-a1b2c3d4e5"
    rng = random.Random(7)
    summaries = []
    for n in range(240):
        agent, tier = rng.choice(
            [("sre-orchestrator", 1), ("support-orchestrator", 1), ("knowledge-curator", 2)]
        )
        metadata = (
            record_metadata(agent, tier, round(rng.random(), 2))
            if n % 40
            else {"agent_id": {"stringValue": agent}}
        )
        summaries.append(
            {
                "memoryRecordId": f"mem-{n:036d}",
                "content": {"text": f"fact {n}"},
                "memoryStrategyId": "semantic_facts-a1b2c3d4e5",
                "namespaces": [f"/facts/user-{n % 3}"],
                "createdAt": now - timedelta(days=rng.uniform(0, 150)),
                "metadata": metadata,
            }
        )
    client = boto3.session.Session(
        aws_access_key_id="demo", aws_secret_access_key="demo", region_name="us-east-1"
    ).client("bedrock-agentcore")
    config = PrunerConfig(
        scopes=(Scope(memory_id, namespace_path="/facts/"),),
        ttl_days={1: 90, 2: 30, 3: 7},
        max_records_per_namespace=20,
        max_deletions_per_run=100,
    )
    with Stubber(client) as stub:  # only listing is stubbed: a delete call would fail the step
        for page in range(3):
            response: dict[str, Any] = {"memoryRecordSummaries": summaries[page * 100 : (page + 1) * 100]}
            params: dict[str, Any] = {"memoryId": memory_id, "namespacePath": "/facts/", "maxResults": 100}
            if page < 2:
                response["nextToken"] = f"page-{page + 2}"
            if page > 0:
                params["nextToken"] = f"page-{page + 1}"
            stub.add_response("list_memory_records", response, params)
        report = run(config, client, dry_run=True, now=now)
        stub.assert_no_pending_responses()
    past_ttl = sum(n["expired"] for n in report["namespaces"])
    over_cap = sum(n["over_cap"] for n in report["namespaces"])
    print(
        f"      scanned {report['scanned']} records in {len(report['namespaces'])} namespaces (3 pages): "
        f"{past_ttl} past their tier's TTL, {over_cap} more over the cap of {config.max_records_per_namespace} "
        f"per namespace"
    )
    print(
        f"      dry run: would delete {report['would_delete']} now ({report['expired']} past TTL first, "
        f"{report['over_cap']} over the cap), {report['deferred']} left for the next run by the cap of "
        f"{config.max_deletions_per_run} per run"
    )
    print(
        f"      {report['unreadable']} records without readable importance kept and reported; "
        f"deleted {report['deleted']}; estimated saving ${report['estimated_monthly_saving_usd']}/month at "
        f"${report['price']['usd']} per 1,000 records ({report['price']['as_of']})"
    )


def destroy(ctx: Context) -> None:
    if ctx.tf is not None and ctx.applied:
        _tf(ctx, "destroy", no_color=IsFlagged, input=False, auto_approve=IsFlagged, var=DEMO_VARS)
        ctx.applied = False


def stop_emulator(ctx: Context) -> None:
    if ctx.emulator is not None:
        ctx.emulator.stop()


STEPS: list[tuple[str, Callable[[Context], None]]] = [
    ("Build Lambda packages", build_packages),
    ("Start the local AWS emulator", start_emulator),
    (f"Apply {EXAMPLE} (100 agents) to the emulator", apply_example),
    ("Summarise the resolved fleet", summarise_fleet),
    ("Read two agent records back as the router sees them", read_back),
    ("Plan AgentCore: session lifecycle and sampling per tier", show_agentcore_lifecycle),
    ("Prune long-term memory in dry run (stubbed records)", prune_memory_dry_run),
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
