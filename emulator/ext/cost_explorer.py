"""Cost Explorer anomaly detection: anomaly monitors and anomaly subscriptions.

Adds ``CreateAnomalyMonitor``, ``GetAnomalyMonitors``, ``UpdateAnomalyMonitor``,
``DeleteAnomalyMonitor``, ``CreateAnomalySubscription``, ``GetAnomalySubscriptions``,
``UpdateAnomalySubscription`` and ``DeleteAnomalySubscription`` to moto's ``ce`` service (moto 5.2 has
cost categories and GetCostAndUsage only). Cost Explorer is a JSON (``X-Amz-Target``) service on one
path, so the extension serves that path with a subclass of moto's ``CostExplorerResponse``: every
operation moto already had still runs moto's code.

Rules enforced as AWS does: a ``DIMENSIONAL`` monitor needs ``MonitorDimension`` and takes no
``MonitorSpecification``, a ``CUSTOM`` monitor needs ``MonitorSpecification``; one
``DIMENSIONAL``/``SERVICE`` monitor per account; a subscription's monitors must exist
(``UnknownMonitorException``); ``IMMEDIATE`` subscriptions take SNS subscribers only; unknown ARNs are
``UnknownMonitorException``/``UnknownSubscriptionException``. Expressions are stored as given, not
evaluated (no anomalies are ever detected). ``ResourceTags`` go to moto's Cost Explorer tagger, so
``ListTagsForResource``/``TagResource``/``UntagResource`` (moto's) see them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from moto.ce import urls as ce_urls
from moto.ce.models import CostExplorerBackend, ce_backends
from moto.ce.responses import CostExplorerResponse
from moto.core.base_backend import BackendDict, BaseBackend
from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import utcnow
from moto.moto_api._internal import mock_random
from moto.utilities.utils import PARTITION_NAMES

from ._common import ServiceError, paginate, replace_route

MONITOR_TYPES = ("DIMENSIONAL", "CUSTOM")
MONITOR_DIMENSIONS = ("SERVICE", "LINKED_ACCOUNT", "TAG", "COST_CATEGORY")
FREQUENCIES = ("DAILY", "IMMEDIATE", "WEEKLY")


def validation(message: str) -> ServiceError:
    return ServiceError("ValidationException", message)


def unknown_monitor(arn: str) -> ServiceError:
    return ServiceError("UnknownMonitorException", f"No anomaly monitor found for {arn}")


def unknown_subscription(arn: str) -> ServiceError:
    return ServiceError("UnknownSubscriptionException", f"No anomaly subscription found for {arn}")


def bad_token(message: str) -> ServiceError:
    return ServiceError("InvalidNextTokenException", message)


def _today() -> str:
    return utcnow().strftime("%Y-%m-%d")


@dataclass
class AnomalyMonitor:
    arn: str
    name: str
    monitor_type: str
    dimension: str | None
    specification: dict[str, Any] | None
    created: str
    updated: str

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "MonitorArn": self.arn,
            "MonitorName": self.name,
            "CreationDate": self.created,
            "LastUpdatedDate": self.updated,
            "MonitorType": self.monitor_type,
            "DimensionalValueCount": 0,
        }
        if self.dimension:
            result["MonitorDimension"] = self.dimension
        if self.specification:
            result["MonitorSpecification"] = self.specification
        return result


@dataclass
class AnomalySubscription:
    arn: str
    account_id: str
    name: str
    monitor_arns: list[str]
    subscribers: list[dict[str, str]]
    frequency: str
    threshold: float | None
    threshold_expression: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "SubscriptionArn": self.arn,
            "AccountId": self.account_id,
            "MonitorArnList": self.monitor_arns,
            "Subscribers": self.subscribers,
            "Frequency": self.frequency,
            "SubscriptionName": self.name,
        }
        if self.threshold is not None:
            result["Threshold"] = self.threshold
        if self.threshold_expression:
            result["ThresholdExpression"] = self.threshold_expression
        return result


class AnomalyDetectionBackend(BaseBackend):
    """Anomaly monitors and subscriptions of one account (Cost Explorer is global per partition)."""

    def __init__(self, region_name: str, account_id: str):
        super().__init__(region_name, account_id)
        self.monitors: dict[str, AnomalyMonitor] = {}
        self.subscriptions: dict[str, AnomalySubscription] = {}

    @property
    def core(self) -> CostExplorerBackend:
        return ce_backends[self.account_id][self.region_name]

    def _arn(self, kind: str) -> str:
        return f"arn:{self.region_name}:ce::{self.account_id}:{kind}/{mock_random.uuid4()}"

    # -- monitors ---------------------------------------------------------------------------------
    def create_monitor(self, spec: dict[str, Any], tags: list[dict[str, str]] | None) -> AnomalyMonitor:
        name = spec.get("MonitorName")
        monitor_type = spec.get("MonitorType")
        dimension = spec.get("MonitorDimension")
        specification = spec.get("MonitorSpecification")
        if not name:
            raise validation("AnomalyMonitor.MonitorName is required")
        if monitor_type not in MONITOR_TYPES:
            raise validation(f"AnomalyMonitor.MonitorType must be one of {', '.join(MONITOR_TYPES)}")
        if monitor_type == "DIMENSIONAL":
            if dimension not in MONITOR_DIMENSIONS:
                raise validation(
                    f"A DIMENSIONAL monitor needs MonitorDimension, one of {', '.join(MONITOR_DIMENSIONS)}"
                )
            if specification:
                raise validation("A DIMENSIONAL monitor does not take a MonitorSpecification")
            if dimension == "SERVICE" and any(
                m.monitor_type == "DIMENSIONAL" and m.dimension == "SERVICE" for m in self.monitors.values()
            ):
                raise ServiceError(
                    "LimitExceededException", "Limit exceeded on dimensional spend monitor creation"
                )
        elif not specification:
            raise validation("A CUSTOM monitor needs a MonitorSpecification")
        today = _today()
        monitor = AnomalyMonitor(
            arn=self._arn("anomalymonitor"),
            name=name,
            monitor_type=monitor_type,
            dimension=dimension,
            specification=specification,
            created=today,
            updated=today,
        )
        self.monitors[monitor.arn] = monitor
        if tags:
            self.core.tag_resource(monitor.arn, tags)
        return monitor

    def get_monitor(self, arn: str) -> AnomalyMonitor:
        monitor = self.monitors.get(arn)
        if monitor is None:
            raise unknown_monitor(arn)
        return monitor

    def list_monitors(self, arns: list[str] | None) -> list[AnomalyMonitor]:
        if arns:
            return [self.get_monitor(arn) for arn in arns]
        return list(self.monitors.values())

    def update_monitor(self, arn: str, name: str | None) -> AnomalyMonitor:
        monitor = self.get_monitor(arn)
        if name:
            monitor.name = name
        monitor.updated = _today()
        return monitor

    def delete_monitor(self, arn: str) -> None:
        self.get_monitor(arn)
        del self.monitors[arn]
        self.core.tagger.delete_all_tags_for_resource(arn)

    # -- subscriptions ----------------------------------------------------------------------------
    def _check_subscription(
        self, monitor_arns: list[str], subscribers: list[dict[str, str]], frequency: str
    ) -> None:
        if not monitor_arns:
            raise validation("AnomalySubscription.MonitorArnList must name at least one monitor")
        for arn in monitor_arns:
            self.get_monitor(arn)
        if not subscribers:
            raise validation("AnomalySubscription.Subscribers must name at least one subscriber")
        if frequency not in FREQUENCIES:
            raise validation(f"AnomalySubscription.Frequency must be one of {', '.join(FREQUENCIES)}")
        for subscriber in subscribers:
            if subscriber.get("Type") not in ("EMAIL", "SNS"):
                raise validation("Subscriber.Type must be EMAIL or SNS")
            if frequency == "IMMEDIATE" and subscriber["Type"] != "SNS":
                raise validation("IMMEDIATE subscriptions support SNS subscribers only")

    def create_subscription(
        self, spec: dict[str, Any], tags: list[dict[str, str]] | None
    ) -> AnomalySubscription:
        name = spec.get("SubscriptionName")
        if not name:
            raise validation("AnomalySubscription.SubscriptionName is required")
        monitor_arns = spec.get("MonitorArnList") or []
        subscribers = spec.get("Subscribers") or []
        frequency = spec.get("Frequency") or ""
        self._check_subscription(monitor_arns, subscribers, frequency)
        subscription = AnomalySubscription(
            arn=self._arn("anomalysubscription"),
            account_id=spec.get("AccountId") or self.account_id,
            name=name,
            monitor_arns=list(monitor_arns),
            subscribers=list(subscribers),
            frequency=frequency,
            threshold=spec.get("Threshold"),
            threshold_expression=spec.get("ThresholdExpression"),
        )
        self.subscriptions[subscription.arn] = subscription
        if tags:
            self.core.tag_resource(subscription.arn, tags)
        return subscription

    def get_subscription(self, arn: str) -> AnomalySubscription:
        subscription = self.subscriptions.get(arn)
        if subscription is None:
            raise unknown_subscription(arn)
        return subscription

    def list_subscriptions(
        self, arns: list[str] | None, monitor_arn: str | None
    ) -> list[AnomalySubscription]:
        subscriptions = (
            [self.get_subscription(a) for a in arns] if arns else list(self.subscriptions.values())
        )
        if monitor_arn:
            subscriptions = [s for s in subscriptions if monitor_arn in s.monitor_arns]
        return subscriptions

    def update_subscription(self, arn: str, changes: dict[str, Any]) -> AnomalySubscription:
        subscription = self.get_subscription(arn)
        monitor_arns = changes.get("MonitorArnList") or subscription.monitor_arns
        subscribers = changes.get("Subscribers") or subscription.subscribers
        frequency = changes.get("Frequency") or subscription.frequency
        self._check_subscription(monitor_arns, subscribers, frequency)
        subscription.monitor_arns = list(monitor_arns)
        subscription.subscribers = list(subscribers)
        subscription.frequency = frequency
        if changes.get("SubscriptionName"):
            subscription.name = changes["SubscriptionName"]
        if "Threshold" in changes:
            subscription.threshold = changes["Threshold"]
        if "ThresholdExpression" in changes:
            subscription.threshold_expression = changes["ThresholdExpression"]
        return subscription

    def delete_subscription(self, arn: str) -> None:
        self.get_subscription(arn)
        del self.subscriptions[arn]
        self.core.tagger.delete_all_tags_for_resource(arn)


anomaly_backends = BackendDict(
    AnomalyDetectionBackend, "ce", use_boto3_regions=False, additional_regions=PARTITION_NAMES
)


class CostExplorerExtResponse(CostExplorerResponse):
    """moto's Cost Explorer handler plus the anomaly-detection operations."""

    @property
    def anomaly_backend(self) -> AnomalyDetectionBackend:
        return anomaly_backends[self.current_account][self.partition]

    @property
    def _params(self) -> dict[str, Any]:
        return json.loads(self.body or "{}")

    def _page(self, items: list[Any], key: str) -> ActionResult:
        params = self._params
        page, token = paginate(
            items,
            params.get("NextPageToken"),
            params.get("MaxResults"),
            default=100,
            limit=100,
            error=bad_token,
        )
        return ActionResult({key: [item.to_dict() for item in page], "NextPageToken": token})

    def create_anomaly_monitor(self) -> ActionResult:
        params = self._params
        monitor = self.anomaly_backend.create_monitor(
            params.get("AnomalyMonitor") or {}, params.get("ResourceTags")
        )
        return ActionResult({"MonitorArn": monitor.arn})

    def get_anomaly_monitors(self) -> ActionResult:
        return self._page(
            self.anomaly_backend.list_monitors(self._params.get("MonitorArnList")), "AnomalyMonitors"
        )

    def update_anomaly_monitor(self) -> ActionResult:
        params = self._params
        monitor = self.anomaly_backend.update_monitor(params.get("MonitorArn", ""), params.get("MonitorName"))
        return ActionResult({"MonitorArn": monitor.arn})

    def delete_anomaly_monitor(self) -> ActionResult:
        self.anomaly_backend.delete_monitor(self._params.get("MonitorArn", ""))
        return EmptyResult()

    def create_anomaly_subscription(self) -> ActionResult:
        params = self._params
        subscription = self.anomaly_backend.create_subscription(
            params.get("AnomalySubscription") or {}, params.get("ResourceTags")
        )
        return ActionResult({"SubscriptionArn": subscription.arn})

    def get_anomaly_subscriptions(self) -> ActionResult:
        params = self._params
        subscriptions = self.anomaly_backend.list_subscriptions(
            params.get("SubscriptionArnList"), params.get("MonitorArn")
        )
        return self._page(subscriptions, "AnomalySubscriptions")

    def update_anomaly_subscription(self) -> ActionResult:
        params = self._params
        subscription = self.anomaly_backend.update_subscription(params.get("SubscriptionArn", ""), params)
        return ActionResult({"SubscriptionArn": subscription.arn})

    def delete_anomaly_subscription(self) -> ActionResult:
        self.anomaly_backend.delete_subscription(self._params.get("SubscriptionArn", ""))
        return EmptyResult()


def register() -> None:
    """Serve Cost Explorer's single path with the extended handler."""
    replace_route(ce_urls, "{0}/$", CostExplorerResponse.dispatch, CostExplorerExtResponse.dispatch)
