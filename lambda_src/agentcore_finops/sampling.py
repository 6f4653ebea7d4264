"""The trace-sampling document: per-tier and per-agent head-sampling rates, served from AppConfig.

modules/sampling-profiles writes this document as AppConfig hosted configuration; the tier router and
agent runtimes read it (cached) and decide per call whether a trace is sampled. Flipping one agent or
a whole tier to 1.0 for an investigation is a new AppConfig deployment, not a redeploy.

Document (JSON), validated by ``modules/sampling-profiles/sampling-profile.schema.json`` in AppConfig
and by ``parse`` here::

    {
      "version": 1,
      "tiers":  {"1": 0.25, "2": 0.1, "3": 0.03},      # every tier present
      "agents": {"sre-orchestrator": 1.0, ...}         # optional per-agent rates (win over the tier)
    }
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import FieldError

DOCUMENT_VERSION = 1
TIERS = ("1", "2", "3")


def _rate(field: str, value: Any) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 <= value <= 1
    ):
        raise FieldError(field, f"invalid sample rate {value!r}", "a number from 0 to 1")
    return float(value)


@dataclass(frozen=True)
class SamplingProfile:
    tiers: Mapping[str, float]
    agents: Mapping[str, float]

    def rate_for(self, agent_id: str, tier: int | str) -> float:
        """The agent's own rate when the document has one, else its tier's."""
        if agent_id in self.agents:
            return self.agents[agent_id]
        return self.tiers[str(tier)]

    def is_sampled(self, agent_id: str, tier: int | str, trace_key: str) -> bool:
        """Deterministic head sampling: the same trace key always gets the same decision, so every
        span of one trace (or every call of one session) is kept or dropped together."""
        rate = self.rate_for(agent_id, tier)
        if rate >= 1.0:
            return True
        if rate <= 0.0:
            return False
        digest = hashlib.sha256(trace_key.encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64 < rate


def parse(document: Mapping[str, Any]) -> SamplingProfile:
    """Validate a sampling document and return the profile; errors name the field."""
    if not isinstance(document, Mapping):
        raise FieldError("sampling document", f"must be a JSON object, got {type(document).__name__}")
    version = document.get("version")
    if isinstance(version, bool) or version != DOCUMENT_VERSION:  # True == 1 in Python, not in JSON
        raise FieldError("version", f"unsupported version {version!r}", str(DOCUMENT_VERSION))
    tiers = document.get("tiers")
    if not isinstance(tiers, Mapping):
        raise FieldError("tiers", "missing or not an object", 'an object with keys "1", "2", "3"')
    missing = [t for t in TIERS if t not in tiers]
    extra = [t for t in tiers if t not in TIERS]
    if missing or extra:
        raise FieldError("tiers", f"missing {missing} / unknown {extra}", 'exactly the keys "1", "2", "3"')
    agents = document.get("agents")
    agents = {} if agents is None else agents
    if not isinstance(agents, Mapping):
        raise FieldError("agents", "not an object", "an object of agent id to sample rate")
    return SamplingProfile(
        tiers={t: _rate(f'tiers["{t}"]', tiers[t]) for t in TIERS},
        agents={a: _rate(f'agents["{a}"]', r) for a, r in agents.items()},
    )


def otel_environment(rate: float) -> dict[str, str]:
    """The standard OpenTelemetry head-sampling variables for a runtime sampling at ``rate``."""
    return {"OTEL_TRACES_SAMPLER": "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": repr(float(rate))}
