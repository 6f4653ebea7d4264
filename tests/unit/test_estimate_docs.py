"""The estimator's manual (docs/estimate.md) stays true: it lists every usage-profile field with its
reference value, and its reference table shows what the estimator computes. The README's Costs section
shows the CI workflow in under 20 lines, the same steps as examples/ci/cost.yml."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

import agentcore_finops
from agentcore_finops import pricing
from agentcore_finops.estimate import reference, usage
from agentcore_finops.estimate.model import usd

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
MANUAL = REPO / "docs" / "estimate.md"
WORKFLOW = REPO / "examples" / "ci" / "cost.yml"


def _section(title: str, path: Path = README) -> str:
    text = path.read_text()
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def test_every_profile_field_is_documented_with_its_reference_value():
    costs = _section("The usage profile", MANUAL)
    ref = usage.reference().to_dict()
    rows = dict(re.findall(r"^\| `([a-z_.]+)` \| ([^|]+) \|", costs, re.M))
    for path, *_ in usage.fields():
        section, _, name = path.rpartition(".")
        value = ref[section][name] if section else ref[name]
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        assert rows.get(path, "").strip() == shown, path
    assert set(rows) == {path for path, *_ in usage.fields()}


def test_the_reference_table_matches_the_estimator():
    costs = _section("Reproducing the reference example", MANUAL)
    rows = {
        label.strip(): formula.strip()
        for label, formula in re.findall(r"^\| ([^|`]+) \| (\$[\d,.]+) \|", costs, re.M)
    }
    check = reference.check(pricing.load_catalogue(overrides=reference.PRICES_FILE))
    documented = [r for r in check.rows if r.published_usd is not None]
    assert len(documented) == 6
    for row in documented:
        assert rows[row.label] == usd(row.formula_usd), row.label


def _ci_block() -> str:
    return re.search(r"```yaml\n(.*?)```", _section("Costs"), re.S).group(1)


def test_the_readme_ci_workflow_is_short_and_the_examples_steps():
    block = _ci_block()
    assert len(block.splitlines()) < 20
    readme_steps = yaml.safe_load(block)["jobs"]["cost"]["steps"]
    example_steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["cost"]["steps"]
    uses = [s["uses"] for s in readme_steps if "uses" in s]
    assert uses == [s["uses"] for s in example_steps if "uses" in s and "aws-actions" not in s["uses"]]
    # the same pr_cost.py call and gate as the tested workflow (whose DIR is examples/complete)
    call = next(
        line.strip() for s in example_steps for line in s.get("run", "").splitlines() if "pr_cost.py" in line
    )
    assert call.replace("/$DIR", "") in block


def test_the_pinned_install_is_this_version():
    pin = f"agentcore-finops.git@v{agentcore_finops.__version__}"
    for text in (_ci_block(), WORKFLOW.read_text()):
        pins = re.findall(r"agentcore-finops\.git@v[^\s\"]+", text)
        assert pins == [pin]


def test_the_readme_links_the_manual_and_the_manual_has_moved():
    costs = _section("Costs")
    assert "(docs/estimate.md)" in costs and "| `llm.calls_per_session` |" not in README.read_text()
