"""The checks of a price catalogue: one pass over the JSON that builds the ``Catalogue`` and collects
every problem with its field path, and the merge of an override into a catalogue.

``agentcore_finops.pricing.load_catalogue`` uses them for a catalogue file or an override. The packaged
``data/prices.json`` is checked by them when the Lambda zips are built (scripts/build_lambdas.py) and
by the unit tests, so loading it (in a Lambda, at cold start) builds the catalogue without them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .errors import FieldError, FieldErrors
from .pricing import (
    _CACHE_FIELDS,
    _MAX_OUTPUT,
    _MULTIPLIERS,
    OVERRIDE_SOURCE,
    PROMPT_CACHE_FIELDS,
    TOKEN_FIELDS,
    TOKEN_UNITS,
    Catalogue,
    Price,
    Source,
    Term,
    _Model,
    _Service,
)

_REQUIRED_RATES = ("input", "output")
_CACHE_RATES = ("cache_write_5m", "cache_write_1h", "cache_read")

_TOP_REQUIRED = ("catalogue_version", "currency", "region", "sources", "models", "services")
_MODEL_REQUIRED = (
    "display_name",
    "family",
    "supports_prompt_cache",
    "usd_per_1m_tokens",
    _MULTIPLIERS,
    "source",
)
_SERVICE_REQUIRED = ("display_name", "source", "prices")

_MODEL_ID = re.compile(r"^[a-z0-9-]+\.[A-Za-z0-9.:_-]+$")
_PROFILE = re.compile(r"^[a-z][a-z-]*$")
_NAME = re.compile(r"^[a-z0-9_]+$")


def merge_override(data: Mapping[str, Any], override: Any, label: str) -> dict[str, Any]:
    """``data`` deep-merged with ``override`` (the input is not changed). Each rate, multiplier, price
    or term the override sets is attributed to the most specific source the override names for it
    (field or item, then entry or service), else to its ``override_source``."""
    p = _Parser(label)
    if not p.mapping("", override, ("override_source",), ("sources", "models", "services")):
        p.fail_if_errors()
    _parse_source(p, "override_source", OVERRIDE_SOURCE, override.get("override_source"))
    for key in ("sources", "models", "services"):
        value = override.get(key, {})
        if not (isinstance(value, Mapping) and all(isinstance(v, Mapping) for v in value.values())):
            p.error(key, "must be a mapping of names to mappings")
    p.fail_if_errors()

    merged = _plain(data)
    _deep_merge(merged, {k: v for k, v in override.items() if k != "override_source"})
    merged["sources"][OVERRIDE_SOURCE] = _plain(override["override_source"])

    for model_id, entry in override.get("models", {}).items():
        fallback = entry.get("source", OVERRIDE_SOURCE)
        named = entry.get("field_sources") if isinstance(entry.get("field_sources"), Mapping) else {}
        rates = entry.get("usd_per_1m_tokens")
        fields = [f for f in rates if f in TOKEN_FIELDS] if isinstance(rates, Mapping) else []
        fields += [key for key in (_MULTIPLIERS, _CACHE_FIELDS, _MAX_OUTPUT) if key in entry]
        attributed = merged["models"][model_id].setdefault("field_sources", {})
        for field in fields:
            if isinstance(attributed, dict) and field not in named:
                attributed[field] = fallback
    for name, service in override.get("services", {}).items():
        fallback = service.get("source", OVERRIDE_SOURCE)
        for kind in ("prices", "terms"):
            items = service.get(kind)
            for item, fields in items.items() if isinstance(items, Mapping) else ():
                if isinstance(fields, Mapping) and "source" not in fields:
                    merged["services"][name][kind][item]["source"] = fallback
    return merged


def _plain(value: Any) -> Any:
    """A deep copy with every mapping turned into a dict (overrides may be any Mapping)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _deep_merge(base: dict[str, Any], override: Mapping[str, Any]) -> None:
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _deep_merge(base[key], value)
        else:
            base[key] = _plain(value)


class _Parser:
    def __init__(self, label: str):
        self.label = label
        self.errors: list[FieldError] = []
        self.sources: dict[str, Source] = {}

    def error(self, path: str, problem: str, allowed: str | None = None) -> None:
        """Record a problem; only the first one per field path (a missing field is not also invalid)."""
        field = f"{self.label}: {path}" if path else self.label
        if all(e.field != field for e in self.errors):
            self.errors.append(FieldError(field, problem, allowed))

    def fail_if_errors(self) -> None:
        if self.errors:
            raise FieldErrors(self.errors)

    def mapping(self, path: str, value: Any, required: tuple[str, ...], optional: tuple[str, ...]) -> bool:
        """Whether ``value`` is a mapping; records unknown and missing keys."""
        if not isinstance(value, Mapping):
            self.error(path, f"must be a mapping, got {type(value).__name__}")
            return False
        allowed = required + optional
        for key in value:
            if key not in allowed:
                self.error(_join(path, key), "unknown field", ", ".join(allowed))
        for key in required:
            if key not in value:
                self.error(_join(path, key), "missing required field")
        return True

    def text(self, path: str, value: Any, *, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(path, f"invalid value {value!r}", "a non-empty string")
            return None
        return value

    def number(
        self, path: str, value: Any, *, positive: bool = False, nullable: bool = False
    ) -> Decimal | None:
        """A finite number >= 0 (> 0 with ``positive``) as Decimal; floats go through their repr."""
        allowed = ("a number > 0" if positive else "a number >= 0") + (", or null" if nullable else "")
        if value is None:
            if not nullable:
                self.error(path, "missing value", allowed)
            return None
        number = value
        if isinstance(value, float) and math.isfinite(value):
            number = Decimal(repr(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            number = Decimal(value)
        if (
            not isinstance(number, Decimal)
            or not number.is_finite()
            or number < 0
            or (positive and number == 0)
        ):
            self.error(path, f"invalid value {value!r}", allowed)
            return None
        return number

    def source(self, path: str, key: Any) -> Source | None:
        if key not in self.sources:
            self.error(path, f"unknown source {key!r}", ", ".join(self.sources) or "a key of sources")
            return None
        return self.sources[key]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def parse(data: Any, label: str) -> Catalogue:
    p = _Parser(label)
    if not p.mapping("", data, _TOP_REQUIRED, ("about",)):
        p.fail_if_errors()
    version = p.text("catalogue_version", data.get("catalogue_version"))
    region = p.text("region", data.get("region"))
    if data.get("currency") != "USD":
        p.error("currency", f"invalid value {data.get('currency')!r}", "USD")
    p.text("about", data.get("about"), optional=True)
    sources = data.get("sources")
    if p.mapping("sources", sources, (), tuple(sources) if isinstance(sources, Mapping) else ()):
        for key, entry in sources.items():
            _parse_source(p, f'sources["{key}"]', key, entry)
    models = _parse_models(p, data.get("models"))
    services = _parse_services(p, data.get("services"))
    p.fail_if_errors()
    return Catalogue(version=version or "", region=region or "", models=models, services=services)


def _parse_source(p: _Parser, where: str, key: str, entry: Any) -> None:
    if not p.mapping(where, entry, ("title", "as_of"), ("url",)):
        return
    title = p.text(f"{where}.title", entry.get("title"))
    url = p.text(f"{where}.url", entry.get("url"), optional=True)
    as_of = entry.get("as_of")
    if not _is_date(as_of):
        p.error(f"{where}.as_of", f"invalid date {as_of!r}", "YYYY-MM-DD or YYYY-MM")
    elif title:
        p.sources[key] = Source(key=key, title=title, url=url or "", as_of=as_of)


def _is_date(value: Any) -> bool:
    """An ISO date (YYYY-MM-DD) or month (YYYY-MM) that exists on the calendar."""
    if not isinstance(value, str) or len(value) not in (7, 10):
        return False
    try:
        date.fromisoformat(value if len(value) == 10 else f"{value}-01")
    except ValueError:
        return False
    return True


def _parse_models(p: _Parser, models: Any) -> dict[str, _Model]:
    if not isinstance(models, Mapping) or not models:
        p.error("models", "must be a non-empty mapping of base model id to prices")
        return {}
    out = {}
    for model_id, entry in models.items():
        model = _parse_model(p, f'models["{model_id}"]', model_id, entry)
        if model is not None:
            out[model_id] = model
    return out


def _parse_model(p: _Parser, where: str, model_id: Any, entry: Any) -> _Model | None:
    if not _MODEL_ID.match(str(model_id)):
        p.error(where, "invalid base model id", "provider.model, e.g. amazon.nova-micro-v1:0")
    if not p.mapping(where, entry, _MODEL_REQUIRED, ("field_sources", "note", _CACHE_FIELDS, _MAX_OUTPUT)):
        return None
    display_name = p.text(f"{where}.display_name", entry.get("display_name"))
    family = p.text(f"{where}.family", entry.get("family"))
    note = p.text(f"{where}.note", entry.get("note"), optional=True)
    supports = entry.get("supports_prompt_cache")
    if not isinstance(supports, bool):
        p.error(f"{where}.supports_prompt_cache", f"invalid value {supports!r}", "true or false")

    default = p.source(f"{where}.source", entry.get("source"))
    named: dict[str, Source | None] = {}
    field_sources = entry.get("field_sources", {})
    if p.mapping(
        f"{where}.field_sources", field_sources, (), (*TOKEN_FIELDS, _MULTIPLIERS, _CACHE_FIELDS, _MAX_OUTPUT)
    ):
        named = {f: p.source(f"{where}.field_sources.{f}", key) for f, key in field_sources.items()}

    rates: dict[str, Price | None] = {}
    raw = entry.get("usd_per_1m_tokens")
    if p.mapping(f"{where}.usd_per_1m_tokens", raw, TOKEN_FIELDS, ()):
        for field in TOKEN_FIELDS:
            path = f"{where}.usd_per_1m_tokens.{field}"
            value = p.number(path, raw.get(field), nullable=field not in _REQUIRED_RATES)
            source = named.get(field, default)
            rates[field] = Price(value, TOKEN_UNITS[field], source) if value is not None and source else None
        _check_rate_rules(p, where, supports, raw)

    multipliers: dict[str, Decimal] = {}
    raw = entry.get(_MULTIPLIERS)
    if p.mapping(f"{where}.{_MULTIPLIERS}", raw, (), tuple(raw) if isinstance(raw, Mapping) else ()):
        for prefix, factor in raw.items():
            path = f"{where}.{_MULTIPLIERS}.{prefix}"
            if not _PROFILE.match(str(prefix)):
                p.error(path, "invalid profile prefix", "lowercase letters and '-', such as us or global")
            value = p.number(path, factor, positive=True)
            if value is not None:
                multipliers[prefix] = value

    cache_fields = _parse_cache_fields(p, where, supports, entry.get(_CACHE_FIELDS))
    max_output = entry.get(_MAX_OUTPUT)
    if max_output is not None and not (
        isinstance(max_output, int) and not isinstance(max_output, bool) and max_output >= 1
    ):
        p.error(f"{where}.{_MAX_OUTPUT}", f"invalid value {max_output!r}", "a whole number >= 1, or absent")
        max_output = None
    multiplier_source = named.get(_MULTIPLIERS, default)
    if not (rates.get("input") and rates.get("output") and multiplier_source and display_name and family):
        return None
    return _Model(
        display_name=display_name,
        family=family,
        supports_prompt_cache=supports is True,
        rates=MappingProxyType(rates),
        multipliers=MappingProxyType(multipliers),
        multiplier_source=multiplier_source,
        note=note,
        prompt_cache_fields=cache_fields,
        max_output_tokens=max_output,
    )


def _parse_cache_fields(p: _Parser, where: str, supports: Any, value: Any) -> tuple[str, ...]:
    """``prompt_cache_fields``: required (non-empty, known names, no repeats) for a model with prompt
    caching, absent or empty for one without."""
    path = f"{where}.{_CACHE_FIELDS}"
    allowed = ", ".join(PROMPT_CACHE_FIELDS)
    if supports is not True:
        if value:
            p.error(path, "set for a model without prompt caching", "absent or []")
        return ()
    if value is None:
        p.error(path, "missing for a model that supports prompt caching", f"a list of {allowed}")
        return ()
    if (
        not isinstance(value, list)
        or not value
        or any(f not in PROMPT_CACHE_FIELDS for f in value)
        or len(set(value)) != len(value)
    ):
        p.error(path, f"invalid value {value!r}", f"a non-empty list of distinct names from {allowed}")
        return ()
    return tuple(value)


def _check_rate_rules(p: _Parser, where: str, supports: Any, rates: Mapping[str, Any]) -> None:
    path = f"{where}.usd_per_1m_tokens"
    if supports is True:
        for field in ("cache_write_5m", "cache_read"):
            if rates.get(field) is None:
                p.error(
                    f"{path}.{field}",
                    "missing price for a model that supports prompt caching",
                    "a number >= 0",
                )
    elif supports is False:
        for field in _CACHE_RATES:
            if rates.get(field) is not None:
                p.error(f"{path}.{field}", "price set for a model without prompt caching", "null")
    if (rates.get("batch_input") is None) != (rates.get("batch_output") is None):
        p.error(path, "batch_input and batch_output must be both set or both null")


def _parse_services(p: _Parser, services: Any) -> dict[str, _Service]:
    if not isinstance(services, Mapping) or not services:
        p.error("services", "must be a non-empty mapping of service name to prices")
        return {}
    out = {}
    for name, entry in services.items():
        where = f'services["{name}"]'
        if not _NAME.match(str(name)):
            p.error(where, "invalid service name", "lowercase letters, digits and '_'")
        if not p.mapping(where, entry, _SERVICE_REQUIRED, ("note", "terms")):
            continue
        p.text(f"{where}.display_name", entry.get("display_name"))
        p.text(f"{where}.note", entry.get("note"), optional=True)
        default = p.source(f"{where}.source", entry.get("source"))
        prices = _parse_items(p, f"{where}.prices", entry.get("prices"), "usd", default, Price)
        terms = _parse_items(p, f"{where}.terms", entry.get("terms", {}), "value", default, Term)
        if not prices:
            p.error(f"{where}.prices", "must be a non-empty mapping of item name to price")
        out[name] = _Service(prices=MappingProxyType(prices), terms=MappingProxyType(terms))
    return out


def _parse_items(
    p: _Parser, where: str, items: Any, value_key: str, default: Source | None, kind: type[Price] | type[Term]
) -> dict[str, Any]:
    if not isinstance(items, Mapping):
        p.error(where, f"must be a mapping, got {type(items).__name__}")
        return {}
    out = {}
    for item, fields in items.items():
        path = f'{where}["{item}"]'
        if not _NAME.match(str(item)):
            p.error(path, "invalid item name", "lowercase letters, digits and '_'")
        if not p.mapping(path, fields, (value_key, "unit"), ("source", "note")):
            continue
        value = p.number(f"{path}.{value_key}", fields.get(value_key))
        unit = p.text(f"{path}.unit", fields.get("unit"))
        note = p.text(f"{path}.note", fields.get("note"), optional=True)
        source = p.source(f"{path}.source", fields["source"]) if "source" in fields else default
        if value is not None and unit and source:
            out[item] = kind(value, unit, source, note)
    return out
