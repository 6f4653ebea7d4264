"""Layer 6a: checkov over modules/ and examples/ (its own virtualenv, no network look-ups)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
import yaml

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
    """One checkov run per directory of the config: given several directories at once, checkov 3.3
    drops the resources of all but one of them from its report (examples/*/network.tf went unchecked)."""
    assert CHECKOV.exists(), f"{CHECKOV} missing: run `make setup`"
    directories = yaml.safe_load(CONFIG.read_text())["directory"]
    docs: list[dict] = []
    for directory in directories:
        proc = subprocess.run(
            [str(CHECKOV), "--config-file", str(CONFIG), "-d", directory, "-o", "json", "--soft-fail"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, **OFFLINE_ENV},
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        docs += _json_documents(proc.stdout)
    return docs


def _with_resources(pattern: str) -> set[str]:
    """Folders matching ``pattern`` that declare a resource of their own."""
    return {
        d.name
        for d in REPO_ROOT.glob(pattern)
        if d.is_dir() and any('resource "' in p.read_text() for p in d.glob("*.tf"))
    }


def test_checkov_scanned_every_module_and_example(report):
    assert report, "checkov produced no report"
    results = [
        r
        for doc in report
        for kind in ("passed_checks", "failed_checks", "skipped_checks")
        for r in doc["results"][kind]
    ]
    scanned = {r["file_path"].lstrip("/").split("/")[-2] for r in results}
    wanted = _with_resources("modules/*") | _with_resources("examples/*")
    assert wanted <= scanned, f"not scanned: {wanted - scanned}"


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


ENCRYPTION_CHECK = ("encrypt", "kms", "cmk", "customer managed key", "customer-managed key")


def test_no_encryption_check_is_skipped(report):
    """Every store is encrypted (the fleet key, an AWS managed key or a key of its own), so no check
    of encryption at rest needs a skip."""
    encryption = [
        f"{s['check_id']} {s['check_name']}: {s['resource']} ({s['file_path']})"
        for doc in report
        for s in doc["results"]["skipped_checks"]
        if any(word in s["check_name"].lower() for word in ENCRYPTION_CHECK)
    ]
    assert not encryption, "encryption checks skipped:\n  " + "\n  ".join(encryption)
    # The checks are there to be skipped or passed: the scan saw encryption checks pass.
    passed = {
        r["check_id"]
        for doc in report
        for r in doc["results"]["passed_checks"]
        if any(word in r["check_name"].lower() for word in ENCRYPTION_CHECK)
    }
    assert {"CKV_AWS_26", "CKV_AWS_158", "CKV_AWS_173", "CKV_AWS_297", "CKV_AWS_7"} <= passed, passed
