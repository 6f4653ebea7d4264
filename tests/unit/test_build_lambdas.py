"""scripts.build_lambdas: reproducible, content-addressed Lambda zips."""

from __future__ import annotations

import base64
import hashlib
import zipfile

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
    assert names == [
        "agentcore_finops/__init__.py",
        # the fleet's rules and tier defaults, from modules/agent-config
        "agentcore_finops/data/fleet-rules.json",
        "agentcore_finops/data/tier-defaults.json",
        "probe_fn/__init__.py",
        "probe_fn/handler.py",
    ]
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


def test_requirements_must_be_exact_pins(src, tmp_path):
    (src / "probe_fn" / "requirements.txt").write_text("aws-lambda-powertools>=3\n")
    with pytest.raises(bl.BuildError, match="exact pin"):
        bl.build("probe_fn", src_root=src, out_dir=tmp_path / "out")


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
