"""scripts.build_lambdas: reproducible, content-addressed Lambda zips."""

from __future__ import annotations

import base64
import hashlib
import json
import modulefinder
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from scripts import build_lambdas as bl


@pytest.fixture
def src(tmp_path):
    root = tmp_path / "lambda_src"
    (root / "agentcore_finops").mkdir(parents=True)
    (root / "agentcore_finops" / "__init__.py").write_text("VERSION = 1\n")
    (root / "agentcore_finops" / "__pycache__").mkdir()
    (root / "agentcore_finops" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"junk")
    fn = root / "probe_fn"
    fn.mkdir()
    (fn / "__init__.py").write_text("")
    (fn / "handler.py").write_text("def lambda_handler(event, context):\n    return event\n")
    (root / "not_a_function").mkdir()
    return root


def test_discover_finds_packages_with_a_handler(src):
    assert bl.discover(src) == ["probe_fn"]


def test_build_is_reproducible_and_named_by_content(src, tmp_path):
    out1, out2 = tmp_path / "out1", tmp_path / "out2"
    p1 = bl.build("probe_fn", src_root=src, out_dir=out1)
    p2 = bl.build("probe_fn", src_root=src, out_dir=out2, force=True)
    data = (out1 / p1.filename).read_bytes()
    assert data == (out2 / p2.filename).read_bytes()
    assert p1.filename == f"probe_fn-{hashlib.sha256(data).hexdigest()[:16]}.zip"
    assert p1.sha256_base64 == base64.b64encode(hashlib.sha256(data).digest()).decode()
    assert p1.handler == "probe_fn.handler.lambda_handler"


def test_zip_entries_are_sorted_with_fixed_time_and_mode_and_no_bytecode(src, tmp_path):
    p = bl.build("probe_fn", src_root=src, out_dir=tmp_path / "out")
    with zipfile.ZipFile(tmp_path / "out" / p.filename) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert names == ["probe_fn/__init__.py", "probe_fn/handler.py"]  # imports nothing of agentcore_finops
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_a_source_change_changes_the_name_and_removes_the_old_zip(src, tmp_path):
    out = tmp_path / "out"
    first = bl.build("probe_fn", src_root=src, out_dir=out)
    (src / "probe_fn" / "handler.py").write_text("def lambda_handler(event, context):\n    return None\n")
    second = bl.build("probe_fn", src_root=src, out_dir=out)
    assert first.filename != second.filename
    assert sorted(p.name for p in out.glob("*.zip")) == [second.filename]


def test_unchanged_inputs_are_not_rebuilt(src, tmp_path):
    out = tmp_path / "out"
    first = bl.build("probe_fn", src_root=src, out_dir=out)
    (out / first.filename).touch()
    mtime = (out / first.filename).stat().st_mtime_ns
    assert bl.build("probe_fn", src_root=src, out_dir=out) == first
    assert (out / first.filename).stat().st_mtime_ns == mtime


def test_a_function_with_requirements_is_refused_naming_the_layers(src, tmp_path):
    """Function zips hold own code only: third-party code belongs in a layer."""
    (src / "probe_fn" / "requirements.txt").write_text("aws-lambda-powertools==3.37.0\n")
    with pytest.raises(
        bl.BuildError, match=r"requirements\.txt: a function zip holds its own code only.*layer"
    ):
        bl.build("probe_fn", src_root=src, out_dir=tmp_path / "out")


@pytest.mark.parametrize(
    "pins, message", [("aws-lambda-powertools>=3\n", "exact pin"), (None, "does not exist")]
)
def test_layer_pins_must_exist_and_be_exact(tmp_path, pins, message):
    if pins is not None:
        (tmp_path / "powertools.txt").write_text(pins)
    with pytest.raises(bl.BuildError, match=message):
        bl.build_layer(bl.LAYERS["powertools"], out_dir=tmp_path / "out", pins_dir=tmp_path)


def test_a_folder_without_handler_is_refused(src, tmp_path):
    with pytest.raises(bl.BuildError, match=r"no handler\.py"):
        bl.build("not_a_function", src_root=src, out_dir=tmp_path / "out")


def test_manifest_lists_every_package(src, tmp_path):
    out = tmp_path / "out"
    p = bl.build("probe_fn", src_root=src, out_dir=out)
    manifest = bl.write_manifest([p], out_dir=out)
    import json

    body = json.loads(manifest.read_text())
    assert body["probe_fn"]["filename"] == p.filename and body["probe_fn"]["runtime"] == "python3.12"


# ------------------------------------------------------------------------------------------------
# runtime boundary: each zip holds the handler's import closure and nothing else


def _write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_only_imported_project_modules_and_declared_data_are_packed(src, tmp_path):
    _write(src, "agentcore_finops/used.py", "import json\nLAMBDA_DATA = ('data/used.json',)\n")
    _write(src, "agentcore_finops/data/used.json", "{}\n")
    _write(src, "agentcore_finops/data/other.json", "{}\n")
    _write(src, "agentcore_finops/unused.py", "X = 1\n")
    _write(src, "agentcore_finops/sub/__init__.py", "")
    _write(src, "agentcore_finops/sub/deep.py", "from ..used import LAMBDA_DATA\n")
    _write(src, "probe_fn/helper.py", "def f():\n    from agentcore_finops.sub import deep\n")
    _write(
        src,
        "probe_fn/handler.py",
        "import boto3\nfrom agentcore_finops import used\nfrom . import helper\n"
        "def lambda_handler(event, context):\n    return helper.f()\n",
    )
    p = bl.build("probe_fn", src_root=src, out_dir=tmp_path / "out")
    with zipfile.ZipFile(tmp_path / "out" / p.filename) as zf:
        names = zf.namelist()
    assert names == [
        "agentcore_finops/__init__.py",
        "agentcore_finops/data/used.json",
        "agentcore_finops/sub/__init__.py",
        "agentcore_finops/sub/deep.py",
        "agentcore_finops/used.py",
        "probe_fn/__init__.py",
        "probe_fn/handler.py",
        "probe_fn/helper.py",
    ]


@pytest.mark.parametrize(
    "declaration, message",
    [("LAMBDA_DATA = ('data/missing.json',)", "not a file"), ("LAMBDA_DATA = (NAME,)", "literal tuple")],
)
def test_a_bad_data_declaration_is_refused_naming_the_module(src, tmp_path, declaration, message):
    _write(src, "probe_fn/handler.py", f"{declaration}\ndef lambda_handler(event, context):\n    return 1\n")
    with pytest.raises(bl.BuildError, match=rf"handler\.py: LAMBDA_DATA .*{message}"):
        bl.build("probe_fn", src_root=src, out_dir=tmp_path / "out")


def _copy_src(root: Path) -> Path:
    """A copy of the real lambda_src under ``root`` without requirements.txt: the project's own code only."""
    shutil.copytree(
        bl.SRC_ROOT, root, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "requirements.txt")
    )
    return root


@pytest.fixture(scope="module")
def real_src(tmp_path_factory):
    """A copy of the real lambda_src (``_copy_src``), read only: a test that edits sources edits its own."""
    return _copy_src(tmp_path_factory.mktemp("real") / "lambda_src")


@pytest.fixture(scope="module")
def real_zips(real_src, tmp_path_factory) -> dict[str, Path]:
    """Each function's zip built from ``real_src``, once for the module (the tests only read them)."""
    out = tmp_path_factory.mktemp("real-zips")
    return {name: out / bl.build(name, src_root=real_src, out_dir=out).filename for name in bl.discover()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, tuple[bl.Package, Path]]:
    """Each function's package built from the repository's lambda_src as `make build` builds it (forced:
    nothing reused from an earlier build), once for the module; the tests only read them."""
    out = tmp_path_factory.mktemp("built")
    packages = {name: bl.build(name, out_dir=out, force=True) for name in bl.discover()}
    return {name: (p, out / p.filename) for name, p in packages.items()}


_IMPORT_FROM_ZIP = """
import json, sys
zip_path, site, name = sys.argv[1:4]
sys.path[:0] = [zip_path]
sys.path.append(site)  # powertools/boto3 only: -S skips the .pth of the editable agentcore_finops install
import importlib
importlib.import_module(name + ".handler")
from agentcore_finops import pricing
pricing.load_catalogue()  # packaged data read from inside the zip
loaded = sorted(
    m.__file__[len(zip_path) + 1:] for m in list(sys.modules.values())
    if (getattr(m, "__file__", None) or "").startswith(zip_path + "/")
)
print(json.dumps(loaded))
"""


def _found_by_modulefinder(root: Path, name: str) -> tuple[set[str], set[str]]:
    """An independent oracle: the stdlib ModuleFinder reads the bytecode of the unpacked zip (imports
    inside functions included) with nothing beside it. Returns the project files it loads and the
    project modules it could not find. The standard library is not on its path: no module there
    imports a project module, so it cannot change either answer (its modules, like boto3's, are
    recorded as not found, and only the project's count), and scanning it cost about two seconds of CPU
    per function."""
    finder = modulefinder.ModuleFinder(path=[str(root)])
    finder.import_hook(f"{name}.handler")
    found = {
        Path(m.__file__).relative_to(root).as_posix()
        for m in finder.modules.values()
        if m.__file__ and Path(m.__file__).is_relative_to(root)
    }
    ours = (name, "agentcore_finops")
    missing = {
        m
        for m in finder.badmodules
        if m.split(".")[0] in ours
        # ``from pkg import name`` is tried as a submodule first; a name defined in pkg is not missing.
        and not (
            m.rpartition(".")[0] in finder.modules
            and m.rpartition(".")[2] in finder.modules[m.rpartition(".")[0]].globalnames
        )
    }
    return found, missing


@pytest.mark.parametrize("name", bl.discover())
def test_each_zip_packs_exactly_the_modules_its_code_imports(real_zips, tmp_path, name):
    """Fails when a needed module is missing (the import from the zip breaks; ModuleFinder reports it)
    or an unused one is packed (ModuleFinder never reaches it)."""
    zip_path = real_zips[name]
    with zipfile.ZipFile(zip_path) as zf:
        packed = zf.namelist()
        zf.extractall(tmp_path / "unpacked")
    found, missing = _found_by_modulefinder(tmp_path / "unpacked", name)
    assert missing == set()
    assert sorted(f for f in packed if f.endswith(".py")) == sorted(found)
    assert "agentcore_finops/data/prices.json" in packed
    assert not any(f.startswith(("agentcore_finops/estimate/", "agentcore_finops/guards/")) for f in packed)

    # And the handler really imports from the zip alone (plus Powertools/boto3), reading its data.
    site = Path(sysconfig.get_paths()["purelib"]).as_posix()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(AWS_DEFAULT_REGION="us-east-1", POWERTOOLS_METRICS_NAMESPACE="test")
    proc = subprocess.run(
        [sys.executable, "-S", "-c", _IMPORT_FROM_ZIP, str(zip_path), site, name],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert set(json.loads(proc.stdout)) <= set(packed)


def test_a_price_catalogue_that_fails_its_checks_is_not_packed(tmp_path):
    """The Lambdas read the packaged catalogue without its checks, so the build runs them first and
    refuses a bad file, naming the field."""
    root = tmp_path / "lambda_src"
    shutil.copytree(
        bl.SRC_ROOT, root, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "requirements.txt")
    )
    prices = root / "agentcore_finops" / "data" / "prices.json"
    data = json.loads(prices.read_text())
    data["models"]["amazon.nova-micro-v1:0"]["usd_per_1m_tokens"]["input"] = -1
    prices.write_text(json.dumps(data))
    with pytest.raises(bl.BuildError, match=r'models\["amazon.nova-micro-v1:0"\].usd_per_1m_tokens.input'):
        bl.build("tier_router", src_root=root, out_dir=tmp_path / "out")
    assert not list((tmp_path / "out").glob("*.zip"))


def test_editing_the_estimator_changes_no_function_hash(real_zips, tmp_path):
    before = {n: path.name for n, path in real_zips.items()}
    real_src = _copy_src(tmp_path / "lambda_src")  # edited below: this test's own copy
    assert set(bl.discover(real_src)) == set(before)
    for rel in ("agentcore_finops/estimate/model.py", "agentcore_finops/guards/session.py"):
        with (real_src / rel).open("a") as fh:
            fh.write("\n# an edit no Lambda imports\n")
    after = {
        n: bl.build(n, src_root=real_src, out_dir=tmp_path / "b").filename for n in bl.discover(real_src)
    }
    assert after == before
    # The same check notices a change every function does import.
    with (real_src / "agentcore_finops/errors.py").open("a") as fh:
        fh.write("\n# an edit every Lambda imports\n")
    changed = {
        n: bl.build(n, src_root=real_src, out_dir=tmp_path / "c").filename for n in bl.discover(real_src)
    }
    assert all(changed[n] != before[n] for n in before)


def test_the_package_benchmark_times_an_import_from_a_zip_and_layer_folders(built):
    """scripts.bench_packages times ``import <function>.handler`` in ``python -S`` from a list of
    path entries (a zip, extracted layer folders): the router's zip with the test environment's
    site-packages standing in for its layers imports, and the zip alone does not (Powertools is not
    in it), which the benchmark reports as an error rather than a time."""
    from scripts import bench_packages as bp

    name = "tier_router"
    _, zip_path = built[name]
    site = Path(sysconfig.get_paths()["purelib"])
    with_layers, again = bp._import_ms(([zip_path, site], [zip_path, site]), name, 1)
    assert with_layers > 0 and again > 0
    with pytest.raises(subprocess.CalledProcessError):
        bp._import_ms(([zip_path], [zip_path]), name, 1)


# ------------------------------------------------------------------------------------------------
# layers and the packages committed with the modules


@pytest.fixture(scope="module")
def boto3_layer(tmp_path_factory):
    """The pruner's boto3 layer, built from requirements/layers/boto3.txt (reproducibility: the
    committed copy, built earlier, must equal it byte for byte; see the test below)."""
    out = tmp_path_factory.mktemp("layers")
    return out / bl.build_layer(bl.LAYERS["boto3"], out_dir=out, force=True).filename


def test_the_boto3_layer_is_small_and_trimmed_to_the_pruners_service(boto3_layer):
    first = boto3_layer
    with zipfile.ZipFile(first) as zf:
        names = zf.namelist()
    assert all(n.startswith("python/") for n in names)
    services = {n.split("/")[3] for n in names if n.startswith("python/botocore/data/") and n.count("/") > 3}
    assert services == {"bedrock-agentcore"}
    assert "python/botocore/data/endpoints.json" in names and "python/botocore/data/partitions.json" in names
    assert not any(n.startswith("python/boto3/data/") for n in names)
    assert first.stat().st_size < 2_000_000  # the vendored boto3 made the pruner's zip 18.6 MB


_COLD_START = """
import json, sys
layer, src, service = sys.argv[1:4]
sys.path[:0] = [layer, src]
import botocore
from agentcore_finops import aws
from ltm_pruner import handler
try:
    client = aws.require_operations(
        lambda: aws.client(service), service, handler.REQUIRED_OPERATIONS, handler.MINIMUM_BOTOCORE
    )
    print(json.dumps({"ok": True, "botocore": botocore.__version__, "file": botocore.__file__}))
except aws.MissingApiError as exc:
    print(json.dumps({"ok": False, "error": str(exc), "botocore": botocore.__version__}))
"""


@pytest.mark.parametrize("service", ["bedrock-agentcore", "s3"])
def test_the_pruner_cold_start_check_passes_with_its_layer_and_names_a_missing_service(
    boto3_layer, tmp_path, service
):
    """The pruner's cold-start check against the layer alone (``python -S``: no site-packages; the
    runtime's urllib3/dateutil come from a copy of the test environment's, as the runtime provides
    them): the memory-record APIs are there; a trimmed service fails with a message naming it."""
    with zipfile.ZipFile(boto3_layer) as zf:
        zf.extractall(tmp_path / "layer")
    runtime = tmp_path / "runtime"
    for mod in ("urllib3", "dateutil", "six.py", "jmespath"):
        origin = Path(sysconfig.get_paths()["purelib"]) / mod
        (shutil.copytree if origin.is_dir() else shutil.copy)(origin, runtime / mod)
    env = {
        "AWS_DEFAULT_REGION": "us-east-1",
        "PATH": os.environ.get("PATH", ""),
        "POWERTOOLS_METRICS_NAMESPACE": "t",
    }
    env["PYTHONPATH"] = str(runtime)
    site = Path(sysconfig.get_paths()["purelib"]).as_posix()
    code = _COLD_START.replace(
        "sys.path[:0] = [layer, src]", f"sys.path[:0] = [layer, src]; sys.path.append({site!r})"
    )
    proc = subprocess.run(
        [sys.executable, "-S", "-c", code, str(tmp_path / "layer" / "python"), str(bl.SRC_ROOT), service],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["botocore"] == "1.44.8"  # requirements/layers/boto3.txt, not the test environment's
    if service == "bedrock-agentcore":
        assert result["ok"] and result["file"].startswith(str(tmp_path / "layer")), result
    else:
        assert not result["ok"] and "does not know the service 's3'" in result["error"], result


def test_the_committed_packages_are_rebuilt_byte_for_byte_from_lambda_src(boto3_layer, built):
    """modules/<module>/package/ holds what the modules deploy by default; a source change without
    `make build` (which refreshes them) fails here."""
    committed = bl.committed_files()
    assert {kind for kind, _ in committed.values()} == {"function", "layer"}
    for path, (kind, name) in sorted(committed.items()):
        assert path.is_file(), f"{path} is missing: run `make build` and commit it"
        if kind == "function":
            data = built[name][1].read_bytes()
        else:
            assert name == "boto3"
            data = boto3_layer.read_bytes()
        assert path.read_bytes() == data, f"{path} is stale: run `make build` and commit it"


def test_each_function_zip_holds_own_code_only(built):
    assert set(built) == set(bl.discover())
    for name, (p, zip_path) in built.items():
        with zipfile.ZipFile(zip_path) as zf:
            tops = {n.split("/")[0] for n in zf.namelist()}
        assert tops == {name, bl.SHARED_PACKAGE}
        assert p.size_bytes < 200 * 1024
