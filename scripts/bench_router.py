"""Benchmark the tier router on the local emulator: warm decision rate and latency, DynamoDB reads with
the record cache against a read-every-request baseline, and the handler's cold import time.

    python -m scripts.bench_router                 # or: make bench
    python -m scripts.bench_router --requests 10000 --agents 100 --window 600 --ttl 60

One run starts moto server, creates a config table holding a fleet of ``--agents`` agents (10% tier 1,
40% tier 2, 50% tier 3, resolved as modules/agent-config resolves them) and drives the real handler
(``tier_router.handler.lambda_handler``, EMF output discarded) in route mode:

1. warm path: every agent's record cached; decisions per second and p50/p99 latency per decision;
2. reads: ``--requests`` requests spread over ``--window`` simulated seconds (a clock the router reads,
   so no waiting), agents drawn at random, once with ``--ttl`` and once with TTL 0 (every request reads
   the table); GetItem calls counted, and the wall time of each run;
3. cold import: ``import tier_router.handler`` in fresh interpreters (median of ``--imports``), and the
   first request of a fresh container (settings, catalogue, one GetItem).

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
from typing import Any

import boto3
from boto3.dynamodb.types import TypeSerializer

from agentcore_finops import aws as acf_aws
from agentcore_finops import fleet
from scripts.emulator import Emulator, client_environ

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


def create_table(records: dict[str, dict[str, Any]]) -> None:
    ddb = boto3.client("dynamodb")
    ddb.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "agent_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "agent_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    ser = TypeSerializer()
    for record in records.values():
        item = {k: ser.serialize(Decimal(str(v)) if isinstance(v, float) else v) for k, v in record.items()}
        ddb.put_item(TableName=TABLE, Item=item)


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


def drive(router: Any, agent_ids: list[str], clock: Clock, step: float) -> tuple[list[float], float]:
    """Route one request per entry of ``agent_ids``, advancing ``clock`` by ``step`` each time; returns
    per-request latencies (s) and the total wall time."""
    from tier_router import handler

    handler.use_router(router)
    latencies = []
    context = _Context()
    start = time.perf_counter()
    with contextlib.redirect_stdout(_Discard()):
        for i, agent_id in enumerate(agent_ids):
            t0 = time.perf_counter()
            response = handler.lambda_handler(event(agent_id, i), context)
            latencies.append(time.perf_counter() - t0)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=10_000, help="requests per read-count run")
    parser.add_argument("--agents", type=int, default=100)
    parser.add_argument("--window", type=float, default=600.0, help="simulated seconds the requests span")
    parser.add_argument("--ttl", type=float, default=60.0, help="config cache TTL of the cached run")
    parser.add_argument("--warm", type=int, default=20_000, help="requests in the warm-path run")
    parser.add_argument("--imports", type=int, default=5, help="fresh interpreters for the cold import")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    from tier_router import handler
    from tier_router.settings import Settings

    rng = random.Random(args.seed)
    with Emulator() as emu:
        env = client_environ(emu)
        os.environ.pop("AWS_PROFILE", None)
        os.environ.update(emu.env())
        acf_aws.reset_clients()
        records = fleet_of(args.agents)
        create_table(records)
        ids = sorted(records)
        print(f"emulator {emu.endpoint}; table {TABLE} with {len(ids)} agents")

        # 1. warm path
        clock = Clock()
        router = handler.build_router(Settings(table_name=TABLE, config_ttl_seconds=3600), clock=clock)
        drive(router, ids, clock, 0.0)  # fill the cache
        warm_ids = [rng.choice(ids) for _ in range(args.warm)]
        reads_before = router.store.reads
        latencies, wall = drive(router, warm_ids, clock, 0.0)
        assert router.store.reads == reads_before, "the warm path read the table"
        warm_rate = len(warm_ids) / wall

        # 2. reads per --requests requests, cached vs read-every-request, same request sequence
        sequence = [rng.choice(ids) for _ in range(args.requests)]
        step = args.window / args.requests
        results = {}
        for label, ttl in (("cached", args.ttl), ("naive", 0.0)):
            clock = Clock()
            router = handler.build_router(Settings(table_name=TABLE, config_ttl_seconds=ttl), clock=clock)
            lat, wall = drive(router, sequence, clock, step)
            results[label] = (router.store.reads, wall, lat)

        # 3. cold start
        imported, first = cold_import(args.imports, env)
        handler.use_router(None)

    cached_reads, cached_wall, cached_lat = results["cached"]
    naive_reads, naive_wall, naive_lat = results["naive"]
    rate = args.requests / args.window
    print()
    print("warm path (route mode, record cached, EMF flushed per request)")
    print(f"  decisions per second     {warm_rate:,.0f}  ({len(warm_ids):,} requests)")
    print(
        f"  latency p50 / p99        {percentile(latencies, 50) * 1e3:.3f} ms / {percentile(latencies, 99) * 1e3:.3f} ms"
    )
    print()
    print(
        f"DynamoDB reads for {args.requests:,} requests across {len(ids)} agents "
        f"({rate:.1f} requests/s over {args.window:.0f} simulated s)"
    )
    print(f"  cached (TTL {args.ttl:g} s)       {cached_reads:,} GetItem")
    print(f"  naive (read every request) {naive_reads:,} GetItem")
    print(f"  ratio naive / cached       {naive_reads / cached_reads:,.1f}x fewer reads with the cache")
    print(
        f"  decision p50 cached / naive {percentile(cached_lat, 50) * 1e3:.3f} ms / "
        f"{percentile(naive_lat, 50) * 1e3:.3f} ms ({percentile(naive_lat, 50) / percentile(cached_lat, 50):.1f}x)"
    )
    print(
        f"  throughput cached / naive  {args.requests / cached_wall:,.0f} / {args.requests / naive_wall:,.0f} "
        f"decisions/s ({naive_wall / cached_wall:.1f}x)"
    )
    print()
    print(f"cold start (median of {args.imports} fresh interpreters)")
    print(f"  import tier_router.handler {imported * 1e3:.0f} ms")
    print(f"  first request              {first * 1e3:.0f} ms (settings, catalogue, one GetItem)")
    print(f"  first request / warm p50   {first / percentile(latencies, 50):,.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
