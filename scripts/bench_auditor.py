"""Benchmark: API calls and time for the log-retention auditor to audit N log groups on the emulator.

    make bench                                   # every scripts/bench_*.py
    .venv/bin/python -m scripts.bench_auditor [--groups 10000] [--baseline 1000]

Creates the groups on a fresh moto server (70% without retention, 25% within policy, 5% above it),
then runs the auditor as the Lambda does (agentcore_finops.aws client, adaptive retries): a report
run, an enforce run with no cap, and a second report run. Prints ratios only (calls per group,
groups per second, and the large/baseline throughput ratio), as the project's benchmarks do; absolute
times depend on the machine and mean little on an emulator.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import boto3

from agentcore_finops import aws as acf_aws
from agentcore_finops.pricing import load_catalogue
from emulator import Emulator
from log_retention_auditor.audit import Auditor, AuditPolicy

PREFIX = "/bench/agents/"


@dataclass
class Run:
    name: str
    groups: int
    seconds: float
    calls: Counter
    sent: int  # HTTP requests, retries included
    changed: int

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())


class CallCounter:
    """Counts API calls (before-call) and HTTP requests including retries (before-send)."""

    def __init__(self, client: Any):
        self.calls: Counter = Counter()
        self.sent = 0
        client.meta.events.register("before-call.cloudwatch-logs", self._call)
        client.meta.events.register("before-send.cloudwatch-logs", self._send)

    def _call(self, model: Any, **_: Any) -> None:
        self.calls[model.name] += 1

    def _send(self, **_: Any) -> None:
        self.sent += 1

    def reset(self) -> None:
        self.calls, self.sent = Counter(), 0


def create_groups(n: int, workers: int) -> None:
    logs = boto3.client("logs")

    def one(i: int) -> None:
        name = f"{PREFIX}{i:05d}"
        logs.create_log_group(logGroupName=name)
        kind = i % 20
        if 14 <= kind < 19:  # 25% within policy
            logs.put_retention_policy(logGroupName=name, retentionInDays=30)
        elif kind == 19:  # 5% above the maximum
            logs.put_retention_policy(logGroupName=name, retentionInDays=3653)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, range(n)))


def measure(n: int, workers: int) -> list[Run]:
    with Emulator() as emu:
        os.environ.pop("AWS_PROFILE", None)
        os.environ.update(emu.env())
        acf_aws.reset_clients()
        create_groups(n, workers)
        logs = acf_aws.client("logs")
        counter = CallCounter(logs)
        auditor = Auditor(logs, load_catalogue().price("cloudwatch_logs", "storage_gb_month").value)
        runs = []
        for name, mode in (("report", "report"), ("enforce", "enforce"), ("report again", "report")):
            policy = AuditPolicy(include_prefixes=(PREFIX,), mode=mode, max_changes=10_000)
            counter.reset()
            start = time.perf_counter()
            report = auditor.run(policy)
            elapsed = time.perf_counter() - start
            if report.scanned != n:
                raise RuntimeError(f"{name}: scanned {report.scanned} of {n} groups")
            runs.append(Run(name, n, elapsed, counter.calls, counter.sent, report.changed))
        acf_aws.reset_clients()
        return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--groups", type=int, default=10_000, help="log groups to audit (default 10000)")
    parser.add_argument("--baseline", type=int, default=1_000, help="smaller run for the scaling ratio")
    parser.add_argument("--workers", type=int, default=4, help="threads creating the groups")
    args = parser.parse_args(argv)

    results = {n: measure(n, args.workers) for n in (args.baseline, args.groups)}
    print(f"log-retention auditor on the emulator ({args.groups:,} and {args.baseline:,} log groups)")
    print(
        f"  {'run':<14}{'groups':>8}{'calls/group':>13}{'Describe/group':>16}{'Put/changed':>13}{'retries':>9}{'groups/s':>10}"
    )
    for n, runs in results.items():
        for r in runs:
            puts = r.calls.get("PutRetentionPolicy", 0)
            print(
                f"  {r.name:<14}{n:>8,}{r.total_calls / n:>13.4f}{r.calls.get('DescribeLogGroups', 0) / n:>16.4f}"
                f"{(puts / r.changed if r.changed else 0):>13.2f}{r.sent - r.total_calls:>9}{n / r.seconds:>10.0f}"
            )
    big, small = results[args.groups][0], results[args.baseline][0]
    print(
        f"  report throughput at {args.groups:,} vs {args.baseline:,} groups: "
        f"{(big.groups / big.seconds) / (small.groups / small.seconds):.2f}x "
        "(below 1: the emulator rebuilds its sorted group list for every page; AWS pages by token)"
    )
    enforce = results[args.groups][1]
    print(
        f"  enforce at {args.groups:,}: {enforce.changed:,} groups changed, "
        f"{enforce.total_calls / enforce.changed:.3f} calls per changed group"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
