"""Lambda entry point of the tier router. The event contract and responses are in README.md.

Per request: validate the event (``contract``), read the agent's record through the cached
``ConfigStore`` (no network call while the record is younger than CONFIG_CACHE_TTL_SECONDS), get the
trace-sampling verdict (``sampling_source``), decide (``decision``) and, in invoke mode, call Converse
and price the call (``converse``). Every routed request emits EMF metrics with the dimensions AgentId
and Tier; client errors emit ``ClientErrors`` without agent dimensions (an unknown agent id must not
create a metric series).

Faults: Converse retries are bounded by attempts and by a deadline below the invocation's remaining
time (``converse``); a failed config-table refresh serves the last good copy (``ConfigStaleReads``);
a malformed table record fails the invocation with an error naming the field. No prompt, system or
tool text is logged: refusals log the status, the error type and the field name only.

Settings come from environment variables (``contract.Settings.from_env``), read and validated once per
container on the first request, so a misconfigured function fails its first invocation with a
``SettingsError`` naming every bad variable (logged in the shape of ``agentcore_finops.env.error_report``).
A refused request returns that shape with an HTTP-style ``status`` (``contract.Response``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import re
import time
import uuid
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from agentcore_finops import metrics as acf_metrics
from agentcore_finops.config_store import ConfigStore, UnknownAgentError
from agentcore_finops.env import SettingsError, error_report, logged_errors
from agentcore_finops.errors import FieldError
from agentcore_finops.pricing import Catalogue, load_catalogue

from . import SERVICE
from .contract import (
    EVENT_FIELDS,
    Request,
    RequestError,
    RequestTooLarge,
    Response,
    Settings,
    parse_record,
    parse_request,
)
from .decision import Decision, ModelTraits, decide
from .sampling_source import SamplingSource

if TYPE_CHECKING:
    from .converse import Result

# Every metric this function can emit (the cost dashboard is built from the same names).
METRIC_NAMES = (
    "Decisions",  # routed requests, both modes
    "Escalations",  # 1 when the request went to the escalation model, else 0 (its average is the rate)
    "ModelCalls",  # Converse calls that returned (invoke mode)
    "InputTokens",  # uncached input tokens
    "OutputTokens",
    "CacheReadInputTokens",
    "CacheWriteInputTokens",
    "CostUSD",  # cost of the call from the pricing catalogue
    "CacheHitRatio",  # cache-read share of the call's input tokens, 0-1
    "ModelThrottles",  # throttled Converse attempts (retried or not)
    "ClientErrors",  # requests refused as the caller's fault (no agent dimensions)
    "ModelUnavailable",  # requests that got no answer from Bedrock after every retry (429 or 503)
    "ConfigStaleReads",  # records served past the cache TTL because the table could not be read
)
# Time kept back from the invocation's remaining time when bounding Converse retries.
DEADLINE_RESERVE_SECONDS = 2.0

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=acf_metrics.NAMESPACE, service=SERVICE)


class Router:
    """Holds what a warm container reuses: settings, the config cache, the catalogue, the sampling
    source and (in invoke mode) the bedrock-runtime client."""

    def __init__(
        self,
        settings: Settings,
        store: ConfigStore,
        catalogue: Catalogue,
        sampling: SamplingSource,
        bedrock: Any = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.settings = settings
        self.store = store
        self.catalogue = catalogue
        self.sampling = sampling
        self._bedrock = bedrock
        self._sleep = sleep
        self._rng = rng
        self._clock = clock
        self._traits: dict[str, ModelTraits] = {}

    @property
    def bedrock(self) -> Any:
        if self._bedrock is None:
            from agentcore_finops.aws import client

            # One attempt per call: converse.invoke is the only retry layer (backoff with jitter).
            self._bedrock = client("bedrock-runtime", max_attempts=1)
        return self._bedrock

    def traits(self, model_id: str) -> ModelTraits:
        """Catalogue facts about a model; an unpriced id gets no cache points and no cost."""
        traits = self._traits.get(model_id)
        if traits is None:
            try:
                model = self.catalogue.model(model_id)
                traits = ModelTraits(known=True, prompt_cache_fields=model.prompt_cache_fields)
            except FieldError as exc:
                logger.warning(
                    f"model {model_id!r} is not in the pricing catalogue: no cache points, no cost ({exc})"
                )
                traits = ModelTraits(known=False)
            self._traits[model_id] = traits
        return traits

    def price(self, model_id: str, usage: Mapping[str, Any]) -> Decimal | None:
        if not self.traits(model_id).known:
            return None
        try:
            return self.catalogue.usage_cost(model_id, usage)
        except FieldError as exc:
            logger.warning(f"cannot price the call to {model_id}: {exc}")
            return None

    def route(self, request: Request, trace_fallback: str) -> Decision:
        record = self.store.get(request.agent_id)
        verdict = self.sampling.verdict(record, request.trace_key(trace_fallback))
        return decide(record, request, self.traits, verdict)

    def invoke(self, request: Request, decision: Decision, remaining_seconds: float | None = None) -> Result:
        from .converse import invoke  # invoke mode only: route mode never loads it

        deadline = self.settings.converse_deadline_seconds
        if remaining_seconds is not None:
            deadline = max(0.0, min(deadline, remaining_seconds - DEADLINE_RESERVE_SECONDS))
        return invoke(
            self.bedrock,
            decision,
            request,
            self.price,
            max_attempts=self.settings.converse_max_attempts,
            deadline_seconds=deadline,
            sleep=self._sleep,
            rng=self._rng,
            clock=self._clock,
        )


def build_router(
    settings: Settings,
    *,
    clock: Callable[[], float] = time.monotonic,
    dynamodb: Any = None,
    bedrock: Any = None,
    sampling_fetch: Callable[[], Any] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    rng: Callable[[], float] = random.random,
) -> Router:
    """A Router from settings; the keyword arguments replace clients, the clock and the sleeper in
    tests and benchmarks."""
    return Router(
        settings,
        ConfigStore(
            settings.table_name,
            ttl_seconds=settings.config_ttl_seconds,
            dynamodb_client=dynamodb,
            clock=clock,
            validate=parse_record,
            whole_table=True,
        ),
        load_catalogue(),
        SamplingSource(settings.appconfig, settings.sampling_ttl_seconds, fetch=sampling_fetch, clock=clock),
        bedrock=bedrock,
        sleep=sleep,
        rng=rng,
        clock=clock,
    )


_router: Router | None = None


def get_router() -> Router:
    """The container's router, built from the environment on first use."""
    global _router
    if _router is None:
        _router = build_router(Settings.from_env(os.environ))
    return _router


def use_router(router: Router | None) -> None:
    """Replace the container's router (tests, benchmarks); None rebuilds it from the environment."""
    global _router
    _router = router


def _error(status: int, kind: str, exc: Exception, **details: Any) -> Response:
    body = error_report(exc)["error"] | {"type": kind}
    body.update({k: v for k, v in details.items() if v is not None})
    return {"status": status, "error": body}


def _loggable_field(field: str) -> dict[str, str]:
    """A refused field for the log: its top-level event field when it is one of the contract's, and a
    hash of the full path (which may hold a caller's key name, so it is never logged as is)."""
    top = re.split(r"[.\[]", field, maxsplit=1)[0]
    return {
        "field": top if top in EVENT_FIELDS or top == "event" else "?",
        "field_sha256": hashlib.sha256(field.encode()).hexdigest()[:16],
    }


def _client_error(exc: FieldError) -> Response:
    metrics.add_metric(name="ClientErrors", unit=MetricUnit.Count, value=1)
    if isinstance(exc, UnknownAgentError):
        return _error(404, "UnknownAgent", exc)
    if isinstance(exc, RequestTooLarge):
        return _error(exc.status, exc.kind, exc, limit=exc.limit, setting=exc.setting)
    if isinstance(exc, RequestError):
        return _error(exc.status, exc.kind, exc)
    return _error(400, "InvalidRequest", exc)


def _decision_metrics(decision: Decision) -> None:
    metrics.add_dimension(name=acf_metrics.DIM_AGENT, value=decision.agent_id)
    metrics.add_dimension(name=acf_metrics.DIM_TIER, value=str(decision.tier))
    metrics.add_metric(name="Decisions", unit=MetricUnit.Count, value=1)
    metrics.add_metric(name="Escalations", unit=MetricUnit.Count, value=1 if decision.escalated else 0)


def _call_metrics(result: Result) -> None:
    usage = result.usage
    metrics.add_metric(name="ModelCalls", unit=MetricUnit.Count, value=1)
    metrics.add_metric(name="InputTokens", unit=MetricUnit.Count, value=usage.input_tokens)
    metrics.add_metric(name="OutputTokens", unit=MetricUnit.Count, value=usage.output_tokens)
    metrics.add_metric(name="CacheReadInputTokens", unit=MetricUnit.Count, value=usage.cache_read_tokens)
    metrics.add_metric(name="CacheWriteInputTokens", unit=MetricUnit.Count, value=usage.cache_write_tokens)
    if result.cost_usd is not None:
        metrics.add_metric(name="CostUSD", unit=MetricUnit.NoUnit, value=float(result.cost_usd))
    if usage.cache_hit_ratio is not None:
        metrics.add_metric(name="CacheHitRatio", unit=MetricUnit.NoUnit, value=usage.cache_hit_ratio)
    if result.throttled_attempts:
        metrics.add_metric(name="ModelThrottles", unit=MetricUnit.Count, value=result.throttled_attempts)


def handle(event: Any, context: Any, router: Router) -> Response:
    """Route (and in invoke mode, call) one request. Returns the response; raises only on faults that
    are not the caller's (the function's error alarm watches those)."""
    stale_before = router.store.stale_serves
    try:
        request = parse_request(event, router.settings.limits)
        fallback = getattr(context, "aws_request_id", None) or uuid.uuid4().hex
        decision = router.route(request, fallback)
    except FieldError as exc:  # RequestError, RequestTooLarge, UnknownAgentError
        # Ids and sizes only: the message may quote the caller's text, so it goes to the caller alone.
        kind = (
            "UnknownAgent" if isinstance(exc, UnknownAgentError) else getattr(exc, "kind", "InvalidRequest")
        )
        logger.info("refused", extra={"error_type": kind, **_loggable_field(str(exc.field))})
        return _client_error(exc)
    if router.store.stale_serves > stale_before:
        logger.warning(
            "config table unreadable: served a cached record", extra={"error": router.store.last_error}
        )
        metrics.add_metric(name="ConfigStaleReads", unit=MetricUnit.Count, value=1)

    _decision_metrics(decision)
    response: Response = {"status": 200, "mode": request.mode, "decision": decision.to_dict()}
    if logger.log_level <= logging.DEBUG:  # one log event per request: off unless asked for
        summary = {k: v for k, v in response["decision"].items() if k != "tools"}
        logger.debug("routed", extra=summary | {"tools": [t["toolSpec"]["name"] for t in decision.tools]})
    if request.mode == "invoke":
        from .converse import ModelRejectedRequest, ModelUnavailable

        remaining = getattr(context, "get_remaining_time_in_millis", None)
        try:
            result = router.invoke(request, decision, None if remaining is None else remaining() / 1000)
        except ModelUnavailable as exc:
            if exc.throttled:
                metrics.add_metric(name="ModelThrottles", unit=MetricUnit.Count, value=exc.throttled)
            metrics.add_metric(name="ModelUnavailable", unit=MetricUnit.Count, value=1)
            logger.warning(str(exc))  # model id, error code, attempts and time: no request content
            return {
                **_error(exc.status, exc.kind, exc, attempts=exc.attempts, code=exc.code),
                "decision": response["decision"],
            }
        except ModelRejectedRequest as exc:
            # Bedrock's message may quote the request: it goes to the caller, the log gets the model only.
            logger.info("model rejected the request", extra={"model_id": decision.model_id})
            return {**_error(exc.status, exc.kind, exc), "decision": response["decision"]}
        _call_metrics(result)
        response["output"] = result.to_dict()
    return response


@logger.inject_lambda_context(log_event=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> Response:
    with logged_errors(logger.error, "misconfigured", SettingsError):
        router = get_router()
    return handle(event, context, router)
