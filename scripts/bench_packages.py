"""Benchmark the Lambda packages: own-code size and cold import time per function, before (every zip
carried the whole ``agentcore_finops`` package) and after (the handler's import closure only).

    python -m scripts.bench_packages               # builds into a temporary directory
    python -m scripts.bench_packages --imports 15

For each function under lambda_src/ it builds the real zip with scripts.build_lambdas (vendored
requirements included), then measures:

- zip bytes: the whole zip as deployed;
- own code: the compressed bytes of the project's files in the zip (what the project ships, without
  vendored requirements), against the same files packed the old way (function package plus the whole
  ``agentcore_finops`` package);
- cold import: ``import <function>.handler`` in fresh interpreters (``python -S``, median of
  ``--imports``) with the project's files zipped the new way (after) or the old way (before) and the
  build machine's site-packages (Powertools, boto3) on the path in both, so the difference is the
  project's own code. Powertools and boto3 are imported first and not counted: they cost the same
  either way. The time includes compiling the zipped sources, as a zip without bytecode does. The
  two layouts are measured alternately so the machine's load affects both alike.

Both layouts are measured in the same run on the same machine; the ratio is what to compare across
machines. The goals are at most 200 KB of own code per function and an import of at most 100 ms.
"""

from __future__ import annotations

import argparse
import json
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

_TIMED_IMPORT = """
import sys, time
path, site, name = sys.argv[1:4]
sys.path[:0] = [path]
sys.path.append(site)
import boto3, botocore.exceptions, aws_lambda_powertools, aws_lambda_powertools.metrics  # shared deps first
t0 = time.perf_counter()
__import__(name + ".handler")
print((time.perf_counter() - t0) * 1000)
"""


def _own_bytes(zip_path: Path, prefixes: tuple[str, ...]) -> int:
    with zipfile.ZipFile(zip_path) as zf:
        return sum(i.compress_size for i in zf.infolist() if i.filename.startswith(prefixes))


def _old_layout(name: str, out: Path) -> Path:
    """The pre-0.2 layout: the function package and the whole shared package, vendored files aside."""
    packed = [p for pkg in (name, bl.SHARED_PACKAGE) for p in bl._files(bl.SRC_ROOT / pkg)]
    entries = [(str(p.relative_to(bl.SRC_ROOT)), p) for p in packed]
    entries += bl._fleet_data(packed)  # the fleet's rules, which agentcore_finops.fleet reads on import
    path = out / f"{name}-before.zip"
    bl._write_zip(path, entries)
    return path


def _new_layout(name: str, out: Path) -> Path:
    """The project's files of the new zip (the import closure), vendored files aside."""
    path = out / f"{name}-after.zip"
    packed = bl.closure(name)
    bl._write_zip(path, [(str(p.relative_to(bl.SRC_ROOT)), p) for p in packed] + bl._fleet_data(packed))
    return path


def _import_ms(paths: tuple[Path, Path], name: str, runs: int) -> tuple[float, float]:
    """Median import times of the two layouts, measured alternately so machine load hits both."""
    site = sysconfig.get_paths()["purelib"]
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for i, path in enumerate(paths):
            proc = subprocess.run(
                [sys.executable, "-S", "-c", _TIMED_IMPORT, str(path), site, name],
                capture_output=True,
                text=True,
                env={"AWS_DEFAULT_REGION": "us-east-1", "PATH": "/usr/bin:/bin"},
                check=True,
            )
            times[i].append(float(proc.stdout.strip()))
    return statistics.median(times[0]), statistics.median(times[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--imports", type=int, default=9, help="fresh interpreters per measurement")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-packages-") as tmp:
        out = Path(tmp)
        for name in bl.discover():
            package = bl.build(name, out_dir=out / "after", force=True)
            after_zip = out / "after" / package.filename
            before_zip = _old_layout(name, out)
            own = (f"{name}/", f"{bl.SHARED_PACKAGE}/")
            before_ms, after_ms = _import_ms((before_zip, _new_layout(name, out)), name, args.imports)
            rows.append(
                {
                    "function": name,
                    "zip_bytes": package.size_bytes,
                    "own_code_bytes_before": _own_bytes(before_zip, own),
                    "own_code_bytes_after": _own_bytes(after_zip, own),
                    "import_ms_before": round(before_ms, 1),
                    "import_ms_after": round(after_ms, 1),
                }
            )
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(
        f"{'function':<24}{'zip KB':>9}{'own KB before':>15}{'own KB after':>14}{'ratio':>7}"
        f"{'import ms before':>18}{'after':>8}{'ratio':>7}"
    )
    for r in rows:
        print(
            f"{r['function']:<24}{r['zip_bytes'] / 1024:>9.1f}{r['own_code_bytes_before'] / 1024:>15.1f}"
            f"{r['own_code_bytes_after'] / 1024:>14.1f}"
            f"{r['own_code_bytes_after'] / r['own_code_bytes_before']:>7.2f}"
            f"{r['import_ms_before']:>18.1f}{r['import_ms_after']:>8.1f}"
            f"{r['import_ms_after'] / r['import_ms_before']:>7.2f}"
        )
    over = [r["function"] for r in rows if r["own_code_bytes_after"] > OWN_CODE_GOAL]
    slow = [r["function"] for r in rows if r["import_ms_after"] > IMPORT_GOAL_MS]
    print(f"own code <= {OWN_CODE_GOAL // 1024} KB: {'all' if not over else 'not ' + ', '.join(over)}")
    print(f"import <= {IMPORT_GOAL_MS:.0f} ms here: {'all' if not slow else 'not ' + ', '.join(slow)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
