"""scripts/emulator_ext/cloudwatch: percentile statistics in GetMetricData, the rest as moto has it."""

from __future__ import annotations

import datetime as dt

import pytest

from scripts.emulator_ext.cloudwatch import percentile


@pytest.mark.parametrize(
    ("rank", "expected"),
    [(50, 3.0), (99, 100.0), (100, 100.0), (20, 1.0), (21, 2.0), (0.5, 1.0)],
)
def test_nearest_rank(rank, expected):
    assert percentile([5, 3, 1, 100, 2], rank) == expected


def test_no_values_no_percentile():
    assert percentile([], 99) is None


def test_get_metric_data_answers_percentiles_and_keeps_moto_statistics(ext_aws):
    cw = ext_aws("cloudwatch")
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=30)
    dims = [{"Name": "AgentId", "Value": "a"}]
    cw.put_metric_data(
        Namespace="AgentCoreFinOps",
        MetricData=[
            {
                "MetricName": "ToolCalls",
                "Dimensions": dims,
                "Timestamp": start + dt.timedelta(minutes=i),
                "Value": v,
            }
            for i, v in enumerate([1, 2, 2, 3, 9])
        ],
    )

    def query(stat: str) -> dict:
        return {
            "Id": stat.replace(".", "_").lower(),
            "MetricStat": {
                "Metric": {"Namespace": "AgentCoreFinOps", "MetricName": "ToolCalls", "Dimensions": dims},
                "Period": 3600,
                "Stat": stat,
            },
        }

    stats = ["p50", "p99", "p99.9", "Sum", "SampleCount", "Maximum"]
    results = cw.get_metric_data(
        MetricDataQueries=[query(s) for s in stats],
        StartTime=start - dt.timedelta(minutes=1),
        EndTime=start + dt.timedelta(hours=1),
    )["MetricDataResults"]
    values = {r["Id"]: r["Values"] for r in results}
    assert values == {
        "p50": [2.0],
        "p99": [9.0],
        "p99_9": [9.0],
        "sum": [17.0],
        "samplecount": [5.0],
        "maximum": [9.0],
    }
