"""The routing decision: which model answers, under which caps, with which tools and cache points.

Everything here is pure (no I/O): ``decide`` takes the agent's record from the config table, the
validated request, the model's catalogue entry and the sampling verdict, and returns a ``Decision``;
``converse_request`` turns a decision and a request into Converse arguments.

Escalation heuristic (README.md, "Escalation"): a request goes to the agent's
``escalation_model_id`` when, and only when, the agent has one, the caller did not hint
``complexity = "low"``, and one of these holds, checked in this order:

1. ``complexity_hint``: the caller sent ``complexity = "high"``;
2. ``long_input``: the messages hold at least ``LONG_INPUT_CHARS`` characters of text;
3. ``many_turns``: the conversation has at least ``MANY_TURNS`` user turns;
4. ``reasoning_signals``: the last user message shows at least ``MIN_SIGNALS`` distinct reasoning
   signals (``SIGNALS``: "step by step", "root cause", "trade-off", "compare", ...).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from .contract import Request

CACHE_POINT = {"cachePoint": {"type": "default"}}

LONG_INPUT_CHARS = 12_000  # about 3,000 tokens of conversation text
MANY_TURNS = 6
MIN_SIGNALS = 2
# Phrases that mark a request needing multi-step reasoning; each counts once however often it occurs.
# Matched case-insensitively; compiled on first use (``signals_in``), not at cold start.
SIGNALS: dict[str, str] = {
    "step_by_step": r"\bstep[- ]by[- ]step\b",
    "root_cause": r"\broot[- ]cause",
    "trade_off": r"\btrade[- ]?offs?\b",
    "compare": r"\bcompar(e|es|ed|ing|ison)\b",
    "analyse": r"\banaly[sz](e|es|ed|ing|is)\b",
    "why": r"\bwhy\b",
    "plan": r"\b(plan(s|ning)?|strateg(y|ies))\b",
    "diagnose": r"\b(diagnos(e|is)|investigat(e|ion)|troubleshoot)",
    "prove": r"\b(prove|proof|derive|justify)\b",
    "multi_step": r"\bmulti[- ]?(step|stage|part)\b",
    "reconcile": r"\breconcil(e|iation)\b",
    "design": r"\b(design|architect(ure)?)\b",
    "optimise": r"\boptimi[sz](e|ation)\b",
    "evaluate": r"\b(evaluate|assess)\b",
}

REASONS = ("complexity_hint", "long_input", "many_turns", "reasoning_signals")


def signals_in(text: str) -> list[str]:
    """The names of the reasoning signals found in ``text``, in SIGNALS order."""
    return [name for name, pattern in _compiled_signals().items() if pattern.search(text)]


@cache
def _compiled_signals() -> dict[str, re.Pattern[str]]:
    return {name: re.compile(pattern, re.IGNORECASE) for name, pattern in SIGNALS.items()}


def escalation_reason(request: Request) -> str | None:
    """Why this request is complex enough to escalate (one of REASONS), or None. Does not look at
    whether the agent can escalate; ``decide`` does."""
    if request.complexity == "low":
        return None
    if request.complexity == "high":
        return "complexity_hint"
    if request.input_chars >= LONG_INPUT_CHARS:
        return "long_input"
    if request.user_turns >= MANY_TURNS:
        return "many_turns"
    if len(signals_in(request.last_user_text)) >= MIN_SIGNALS:
        return "reasoning_signals"
    return None


@dataclass(frozen=True)
class ModelTraits:
    """What the router needs to know about a model from the pricing catalogue. ``known`` is False for
    an id the catalogue does not price (no cache points are placed, and no cost is reported)."""

    known: bool
    prompt_cache_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sampling:
    sampled: bool
    rate: float
    source: str  # "appconfig" or "agent_config"


@dataclass(frozen=True)
class Decision:
    agent_id: str
    tier: int
    model_id: str
    escalated: bool
    escalation_reason: str | None
    max_tokens: int
    step_budget: int
    tools: list[dict[str, Any]]
    cache_points: list[str]
    batch_eligible: bool
    trace_sampled: bool
    sample_rate: float
    sampling_source: str
    config_version: str
    prompt_cache_fields: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The decision as the router returns it (shallow: ``tools`` are the request's own specs)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "prompt_cache_fields"}


def decide(
    record: Mapping[str, Any],
    request: Request,
    traits_of: Any,
    sampling: Sampling,
) -> Decision:
    """The decision for ``request`` from the agent's ``record``. ``traits_of(model_id)`` returns the
    ModelTraits of a model id."""
    escalation_model = record.get("escalation_model_id")
    reason = escalation_reason(request) if escalation_model else None
    escalated = reason is not None and escalation_model != record["model_id"]
    model_id: str = escalation_model if escalated and escalation_model else record["model_id"]
    traits: ModelTraits = traits_of(model_id)

    cap = int(record["max_tokens"])
    allowed = set(record.get("tools") or ())
    tools = [t for t in request.tool_schemas if t["toolSpec"]["name"] in allowed]
    cache_points = []
    if request.system and "system" in traits.prompt_cache_fields:
        cache_points.append("system")
    if tools and "tools" in traits.prompt_cache_fields:
        cache_points.append("tools")

    return Decision(
        agent_id=record["agent_id"],
        tier=int(record["tier"]),
        model_id=model_id,
        escalated=escalated,
        escalation_reason=reason if escalated else None,
        max_tokens=min(request.max_tokens or cap, cap),
        step_budget=int(record["step_budget"]),
        tools=tools,
        cache_points=cache_points,
        batch_eligible=bool(record.get("async")),
        trace_sampled=sampling.sampled,
        sample_rate=sampling.rate,
        sampling_source=sampling.source,
        config_version=str(record["config_version"]),
        prompt_cache_fields=traits.prompt_cache_fields,
    )


def converse_request(decision: Decision, request: Request) -> dict[str, Any]:
    """Converse keyword arguments for ``request`` under ``decision``: the decided ``modelId``; the
    messages (a caller's cache points kept only where the model accepts them in messages); the system
    prompt and the allowed tools, each followed by a cache point when the decision places one there;
    and ``inferenceConfig.maxTokens`` = the decided cap."""
    keep = "messages" in decision.prompt_cache_fields
    out: dict[str, Any] = {
        "modelId": decision.model_id,
        "messages": [
            {"role": m["role"], "content": [b for b in m["content"] if keep or "cachePoint" not in b]}
            for m in request.messages
        ],
    }
    if request.system:
        out["system"] = [*request.system, *([CACHE_POINT] if "system" in decision.cache_points else [])]
    if decision.tools:
        out["toolConfig"] = {
            "tools": [*decision.tools, *([CACHE_POINT] if "tools" in decision.cache_points else [])]
        }
    out["inferenceConfig"] = {"maxTokens": decision.max_tokens}
    return out
