"""Benchmark the tier router on the local emulator: warm decision rate and latency, config-table reads
of the cached store against a read-every-request baseline, and the handler's cold import time.

    python -m scripts.bench_router                 # or: make bench
    python -m scripts.bench_router --requests 10000 --agents 100,1000 --window 600 --ttl 60

One run starts moto server and, for each fleet size in ``--agents``, creates a config table holding
that many agents (10% tier 1, 40% tier 2, 50% tier 3, resolved as modules/agent-config resolves them)
and drives the real handler (``tier_router.handler.lambda_handler``, EMF output discarded) in route mode:

1. warm path: the fleet cached; decisions per second and p50/p99 latency per decision;
2. reads: ``--requests`` requests spread over ``--window`` simulated seconds (a clock the router reads,
   so no waiting), agents drawn at random. The router's store reads the whole table (Scan pages) once
   per ``--ttl``; the naive baseline reads one item per request (GetItem), so its reads equal the
   requests. The baseline's latency is measured on ``--naive-sample`` of the same requests;
3. cold import: ``import tier_router.handler`` in fresh interpreters (median of ``--imports``), and the
   first request of a fresh container (settings, catalogue, one Scan).

Figures are printed as ratios as well as absolute numbers; absolute numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from typing import Any, cast

import boto3
from boto3.dynamodb.types import TypeSerializer

from agentcore_finops import aws as acf_aws
from agentcore_finops import fleet
from agentcore_finops.config_store import ConfigStore
from emulator import Emulator, client_environ

TABLE = "bench-agent-config"
TOOLS = ["get_metrics", "query_logs", "open_ticket", "get_order", "issue_refund", "search_docs"]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class _Context:
    function_name = "bench-tier-router"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench-tier-router"
    aws_request_id = "bench"


class _Discard(io.TextIOBase):
    def write(self, s: str) -> int:
        return len(s)


def fleet_of(n: int) -> dict[str, dict[str, Any]]:
    """``n`` agents, 10% / 40% / 50% by tier, resolved like the agent-config module does."""
    tiers = [1] * max(1, n // 10) + [2] * (n * 4 // 10)
    tiers += [3] * (n - len(tiers))
    agents = {
        f"agent-{i:03d}": {"tier": tier, "tools": TOOLS[i % 3 : i % 3 + 2] if tier < 3 else []}
        for i, tier in enumerate(tiers)
    }
    return fleet.resolve(agents)


def create_table(records: dict[str, dict[str, Any]], table: str = TABLE) -> None:
    ddb = boto3.client("dynamodb")
    ddb.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "agent_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "agent_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    ser = TypeSerializer()
    for record in records.values():
        item = {k: ser.serialize(Decimal(str(v)) if isinstance(v, float) else v) for k, v in record.items()}
        ddb.put_item(TableName=table, Item=item)


class NaiveStore:
    """The read-every-request baseline: one GetItem per lookup, no cache."""

    def __init__(self, table: str):
        from agentcore_finops.config_store import UnknownAgentError, decode_item

        self._ddb, self._table, self._decode, self._unknown = (
            boto3.client("dynamodb"),
            table,
            decode_item,
            UnknownAgentError,
        )
        self.reads, self.stale_serves, self.last_error = 0, 0, None

    def get(self, agent_id: str) -> dict[str, Any]:
        self.reads += 1
        item = self._ddb.get_item(TableName=self._table, Key={"agent_id": {"S": agent_id}}).get("Item")
        if item is None:
            raise self._unknown(agent_id, self._table)
        return self._decode(item)


def event(agent_id: str, i: int) -> dict[str, Any]:
    return {
        "agent_id": agent_id,
        "messages": [{"role": "user", "content": f"Request {i}: classify and route this ticket."}],
        "system": "You are one agent of the benchmark fleet.",
        "tool_schemas": [
            {"toolSpec": {"name": t, "inputSchema": {"json": {"type": "object"}}}} for t in TOOLS
        ],
        "trace_id": f"trace-{i}",
    }


def drive(
    router: Any, agent_ids: list[str], clock: Clock, step: float, cpu: list[float] | None = None
) -> tuple[list[float], float]:
    """Route one request per entry of ``agent_ids``, advancing ``clock`` by ``step`` each time; returns
    per-request latencies (s) and the total wall time. ``cpu`` collects each request's CPU time on
    this thread (what the code costs, without the time other processes took the core)."""
    from tier_router import handler

    handler.use_router(router)
    latencies = []
    context = _Context()
    start = time.perf_counter()
    with contextlib.redirect_stdout(_Discard()):
        for i, agent_id in enumerate(agent_ids):
            c0, t0 = time.thread_time(), time.perf_counter()
            response = handler.lambda_handler(event(agent_id, i), context)
            latencies.append(time.perf_counter() - t0)
            if cpu is not None:
                cpu.append(time.thread_time() - c0)
            if response["status"] != 200:
                raise RuntimeError(f"request {i} refused: {response}")
            clock.now += step
    return latencies, time.perf_counter() - start


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def cold_import(runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median seconds to import the handler, and to serve the first request, in fresh interpreters."""
    code = (
        "import time, contextlib, io\n"
        "t0 = time.perf_counter()\n"
        "import tier_router.handler as h\n"
        "t1 = time.perf_counter()\n"
        "class C:\n"
        "    function_name = 'bench'; memory_limit_in_mb = 256; aws_request_id = 'cold'\n"
        "    invoked_function_arn = 'arn:aws:lambda:us-east-1:123456789012:function:bench'\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    r = h.lambda_handler({'agent_id': 'agent-000', 'messages': [{'role': 'user', 'content': 'hi'}]}, C())\n"
        "assert r['status'] == 200, r\n"
        "print(t1 - t0, time.perf_counter() - t1)\n"
    )
    paths = os.pathsep.join([os.path.abspath("lambda_src"), os.path.abspath(".")])
    child_env = {**env, "PYTHONPATH": paths, "CONFIG_TABLE_NAME": TABLE, "PYTHONDONTWRITEBYTECODE": "1"}
    imports, firsts = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], env=child_env, capture_output=True, text=True, check=False
        )
        if out.returncode != 0:
            raise RuntimeError(f"cold import failed:\n{out.stderr[-2000:]}")
        imported, first = map(float, out.stdout.split()[-2:])
        imports.append(imported)
        firsts.append(first)
    return statistics.median(imports), statistics.median(firsts)


def measure(args: argparse.Namespace, n: int, rng: random.Random) -> dict[str, Any]:
    """Warm path and reads for a fleet of ``n`` agents in its own table."""
    from tier_router import handler
    from tier_router.settings import Settings

    table = f"{TABLE}-{n}"
    records = fleet_of(n)
    create_table(records, table)
    ids = sorted(records)

    # 1. warm path
    clock = Clock()
    router = handler.build_router(Settings(table_name=table, config_ttl_seconds=3600), clock=clock)
    drive(router, ids, clock, 0.0)  # fill the cache
    warm_ids = [rng.choice(ids) for _ in range(args.warm)]
    reads_before = router.store.reads
    cpu: list[float] = []
    latencies, wall = drive(router, warm_ids, clock, 0.0, cpu)
    assert router.store.reads == reads_before, "the warm path read the table"

    # 2. reads for --requests requests over --window simulated seconds
    sequence = [rng.choice(ids) for _ in range(args.requests)]
    step = args.window / args.requests
    clock = Clock()
    router = handler.build_router(Settings(table_name=table, config_ttl_seconds=args.ttl), clock=clock)
    cached_lat, cached_wall = drive(router, sequence, clock, step)
    assert router.store.stale_serves == 0
    naive = handler.build_router(Settings(table_name=table, config_ttl_seconds=args.ttl), clock=Clock())
    naive.store = cast(ConfigStore, NaiveStore(table))  # the router calls get() and reads its counters
    naive_lat, _ = drive(naive, sequence[: args.naive_sample], Clock(), step)
    return {
        "agents": n,
        "warm_rate": len(warm_ids) / wall,
        "warm_p50": percentile(latencies, 50),
        "warm_p99": percentile(latencies, 99),
        "warm_cpu_p99": percentile(cpu, 99),
        "cached_reads": router.store.reads,
        "refreshes": router.store.refreshes,
        "naive_reads": len(sequence),  # one GetItem per request
        "cached_p50": percentile(cached_lat, 50),
        "naive_p50": percentile(naive_lat, 50),
        "cached_rate": len(sequence) / cached_wall,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=10_000, help="requests per read-count run")
    parser.add_argument("--agents", default="100,1000", help="fleet sizes, comma-separated")
    parser.add_argument("--window", type=float, default=600.0, help="simulated seconds the requests span")
    parser.add_argument("--ttl", type=float, default=60.0, help="config cache TTL of the cached run")
    parser.add_argument("--warm", type=int, default=20_000, help="requests in the warm-path run")
    parser.add_argument(
        "--naive-sample", type=int, default=1_000, help="requests timed on the naive baseline"
    )
    parser.add_argument("--imports", type=int, default=5, help="fresh interpreters for the cold import")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.agents.split(",")]

    from tier_router import handler

    rng = random.Random(args.seed)
    with Emulator() as emu:
        env = client_environ(emu)
        os.environ.pop("AWS_PROFILE", None)
        os.environ.update(emu.env())
        acf_aws.reset_clients()
        print(f"emulator {emu.endpoint}")
        results = [measure(args, n, rng) for n in sizes]
        create_table(fleet_of(sizes[0]))  # the cold-start child reads TABLE
        imported, first = cold_import(args.imports, env)
        handler.use_router(None)

    rate = args.requests / args.window
    print()
    print(
        f"{args.requests:,} requests over {args.window:.0f} simulated s ({rate:.1f}/s), agents drawn at random; "
        f"cache TTL {args.ttl:g} s"
    )
    print(
        f"  {'agents':>7} | {'Scan pages':>10} | {'naive GetItem':>13} | {'fewer reads':>11} | "
        f"{'warm p50 ms':>11} | {'warm p99 ms':>11} | {'p99 CPU ms':>10} | {'warm/s':>8} | {'p50 naive/cached':>16}"
    )
    for r in results:
        print(
            f"  {r['agents']:>7,} | {r['cached_reads']:>10,} | {r['naive_reads']:>13,} | "
            f"{r['naive_reads'] / r['cached_reads']:>10,.0f}x | {r['warm_p50'] * 1e3:>11.3f} | "
            f"{r['warm_p99'] * 1e3:>11.3f} | {r['warm_cpu_p99'] * 1e3:>10.3f} | {r['warm_rate']:>8,.0f} | "
            f"{r['naive_p50'] / r['cached_p50']:>15.1f}x"
        )
    print("  (warm p99 is wall time per decision; p99 CPU is this thread's CPU time, without the time")
    print("   other processes held the core: on a shared machine the two differ)")
    print()
    print(f"cold start (median of {args.imports} fresh interpreters)")
    print(f"  import tier_router.handler {imported * 1e3:.0f} ms")
    print(f"  first request              {first * 1e3:.0f} ms (settings, catalogue, one Scan)")
    print(f"  first request / warm p50   {first / results[0]['warm_p50']:,.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
