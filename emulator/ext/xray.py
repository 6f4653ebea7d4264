"""X-Ray Transaction Search: trace segment destination, indexing rules, and its CloudFormation type.

Adds to moto's ``xray`` app the operations behind Transaction Search, which moto (5.2) lacks:
``UpdateTraceSegmentDestination``/``GetTraceSegmentDestination`` (``XRay`` or ``CloudWatchLogs``)
and ``UpdateIndexingRule``/``GetIndexingRules`` (the ``Default`` probabilistic rule, 1 % until
changed). It also registers ``AWS::XRay::TransactionSearchConfig`` with moto's CloudFormation: a
stack that creates it sends segments to CloudWatch Logs and sets the ``Default`` rule to
``IndexingPercentage`` (0-100, default 1), exactly what the two API calls do; ``Ref`` and
``Fn::GetAtt AccountId`` give the account id; deleting it sends segments back to X-Ray. One per
account, as in AWS. The ``aws/spans`` log group AWS creates is not created.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from moto.core.base_backend import BackendDict, BaseBackend
from moto.core.common_models import CloudFormationModel
from moto.core.responses import ActionResult, BaseResponse
from moto.core.utils import utcnow
from moto.xray import urls as xray_urls

from ._common import ServiceError, add_routes

DEFAULT_RULE = "Default"
DEFAULT_PERCENTAGE = 1.0


def invalid(message: str) -> ServiceError:
    return ServiceError("InvalidRequestException", message)


class TransactionSearchBackend(BaseBackend):
    """Transaction Search settings of one account and region."""

    def __init__(self, region_name: str, account_id: str):
        super().__init__(region_name, account_id)
        self.destination = "XRay"
        self.rules: dict[str, tuple[float, datetime]] = {DEFAULT_RULE: (DEFAULT_PERCENTAGE, utcnow())}
        self.config_owned_by_stack = False

    def update_destination(self, destination: str | None) -> str:
        if destination not in ("XRay", "CloudWatchLogs"):
            raise invalid(f"Destination must be XRay or CloudWatchLogs, got {destination!r}")
        self.destination = destination
        return destination

    def update_indexing_rule(self, name: str, percentage: float) -> dict[str, Any]:
        if name not in self.rules:
            raise ServiceError("ResourceNotFoundException", f"Indexing rule {name} not found")
        if not 0 <= percentage <= 100:
            raise invalid(f"DesiredSamplingPercentage must be between 0 and 100, got {percentage}")
        if self.destination != "CloudWatchLogs":
            raise invalid(
                "Transaction Search is not enabled: set the trace segment destination to CloudWatchLogs"
            )
        self.rules[name] = (percentage, utcnow())
        return self.rule(name)

    def rule(self, name: str) -> dict[str, Any]:
        percentage, modified = self.rules[name]
        return {
            "Name": name,
            "ModifiedAt": modified,
            "Rule": {"Probabilistic": {"DesiredSamplingPercentage": percentage}},
        }


transaction_search_backends = BackendDict(TransactionSearchBackend, "xray")


class TransactionSearchResponse(BaseResponse):
    def __init__(self) -> None:
        super().__init__(service_name="xray")
        self.automated_parameter_parsing = True

    @property
    def backend(self) -> TransactionSearchBackend:
        return transaction_search_backends[self.current_account][self.region]

    def update_trace_segment_destination(self) -> ActionResult:
        destination = self.backend.update_destination(self._get_param("Destination"))
        return ActionResult({"Destination": destination, "Status": "ACTIVE"})

    def get_trace_segment_destination(self) -> ActionResult:
        return ActionResult({"Destination": self.backend.destination, "Status": "ACTIVE"})

    def update_indexing_rule(self) -> ActionResult:
        rule = self._get_param("Rule") or {}
        percentage = (rule.get("Probabilistic") or {}).get("DesiredSamplingPercentage")
        if percentage is None:
            raise invalid("Rule.Probabilistic.DesiredSamplingPercentage is required")
        return ActionResult(
            {"IndexingRule": self.backend.update_indexing_rule(self._get_param("Name"), percentage)}
        )

    def get_indexing_rules(self) -> ActionResult:
        return ActionResult({"IndexingRules": [self.backend.rule(name) for name in self.backend.rules]})


class TransactionSearchConfig(CloudFormationModel):
    """``AWS::XRay::TransactionSearchConfig`` over the backend above."""

    def __init__(self, backend: TransactionSearchBackend):
        self.backend = backend

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::XRay::TransactionSearchConfig"

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @property
    def physical_resource_id(self) -> str:
        return self.backend.account_id

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "AccountId"

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        if attribute_name == "AccountId":
            return self.backend.account_id
        from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

        raise UnformattedGetAttTemplateException()

    @staticmethod
    def _percentage(cloudformation_json: dict[str, Any]) -> float:
        from moto.cloudformation.exceptions import ValidationError

        value = cloudformation_json.get("Properties", {}).get("IndexingPercentage", DEFAULT_PERCENTAGE)
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ValidationError(
                message=f"IndexingPercentage must be a number from 0 to 100, got {value!r}"
            ) from None

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> TransactionSearchConfig:
        from moto.cloudformation.exceptions import ValidationError

        backend = transaction_search_backends[account_id][region_name]
        if backend.config_owned_by_stack:
            raise ValidationError(
                message=f"A TransactionSearchConfig already exists for account {account_id}"
            )
        percentage = cls._percentage(cloudformation_json)
        backend.update_destination("CloudWatchLogs")
        backend.update_indexing_rule(DEFAULT_RULE, percentage)
        backend.config_owned_by_stack = True
        return cls(backend)

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: TransactionSearchConfig,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> TransactionSearchConfig:
        original_resource.backend.update_indexing_rule(DEFAULT_RULE, cls._percentage(cloudformation_json))
        return original_resource

    def delete(self, account_id: str, region_name: str) -> None:
        self.backend.update_destination("XRay")
        self.backend.config_owned_by_stack = False

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str
    ) -> None:
        cls(transaction_search_backends[account_id][region_name]).delete(account_id, region_name)

    def is_created(self) -> bool:
        return True


def register() -> None:
    handler = TransactionSearchResponse.dispatch
    add_routes(
        xray_urls,
        {
            "{0}/UpdateTraceSegmentDestination$": handler,
            "{0}/GetTraceSegmentDestination$": handler,
            "{0}/UpdateIndexingRule$": handler,
            "{0}/GetIndexingRules$": handler,
        },
    )
