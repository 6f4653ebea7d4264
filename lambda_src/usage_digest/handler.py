"""Lambda entry point of the usage digest (see ``digest`` for what it reads, sends and how each failure
ends).

Configuration: environment variables (``contract.VARIABLES``), read and checked once per container; a
bad one fails the invocation with ``SettingsError`` naming every bad variable. An invocation event may
only narrow the settings (``contract.narrow``); ``{}`` runs them. A bad event fails before any AWS call.
Both refusals are logged in the shape of ``agentcore_finops.env.error_report`` before the error is
raised. The function returns the digest (``Digest.to_dict()``) and logs it; when a read, the metric or
the notification failed, it raises ``DigestFailed`` after publishing what it has, so the error alarm
fires.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from agentcore_finops import aws, pricing
from agentcore_finops.env import SettingsError, logged_errors
from agentcore_finops.errors import FieldError, FieldErrors
from agentcore_finops.metrics import NAMESPACE

from . import digest as digest_mod
from .contract import Digest, DigestSettings, settings_from_env

SERVICE = digest_mod.SERVICE
# Run metrics (EMF, dimension service); RecommendedSavingUSD per AgentId is put by digest.put_savings.
METRIC_NAMES = ("DigestRecommendations", "DigestReadErrors")

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)


class DigestFailed(RuntimeError):
    """A read, the metric or the notification failed; ``digest`` holds what was done."""

    def __init__(self, digest: Digest):
        super().__init__("; ".join(f"{e['step']}: {e['error']}" for e in digest.errors))
        self.digest = digest


def now() -> dt.datetime:
    """The run's time: the window ends at 00:00 UTC of this day (a seam for tests)."""
    return dt.datetime.now(dt.UTC)


@cache
def settings() -> DigestSettings:
    """The settings from the environment, read and checked once per container."""
    return settings_from_env(os.environ)


@logger.inject_lambda_context(log_event=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    with logged_errors(logger.error, "misconfigured", SettingsError):
        configured = settings()
    with logged_errors(logger.error, "refused", FieldError, FieldErrors):
        run_settings = configured.with_event(event)  # refuses a bad or widening event: no AWS call yet
    digest = digest_mod.run(
        run_settings,
        pricing.load_catalogue(),
        cloudwatch=aws.client("cloudwatch"),
        dynamodb=aws.client("dynamodb"),
        sns=aws.client("sns"),
        now=now(),
    )
    metrics.add_metric(name="DigestRecommendations", unit=MetricUnit.Count, value=digest.recommendations)
    metrics.add_metric(name="DigestReadErrors", unit=MetricUnit.Count, value=len(digest.errors))
    logger.info("usage digest", extra={"digest": digest.to_dict()})
    if digest.errors:
        raise DigestFailed(digest)
    return digest.to_dict()
