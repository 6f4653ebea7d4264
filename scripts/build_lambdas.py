"""Build one reproducible zip per Lambda function under lambda_src/, and the layers they run with.

A function is a package ``lambda_src/<name>/`` with ``handler.py`` (exposing ``lambda_handler``). Each
zip holds only the project's own code the function imports (the closure of ``handler.py``'s imports
over ``lambda_src``, found with ``ast``: module-level and deferred imports alike) and the data files
those modules declare in a literal ``LAMBDA_DATA = ("data/<file>", ...)`` tuple, with sorted entries, a
fixed timestamp and fixed permissions, so the same inputs always give the same bytes. Editing a module
no function imports (the estimator, the guards) changes no function's zip. Third-party code is not
packed: Powertools comes from a layer (the official one by default), boto3 from the Lambda runtime.

Layers are built from the exact pins in ``requirements/layers/<layer>.txt`` (complete: installed with
``--no-deps``, pure-Python wheels only) under ``python/``:

- ``powertools``: a self-built Powertools layer for accounts that cannot use the official one;
- ``boto3``: boto3/botocore newer than the runtime's, for the pruner (AgentCore memory-record APIs),
  with botocore's service models trimmed to the services the pruner calls.

Output: ``build/lambda/<name>-<sha256[:16]>.zip`` per function and ``build/lambda/manifest.json``
mapping each function to its zip, handler and base64 SHA-256 (what ``filebase64sha256`` returns);
``build/lambda/layers/<layer>-<sha256[:16]>.zip`` and ``build/lambda/layers/manifest.json``. A full
build also refreshes the packages committed under each Lambda module (``modules/<module>/package/``),
which the modules deploy by default; tests/unit/test_build_lambdas.py fails when those are stale.

    python -m scripts.build_lambdas            # build every function and layer (skips unchanged ones)
    python -m scripts.build_lambdas tier_router --force
"""

from __future__ import annotations

import argparse
import ast
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SRC_ROOT = REPO_ROOT / "lambda_src"
OUT_DIR = REPO_ROOT / "build" / "lambda"
SHARED_PACKAGE = "agentcore_finops"
RUNTIME = "python3.12"
PYTHON_VERSION = "3.12"
# Pure-Python wheels only; the tags make pip refuse anything compiled for the build machine.
PLATFORMS = ("manylinux2014_aarch64", "manylinux2014_x86_64")
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
EXCLUDE_DIRS = {"__pycache__", "tests", ".pytest_cache", "bin"}
EXCLUDE_SUFFIXES = (".pyc", ".pyo")
BUILD_FORMAT = "3"  # bump when the zip layout changes (2: import closure; 3: own code only, layers)
DATA_DECLARATION = "LAMBDA_DATA"
# The fleet's rules and tier defaults live beside modules/agent-config (Terraform reads them there);
# the shared package reads them from its data folder, as the wheel does (pyproject force-include).
# They are packed with agentcore_finops/fleet_rules.py (which reads them), whenever a function imports it.
FLEET_DATA = ("fleet-rules.json", "tier-defaults.json")
FLEET_DATA_DIR = REPO_ROOT / "modules" / "agent-config"
MODULES_DIR = REPO_ROOT / "modules"
LAYER_PINS_DIR = REPO_ROOT / "requirements" / "layers"
LAYER_OUT_DIR = OUT_DIR / "layers"
COMMITTED_DIR = "package"  # modules/<module>/package/: the packages the modules deploy by default


@dataclass(frozen=True)
class LayerSpec:
    """A layer built from ``requirements/layers/<name>.txt``. ``botocore_services``: keep only these
    service models of botocore (and drop boto3's resource models); None keeps everything.
    ``committed_with``: the function whose module ships this layer in its package folder."""

    name: str
    botocore_services: tuple[str, ...] | None = None
    committed_with: str | None = None


LAYERS = {
    "powertools": LayerSpec("powertools"),
    # The pruner calls bedrock-agentcore only (ltm_pruner.handler.memory_client).
    "boto3": LayerSpec("boto3", botocore_services=("bedrock-agentcore",), committed_with="ltm_pruner"),
}


@dataclass(frozen=True)
class Package:
    name: str
    filename: str
    sha256_base64: str
    handler: str
    runtime: str
    size_bytes: int

    @property
    def path(self) -> Path:
        return OUT_DIR / self.filename


class BuildError(RuntimeError):
    pass


def discover(src_root: Path = SRC_ROOT) -> list[str]:
    return sorted(
        p.name
        for p in src_root.iterdir()
        if p.is_dir() and p.name != SHARED_PACKAGE and (p / "handler.py").is_file()
    )


def _files(root: Path) -> list[Path]:
    out = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part in EXCLUDE_DIRS for part in rel.parts[:-1]) or path.name in EXCLUDE_DIRS:
            continue
        if path.is_file() and not path.name.endswith(EXCLUDE_SUFFIXES):
            out.append(path)
    return out


def _requirements(req: Path) -> list[str]:
    if not req.exists():
        raise BuildError(f"{req} does not exist: a layer needs its exact pins")
    pins = []
    for raw in req.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if "==" not in line:
            raise BuildError(f"{req}: '{line}' must be an exact pin (name==version) for a reproducible build")
        pins.append(line)
    return pins


def _module_file(module: str, src_root: Path) -> Path | None:
    """The file of a project module under src_root (package ``__init__.py`` or ``.py``), else None."""
    base = src_root.joinpath(*module.split("."))
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


def _imported_names(tree: ast.AST, module: str, is_package: bool) -> list[str]:
    """Every absolute module name an import statement in ``tree`` may load (parents included)."""
    package = module if is_package else module.rpartition(".")[0]
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                if node.level - 1 >= len(parts):
                    raise BuildError(f"{module}: relative import beyond the top-level package")
                anchor = ".".join(parts[: len(parts) - (node.level - 1)])
                target = f"{anchor}.{node.module}" if node.module else anchor
            else:
                target = node.module or ""
            names.append(target)
            # ``from pkg import name``: name may be a submodule.
            names += [f"{target}.{alias.name}" for alias in node.names if alias.name != "*"]
    out = []
    for name in names:
        parts = name.split(".")
        out += [".".join(parts[: i + 1]) for i in range(len(parts))]
    return out


def _declared_data(tree: ast.Module, path: Path) -> list[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == DATA_DECLARATION for t in node.targets
        ):
            try:
                value = ast.literal_eval(node.value)
            except ValueError as exc:
                raise BuildError(f"{path}: {DATA_DECLARATION} must be a literal tuple of paths") from exc
            if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
                raise BuildError(f"{path}: {DATA_DECLARATION} must be a literal tuple of paths")
            return list(value)
    return []


def closure(name: str, src_root: Path = SRC_ROOT) -> list[Path]:
    """The project files a function needs at run time: its handler's import closure plus declared data."""
    seen: dict[str, Path] = {}
    data: set[Path] = set()
    todo = [name, f"{name}.handler"]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        path = _module_file(module, src_root)
        if path is None:
            continue  # standard library, the runtime's boto3 or a vendored requirement
        seen[module] = path
        try:
            tree = ast.parse(path.read_bytes(), filename=str(path))
        except SyntaxError as exc:
            raise BuildError(f"{path}: cannot be parsed: {exc}") from exc
        todo += _imported_names(tree, module, path.name == "__init__.py")
        for rel in _declared_data(tree, path):
            file = (path.parent / rel).resolve()
            if not file.is_file() or src_root.resolve() not in file.parents:
                raise BuildError(f"{path}: {DATA_DECLARATION} names '{rel}', not a file under {src_root}")
            data.add(file)
    files = set(seen.values()) | {src_root / f.relative_to(src_root.resolve()) for f in data}
    return sorted(files)


def input_digest(name: str, src_root: Path = SRC_ROOT) -> str:
    """Hash of everything that goes into a function's zip, to skip rebuilding unchanged functions."""
    h = hashlib.sha256(f"{BUILD_FORMAT}|{PYTHON_VERSION}".encode())
    inputs = closure(name, src_root)
    for path in inputs:
        h.update(str(path.relative_to(src_root)).encode() + b"\0" + path.read_bytes() + b"\0")
    for arcname, path in _fleet_data(inputs, src_root):
        h.update(arcname.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _fleet_data(packed: list[Path], src_root: Path = SRC_ROOT) -> list[tuple[str, Path]]:
    """The fleet's data files, when ``packed`` holds agentcore_finops/fleet_rules.py (which reads them)."""
    if src_root / SHARED_PACKAGE / "fleet_rules.py" not in packed:
        return []
    return [(f"{SHARED_PACKAGE}/data/{n}", FLEET_DATA_DIR / n) for n in FLEET_DATA]


def _check_data(packed: list[Path], src_root: Path = SRC_ROOT) -> None:
    """Check the data files a Lambda reads without checks at run time before packing them: the price
    catalogue (agentcore_finops.pricing loads the packaged file without ``pricing_check``)."""
    prices = src_root / SHARED_PACKAGE / "data" / "prices.json"
    if prices not in packed:
        return
    from agentcore_finops.errors import FieldError, FieldErrors
    from agentcore_finops.pricing import load_catalogue

    try:
        load_catalogue(prices)  # a file path: every check of pricing_check
    except (FieldError, FieldErrors) as exc:
        raise BuildError(f"{prices} fails the catalogue checks: {exc}") from exc


def _vendor(pins: list[str], target: Path) -> None:
    if not pins:
        return
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--no-compile",
        "--only-binary=:all:",
        "--implementation",
        "cp",
        "--python-version",
        PYTHON_VERSION,
        "--target",
        str(target),
    ]
    for platform in PLATFORMS:
        cmd += ["--platform", platform]
    proc = subprocess.run(cmd + pins, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BuildError(f"pip could not vendor {pins}:\n{proc.stderr.strip()}")


def _write_zip(zip_path: Path, entries: list[tuple[str, Path]]) -> None:
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for arcname, path in sorted(entries):
            info = zipfile.ZipInfo(arcname, date_time=FIXED_DATE)
            info.external_attr = 0o100644 << 16  # regular file, rw-r--r--
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the mode bits are honoured
            zf.writestr(info, path.read_bytes())


def build(name: str, src_root: Path = SRC_ROOT, out_dir: Path = OUT_DIR, force: bool = False) -> Package:
    fn_dir = src_root / name
    if not (fn_dir / "handler.py").is_file():
        raise BuildError(f"{fn_dir} has no handler.py: not a Lambda function package")
    if (fn_dir / "requirements.txt").exists():
        raise BuildError(
            f"{fn_dir / 'requirements.txt'}: a function zip holds its own code only; third-party code "
            f"comes from a layer (pins in requirements/layers/<layer>.txt)"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    digest = input_digest(name, src_root)
    stamp = out_dir / ".inputs" / f"{name}.json"
    if not force and stamp.exists():
        recorded = json.loads(stamp.read_text())
        if recorded.get("input_digest") == digest and (out_dir / recorded["package"]["filename"]).exists():
            return Package(**recorded["package"])

    with tempfile.TemporaryDirectory(prefix=f"build-{name}-") as tmp:
        packed = closure(name, src_root)
        _check_data(packed, src_root)
        entries = [(str(p.relative_to(src_root)), p) for p in packed]
        entries += _fleet_data(packed, src_root)
        staging = Path(tmp) / "package.zip"
        _write_zip(staging, entries)
        data = staging.read_bytes()

    sha = hashlib.sha256(data)
    filename = f"{name}-{sha.hexdigest()[:16]}.zip"
    for old in out_dir.glob(f"{name}-*.zip"):
        if old.name != filename:
            old.unlink()
    (out_dir / filename).write_bytes(data)
    package = Package(
        name=name,
        filename=filename,
        sha256_base64=base64.b64encode(sha.digest()).decode(),
        handler=f"{name}.handler.lambda_handler",
        runtime=RUNTIME,
        size_bytes=len(data),
    )
    stamp.parent.mkdir(exist_ok=True)
    stamp.write_text(json.dumps({"input_digest": digest, "package": package.__dict__}, indent=2) + "\n")
    return package


def _trim_botocore(root: Path, services: tuple[str, ...]) -> None:
    """Keep botocore's shared data (endpoints, partitions, retry and default configuration) and the
    models of ``services``; drop every other service model and boto3's resource models."""
    data = root / "botocore" / "data"
    if not data.is_dir():
        raise BuildError(f"{data} is missing: the layer's pins must include botocore")
    unknown = sorted(s for s in services if not (data / s).is_dir())
    if unknown:
        raise BuildError(f"botocore has no service model(s) {unknown}; check LAYERS in {__name__}")
    for path in sorted(data.iterdir()):
        if path.is_dir() and path.name not in services:
            shutil.rmtree(path)
    boto3_data = root / "boto3" / "data"
    if boto3_data.is_dir():
        shutil.rmtree(boto3_data)


def layer_digest(spec: LayerSpec, pins_dir: Path = LAYER_PINS_DIR) -> str:
    h = hashlib.sha256(
        f"{BUILD_FORMAT}|{PYTHON_VERSION}|{','.join(PLATFORMS)}|{spec.botocore_services}".encode()
    )
    h.update("\n".join(_requirements(pins_dir / f"{spec.name}.txt")).encode())
    return h.hexdigest()


def build_layer(
    spec: LayerSpec, out_dir: Path = LAYER_OUT_DIR, pins_dir: Path = LAYER_PINS_DIR, force: bool = False
) -> Package:
    """A layer zip (``python/...``) from the layer's exact pins, reproducible and named by its hash."""
    out_dir.mkdir(parents=True, exist_ok=True)
    digest = layer_digest(spec, pins_dir)
    stamp = out_dir / ".inputs" / f"{spec.name}.json"
    if not force and stamp.exists():
        recorded = json.loads(stamp.read_text())
        if recorded.get("input_digest") == digest and (out_dir / recorded["package"]["filename"]).exists():
            return Package(**recorded["package"])
    with tempfile.TemporaryDirectory(prefix=f"layer-{spec.name}-") as tmp:
        site = Path(tmp) / "python"
        site.mkdir()
        _vendor(_requirements(pins_dir / f"{spec.name}.txt"), site)
        if spec.botocore_services is not None:
            _trim_botocore(site, spec.botocore_services)
        # *.dist-info/RECORD lists every installed file, trimmed ones too; keep the metadata only.
        entries = [
            (f"python/{p.relative_to(site).as_posix()}", p)
            for p in _files(site)
            if not (p.name in {"RECORD", "INSTALLER", "REQUESTED"} and p.parent.name.endswith(".dist-info"))
        ]
        staging = Path(tmp) / "layer.zip"
        _write_zip(staging, entries)
        data = staging.read_bytes()
    sha = hashlib.sha256(data)
    filename = f"{spec.name}-{sha.hexdigest()[:16]}.zip"
    for old in out_dir.glob(f"{spec.name}-*.zip"):
        if old.name != filename:
            old.unlink()
    (out_dir / filename).write_bytes(data)
    package = Package(
        name=spec.name,
        filename=filename,
        sha256_base64=base64.b64encode(sha.digest()).decode(),
        handler="",
        runtime=RUNTIME,
        size_bytes=len(data),
    )
    stamp.parent.mkdir(exist_ok=True)
    stamp.write_text(json.dumps({"input_digest": digest, "package": package.__dict__}, indent=2) + "\n")
    return package


def module_dir(function: str, modules_dir: Path = MODULES_DIR) -> Path:
    """The Lambda module that deploys ``function`` (tier_router -> modules/tier-router)."""
    return modules_dir / function.replace("_", "-")


def committed_files(modules_dir: Path = MODULES_DIR) -> dict[Path, tuple[str, str]]:
    """Every committed package: path -> (kind, name), kind "function" or "layer"."""
    out: dict[Path, tuple[str, str]] = {}
    for name in discover():
        out[module_dir(name, modules_dir) / COMMITTED_DIR / f"{name}.zip"] = ("function", name)
    for spec in LAYERS.values():
        if spec.committed_with:
            out[module_dir(spec.committed_with, modules_dir) / COMMITTED_DIR / f"{spec.name}-layer.zip"] = (
                "layer",
                spec.name,
            )
    return out


def publish(
    packages: dict[str, Package], layers: dict[str, Package], modules_dir: Path = MODULES_DIR
) -> list[Path]:
    """Copy the built packages to the module folders that commit them; returns the files written."""
    written = []
    for path, (kind, name) in committed_files(modules_dir).items():
        built = packages[name].path if kind == "function" else LAYER_OUT_DIR / layers[name].filename
        data = built.read_bytes()
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
    return written


def write_manifest(packages: list[Package], out_dir: Path = OUT_DIR) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = out_dir / "manifest.json"
    body = {p.name: {k: v for k, v in p.__dict__.items() if k != "name"} for p in packages}
    manifest.write_text(json.dumps(body, indent=2, sort_keys=True) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("functions", nargs="*", help="function names (default: all under lambda_src/)")
    parser.add_argument("--force", action="store_true", help="rebuild even when the inputs are unchanged")
    args = parser.parse_args(argv)
    available = discover()
    unknown = sorted(set(args.functions) - set(available))
    if unknown:
        print(f"error: unknown function(s) {unknown}; available: {available}", file=sys.stderr)
        return 2
    try:
        packages = [build(n, force=args.force) for n in (args.functions or available)]
        layers = (
            {} if args.functions else {n: build_layer(spec, force=args.force) for n, spec in LAYERS.items()}
        )
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not args.functions:
        # Full builds own the manifests and refresh the committed packages; partial builds merge.
        write_manifest(packages)
        write_manifest(list(layers.values()), LAYER_OUT_DIR)
        for path in publish({p.name: p for p in packages}, layers):
            print(f"refreshed {path.relative_to(REPO_ROOT)} (commit it)")
        for layer in layers.values():
            print(
                f"layer {layer.name}: build/lambda/layers/{layer.filename} ({layer.size_bytes / 1e3:.0f} KB)"
            )
    else:
        existing = {}
        manifest = OUT_DIR / "manifest.json"
        if manifest.exists():
            existing = {n: Package(name=n, **v) for n, v in json.loads(manifest.read_text()).items()}
        existing.update({p.name: p for p in packages})
        write_manifest(sorted(existing.values(), key=lambda p: p.name))
    for p in packages:
        print(f"{p.name}: build/lambda/{p.filename} ({p.size_bytes / 1e3:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
