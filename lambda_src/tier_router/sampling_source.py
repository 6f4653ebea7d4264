"""Where the trace-sampling verdict comes from: the AppConfig sampling document, else the agent's record.

With an AppConfig location (application, environment, configuration profile), the document that
modules/sampling-profiles deploys is read through Powertools ``parameters.get_app_config`` (cached for
``ttl_seconds``) and parsed with ``agentcore_finops.sampling.parse``; the parsed profile is reused as
long as Powertools returns the same cached document. Without a location, or when AppConfig has never
answered with a valid document, the agent record's ``trace_sample_rate`` decides. A failed or invalid
refresh keeps the last good profile and is not retried for ``ttl_seconds``, so an AppConfig outage
neither fails requests nor turns every request into a network call.

Either way the verdict is deterministic per trace key (``SamplingProfile.is_sampled``), so every call
of one session or trace is kept or dropped together.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from aws_lambda_powertools import Logger

from agentcore_finops import sampling
from agentcore_finops.errors import FieldError

from . import SERVICE
from .contract import AppConfigLocation
from .decision import Sampling

SOURCE_APPCONFIG = "appconfig"
SOURCE_RECORD = "agent_config"

_log = Logger(service=SERVICE, child=True)


def powertools_fetch(location: AppConfigLocation, ttl_seconds: int) -> Callable[[], Any]:
    """A fetcher reading the document through Powertools' cached AppConfig provider."""
    from aws_lambda_powertools.utilities import parameters

    def fetch() -> Any:
        return parameters.get_app_config(
            name=location.profile,
            environment=location.environment,
            application=location.application,
            max_age=ttl_seconds,
            transform="json",
        )

    return fetch


class SamplingSource:
    """Decides whether a call's trace is sampled. ``fetches`` and ``failures`` count AppConfig reads
    that reached Powertools and those that failed (for tests and benchmarks)."""

    def __init__(
        self,
        location: AppConfigLocation | None = None,
        ttl_seconds: int = 60,
        fetch: Callable[[], Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.location = location
        self.ttl_seconds = ttl_seconds
        self._fetch = fetch or (powertools_fetch(location, ttl_seconds) if location else None)
        self._clock = clock
        self._document: Any = None
        self._profile: sampling.SamplingProfile | None = None
        self._failed_at: float | None = None
        self.fetches = 0
        self.failures = 0

    def profile(self) -> sampling.SamplingProfile | None:
        """The current AppConfig profile, the last good one after a failed refresh, or None."""
        if self._fetch is None:
            return None
        if self._failed_at is not None and self._clock() - self._failed_at < self.ttl_seconds:
            return self._profile
        self.fetches += 1
        try:
            document = self._fetch()
            if document is self._document and self._profile is not None:
                return self._profile
            profile = sampling.parse(document)
        except FieldError as exc:
            return self._failed(f"the sampling document is invalid: {exc}")
        except Exception as exc:  # Powertools GetParameterError/TransformParameterError, botocore errors
            return self._failed(f"cannot read the sampling document: {type(exc).__name__}: {exc}")
        self._document, self._profile, self._failed_at = document, profile, None
        return profile

    def _failed(self, why: str) -> sampling.SamplingProfile | None:
        self.failures += 1
        self._failed_at = self._clock()
        fallback = "the last good document" if self._profile else "each agent's trace_sample_rate"
        _log.warning(f"{why}; using {fallback} for {self.ttl_seconds}s")
        return self._profile

    def verdict(self, record: Mapping[str, Any], trace_key: str) -> Sampling:
        """Whether this call's trace is sampled, at what rate, and from which source."""
        agent_id, tier = record["agent_id"], record["tier"]
        profile = self.profile()
        if profile is not None:
            return Sampling(
                sampled=profile.is_sampled(agent_id, tier, trace_key),
                rate=profile.rate_for(agent_id, tier),
                source=SOURCE_APPCONFIG,
            )
        rate = float(record["trace_sample_rate"])
        own = sampling.SamplingProfile(tiers={}, agents={agent_id: rate})
        return Sampling(sampled=own.is_sampled(agent_id, tier, trace_key), rate=rate, source=SOURCE_RECORD)
