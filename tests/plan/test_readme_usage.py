"""README usage blocks are planned, so they cannot rot.

Which blocks: every ```hcl block of the root README, ``modules/*/README.md`` and
``examples/*/README.md``. Each one is either

* a **usage block**: it declares at least one ``module "<name>" {`` whose ``source`` is this
  repository, as ``git::https://github.com/agentcore-finops/agentcore-finops.git//modules/<m>?ref=v<x>``
  (a module), the same address without ``//`` (the root module), or a relative path from the README's
  folder; or
* a **snippet**, marked by ``<!-- snippet: not planned -->`` on the last non-blank line before its
  fence, and listed in ``SNIPPETS`` below, so a snippet is a visible decision, never a silent skip.

How a usage block is planned: the block is written as ``main.tf`` of a scratch root
``readme-<readme>-<n>`` inside a staged copy of the repository (``tests.harness.Workspace``), with
each of this repository's sources rewritten to the local path (``../modules/<m>``, or ``../`` for the
root module), and planned offline with the harness's provider (fake credentials; the block may bring
its own ``provider "aws"``, which the harness overrides). Nothing else is added: a block must declare
every resource, data source and local it refers to, because users copy these blocks as they are.
Things the user already has (a VPC, a subnet, an ECR image) appear as literal sample ids.

Lambda packages: a block that deploys one of this project's Lambdas reads the packages `make build`
writes from ``build/lambda`` beside the configuration, as
``jsondecode(file("${path.module}/build/lambda/manifest.json"))`` and
``"${path.module}/build/lambda/${local.packages.<function>.filename}"`` (or, for the root module,
``lambda_package_dir = "${path.module}/build/lambda"``). In the scratch root ``build/lambda`` links to
the build output, so the suite runs after ``make build`` (``make test`` does it).

Every usage block must also be ``terraform fmt`` clean, and each of this repository's modules it
declares must plan at least one resource.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts import tfenv
from tests import harness

pytestmark = pytest.mark.terraform

REPO_ROOT = harness.REPO_ROOT
SNIPPET_MARK = "<!-- snippet: not planned -->"

# Usage blocks per README. A block that stops being detected (a changed fence, a source that no
# longer matches) changes a count here and fails test_usage_blocks_per_readme.
EXPECTED_USAGE_BLOCKS = {
    "README.md": 3,
    "modules/agent-config/README.md": 2,
    "modules/agentcore/README.md": 1,
    "modules/aws-scope/README.md": 1,
    "modules/bedrock-model-arns/README.md": 1,
    "modules/cost-guardrails/README.md": 1,
    "modules/kms-key-policy/README.md": 1,
    "modules/lambda-function/README.md": 1,
    "modules/log-groups/README.md": 1,
    "modules/log-retention-auditor/README.md": 1,
    "modules/ltm-pruner/README.md": 1,
    "modules/sampling-profiles/README.md": 1,
    "modules/tier-router/README.md": 1,
    "modules/usage-reader/README.md": 1,
    "modules/vpc-endpoints/README.md": 1,
    # The examples are Terraform roots of their own (planned and applied by the plan and e2e suites);
    # their READMEs show commands, not module blocks.
    "examples/complete/README.md": 0,
    "examples/existing-vpc/README.md": 0,
    "examples/minimal/README.md": 0,
    "examples/agent-guards/README.md": 0,
}
# (README, index of the hcl block in it) of every block marked as a snippet. Keep this rare.
SNIPPETS: set[tuple[str, int]] = set()

_FENCE = re.compile(r"^```(?P<lang>[\w+-]*)[ \t]*\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
_MODULE = re.compile(r'^\s*module\s+"(?P<name>[^"]+)"\s*\{', re.M)
_SOURCE = re.compile(r'^(?P<lead>\s*source\s*=\s*)"(?P<source>[^"]+)"', re.M)
_REPO_SOURCE = re.compile(
    r"^(?:git::)?(?:https://)?github\.com/agentcore-finops/agentcore-finops(?:\.git)?"
    r"(?://(?P<subdir>[^?]+))?(?:\?ref=(?P<ref>[^&]+))?$"
)


class ReadmeError(ValueError):
    """A README hcl block that is neither a usage block nor a marked snippet."""


@dataclass(frozen=True)
class Block:
    readme: str  # path relative to the repository root
    index: int  # 1-based position among the README's hcl blocks
    line: int  # line of the opening fence
    text: str
    snippet: bool

    @property
    def id(self) -> str:
        return f"{self.readme}#{self.index}"

    @property
    def scratch(self) -> str:
        """The scratch root's folder name in the staged copy."""
        parts = Path(self.readme).parent.parts
        slug = "root" if not parts else parts[-1] if parts[0] == "modules" else "-".join(parts)
        return f"readme-{slug}-{self.index}"


def hcl_blocks(text: str, readme: str) -> list[Block]:
    """Every ```hcl block of a README's text, in order, with its snippet mark."""
    blocks = []
    for m in _FENCE.finditer(text):
        if m.group("lang") != "hcl":
            continue
        before = [line.strip() for line in text[: m.start()].splitlines() if line.strip()]
        blocks.append(
            Block(
                readme=readme,
                index=len(blocks) + 1,
                line=text.count("\n", 0, m.start()) + 1,
                text=m.group("body"),
                snippet=bool(before) and before[-1] == SNIPPET_MARK,
            )
        )
    return blocks


def repo_path(source: str, readme: str) -> str | None:
    """The repository-relative folder a module source points at ("" for the root module), or None
    when the source is not this repository."""
    m = _REPO_SOURCE.match(source)
    if m:
        return (m.group("subdir") or "").strip("/")
    if source.startswith(("./", "../")):
        target = (REPO_ROOT / Path(readme).parent / source).resolve()
        if target != REPO_ROOT and REPO_ROOT not in target.parents:
            raise ReadmeError(f"{readme}: source {source!r} points outside the repository")
        return "" if target == REPO_ROOT else target.relative_to(REPO_ROOT).as_posix()
    return None


def our_modules(block: Block) -> dict[str, str]:
    """Module name -> repository folder, for each module of the block sourced from this repository."""
    found = {}
    starts = [(m.start(), m.group("name")) for m in _MODULE.finditer(block.text)]
    for i, (start, name) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(block.text)
        source = _SOURCE.search(block.text, start, end)
        if source is None:
            raise ReadmeError(f"{block.id} (line {block.line}): module {name!r} has no source")
        path = repo_path(source.group("source"), block.readme)
        if path is not None:
            found[name] = path
    return found


def usage_blocks(text: str, readme: str) -> list[Block]:
    """The README's usage blocks; raises ReadmeError for an hcl block that is neither a usage block nor
    a marked snippet."""
    usage = []
    for block in hcl_blocks(text, readme):
        if block.snippet:
            continue
        if not our_modules(block):
            raise ReadmeError(
                f"{block.id} (line {block.line}): an hcl block without a module of this repository; make it "
                f"a complete usage block, or mark it with {SNIPPET_MARK} and list it in SNIPPETS"
            )
        usage.append(block)
    return usage


def staged_config(block: Block, scratch_dir: Path, stage_root: Path) -> str:
    """The block with this repository's module sources rewritten to local paths from ``scratch_dir``."""

    def local(m: re.Match[str]) -> str:
        path = repo_path(m.group("source"), block.readme)
        if path is None:
            return m.group(0)
        rel = os.path.relpath(stage_root / path, scratch_dir)
        rel = rel.replace(os.sep, "/")
        rel = rel + "/" if rel.endswith("..") else rel
        return f'{m.group("lead")}"{rel}"'

    return _SOURCE.sub(local, block.text)


def readmes() -> list[str]:
    paths = [
        REPO_ROOT / "README.md",
        *REPO_ROOT.glob("modules/*/README.md"),
        *REPO_ROOT.glob("examples/*/README.md"),
    ]
    return sorted(p.relative_to(REPO_ROOT).as_posix() for p in paths)


def _all_blocks() -> list[Block]:
    """Every usage block, for parametrizing. A README with a stray block is left out here and fails
    test_usage_blocks_per_readme with the reason, instead of failing collection of the whole file."""
    blocks: list[Block] = []
    for readme in readmes():
        with contextlib.suppress(ReadmeError):
            blocks += usage_blocks((REPO_ROOT / readme).read_text(), readme)
    return blocks


def plan_request(block: Block) -> harness.PlanRequest:
    """What planning one usage block takes: its scratch root in a staged copy (see the module
    docstring), with ``build/lambda`` linked when the block reads the Lambda packages."""
    stage_root = Path("/stage")  # only the relative paths between folders of the copy matter
    files: dict[str, str | harness.Link] = {
        "main.tf": staged_config(block, stage_root / block.scratch, stage_root)
    }
    if "build/lambda" in block.text:
        if not (tfenv.BUILD_DIR / "lambda" / "manifest.json").is_file():
            pytest.fail(f"{block.id} reads the Lambda packages: run `make build` first")
        files["build/lambda"] = harness.Link("../../build/lambda")
    return harness.PlanRequest(block.scratch, files=files)


def plan_blocks(blocks: list[Block], base: Path) -> dict[str, harness.PlanSummary]:
    """Plan usage blocks offline, all in one Terraform process (``harness.plan_many``)."""
    return harness.plan_many({b.id: plan_request(b) for b in blocks}, base, shared_target=False)


# -- the READMEs -----------------------------------------------------------------------------------


def test_usage_blocks_per_readme():
    found = {}
    for readme in readmes():
        text = (REPO_ROOT / readme).read_text()
        found[readme] = len(usage_blocks(text, readme))
        snippets = {(readme, b.index) for b in hcl_blocks(text, readme) if b.snippet}
        assert snippets == {s for s in SNIPPETS if s[0] == readme}, (
            f"{readme}: marked snippets {sorted(snippets)} differ from SNIPPETS"
        )
    missing = [r for r in found if r.startswith("modules/") and found[r] == 0]
    assert not missing, f"module READMEs without a usage block: {missing}"
    differ = {
        r: f"found {found[r]}, expected {n}" for r, n in EXPECTED_USAGE_BLOCKS.items() if found.get(r) != n
    }
    assert not differ, (
        f"usage blocks per README changed (a block stopped being detected, or update EXPECTED_USAGE_BLOCKS): {differ}"
    )


@pytest.mark.parametrize("block", _all_blocks(), ids=lambda b: b.id)
def test_usage_block_is_formatted(block):
    proc = subprocess.run(
        ["terraform", "fmt", "-"],
        input=block.text,
        capture_output=True,
        text=True,
        check=True,
        env=tfenv.terraform_env(),
    )
    assert proc.stdout == block.text, (
        f"{block.id} (line {block.line}) is not `terraform fmt` clean:\n{proc.stdout}"
    )


# The blocks are planned in batches of PLAN_BATCH, a batch in one Terraform process and on one xdist
# worker (the first test of a batch plans it, the others read the plan cache).
PLAN_BATCH = 10
_BLOCKS = _all_blocks()
_BATCHES = [_BLOCKS[i : i + PLAN_BATCH] for i in range(0, len(_BLOCKS), PLAN_BATCH)]


@pytest.mark.parametrize(
    "block",
    [
        pytest.param(b, marks=pytest.mark.xdist_group(f"readme-plans-{n}"), id=b.id)
        for n, batch in enumerate(_BATCHES)
        for b in batch
    ],
)
def test_usage_block_plans(block, tmp_path):
    [batch] = [b for b in _BATCHES if block in b]
    summary = plan_blocks(batch, tmp_path)[block.id]
    for name, path in our_modules(block).items():
        planned = [
            a for a in summary.values if a.startswith(f"module.{name}.") or a.startswith(f"module.{name}[")
        ]
        if planned:  # its own resources or its child modules' (the Lambda modules on lambda-function)
            continue
        assert not any("resource " in f.read_text() for f in (REPO_ROOT / path).glob("*.tf")), (
            f"{block.id}: module {name!r} plans no resources"
        )
        # A module of locals and outputs only (bedrock-model-arns): its block must show an output.
        assert any(v not in (None, [], {}) for v in summary.outputs.values()), (
            f"{block.id}: module {name!r} has no resources, and the block outputs nothing of it"
        )


# -- the helpers can fail ----------------------------------------------------------------------------

BROKEN_README = """\
# demo

```hcl
module "job" {
  source = "git::https://github.com/agentcore-finops/agentcore-finops.git//modules/lambda-function?ref=v0.1.0"

  function = {
    name          = "demo-job"
    package_file  = "${path.module}/job.zip"
    handler       = "job.handler.lambda_handler"
    alarm_actions = [aws_sns_topic.alerts.arn]
  }
}
```

<!-- snippet: not planned -->

```hcl
  tags = { team = "platform" }
```

```sh
terraform plan
```

```hcl
module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}
```
"""


def test_the_extractor_finds_usage_blocks_snippets_and_strays():
    blocks = hcl_blocks(BROKEN_README, "modules/demo/README.md")
    assert [(b.index, b.line, b.snippet) for b in blocks] == [(1, 3, False), (2, 18, True), (3, 26, False)]
    assert our_modules(blocks[0]) == {"job": "modules/lambda-function"}
    assert our_modules(blocks[2]) == {}
    with pytest.raises(
        ReadmeError, match=r"modules/demo/README.md#3 \(line 26\): an hcl block without a module"
    ):
        usage_blocks(BROKEN_README, "modules/demo/README.md")
    assert [b.index for b in usage_blocks(BROKEN_README.split('```hcl\nmodule "vpc"')[0], "x/README.md")] == [
        1
    ]


def test_sources_are_rewritten_to_the_staged_copy(tmp_path):
    text = (
        'module "a" {\n  source = "git::https://github.com/agentcore-finops/agentcore-finops.git?ref=v9.9.9"\n}\n'
        'module "b" {\n  source = "git::https://github.com/agentcore-finops/agentcore-finops.git//modules/log-groups?ref=v1.0.0"\n}\n'
        'module "c" {\n  source = "../lambda-function"\n}\n'
        'module "d" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "~> 5.0"\n}\n'
    )
    block = Block("modules/tier-router/README.md", 1, 1, text, False)
    assert our_modules(block) == {"a": "", "b": "modules/log-groups", "c": "modules/lambda-function"}
    staged = staged_config(block, tmp_path / block.scratch, tmp_path)
    assert block.scratch == "readme-tier-router-1"
    assert re.findall(r'source\s*=\s*"([^"]+)"', staged) == [
        "../",
        "../modules/log-groups",
        "../modules/lambda-function",
        "terraform-aws-modules/vpc/aws",
    ]
    with pytest.raises(ReadmeError, match="outside the repository"):
        repo_path("../../../elsewhere", "modules/tier-router/README.md")


def test_a_block_that_refers_to_something_it_does_not_declare_fails_to_plan(tmp_path):
    block = hcl_blocks(BROKEN_README, "modules/lambda-function/README.md")[0]
    with pytest.raises(AssertionError) as info:
        plan_blocks([block], tmp_path)
    assert "Reference to undeclared resource" in str(info.value)
    assert "aws_sns_topic" in str(info.value)
