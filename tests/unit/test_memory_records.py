"""agentcore_finops.memory_records: the metadata contract between agent-side writes and the pruner."""

from __future__ import annotations

import pytest

from agentcore_finops import memory_records as mr


def test_round_trip():
    md = mr.record_metadata("sre-orchestrator", 1, 0.82)
    assert md["importance"] == {"numberValue": 0.82}
    assert mr.read_importance(md) == 0.82 and mr.read_tier(md) == 1


@pytest.mark.parametrize(
    "metadata",
    [
        None,
        {},
        {"importance": {"stringValue": "high"}},
        {"importance": {"numberValue": 1.5}},
        {"importance": 3},
    ],
)
def test_unreadable_importance_raises(metadata):
    with pytest.raises(mr.MetadataError) as info:
        mr.read_importance(metadata)
    assert info.value.key == "importance"


def test_string_numbers_are_read():
    assert mr.read_importance({"importance": {"stringValue": "0.5"}}) == 0.5


def test_bad_importance_is_refused_on_write():
    with pytest.raises(ValueError):
        mr.record_metadata("a-b", 2, 1.2)


@pytest.mark.parametrize("tier", [0, 4, "1", True, None])
def test_a_tier_the_pruner_cannot_read_is_refused_on_write(tier):
    with pytest.raises(ValueError, match="tier must be 1, 2 or 3"):
        mr.record_metadata("a-b", tier, 0.5)
