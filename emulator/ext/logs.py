"""CloudWatch Logs vended-log delivery from AgentCore.

moto (5.2) keeps a fixed table of the services that may be a delivery source and refuses every other
one with ``ResourceNotFoundException: Cannot access provided service``; ``bedrock-agentcore`` is not in
it. AgentCore gateways and memories deliver ``APPLICATION_LOGS`` (and runtimes ``USAGE_LOGS``; all of
them ``TRACES``) through ``PutDeliverySource``, which is what ``aws_cloudwatch_log_delivery_source``
calls. This wraps moto's ``put_delivery_source`` so AgentCore resource ARNs are accepted with those
log types and stored as moto stores any other source; every other service goes through moto as before.
"""

from __future__ import annotations

from typing import Any

from moto.logs.exceptions import ValidationException
from moto.logs.models import DeliverySource, LogsBackend

AGENTCORE_SERVICE = "bedrock-agentcore"
AGENTCORE_LOG_TYPES = ("APPLICATION_LOGS", "USAGE_LOGS", "TRACES")

_registered = False


def register() -> None:
    global _registered
    if _registered:
        return
    moto_put = LogsBackend.put_delivery_source

    def put_delivery_source(
        self: LogsBackend, name: str, resource_arn: str, log_type: str, tags: dict[str, str]
    ) -> DeliverySource:
        parts = resource_arn.split(":")
        if len(parts) < 6 or parts[2] != AGENTCORE_SERVICE:
            return moto_put(self, name, resource_arn, log_type, tags)
        if log_type not in AGENTCORE_LOG_TYPES:
            raise ValidationException(msg=" This service is not allowed for this LogSource.")
        existing: Any = self.delivery_sources.get(name)
        if existing is not None and resource_arn not in existing.resource_arns:
            # moto's own rule for any source: a source keeps its resource.
            return moto_put(self, name, resource_arn, log_type, tags)
        source = DeliverySource(self.account_id, self.region_name, name, resource_arn, log_type, tags)
        self.delivery_sources[name] = source
        return source

    LogsBackend.put_delivery_source = put_delivery_source  # type: ignore[method-assign]
    _registered = True
