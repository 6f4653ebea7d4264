"""emulator/ext/cloudwatch: percentile statistics in GetMetricData, the rest as moto has it."""

from __future__ import annotations

import datetime as dt

# The extension runs in the emulator's process only (tests/unit/test_emulator.py checks that nothing
# here imports it), so it is tested through GetMetricData.


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

    # nearest rank over 1, 2, 2, 3, 9: p20 is the 1st value, p21 the 2nd, p50 the 3rd
    stats = ["p20", "p21", "p50", "p99", "p99.9", "p100", "Sum", "SampleCount", "Maximum"]
    results = cw.get_metric_data(
        MetricDataQueries=[query(s) for s in stats],
        StartTime=start - dt.timedelta(minutes=1),
        EndTime=start + dt.timedelta(hours=1),
    )["MetricDataResults"]
    values = {r["Id"]: r["Values"] for r in results}
    assert values == {
        "p20": [1.0],
        "p21": [2.0],
        "p100": [9.0],
        "p50": [2.0],
        "p99": [9.0],
        "p99_9": [9.0],
        "sum": [17.0],
        "samplecount": [5.0],
        "maximum": [9.0],
    }
