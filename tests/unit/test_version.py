"""One release version: ``agentcore_finops.__version__`` is the source (pyproject.toml reads it through
hatch's dynamic version); every ``?ref=v<version>`` a document shows and the latest CHANGELOG.md release
follow it. Bumping the version is one edit plus the changelog entry; anything left behind fails here."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

import agentcore_finops
from scripts.tfenv import REPO_ROOT

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$")
# A module source of this repository pinned to a tag: git::https://github.com/agentcore-finops/agentcore-finops.git//modules/x?ref=v0.1.0
REPO_REF = re.compile(
    r"github\.com/agentcore-finops/agentcore-finops(?:\.git)?(?://[^?\"'\s]*)?\?ref=(?P<ref>[^\"'\s&)]+)"
)
RELEASE = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?\s*$", re.M)


def ref_mismatches(text: str, version: str) -> list[str]:
    """Every pinned ref in ``text`` that is not ``v<version>``."""
    return [m.group("ref") for m in REPO_REF.finditer(text) if m.group("ref") != f"v{version}"]


def latest_release(changelog: str) -> tuple[str, str | None]:
    """The newest released version of a Keep a Changelog file (skipping ``Unreleased``) and its date."""
    for m in RELEASE.finditer(changelog):
        if m.group("version") != "Unreleased":
            return m.group("version"), m.group("date")
    raise ValueError("no released version in the changelog")


def documents() -> list[Path]:
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.md", "*.tf", "*.hcl"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [REPO_ROOT / p for p in tracked]


def test_the_version_is_semantic_and_pyproject_reads_it_from_the_package():
    assert SEMVER.match(agentcore_finops.__version__), agentcore_finops.__version__
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"], "pyproject.toml must not repeat the version"
    assert "version" in project["project"]["dynamic"]
    source = REPO_ROOT / project["tool"]["hatch"]["version"]["path"]
    assert source.resolve() == Path(agentcore_finops.__file__).resolve()
    # hatch's default pattern for a version file
    pattern = r"(?i)^(__version__|VERSION) *= *([\'\"])v?(?P<version>.+?)\2"
    assert re.search(pattern, source.read_text(), re.M).group("version") == agentcore_finops.__version__


def test_every_pinned_ref_in_the_docs_is_this_version():
    version = agentcore_finops.__version__
    texts = {p.relative_to(REPO_ROOT).as_posix(): p.read_text() for p in documents()}
    assert sum(len(REPO_REF.findall(t)) for t in texts.values()) >= 10, "the READMEs show pinned sources"
    wrong = {name: bad for name, text in texts.items() if (bad := ref_mismatches(text, version))}
    assert not wrong, f"refs other than v{version}: {wrong}"


def test_the_changelog_latest_release_is_this_version_and_has_a_link():
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text()
    version, date = latest_release(changelog)
    assert version == agentcore_finops.__version__
    assert date is not None, "a released entry carries its date: ## [x.y.z] - YYYY-MM-DD"
    assert re.search(rf"^\[{re.escape(version)}\]: https://\S+v{re.escape(version)}\S*$", changelog, re.M)
    assert "## [Unreleased]" in changelog


def test_the_checks_catch_a_stale_ref_and_a_stale_changelog():
    text = (
        'source = "git::https://github.com/agentcore-finops/agentcore-finops.git//modules/x?ref=v0.1.0"\n'
        'source = "git::https://github.com/agentcore-finops/agentcore-finops.git?ref=v0.0.9"\n'
        "see github.com/agentcore-finops/agentcore-finops//modules/y?ref=main\n"
    )
    assert ref_mismatches(text, "0.1.0") == ["v0.0.9", "main"]
    assert latest_release("## [Unreleased]\n\n## [0.2.0] - 2027-01-05\n\n## [0.1.0] - 2026-11-28\n") == (
        "0.2.0",
        "2027-01-05",
    )
    with pytest.raises(ValueError, match="no released version"):
        latest_release("## [Unreleased]\n")
