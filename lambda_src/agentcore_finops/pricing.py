"""The pricing catalogue: sourced list prices for Bedrock models and the AWS services an agent fleet uses.

``load_catalogue()`` reads ``data/prices.json`` (standard library only, so it runs inside the Lambda
zips), optionally merges a user override, and returns a ``Catalogue``; a catalogue file or an override
goes through every check of ``pricing_check`` (the packaged file went through them at build and test
time, so a Lambda's cold start does not load the checks):

- ``model(model_id)`` resolves a base model id, an inference-profile id (``global.``, ``us.``, ...) or a
  Bedrock ARN to the effective per-token rates, profile multiplier applied;
- ``token_cost(...)`` / ``usage_cost(...)`` price one model call in USD;
- ``model(model_id).prompt_cache_fields`` says where a Converse request may place a ``cachePoint``;
- ``price(service, item)`` and ``term(service, item)`` return one service price or billing fact.

Every number is a ``Decimal`` (JSON is parsed straight to ``Decimal``, never through ``float``) and
carries the ``Source`` it came from, with that source's date.

Token semantics follow what Bedrock Converse reports in ``usage``: ``inputTokens`` counts only the
input that was neither read from nor written to the prompt cache, while ``cacheReadInputTokens`` and
``cacheWriteInputTokens`` are reported beside it (total input = the three added up; ``cacheDetails``
splits the writes by TTL). So each token is priced once: uncached input at the input rate, cache
reads at the cache-read rate, cache writes at the write rate for their TTL, output at the output rate.

Overrides (an enterprise discount, a worked example's own prices) are a partial catalogue of the same
shape plus an ``override_source`` (``title``, ``as_of``, optional ``url``). They are merged key by
key, so they change only what they set; every rate or multiplier they set is attributed to the
override's source unless the override names another source for it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from .errors import FieldError

TOKEN_FIELDS = (
    "input",
    "output",
    "cache_write_5m",
    "cache_write_1h",
    "cache_read",
    "batch_input",
    "batch_output",
)
TOKEN_UNITS = {
    "input": "USD per 1M uncached input tokens",
    "output": "USD per 1M output tokens",
    "cache_write_5m": "USD per 1M input tokens written to the cache with a 5-minute TTL",
    "cache_write_1h": "USD per 1M input tokens written to the cache with a 1-hour TTL",
    "cache_read": "USD per 1M input tokens read from the cache",
    "batch_input": "USD per 1M input tokens in batch inference",
    "batch_output": "USD per 1M output tokens in batch inference",
}
CACHE_TTLS = ("5m", "1h")
# Converse request fields that can carry a cachePoint; which ones a model accepts differs by family
# (Nova refuses a cachePoint in toolConfig.tools), so each caching model lists its own.
PROMPT_CACHE_FIELDS = ("system", "messages", "tools")
OVERRIDE_SOURCE = "override"
_MULTIPLIERS = "inference_profile_multipliers"
_CACHE_FIELDS = "prompt_cache_fields"
# The most output tokens one call may return (Converse maxTokens); the fleet rules cap max_tokens by it.
_MAX_OUTPUT = "max_output_tokens"

_PACKAGED_LABEL = "data/prices.json"
# Packed into every Lambda zip that imports this module (scripts/build_lambdas.py reads this literal).
LAMBDA_DATA = ("data/prices.json",)

_ARN = re.compile(r"^arn:aws[a-z-]*:bedrock:[a-z0-9-]*:\d*:(?P<kind>[a-z-]+)/(?P<id>.+)$")
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Source:
    """Where a figure comes from. ``as_of`` is ``YYYY-MM-DD`` or ``YYYY-MM``: the date the source gives
    for its figures, or the date it was read when it gives none."""

    key: str
    title: str
    url: str
    as_of: str


@dataclass(frozen=True)
class Price:
    """A USD amount per ``unit`` (for model rates: per 1M tokens), with its source."""

    value: Decimal
    unit: str
    source: Source
    note: str | None = None

    @property
    def as_of(self) -> str:
        return self.source.as_of


@dataclass(frozen=True)
class Term:
    """A sourced billing fact that is not a price: a free tier, a billing floor, a default."""

    value: Decimal
    unit: str
    source: Source
    note: str | None = None

    @property
    def as_of(self) -> str:
        return self.source.as_of


_Fact = TypeVar("_Fact", Price, Term)


@dataclass(frozen=True)
class ModelPrice:
    """Effective rates for one model id, inference-profile multiplier already applied.

    ``model_id`` is the id as asked; ``base_model_id`` the catalogue entry it resolved to; ``profile``
    the inference-profile prefix (``"global"``, ``"us"``, ...) or None for the base id. Each rate is a
    ``Price`` in USD per 1M tokens, or None where the catalogue has no such price. A rate's source is
    that of the base rate; the multiplier has its own ``multiplier_source`` (None for the base id).
    ``prompt_cache_fields`` names the Converse request fields (of ``PROMPT_CACHE_FIELDS``) where the
    model accepts a ``cachePoint``; empty for a model without prompt caching.
    """

    model_id: str
    base_model_id: str
    profile: str | None
    multiplier: Decimal
    multiplier_source: Source | None
    display_name: str
    family: str
    supports_prompt_cache: bool
    input: Price
    output: Price
    cache_write_5m: Price | None
    cache_write_1h: Price | None
    cache_read: Price | None
    batch_input: Price | None
    batch_output: Price | None
    note: str | None = None
    prompt_cache_fields: tuple[str, ...] = ()
    max_output_tokens: int | None = None


class UnknownModelError(FieldError):
    """The model id is not in the catalogue, or names an inference profile it does not price."""

    def __init__(self, model_id: str, problem: str, allowed: str):
        super().__init__("model_id", problem, allowed)
        self.model_id = model_id


@dataclass(frozen=True)
class _Model:
    display_name: str
    family: str
    supports_prompt_cache: bool
    rates: Mapping[str, Price | None]
    multipliers: Mapping[str, Decimal]
    multiplier_source: Source
    note: str | None
    prompt_cache_fields: tuple[str, ...] = ()
    max_output_tokens: int | None = None


@dataclass(frozen=True)
class _Service:
    prices: Mapping[str, Price]
    terms: Mapping[str, Term]


def round_cents(amount: Decimal) -> Decimal:
    """``amount`` rounded half-up to whole cents, for display (compute with the unrounded value)."""
    return Decimal(amount).quantize(_CENT, rounding=ROUND_HALF_UP)


class Catalogue:
    """A validated, read-only price catalogue. Build it with ``load_catalogue()``."""

    def __init__(
        self,
        *,
        version: str,
        region: str,
        models: Mapping[str, _Model],
        services: Mapping[str, _Service],
    ):
        self.version = version
        self.currency = "USD"
        self.region = region
        self._models = MappingProxyType(dict(models))
        self._services = MappingProxyType(dict(services))
        self._resolved: dict[str, ModelPrice] = {}

    # ---------------------------------------------------------------------------------------- models

    def model_ids(self, *, include_profiles: bool = False) -> tuple[str, ...]:
        """Base model ids, sorted; with ``include_profiles`` also every priced ``<prefix>.<base id>``."""
        ids = list(self._models)
        if include_profiles:
            ids += [f"{prefix}.{base}" for base, m in self._models.items() for prefix in m.multipliers]
        return tuple(sorted(ids))

    def model(self, model_id: str) -> ModelPrice:
        """Rates for a base model id, an inference-profile id (``us.anthropic...``) or an
        ``inference-profile/`` or ``foundation-model/`` ARN. Raises UnknownModelError otherwise."""
        if not isinstance(model_id, str):
            raise UnknownModelError(str(model_id), f"model id must be a string, got {model_id!r}", "a string")
        resolved = self._resolved.get(model_id)
        if resolved is not None:
            return resolved
        base_id, profile = self._resolve(model_id)
        entry = self._models[base_id]
        multiplier = entry.multipliers[profile] if profile else Decimal(1)
        # input and output are never None here: loading checks them (pricing_check._REQUIRED_RATES).
        rates: dict[str, Any] = {
            field: None if price is None else replace(price, value=price.value * multiplier)
            for field, price in entry.rates.items()
        }
        resolved = ModelPrice(
            model_id=model_id,
            base_model_id=base_id,
            profile=profile,
            multiplier=multiplier,
            multiplier_source=entry.multiplier_source if profile else None,
            display_name=entry.display_name,
            family=entry.family,
            supports_prompt_cache=entry.supports_prompt_cache,
            note=entry.note,
            prompt_cache_fields=entry.prompt_cache_fields,
            max_output_tokens=entry.max_output_tokens,
            **rates,
        )
        self._resolved[model_id] = resolved
        return resolved

    def supports_prompt_cache(self, model_id: str) -> bool:
        """Whether the model (any id form ``model()`` accepts) has prompt-cache prices."""
        return self.model(model_id).supports_prompt_cache

    def _resolve(self, model_id: str) -> tuple[str, str | None]:
        ident = model_id
        arn = _ARN.match(model_id)
        if arn:
            if arn["kind"] not in ("foundation-model", "inference-profile"):
                raise UnknownModelError(
                    model_id,
                    f"cannot price a Bedrock {arn['kind']} ARN: it does not name the model",
                    "a foundation-model/ or inference-profile/ ARN, or the model id behind it",
                )
            ident = arn["id"]
        if ident in self._models:
            return ident, None
        prefix, _, base_id = ident.partition(".")
        if base_id in self._models:
            multipliers = self._models[base_id].multipliers
            if prefix not in multipliers:
                raise UnknownModelError(
                    model_id,
                    f"no price for inference profile '{prefix}.' of {base_id}",
                    ", ".join(f"{p}.{base_id}" for p in multipliers) or base_id,
                )
            return base_id, prefix
        known = ", ".join(self._models)
        raise UnknownModelError(
            model_id,
            f"unknown model id {model_id!r}",
            f"{known}; each may carry a priced inference-profile prefix such as 'global.' or 'us.'",
        )

    # ----------------------------------------------------------------------------------------- costs

    def token_cost(
        self,
        model_id: str,
        *,
        input_tokens: int,
        output_tokens: int,
        cache_read_tokens: int = 0,
        cache_write_tokens: int = 0,
        cache_ttl: str = "5m",
        batch: bool = False,
    ) -> Decimal:
        """USD cost of one call (unrounded; see ``round_cents``).

        ``input_tokens`` is the uncached input only, as Converse's ``inputTokens`` reports it; cache
        reads and writes are counted separately and each token is priced once, at its own rate.
        ``cache_ttl`` ("5m" or "1h") picks the write rate. ``batch=True`` uses the batch rates and
        takes no cache tokens. Raises FieldError naming the argument at fault.
        """
        if cache_ttl not in CACHE_TTLS:
            raise FieldError("cache_ttl", f"invalid value {cache_ttl!r}", " or ".join(CACHE_TTLS))
        _check_count("input_tokens", input_tokens)
        _check_count("output_tokens", output_tokens)
        _check_count("cache_read_tokens", cache_read_tokens)
        _check_count("cache_write_tokens", cache_write_tokens)
        writes = {ttl: cache_write_tokens if ttl == cache_ttl else 0 for ttl in CACHE_TTLS}
        return self._cost(
            self.model(model_id),
            uncached=input_tokens,
            output=output_tokens,
            read=cache_read_tokens,
            writes=writes,
            batch=batch,
            names={"read": "cache_read_tokens", "write": "cache_write_tokens", "ttl": "cache_ttl"},
        )

    def usage_cost(self, model_id: str, usage: Mapping[str, Any], *, batch: bool = False) -> Decimal:
        """USD cost of one call from the ``usage`` block of a Converse response (or of ConverseStream's
        metadata event): ``inputTokens``, ``outputTokens``, optional ``cacheReadInputTokens``,
        ``cacheWriteInputTokens`` and ``cacheDetails``. Writes listed in ``cacheDetails`` with TTL
        ``1h`` are priced at the 1-hour rate, the rest of ``cacheWriteInputTokens`` at the 5-minute rate.
        """
        if not isinstance(usage, Mapping):
            raise FieldError("usage", f"must be a mapping, got {type(usage).__name__}")

        def count(key: str, required: bool = False) -> int:
            value = usage.get(key)
            if value is None and not required:
                return 0
            return _check_count(f"usage.{key}", value)

        write_total = count("cacheWriteInputTokens")
        write_1h = 0
        for i, detail in enumerate(usage.get("cacheDetails") or ()):
            where = f"usage.cacheDetails[{i}]"
            if not isinstance(detail, Mapping) or detail.get("ttl") not in CACHE_TTLS:
                raise FieldError(f"{where}.ttl", f"invalid cache detail {detail!r}", " or ".join(CACHE_TTLS))
            tokens = _check_count(f"{where}.inputTokens", detail.get("inputTokens"))
            write_1h += tokens if detail["ttl"] == "1h" else 0
        if write_1h > write_total:
            raise FieldError(
                "usage.cacheDetails",
                f"1-hour cache writes ({write_1h}) exceed cacheWriteInputTokens ({write_total})",
            )
        return self._cost(
            self.model(model_id),
            uncached=count("inputTokens", required=True),
            output=count("outputTokens", required=True),
            read=count("cacheReadInputTokens"),
            writes={"5m": write_total - write_1h, "1h": write_1h},
            batch=batch,
            names={
                "read": "usage.cacheReadInputTokens",
                "write": "usage.cacheWriteInputTokens",
                "ttl": "usage.cacheDetails",
            },
        )

    @staticmethod
    def _cost(
        prices: ModelPrice,
        *,
        uncached: int,
        output: int,
        read: int,
        writes: Mapping[str, int],
        batch: bool,
        names: Mapping[str, str],
    ) -> Decimal:
        base = prices.base_model_id
        input_rate, output_rate = prices.input, prices.output
        if batch:
            if prices.batch_input is None or prices.batch_output is None:
                raise FieldError("batch", f"{base} has no batch price in the catalogue", "False")
            if read or any(writes.values()):
                raise FieldError(
                    "batch", "the catalogue has no batch prices for cache tokens", "False, or no cache tokens"
                )
            input_rate, output_rate = prices.batch_input, prices.batch_output
        terms = [(uncached, input_rate), (output, output_rate)]
        if read:
            if prices.cache_read is None:
                raise FieldError(names["read"], f"{base} has no cache-read price", "0")
            terms.append((read, prices.cache_read))
        for ttl, tokens in writes.items():
            if not tokens:
                continue
            rate = prices.cache_write_1h if ttl == "1h" else prices.cache_write_5m
            if rate is None and prices.cache_write_5m is None:
                raise FieldError(names["write"], f"{base} has no cache-write price", "0")
            if rate is None:
                raise FieldError(names["ttl"], f"{base} has no 1-hour cache-write price", "5m")
            terms.append((tokens, rate))
        return sum((Decimal(tokens) * rate.value for tokens, rate in terms), Decimal(0)).scaleb(-6)

    # -------------------------------------------------------------------------------------- services

    def price(self, service: str, item: str) -> Price:
        """One service price, e.g. ``price("cloudwatch_logs", "storage_gb_month")``."""
        prices = self._service(service).prices
        if item not in prices:
            raise FieldError("item", f"no price {item!r} for service {service!r}", ", ".join(prices))
        return prices[item]

    def term(self, service: str, item: str) -> Term:
        """One billing term, e.g. ``term("xray", "free_traces_recorded_per_month")``."""
        terms = self._service(service).terms
        if item not in terms:
            raise FieldError(
                "item", f"no term {item!r} for service {service!r}", ", ".join(terms) or "(none)"
            )
        return terms[item]

    def _service(self, service: str) -> _Service:
        if service not in self._services:
            raise FieldError("service", f"unknown service {service!r}", ", ".join(self._services))
        return self._services[service]


def _check_count(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FieldError(name, f"invalid token count {value!r}", "a whole number >= 0")
    return value


# ------------------------------------------------------------------------------------------------
# loading


def load_catalogue(
    path: str | Path | None = None, overrides: str | Path | Mapping[str, Any] | None = None
) -> Catalogue:
    """The packaged catalogue (read once per process), or the catalogue file at ``path``, with
    ``overrides`` (a JSON file or a mapping) merged in. Raises FieldErrors naming every bad field;
    problems caused by an override are reported under its file name (or ``overrides``). A file or an
    override goes through every check (``pricing_check``); the packaged file went through them when
    it was built and tested, so it is read without them."""
    if path is None:
        base, data = _packaged_catalogue(), _packaged_data()
    else:
        from .pricing_check import parse

        data = _read_json(Path(path))
        base = parse(data, label=str(path))
    if overrides is None:
        return base
    from .pricing_check import merge_override, parse

    if isinstance(overrides, Mapping):
        label, override = "overrides", overrides
    else:
        label, override = str(overrides), _read_json(Path(overrides))
    return parse(merge_override(data, override, label), label=label)


@cache
def _packaged_data() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", "prices.json").read_text(encoding="utf-8")
    return _decode(text, _PACKAGED_LABEL)


@cache
def _packaged_catalogue() -> Catalogue:
    return _from_checked(_packaged_data())


def _from_checked(data: Mapping[str, Any]) -> Catalogue:
    """The catalogue of ``data`` that passed ``pricing_check.parse`` (as decoded JSON), built without
    the checks: what ``parse`` returns for it (tests/unit/test_pricing.py compares the two on the
    packaged file; scripts/build_lambdas.py checks that file before packing it)."""
    sources = {
        key: Source(key=key, title=s["title"], url=s.get("url") or "", as_of=s["as_of"])
        for key, s in data["sources"].items()
    }
    models = {}
    for model_id, m in data["models"].items():
        default = sources[m["source"]]
        named = {f: sources[key] for f, key in m.get("field_sources", {}).items()}
        raw = m["usd_per_1m_tokens"]
        rates = {
            f: None if raw[f] is None else Price(Decimal(raw[f]), TOKEN_UNITS[f], named.get(f, default))
            for f in TOKEN_FIELDS
        }
        caching = m["supports_prompt_cache"]
        models[model_id] = _Model(
            display_name=m["display_name"],
            family=m["family"],
            supports_prompt_cache=caching,
            rates=MappingProxyType(rates),
            multipliers=MappingProxyType({p: Decimal(v) for p, v in m[_MULTIPLIERS].items()}),
            multiplier_source=named.get(_MULTIPLIERS, default),
            note=m.get("note"),
            prompt_cache_fields=tuple(m.get(_CACHE_FIELDS) or ()) if caching else (),
            max_output_tokens=m.get(_MAX_OUTPUT),
        )
    services = {}
    for name, entry in data["services"].items():
        default = sources[entry["source"]]
        services[name] = _Service(
            prices=_facts(Price, entry.get("prices", {}), "usd", sources, default),
            terms=_facts(Term, entry.get("terms", {}), "value", sources, default),
        )
    return Catalogue(
        version=data["catalogue_version"], region=data["region"], models=models, services=services
    )


def _facts(
    cls: type[_Fact], raw: Mapping[str, Any], value_key: str, sources: Mapping[str, Source], default: Source
) -> Mapping[str, _Fact]:
    """A service's prices or terms (``cls``), read-only; each has its own source or the service's."""
    return MappingProxyType(
        {
            item: cls(
                Decimal(f[value_key]),
                f["unit"],
                sources[f["source"]] if "source" in f else default,
                f.get("note"),
            )
            for item, f in raw.items()
        }
    )


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FieldError(str(path), f"cannot read the file: {exc.strerror or exc}") from exc
    return _decode(text, str(path))


def _decode(text: str, label: str) -> Any:
    def reject(constant: str) -> None:
        raise ValueError(f"{constant} is not a valid price")

    try:
        return json.loads(text, parse_float=Decimal, parse_constant=reject)
    except ValueError as exc:
        raise FieldError(label, f"not valid JSON: {exc}") from exc


# ------------------------------------------------------------------------------------------------
# prompt routers (Bedrock Intelligent Prompt Routing)


def prompt_router_price(
    catalogue: Catalogue, router_arn: str, models: list[str], split: Mapping[str, Any] | None = None
) -> ModelPrice:
    """Rates of a prompt router for an estimate: each of its models' rates weighted by the share of
    calls the router sends it. ``split`` maps model id -> share (0-1, summing to 1); without one, every
    model gets an equal share (two models: 50/50). Routers take no batch jobs: batch rates are None.
    Prompt caching counts only when every model has it."""
    shares = {m: Decimal(str(s)) for m, s in (split or {}).items()} or {
        m: Decimal(1) / Decimal(len(models)) for m in models
    }
    members = [(catalogue.model(m), shares.get(m, Decimal(0))) for m in models]
    label = ", ".join(f"{(s * 100).normalize():f}% {p.display_name}" for p, s in members)
    source = Source(
        key="prompt_router_split",
        title=f"{router_arn}: {label} of calls ({'prompt_routers split' if split else 'default: equal shares'})"
        " over each model's catalogue rates",
        url="",
        as_of=min(p.input.as_of for p, _ in members),
    )

    def rate(field: str) -> Price:
        return Price(
            sum((getattr(p, field).value * s for p, s in members), Decimal(0)), TOKEN_UNITS[field], source
        )

    def blend(field: str) -> Price | None:
        return None if any(getattr(p, field) is None for p, _ in members) else rate(field)

    caching = all(p.supports_prompt_cache for p, _ in members)
    limits = [p.max_output_tokens for p, _ in members if p.max_output_tokens is not None]
    fields = [f for f in PROMPT_CACHE_FIELDS if all(f in p.prompt_cache_fields for p, _ in members)]
    name = router_arn.rsplit("/", 1)[-1]
    return ModelPrice(
        model_id=router_arn,
        base_model_id=router_arn,
        profile=None,
        multiplier=Decimal(1),
        multiplier_source=None,
        display_name=f"Prompt router {name} ({label})",
        family="prompt-router",
        supports_prompt_cache=caching,
        input=rate("input"),
        output=rate("output"),
        cache_write_5m=blend("cache_write_5m") if caching else None,
        cache_write_1h=blend("cache_write_1h") if caching else None,
        cache_read=blend("cache_read") if caching else None,
        batch_input=None,
        batch_output=None,
        note="Intelligent Prompt Routing: priced at the split of calls between the router's models.",
        prompt_cache_fields=tuple(fields) if caching else (),
        max_output_tokens=min(limits) if limits else None,
    )


class RoutedCatalogue:
    """A catalogue that also prices the fleet's prompt routers (``prompt_routers``: router ARN ->
    ``{"models": [...], "split": {...}}``); everything else is the wrapped catalogue's."""

    def __init__(self, catalogue: Catalogue, prompt_routers: Mapping[str, Mapping[str, Any]]):
        self._catalogue = catalogue
        self._routers = {
            arn: prompt_router_price(catalogue, arn, list(r["models"]), r.get("split"))
            for arn, r in prompt_routers.items()
        }

    def model(self, model_id: str) -> ModelPrice:
        return self._routers[model_id] if model_id in self._routers else self._catalogue.model(model_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._catalogue, name)
