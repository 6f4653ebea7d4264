"""Links between the project's Markdown files resolve: every relative link or image in every ``*.md`` of
the repository names a file or folder the repository holds, and every ``#anchor`` names a heading of the
target file (GitHub's slugs: lower case, punctuation dropped, spaces to hyphens, ``-1``, ``-2`` for
repeats) or an HTML ``id``/``name`` in it. A link to a folder with an anchor points into its README.md.

Links are read with a CommonMark parser (markdown-it-py), so code blocks and code spans are not links.
Links to other sites (``https:``, ``mailto:``) are not checked: the tests run offline.

The install lines are checked here too: the package is not on PyPI, so every ``pip install`` of it
names the Git URL pinned to this version's tag.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

import agentcore_finops
from scripts.tfenv import REPO_ROOT

_PARSER = MarkdownIt("commonmark").enable("table")
_HTML_ID = re.compile(r"""<[a-z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']""", re.I)
_HTML_LINK = re.compile(r"""<(?:a|img)\s[^>]*?(?:href|src)\s*=\s*["']([^"']+)["']""", re.I)
_LINE_ANCHOR = re.compile(r"^L\d+(?:-L\d+)?$")  # GitHub's line anchors into a file that is not Markdown


def repo_files(root: Path) -> set[str]:
    """The files the repository holds (tracked, or new and not ignored), relative to ``root``."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line for line in out.splitlines() if (root / line).exists()}


def _inline_text(token: Token) -> str:
    """A heading's text as GitHub slugs it: code spans and link texts count, markup does not."""
    return "".join(c.content for c in token.children or [] if c.type in ("text", "code_inline"))


def slug(text: str) -> str:
    """GitHub's heading anchor (github-slugger): lower case, drop what is neither a word character,
    a hyphen nor a space, then each space becomes a hyphen."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every anchor a Markdown text offers: its headings' slugs (repeats numbered) and HTML ids."""
    tokens = _PARSER.parse(text)
    seen: Counter[str] = Counter()
    found = set()
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            base = slug(_inline_text(tokens[i + 1]))
            found.add(base if not seen[base] else f"{base}-{seen[base]}")
            seen[base] += 1
        elif tok.type in ("html_block", "html_inline", "inline"):
            for html in [tok, *(tok.children or [])]:
                if html.type in ("html_block", "html_inline"):
                    found.update(_HTML_ID.findall(html.content))
    return found


def links(text: str) -> list[tuple[int, str]]:
    """(line, target) of every link and image in a Markdown text, reference links resolved."""
    found = []
    for tok in _PARSER.parse(text):
        line = tok.map[0] + 1 if tok.map else 0
        if tok.type == "html_block":
            found += [(line, href) for href in _HTML_LINK.findall(tok.content)]
        for child in tok.children or []:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                found.append((line, str(child.attrs["href"])))
            elif child.type == "image":
                found.append((line, str(child.attrs["src"])))
            elif child.type == "html_inline":
                found += [(line, href) for href in _HTML_LINK.findall(child.content)]
    return found


def broken_links(root: Path, files: set[str]) -> list[str]:
    """Every relative link of the Markdown files among ``files`` (paths relative to ``root``) that names
    no file or folder among ``files``, or an anchor its target does not have."""
    folders = {p.as_posix() for f in files for p in Path(f).parents if p != Path(".")}
    cache: dict[str, set[str]] = {}

    def anchors_of(path: str) -> set[str]:
        if path not in cache:
            cache[path] = anchors((root / path).read_text())
        return cache[path]

    broken = []
    for doc in sorted(f for f in files if f.endswith(".md")):
        for line, href in links((root / doc).read_text()):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue
            where = f"{doc}:{line}: {href}"
            path, anchor = unquote(parts.path), unquote(parts.fragment)
            if not path:
                target = doc
            else:
                # A leading / is the repository's root on GitHub; anything else is relative to the file.
                joined = path.lstrip("/") if path.startswith("/") else f"{posixpath.dirname(doc)}/{path}"
                target = posixpath.normpath(joined.lstrip("/") or ".")
                if target == ".." or target.startswith("../"):
                    broken.append(f"{where}: outside the repository")
                    continue
                if target not in files and target not in folders and target != ".":
                    broken.append(f"{where}: no file or folder {target}")
                    continue
            if not anchor:
                continue
            if target == "." or target in folders:
                readme = "README.md" if target == "." else f"{target}/README.md"
                if readme not in files:
                    broken.append(f"{where}: folder {target} has no README.md for #{anchor}")
                    continue
                target = readme
            if target.endswith(".md"):
                if anchor not in anchors_of(target):
                    broken.append(f"{where}: {target} has no heading for #{anchor}")
            elif not _LINE_ANCHOR.match(anchor):
                broken.append(f"{where}: #{anchor} into {target}, which is not Markdown")
    return broken


def test_every_relative_link_and_anchor_resolves():
    files = repo_files(REPO_ROOT)
    assert {"README.md", "CONTRIBUTING.md", "UPGRADING.md", "CHANGELOG.md"} <= files
    assert sum(1 for f in files if f.endswith(".md")) >= 20
    broken = broken_links(REPO_ROOT, files)
    assert not broken, "broken links:\n" + "\n".join(broken)


README_MAX_BYTES = 20 * 1024  # issue #17: a README for users; contributor material lives elsewhere


def test_the_readme_is_short_and_its_contents_list_every_section():
    text = (REPO_ROOT / "README.md").read_text()
    assert len(text.encode()) <= README_MAX_BYTES, (
        f"README.md is {len(text.encode()):,} bytes (at most {README_MAX_BYTES:,}): move contributor or "
        "reference material to CONTRIBUTING.md or docs/"
    )
    tokens = _PARSER.parse(text)
    sections = [
        slug(_inline_text(tokens[i + 1]))
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h2" and _inline_text(tokens[i + 1]) != "Contents"
    ]
    contents = text.split("## Contents", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"\]\(#([^)]+)\)", contents)
    assert listed == sections, f"the Contents list {listed} is not the README's sections {sections}"


# -- the checker can fail ------------------------------------------------------------------------------

SAMPLE = """\
# Guide

See [the other page](other.md#set-up-make), [a folder](sub), [its README's part](sub#part-two),
[here](#the-guide--in-brief), [a repeat](#notes-1), [a line](sub/main.tf#L3-L9), [top](/README.md),
[an id](other.md#custom), [site](https://example.com/missing.md#x) and [ref][r].

## The guide \u2013 in brief

## Notes

## Notes

`[not a link](nowhere.md)`

```md
[not a link either](nowhere.md)
```

[r]: other.md

Broken: [gone](missing.md), [bad anchor](other.md#no-such-heading), [bad here](#notes-2),
[anchor into code](sub/main.tf#top), [above the root](../../etc/passwd),
[a folder without README](docs#part), [ignored file](build/out.md).
"""


def test_the_checker_reports_broken_links_and_anchors_only(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "README.md").write_text(SAMPLE)
    (tmp_path / "other.md").write_text('# Set up `make`\n\n<a id="custom"></a>\n')
    (tmp_path / "sub" / "README.md").write_text("# Sub\n\n## Part *two*\n")
    (tmp_path / "sub" / "main.tf").write_text("")
    (tmp_path / "docs" / "page.txt").write_text("")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "out.md").write_text("")
    files = {"README.md", "other.md", "sub/README.md", "sub/main.tf", "docs/page.txt"}
    broken = broken_links(tmp_path, files)
    assert [b.split(": ", 1)[1] for b in broken] == [
        "missing.md: no file or folder missing.md",
        "other.md#no-such-heading: other.md has no heading for #no-such-heading",
        "#notes-2: README.md has no heading for #notes-2",
        "sub/main.tf#top: #top into sub/main.tf, which is not Markdown",
        "../../etc/passwd: outside the repository",
        "docs#part: folder docs has no README.md for #part",
        "build/out.md: no file or folder build/out.md",
    ]
    assert [b.split(": ", 1)[0] for b in broken] == ["README.md:21"] * 3 + ["README.md:22"] * 2 + [
        "README.md:23"
    ] * 2


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Deploy to your account", "deploy-to-your-account"),
        ("hashicorp/aws 5.x to 6.x", "hashicorpaws-5x-to-6x"),
        ("`agentcore-finops estimate`: the bill", "agentcore-finops-estimate-the-bill"),
        ("AgentCore: from the CloudFormation stack to native resources", None),
        ("1. Move to hashicorp/aws 6.x", "1-move-to-hashicorpaws-6x"),
        ("snake_case and Ünïcode", "snake_case-and-ünïcode"),
    ],
)
def test_slugs_follow_github(heading, anchor):
    expected = anchor or "agentcore-from-the-cloudformation-stack-to-native-resources"
    assert anchors(f"## {heading}\n") == {expected}


# -- install lines ---------------------------------------------------------------------------------------

_PIP = re.compile(r"pip install[^\n`]*agentcore-finops[^\n`]*")
_GIT_PIN = re.compile(
    r"agentcore-finops(?:\[\w+\])? @ git\+https://github\.com/agentcore-finops/agentcore-finops\.git@v(\S+?)[\"']"
)


def install_mismatches(text: str, version: str) -> list[str]:
    """``pip install`` lines of the package that do not name the Git URL at tag ``v<version>``."""
    bad = []
    for m in _PIP.finditer(text):
        pin = _GIT_PIN.search(m.group(0))
        if pin is None or pin.group(1) != version:
            bad.append(m.group(0))
    return bad


def test_every_install_line_is_the_git_url_at_this_version():
    version = agentcore_finops.__version__
    # Docs, workflows and the code that prints install advice (tests hold bad lines on purpose).
    texts = {
        f: (REPO_ROOT / f).read_text()
        for f in repo_files(REPO_ROOT)
        if f.endswith((".md", ".yml")) or (f.endswith(".py") and not f.startswith("tests/"))
    }
    assert sum(len(_PIP.findall(t)) for t in texts.values()) >= 3
    assert _PIP.search(texts["examples/ci/pr_cost.py"]), "pr_cost.py's install advice is checked too"
    wrong = {f: bad for f, t in texts.items() if (bad := install_mismatches(t, version))}
    assert not wrong, f"install lines that pip cannot resolve, or at another version than v{version}: {wrong}"


def test_the_install_check_catches_a_registry_name_and_an_old_tag():
    good = 'pip install "agentcore-finops[agent] @ git+https://github.com/agentcore-finops/agentcore-finops.git@v0.1.0"'
    assert install_mismatches(good, "0.1.0") == []
    assert install_mismatches("`pip install 'agentcore-finops[agent]'`", "0.1.0") == [
        "pip install 'agentcore-finops[agent]'"
    ]
    old = good.replace("v0.1.0", "v0.0.9")
    assert install_mismatches(old, "0.1.0") == [old]
