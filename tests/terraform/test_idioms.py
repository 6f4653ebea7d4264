"""One idiom per job across every .tf of the repository (issue #17).

- Account, region and partition: the region is read as ``data.aws_region.<x>.id`` (``.name`` is
  deprecated on hashicorp/aws 6.x) and the account comes from the ``account_id`` input, never from
  ``aws_caller_identity`` (an API call that offline plans cannot make).
- IAM documents are written with ``jsonencode({ Version = "2012-10-17", Statement = [...] })``, not
  with ``aws_iam_policy_document`` data sources.

The files are parsed with python-hcl2, so comments and strings that merely mention these names do not
count.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import hcl2
import pytest
from hcl2.utils import SerializationOptions

from tests.harness import REPO_ROOT

# One worker parses every .tf file once (python-hcl2 is slow: about 12 CPU-s); its tests read the cache.
pytestmark = [pytest.mark.terraform, pytest.mark.xdist_group("tests.terraform.test_idioms")]

SKIP_DIRS = {".terraform", ".venv", ".venv-checkov", "build", ".git", "node_modules"}

REGION_NAME = re.compile(r"data\.aws_region\.[A-Za-z0-9_-]+\.name\b")


def tf_files() -> list[Path]:
    return sorted(
        p for p in REPO_ROOT.rglob("*.tf") if not SKIP_DIRS.intersection(p.relative_to(REPO_ROOT).parts)
    )


# Comments dropped, so a comment naming an idiom is no use of it.
OPTIONS = SerializationOptions(with_comments=False)


@functools.cache
def parsed(path: Path) -> dict:
    return hcl2.loads(path.read_text(), serialization_options=OPTIONS)


def data_sources(doc: dict) -> set[str]:
    # python-hcl2 keeps the quotes of block labels ('"aws_region"').
    return {kind.strip('"') for block in doc.get("data", []) for kind in block}


def module_dir(path: Path) -> str:
    return path.parent.relative_to(REPO_ROOT).as_posix()


def uses(kind: str) -> dict[str, list[str]]:
    """Files declaring a data source of this kind, by module folder."""
    found: dict[str, list[str]] = {}
    for path in tf_files():
        if kind in data_sources(parsed(path)):
            found.setdefault(module_dir(path), []).append(path.relative_to(REPO_ROOT).as_posix())
    return found


def test_the_files_are_found_and_parsed():
    files = tf_files()
    assert len(files) > 50
    assert "aws_region" in data_sources(parsed(REPO_ROOT / "modules/agentcore/main.tf"))


def test_region_is_read_as_id_not_the_deprecated_name():
    found: dict[str, list[str]] = {}
    for path in tf_files():
        text = json.dumps(parsed(path))
        hits = sorted(set(REGION_NAME.findall(text)))
        if hits:
            found.setdefault(module_dir(path), []).append(f"{path.relative_to(REPO_ROOT)}: {hits}")
    assert not found, f"read the region as data.aws_region.<x>.id: {found}"


def test_no_caller_identity_lookup():
    found = uses("aws_caller_identity")
    assert not found, f"take the account from the account_id input instead: {found}"


def test_iam_documents_are_jsonencoded():
    found = uses("aws_iam_policy_document")
    assert not found, f"write IAM documents with jsonencode(): {found}"


def test_the_checks_see_what_they_look_for():
    doc = hcl2.loads(
        serialization_options=OPTIONS,
        text='data "aws_iam_policy_document" "p" {}\n'
        'data "aws_caller_identity" "me" {}\n'
        "locals {\n  r = data.aws_region.here.name # a comment: data.aws_region.x.name\n}\n",
    )
    assert data_sources(doc) == {"aws_iam_policy_document", "aws_caller_identity"}
    assert REGION_NAME.findall(json.dumps(doc)) == ["data.aws_region.here.name"]
