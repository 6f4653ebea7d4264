"""emulator/ext/cost_explorer and budgets: Cost Explorer anomaly detection and the Budgets
operations moto lacks, on the running emulator, driven with boto3."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
SERVICES = {"MonitorName": "services", "MonitorType": "DIMENSIONAL", "MonitorDimension": "SERVICE"}
AGENTS = {
    "MonitorName": "agents",
    "MonitorType": "CUSTOM",
    "MonitorSpecification": {"Tags": {"Key": "fleet", "Values": ["agents"], "MatchOptions": ["EQUALS"]}},
}
THRESHOLD = {
    "Dimensions": {
        "Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE",
        "Values": ["100"],
        "MatchOptions": ["GREATER_THAN_OR_EQUAL"],
    }
}


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    response = excinfo.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture
def ce(ext_aws):
    return ext_aws("ce")


def _subscription(monitors: list[str], **overrides) -> dict:
    return {
        "SubscriptionName": "daily",
        "MonitorArnList": monitors,
        "Subscribers": [{"Type": "EMAIL", "Address": "finops@example.com"}],
        "Frequency": "DAILY",
        "ThresholdExpression": THRESHOLD,
        **overrides,
    }


def test_monitors_are_created_read_paginated_updated_and_deleted(ce):
    services = ce.create_anomaly_monitor(AnomalyMonitor=SERVICES)["MonitorArn"]
    agents = ce.create_anomaly_monitor(
        AnomalyMonitor=AGENTS, ResourceTags=[{"Key": "lever", "Value": "anomalies"}]
    )["MonitorArn"]
    assert services.startswith(f"arn:aws:ce::{ACCOUNT}:anomalymonitor/")

    (read,) = ce.get_anomaly_monitors(MonitorArnList=[agents])["AnomalyMonitors"]
    assert read["MonitorName"] == "agents" and read["MonitorSpecification"] == AGENTS["MonitorSpecification"]
    assert ce.list_tags_for_resource(ResourceArn=agents)["ResourceTags"] == [
        {"Key": "lever", "Value": "anomalies"}
    ]

    first = ce.get_anomaly_monitors(MaxResults=1)
    rest = ce.get_anomaly_monitors(MaxResults=1, NextPageToken=first["NextPageToken"])
    assert [m["MonitorArn"] for m in first["AnomalyMonitors"] + rest["AnomalyMonitors"]] == [services, agents]
    assert "NextPageToken" not in rest

    assert ce.update_anomaly_monitor(MonitorArn=agents, MonitorName="fleet")["MonitorArn"] == agents
    assert ce.get_anomaly_monitors(MonitorArnList=[agents])["AnomalyMonitors"][0]["MonitorName"] == "fleet"

    ce.delete_anomaly_monitor(MonitorArn=agents)
    assert [m["MonitorArn"] for m in ce.get_anomaly_monitors()["AnomalyMonitors"]] == [services]
    for call in (
        lambda: ce.get_anomaly_monitors(MonitorArnList=[agents]),
        lambda: ce.delete_anomaly_monitor(MonitorArn=agents),
        lambda: ce.update_anomaly_monitor(MonitorArn=agents, MonitorName="x"),
    ):
        with pytest.raises(ClientError) as unknown:
            call()
        assert error_of(unknown) == ("UnknownMonitorException", 400)


def test_monitor_rules_match_aws(ce):
    ce.create_anomaly_monitor(AnomalyMonitor=SERVICES)
    with pytest.raises(ClientError) as second_service_monitor:
        ce.create_anomaly_monitor(AnomalyMonitor={**SERVICES, "MonitorName": "again"})
    assert error_of(second_service_monitor) == ("LimitExceededException", 400)
    for bad in (
        {"MonitorName": "x", "MonitorType": "DIMENSIONAL"},
        {"MonitorName": "x", "MonitorType": "CUSTOM"},
        {
            **SERVICES,
            "MonitorDimension": "LINKED_ACCOUNT",
            "MonitorSpecification": AGENTS["MonitorSpecification"],
        },
    ):
        with pytest.raises(ClientError) as refused:
            ce.create_anomaly_monitor(AnomalyMonitor=bad)
        assert error_of(refused) == ("ValidationException", 400)
    with pytest.raises(ClientError) as bad_token:
        ce.get_anomaly_monitors(NextPageToken="nonsense")
    assert error_of(bad_token) == ("InvalidNextTokenException", 400)


def test_subscriptions_follow_their_monitors(ce):
    services = ce.create_anomaly_monitor(AnomalyMonitor=SERVICES)["MonitorArn"]
    agents = ce.create_anomaly_monitor(AnomalyMonitor=AGENTS)["MonitorArn"]
    arn = ce.create_anomaly_subscription(
        AnomalySubscription=_subscription([services, agents]),
        ResourceTags=[{"Key": "team", "Value": "finops"}],
    )["SubscriptionArn"]
    (read,) = ce.get_anomaly_subscriptions(SubscriptionArnList=[arn])["AnomalySubscriptions"]
    assert (read["AccountId"], read["Frequency"], read["ThresholdExpression"]) == (
        ACCOUNT,
        "DAILY",
        THRESHOLD,
    )
    assert ce.list_tags_for_resource(ResourceArn=arn)["ResourceTags"] == [{"Key": "team", "Value": "finops"}]
    assert [
        s["SubscriptionArn"] for s in ce.get_anomaly_subscriptions(MonitorArn=agents)["AnomalySubscriptions"]
    ] == [arn]

    topic = f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts"
    ce.update_anomaly_subscription(
        SubscriptionArn=arn,
        Frequency="IMMEDIATE",
        Subscribers=[{"Type": "SNS", "Address": topic}],
        MonitorArnList=[services],
    )
    (updated,) = ce.get_anomaly_subscriptions(SubscriptionArnList=[arn])["AnomalySubscriptions"]
    assert (updated["Frequency"], updated["Subscribers"], updated["MonitorArnList"]) == (
        "IMMEDIATE",
        [{"Type": "SNS", "Address": topic}],
        [services],
    )
    assert ce.get_anomaly_subscriptions(MonitorArn=agents)["AnomalySubscriptions"] == []

    with pytest.raises(ClientError) as email_immediate:
        ce.update_anomaly_subscription(
            SubscriptionArn=arn, Subscribers=[{"Type": "EMAIL", "Address": "finops@example.com"}]
        )
    assert error_of(email_immediate) == ("ValidationException", 400)
    with pytest.raises(ClientError) as unknown_monitor:
        ce.create_anomaly_subscription(
            AnomalySubscription=_subscription([f"arn:aws:ce::{ACCOUNT}:anomalymonitor/missing"])
        )
    assert error_of(unknown_monitor) == ("UnknownMonitorException", 400)

    ce.delete_anomaly_subscription(SubscriptionArn=arn)
    assert ce.get_anomaly_subscriptions()["AnomalySubscriptions"] == []
    with pytest.raises(ClientError) as gone:
        ce.delete_anomaly_subscription(SubscriptionArn=arn)
    assert error_of(gone) == ("UnknownSubscriptionException", 400)


def test_moto_cost_explorer_operations_still_work_and_reset_clears(ext_emulator, ce):
    category = ce.create_cost_category_definition(
        Name="fleet",
        RuleVersion="CostCategoryExpression.v1",
        Rules=[{"Value": "agents", "Rule": {"Tags": {"Key": "fleet", "Values": ["agents"]}}}],
    )["CostCategoryArn"]
    assert ce.describe_cost_category_definition(CostCategoryArn=category)["CostCategory"]["Name"] == "fleet"
    ce.create_anomaly_monitor(AnomalyMonitor=SERVICES)
    ext_emulator.reset()
    assert ce.get_anomaly_monitors()["AnomalyMonitors"] == []


@pytest.fixture
def budgets(ext_aws):
    client = ext_aws("budgets")
    client.create_budget(
        AccountId=ACCOUNT,
        Budget={
            "BudgetName": "agents",
            "BudgetType": "COST",
            "TimeUnit": "MONTHLY",
            "BudgetLimit": {"Amount": "500", "Unit": "USD"},
        },
        NotificationsWithSubscribers=[
            {
                "Notification": {
                    "NotificationType": "FORECASTED",
                    "ComparisonOperator": "GREATER_THAN",
                    "Threshold": 80,
                    "ThresholdType": "PERCENTAGE",
                },
                "Subscribers": [{"SubscriptionType": "EMAIL", "Address": "finops@example.com"}],
            }
        ],
        ResourceTags=[{"Key": "lever", "Value": "budgets"}],
    )
    return client


FORECAST = {"NotificationType": "FORECASTED", "ComparisonOperator": "GREATER_THAN", "Threshold": 80}


def _subscribers(budgets, notification=FORECAST) -> list[tuple[str, str]]:
    found = budgets.describe_subscribers_for_notification(
        AccountId=ACCOUNT, BudgetName="agents", Notification=notification
    )["Subscribers"]
    return sorted((s["SubscriptionType"], s["Address"]) for s in found)


def test_budget_subscribers_can_be_read_added_changed_and_removed(budgets):
    assert _subscribers(budgets) == [("EMAIL", "finops@example.com")]
    topic = {"SubscriptionType": "SNS", "Address": f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts"}
    budgets.create_subscriber(AccountId=ACCOUNT, BudgetName="agents", Notification=FORECAST, Subscriber=topic)
    with pytest.raises(ClientError) as duplicate:
        budgets.create_subscriber(
            AccountId=ACCOUNT, BudgetName="agents", Notification=FORECAST, Subscriber=topic
        )
    assert error_of(duplicate) == ("DuplicateRecordException", 400)
    budgets.update_subscriber(
        AccountId=ACCOUNT,
        BudgetName="agents",
        Notification=FORECAST,
        OldSubscriber={"SubscriptionType": "EMAIL", "Address": "finops@example.com"},
        NewSubscriber={"SubscriptionType": "EMAIL", "Address": "platform@example.com"},
    )
    assert _subscribers(budgets) == [("EMAIL", "platform@example.com"), ("SNS", topic["Address"])]
    budgets.delete_subscriber(AccountId=ACCOUNT, BudgetName="agents", Notification=FORECAST, Subscriber=topic)
    assert _subscribers(budgets) == [("EMAIL", "platform@example.com")]

    actual = {**FORECAST, "NotificationType": "ACTUAL", "Threshold": 100}
    budgets.update_notification(
        AccountId=ACCOUNT, BudgetName="agents", OldNotification=FORECAST, NewNotification=actual
    )
    assert _subscribers(budgets, actual) == [("EMAIL", "platform@example.com")]
    with pytest.raises(ClientError) as old_gone:
        _subscribers(budgets)
    assert error_of(old_gone) == ("NotFoundException", 400)


def test_budget_tags_follow_the_budget(budgets):
    arn = f"arn:aws:budgets::{ACCOUNT}:budget/agents"
    assert budgets.list_tags_for_resource(ResourceARN=arn)["ResourceTags"] == [
        {"Key": "lever", "Value": "budgets"}
    ]
    budgets.tag_resource(ResourceARN=arn, ResourceTags=[{"Key": "team", "Value": "finops"}])
    budgets.untag_resource(ResourceARN=arn, ResourceTagKeys=["lever"])
    assert budgets.list_tags_for_resource(ResourceARN=arn)["ResourceTags"] == [
        {"Key": "team", "Value": "finops"}
    ]
    budgets.delete_budget(AccountId=ACCOUNT, BudgetName="agents")
    assert budgets.list_tags_for_resource(ResourceARN=arn)["ResourceTags"] == []
    with pytest.raises(ClientError) as gone:
        _subscribers(budgets)
    assert error_of(gone) == ("NotFoundException", 400)
