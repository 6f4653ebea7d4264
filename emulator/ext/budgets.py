"""AWS Budgets: notification subscribers, notification updates and tags.

moto (5.2) creates budgets with notifications and subscribers and describes notifications, but lacks
what Terraform's ``aws_budgets_budget`` reads and changes: ``DescribeSubscribersForNotification``,
``CreateSubscriber``, ``UpdateSubscriber``, ``DeleteSubscriber``, ``UpdateNotification``, and
``ListTagsForResource``/``TagResource``/``UntagResource`` (plus ``ResourceTags`` on
``CreateBudget``). Budgets is a JSON (``X-Amz-Target``) service on one path, served here by a
subclass of moto's ``BudgetsResponse``, so moto's own operations keep running moto's code over the
same budgets. A notification is identified by its type, comparison operator, threshold and threshold
type, as in AWS. Budget ARNs are ``arn:<partition>:budgets::<account>:budget/<name>``.
"""

from __future__ import annotations

from typing import Any, cast

from moto.budgets import urls as budgets_urls
from moto.budgets.models import Budget, BudgetsBackend, Notification
from moto.budgets.responses import BudgetsResponse
from moto.core.base_backend import BackendDict, BaseBackend
from moto.core.responses import ActionResult, EmptyResult
from moto.utilities.tagging_service import TaggingService
from moto.utilities.utils import PARTITION_NAMES

from ._common import ServiceError, replace_route


def not_found(message: str) -> ServiceError:
    return ServiceError("NotFoundException", message)


def _key(notification: dict[str, Any]) -> tuple[Any, ...]:
    return (
        notification.get("NotificationType"),
        notification.get("ComparisonOperator"),
        float(notification.get("Threshold", 0)),
        notification.get("ThresholdType") or "PERCENTAGE",
    )


def _subscriber_key(subscriber: dict[str, Any]) -> tuple[str, str]:
    return subscriber.get("SubscriptionType", ""), subscriber.get("Address", "")


# moto annotates Notification.subscribers as a dict, but it holds the request's Subscribers: a list of
# {SubscriptionType, Address}. These two read and write it as what it is.
def _subscribers(notification: Notification) -> list[dict[str, Any]]:
    return cast(list[dict[str, Any]], notification.subscribers)


def _set_subscribers(notification: Notification, subscribers: list[dict[str, Any]]) -> None:
    notification.subscribers = cast(dict[str, Any], subscribers)


class BudgetTagsBackend(BaseBackend):
    """Budget tags of one account (Budgets is global per partition)."""

    def __init__(self, region_name: str, account_id: str):
        super().__init__(region_name, account_id)
        self.tagger = TaggingService()


budget_tags_backends = BackendDict(
    BudgetTagsBackend, "budgets", use_boto3_regions=False, additional_regions=PARTITION_NAMES
)


class BudgetsExtResponse(BudgetsResponse):
    """moto's Budgets handler plus subscriber, notification-update and tag operations."""

    @property
    def tags(self) -> TaggingService:
        return budget_tags_backends[self.current_account][self.partition].tagger

    def _budget(self) -> Budget:
        backend: BudgetsBackend = self.backend
        name = self._get_param("BudgetName")
        budget = backend.budgets[self._get_param("AccountId")].get(name)
        if budget is None:
            raise not_found(f"Unable to get budget: {name} - the budget doesn't exist.")
        return budget

    def _notification(self, budget: Budget, details: dict[str, Any]) -> Notification:
        for notification in budget.notifications:
            if _key(notification.details) == _key(details):
                return notification
        raise not_found("Unable to find the notification - the notification doesn't exist.")

    def _arn(self, budget_name: str) -> str:
        return f"arn:{self.partition}:budgets::{self._get_param('AccountId') or self.current_account}:budget/{budget_name}"

    def create_budget(self) -> str:
        result = super().create_budget()
        tags = self._get_param("ResourceTags")
        if tags:
            self.tags.tag_resource(self._arn(self._get_param("Budget")["BudgetName"]), tags)
        return result

    def delete_budget(self) -> str:
        result = super().delete_budget()
        self.tags.delete_all_tags_for_resource(self._arn(self._get_param("BudgetName")))
        return result

    def describe_subscribers_for_notification(self) -> ActionResult:
        notification = self._notification(self._budget(), self._get_param("Notification"))
        return ActionResult({"Subscribers": list(_subscribers(notification))})

    def create_subscriber(self) -> ActionResult:
        notification = self._notification(self._budget(), self._get_param("Notification"))
        subscriber = self._get_param("Subscriber")
        if any(_subscriber_key(s) == _subscriber_key(subscriber) for s in _subscribers(notification)):
            raise ServiceError("DuplicateRecordException", "Subscriber already exists for this notification")
        _set_subscribers(notification, [*_subscribers(notification), subscriber])
        return EmptyResult()

    def update_subscriber(self) -> ActionResult:
        notification = self._notification(self._budget(), self._get_param("Notification"))
        old, new = self._get_param("OldSubscriber"), self._get_param("NewSubscriber")
        if not any(_subscriber_key(s) == _subscriber_key(old) for s in _subscribers(notification)):
            raise not_found("Unable to find the subscriber - the subscriber doesn't exist.")
        _set_subscribers(
            notification,
            [new if _subscriber_key(s) == _subscriber_key(old) else s for s in _subscribers(notification)],
        )
        return EmptyResult()

    def delete_subscriber(self) -> ActionResult:
        notification = self._notification(self._budget(), self._get_param("Notification"))
        subscriber = self._get_param("Subscriber")
        remaining = [
            s for s in _subscribers(notification) if _subscriber_key(s) != _subscriber_key(subscriber)
        ]
        if len(remaining) == len(_subscribers(notification)):
            raise not_found("Unable to find the subscriber - the subscriber doesn't exist.")
        _set_subscribers(notification, remaining)
        return EmptyResult()

    def update_notification(self) -> ActionResult:
        notification = self._notification(self._budget(), self._get_param("OldNotification"))
        notification.details = self._get_param("NewNotification")
        return EmptyResult()

    def list_tags_for_resource(self) -> ActionResult:
        arn = self._get_param("ResourceARN")
        return ActionResult({"ResourceTags": self.tags.list_tags_for_resource(arn)["Tags"]})

    def tag_resource(self) -> ActionResult:
        self.tags.tag_resource(self._get_param("ResourceARN"), self._get_param("ResourceTags"))
        return EmptyResult()

    def untag_resource(self) -> ActionResult:
        self.tags.untag_resource_using_names(
            self._get_param("ResourceARN"), self._get_param("ResourceTagKeys")
        )
        return EmptyResult()


def register() -> None:
    replace_route(budgets_urls, "{0}/$", BudgetsResponse.dispatch, BudgetsExtResponse.dispatch)
