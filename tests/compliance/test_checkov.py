"""Layer 6a: checkov over modules/ and examples/ (its own virtualenv, no network look-ups)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.harness import REPO_ROOT

pytestmark = pytest.mark.compliance

CHECKOV = REPO_ROOT / ".venv-checkov" / "bin" / "checkov"
CONFIG = REPO_ROOT / ".config" / "checkov.yml"
OFFLINE_ENV = {
    "BC_SKIP_MAPPING": "TRUE",  # no download of the check-id mapping
    "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true",  # no PyPI version check
    "CHECKOV_REQUEST_RETRIES": "0",
}


def _json_documents(text: str) -> list[dict]:
    """checkov prints one JSON document per scanned directory, back to back."""
    decoder, docs, i = json.JSONDecoder(), [], 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        doc, i = decoder.raw_decode(text, i)
        docs.extend(doc if isinstance(doc, list) else [doc])
    return docs


@pytest.fixture(scope="module")
def report() -> list[dict]:
    assert CHECKOV.exists(), f"{CHECKOV} missing: run `make setup`"
    proc = subprocess.run(
        [str(CHECKOV), "--config-file", str(CONFIG), "-o", "json", "--soft-fail"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **OFFLINE_ENV},
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return _json_documents(proc.stdout)


def test_checkov_scanned_every_module_and_example(report):
    assert report, "checkov produced no report"
    # A check that passed, failed or was skipped (with a reason) all show the file was scanned; some
    # resources (AppConfig) have no checkov checks, so a module may show only a skip.
    scanned = {
        r["file_path"].lstrip("/").split("/")[-2]
        for doc in report
        for kind in ("passed_checks", "failed_checks", "skipped_checks")
        for r in doc["results"][kind]
    }
    modules_with_resources = {
        p.parent.name for p in REPO_ROOT.glob("modules/*/main.tf") if 'resource "' in p.read_text()
    }
    assert modules_with_resources <= scanned, f"not scanned: {modules_with_resources - scanned}"


def test_checkov_has_no_parsing_errors(report):
    errors = [e for doc in report for e in doc["results"].get("parsing_errors", [])]
    assert not errors, f"checkov could not parse (and so did not check): {errors}"


def test_checkov_has_no_failed_checks(report):
    failed = [
        f"{f['check_id']} {f['check_name']}: {f['resource']} ({f['file_path']}:{f['file_line_range']})"
        for doc in report
        for f in doc["results"]["failed_checks"]
    ]
    assert not failed, "checkov failed checks:\n  " + "\n  ".join(failed)


def test_every_checkov_skip_has_a_reason(report):
    unexplained = [
        f"{s['check_id']} on {s['resource']} ({s['file_path']})"
        for doc in report
        for s in doc["results"]["skipped_checks"]
        if not (s.get("check_result", {}).get("suppress_comment") or "").strip()
        or s["check_result"]["suppress_comment"].strip().lower() == "no comment provided"
    ]
    assert not unexplained, f"skips without a reason: {unexplained}"
