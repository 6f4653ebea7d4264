"""Benchmark the Lambda packages: zip sizes (own code and total) and cold-start import time per
function, before (0.1.0: one zip per function with its import closure plus vendored Powertools, and
boto3 for the pruner) and after (own code only in the zip; Powertools from a layer, boto3 from the
runtime or, for the pruner, from a small layer with botocore trimmed to bedrock-agentcore).

    python -m scripts.bench_packages               # builds into a temporary directory
    python -m scripts.bench_packages --imports 15 --json
    python -m scripts.bench_packages --breakdown tier_router   # one function, time per module

For each function under lambda_src/ it builds both layouts with scripts.build_lambdas (pip installs
the pins from the local package index), then measures:

- zip KB: the function's zip as deployed (before: code and vendored packages; after: own code);
- own KB: the compressed bytes of the project's files in that zip;
- layer KB: what the function attaches after (the self-built Powertools layer stands in for the
  official one, which holds the same package; plus the pruner's boto3 layer);
- cold import ms: ``import <function>.handler`` in fresh interpreters (``python -S``: no
  site-packages; median of ``--imports``), everything the handler imports counted;
- own import CPU ms: the same with boto3 and Powertools imported first, untimed: the project's own
  code (the goal), in CPU time of the interpreter, which a busy shared machine disturbs far less
  than wall time (on an idle one they agree); ``--breakdown`` splits it by module. Before, the
  vendored packages are imported from the zip, as Lambda does with a zip on the path; after, from the
  extracted layers (Lambda extracts layers to /opt/python); in both, the build machine's boto3,
  botocore, urllib3 and dateutil stand in for the runtime's, last on the path. The interpreters do not share a bytecode cache between
  runs; the two layouts are measured alternately so the machine's load affects both alike.

Both layouts are measured in the same run on the same machine: the ratios are what to compare across
machines. The goals are at most 200 KB of own code per function and an own-code import of at most
100 ms (issue #14).
"""

from __future__ import annotations

import argparse
import compileall
import json
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

from scripts import build_lambdas as bl

OWN_CODE_GOAL = 200 * 1024
IMPORT_GOAL_MS = 100.0

# What 0.1.0 vendored into each zip (lambda_src/<function>/requirements.txt at 0.1.0).
POWERTOOLS_PINS = ["aws-lambda-powertools==3.37.0", "jmespath==1.1.0", "typing_extensions==4.16.0"]
BEFORE_PINS = {
    "log_retention_auditor": POWERTOOLS_PINS,
    "tier_router": POWERTOOLS_PINS,
    "ltm_pruner": [
        *POWERTOOLS_PINS,
        "boto3==1.44.8",
        "botocore==1.44.8",
        "python-dateutil==2.9.0.post0",
        "s3transfer==0.19.3",
        "six==1.17.0",
        "urllib3==2.8.0",
    ],
    # Added after 0.1.0: measured in the same old layout (Powertools vendored) for the comparison.
    "usage_digest": POWERTOOLS_PINS,
}
# The layers each function attaches after.
AFTER_LAYERS = {
    "log_retention_auditor": ["powertools"],
    "tier_router": ["powertools"],
    "ltm_pruner": ["powertools", "boto3"],
    "usage_digest": ["powertools"],
}
# What the Lambda runtime provides, stood in for by the build machine's copies, last on the path in
# both layouts: boto3 (the router and the auditor use the runtime's) and what botocore relies on.
RUNTIME_STANDINS = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3", "dateutil", "six.py")

_PRELOAD = """
import importlib, json, sys, time
paths, name, preload = sys.argv[1].split("|"), sys.argv[2], json.loads(sys.argv[3])
sys.path[:0] = paths
sys.dont_write_bytecode = True
for module in preload:  # own code only: the other modules it loads are imported first, untimed
    try:
        importlib.import_module(module)
    except Exception:  # aliases such as typing.io or __mp_main__ are not importable by name
        pass
"""
# Prints the wall and the CPU (process) time of the import, in ms.
_TIMED_IMPORT = (
    _PRELOAD
    + """t0, c0 = time.perf_counter(), time.process_time()
__import__(name + ".handler")
print((time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000)
"""
)
# Prints the project modules in the order their imports complete (each after the ones it imports).
_IMPORT_ORDER = (
    _PRELOAD
    + """print("--own code--", file=sys.stderr, flush=True)
__import__(name + ".handler")
"""
)
# Imports the project modules one by one in that order: each time is one module's own compile and run.
_IMPORT_BY_MODULE = (
    _PRELOAD
    + """times = {}
for module in json.loads(sys.argv[4]):
    c0 = time.process_time()
    importlib.import_module(module)
    times[module] = (time.process_time() - c0) * 1000
print(json.dumps(times))
"""
)
_ENV = {"AWS_DEFAULT_REGION": "us-east-1", "PATH": "/usr/bin:/bin"}


def _own_bytes(zip_path: Path) -> int:
    with zipfile.ZipFile(zip_path) as zf:
        return sum(
            i.compress_size
            for i in zf.infolist()
            if i.filename.split("/")[0] in {bl.SHARED_PACKAGE, *bl.discover()}
        )


def _before_zip(name: str, out: Path) -> Path:
    """The 0.1.0 zip: the import closure plus the vendored pins, written the same reproducible way."""
    vendor = out / f"vendor-{name}"
    vendor.mkdir(parents=True)
    bl._vendor(BEFORE_PINS[name], vendor)
    entries = [(p.relative_to(vendor).as_posix(), p) for p in bl._files(vendor)]
    packed = bl.closure(name)
    entries += [(str(p.relative_to(bl.SRC_ROOT)), p) for p in packed] + bl._fleet_data(packed)
    path = out / f"{name}-before.zip"
    bl._write_zip(path, entries)
    return path


def _runtime_standins(out: Path) -> Path:
    site = Path(sysconfig.get_paths()["purelib"])
    runtime = out / "runtime"
    runtime.mkdir(exist_ok=True)
    for mod in RUNTIME_STANDINS:
        src = site / mod
        if not (runtime / mod).exists():
            (shutil.copytree if src.is_dir() else shutil.copy)(src, runtime / mod)
    # The runtime ships its packages compiled; the layers and zips here are not.
    compileall.compile_dir(runtime, quiet=1)
    return runtime


_THIRD_PARTY = """
import json, sys
paths, name, own = sys.argv[1].split("|"), sys.argv[2], set(sys.argv[3].split(","))
sys.path[:0] = paths
before = set(sys.modules)
__import__(name + ".handler")
print(json.dumps(sorted(m for m in set(sys.modules) - before if m.split(".")[0] not in own)))
"""


def _third_party(paths: list[Path], name: str) -> list[str]:
    """The modules outside the project's own code that importing the handler loads."""
    own = ",".join([bl.SHARED_PACKAGE, *bl.discover()])
    proc = subprocess.run(
        [sys.executable, "-S", "-c", _THIRD_PARTY, "|".join(map(str, paths)), name, own],
        capture_output=True,
        text=True,
        env=_ENV,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _run(*args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-S", *args], capture_output=True, text=True, env=_ENV)
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, proc.args, proc.stdout, proc.stderr)
    return proc


def _own_breakdown(paths: list[Path], name: str, runs: int) -> dict[str, float]:
    """Each project module's own import CPU time in ms (compiling and running its body, not the
    modules it imports), median of ``runs`` fresh interpreters; slowest first. The order comes from
    ``python -X importtime``; then the modules are imported one by one in that order, each after
    the ones it imports, with the other modules imported first, untimed (as for the own import)."""
    own = {bl.SHARED_PACKAGE, *bl.discover()}
    path = "|".join(map(str, paths))
    preload = json.dumps(_third_party(paths, name))
    order = []
    timed = _run("-X", "importtime", "-c", _IMPORT_ORDER, path, name, preload).stderr
    for line in timed.split("--own code--\n", 1)[1].splitlines():
        # "import time:       154 |        987 |   tier_router.contract"
        module = line.rpartition("|")[2].strip()
        if line.startswith("import time:") and module.split(".")[0] in own:
            order.append(module)
    samples: dict[str, list[float]] = {m: [] for m in order}
    for _ in range(runs):
        times = json.loads(_run("-c", _IMPORT_BY_MODULE, path, name, preload, json.dumps(order)).stdout)
        for module, ms in times.items():
            samples[module].append(ms)
    medians = {m: round(statistics.median(v), 1) for m, v in samples.items()}
    return dict(sorted(medians.items(), key=lambda kv: -kv[1]))


def _import_ms(
    layouts: tuple[list[Path], list[Path]],
    name: str,
    runs: int,
    own_only: bool = False,
    cpu: bool = False,
) -> tuple[float, float]:
    """Median import times of the two layouts (each a sys.path list), measured alternately: wall
    time, or with ``cpu`` the process's CPU time (steadier on a shared machine)."""
    times: tuple[list[float], list[float]] = ([], [])
    preload = [json.dumps(_third_party(paths, name) if own_only else []) for paths in layouts]
    for _ in range(runs):
        for i, paths in enumerate(layouts):
            proc = _run("-c", _TIMED_IMPORT, "|".join(map(str, paths)), name, preload[i])
            wall, cpu_ms = map(float, proc.stdout.strip().splitlines()[-1].split())
            times[i].append(cpu_ms if cpu else wall)
    return statistics.median(times[0]), statistics.median(times[1])


def measure(runs: int, out: Path, functions: list[str] | None = None, breakdown: bool = False) -> list[dict]:
    layers = {}
    for layer, spec in bl.LAYERS.items():
        package = bl.build_layer(spec, out_dir=out / "layers", force=True)
        zip_path = out / "layers" / package.filename
        with zipfile.ZipFile(zip_path) as zf:
            zf.extractall(out / "opt" / layer)
        layers[layer] = (zip_path.stat().st_size, out / "opt" / layer / "python")
    runtime = _runtime_standins(out)
    rows = []
    for name in functions or bl.discover():
        after = bl.build(name, out_dir=out / "after", force=True)
        after_zip = out / "after" / after.filename
        before_zip = _before_zip(name, out)
        after_path = [after_zip, *(layers[layer][1] for layer in AFTER_LAYERS[name]), runtime]
        layouts = ([before_zip, runtime], after_path)
        before_ms, after_ms = _import_ms(layouts, name, runs)
        own_before_ms, own_after_ms = _import_ms(layouts, name, runs, own_only=True, cpu=True)
        rows.append(
            {
                "function": name,
                "zip_bytes_before": before_zip.stat().st_size,
                "zip_bytes_after": after_zip.stat().st_size,
                "own_code_bytes_before": _own_bytes(before_zip),
                "own_code_bytes_after": _own_bytes(after_zip),
                "layer_bytes_after": sum(layers[layer][0] for layer in AFTER_LAYERS[name]),
                "import_ms_before": round(before_ms, 1),
                "import_ms_after": round(after_ms, 1),
                "own_import_cpu_ms_before": round(own_before_ms, 1),
                "own_import_cpu_ms_after": round(own_after_ms, 1),
            }
        )
        if breakdown:
            rows[-1]["own_import_cpu_ms_by_module_after"] = _own_breakdown(after_path, name, runs)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--imports", type=int, default=9, help="fresh interpreters per measurement")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="also time each project module's own import (after): its compile and run, in CPU ms",
    )
    parser.add_argument("functions", nargs="*", help="function names (default: all under lambda_src/)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.functions) - set(bl.discover()))
    if unknown:
        parser.error(f"unknown function(s) {unknown}; available: {bl.discover()}")
    with tempfile.TemporaryDirectory(prefix="bench-packages-") as tmp:
        rows = measure(args.imports, Path(tmp), args.functions, args.breakdown)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(
        f"{'function':<23}{'zip KB before':>14}{'after':>8}{'ratio':>7}{'own KB before':>15}{'after':>7}"
        f"{'layers KB':>11}{'import ms before':>18}{'after':>7}{'ratio':>7}"
        f"{'own import CPU ms before':>26}{'after':>7}"
    )
    for r in rows:
        print(
            f"{r['function']:<23}{r['zip_bytes_before'] / 1024:>14.1f}{r['zip_bytes_after'] / 1024:>8.1f}"
            f"{r['zip_bytes_after'] / r['zip_bytes_before']:>7.3f}"
            f"{r['own_code_bytes_before'] / 1024:>15.1f}{r['own_code_bytes_after'] / 1024:>7.1f}"
            f"{r['layer_bytes_after'] / 1024:>11.1f}"
            f"{r['import_ms_before']:>18.1f}{r['import_ms_after']:>7.1f}"
            f"{r['import_ms_after'] / r['import_ms_before']:>7.2f}"
            f"{r['own_import_cpu_ms_before']:>26.1f}{r['own_import_cpu_ms_after']:>7.1f}"
        )
    for r in rows:
        if "own_import_cpu_ms_by_module_after" in r:
            modules = r["own_import_cpu_ms_by_module_after"]
            print(f"\n{r['function']}: own import CPU ms by module (after; median)")
            for module, ms in modules.items():
                print(f"  {module:<44}{ms:>7.1f}")
            print(f"  {'sum':<44}{sum(modules.values()):>7.1f}")
    over = [r["function"] for r in rows if r["own_code_bytes_after"] > OWN_CODE_GOAL]
    slow = [r["function"] for r in rows if r["own_import_cpu_ms_after"] > IMPORT_GOAL_MS]
    print(f"own code <= {OWN_CODE_GOAL // 1024} KB: {'all' if not over else 'not ' + ', '.join(over)}")
    print(
        f"own-code import <= {IMPORT_GOAL_MS:.0f} ms (CPU) here: {'all' if not slow else 'not ' + ', '.join(slow)}"
        " (the full cold import also compiles the layers' and zips' sources, which ship without bytecode)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
