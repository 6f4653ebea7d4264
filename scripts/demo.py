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
DEMO_VARS = {"name_prefix": "demo-fleet", "deletion_protection": False}


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


def show_trace_sampling(ctx: Context) -> None:
    """The sampling document served from AppConfig, as the router and runtimes will read it."""
    from agentcore_finops import sampling

    document = json.loads(ctx.outputs["sampling_document"])
    profile = sampling.parse(document)  # the reader's check: the deployed document must pass it
    configs = ctx.outputs["agent_configs"]
    if any(profile.agents[a] != c["trace_sample_rate"] for a, c in configs.items()):
        raise DemoError("the sampling document differs from the resolved fleet")
    ids = ctx.outputs["sampling_appconfig"]
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
    for name, retention, size in DEMO_LOG_GROUPS:
        logs.create_log_group(logGroupName=name)
        if retention:
            logs.put_retention_policy(logGroupName=name, retentionInDays=retention)
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
        report = handler.lambda_handler({}, None)
    _print_report(report)
    if retention() != before or report["changed"]:
        raise DemoError("report mode changed a log group")

    with _quiet_powertools():
        enforced = handler.lambda_handler({"mode": "enforce"}, None)
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
    ("Show the trace-sampling document served from AppConfig", show_trace_sampling),
    ("Audit log retention: report mode, then enforce mode", audit_log_retention),
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
