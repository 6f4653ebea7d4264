"""The README's Costs section stays true: it lists every usage-profile field with its reference value,
and its reference table shows what the estimator computes."""

from __future__ import annotations

import re
from pathlib import Path

from agentcore_finops import pricing
from agentcore_finops.estimate import reference, usage
from agentcore_finops.estimate.model import usd

README = Path(__file__).resolve().parents[2] / "README.md"


def _section(title: str) -> str:
    text = README.read_text()
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def test_every_profile_field_is_documented_with_its_reference_value():
    costs = _section("Costs")
    ref = usage.reference().to_dict()
    rows = dict(re.findall(r"^\| `([a-z_.]+)` \| ([^|]+) \|", costs, re.M))
    for path, *_ in usage.fields():
        section, _, name = path.rpartition(".")
        value = ref[section][name] if section else ref[name]
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        assert rows.get(path, "").strip() == shown, path
    assert set(rows) == {path for path, *_ in usage.fields()}


def test_the_reference_table_matches_the_estimator():
    costs = _section("Costs")
    rows = {
        label.strip(): formula.strip()
        for label, formula in re.findall(r"^\| ([^|`]+) \| (\$[\d,.]+) \|", costs, re.M)
    }
    check = reference.check(pricing.load_catalogue(overrides=reference.PRICES_FILE))
    documented = [r for r in check.rows if r.published_usd is not None]
    assert len(documented) == 6
    for row in documented:
        assert rows[row.label] == usd(row.formula_usd), row.label
