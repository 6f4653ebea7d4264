"""The fleet schema in Python: the same rules, defaults and resolution as modules/agent-config.

Terraform resolves the fleet for deployment (modules/agent-config); this module resolves a fleet given
as YAML/JSON for tools that run outside Terraform (the cost estimator, agent-side guards in tests).
Both read the rules from modules/agent-config/fleet-rules.json, the built-in tier defaults from
tier-defaults.json beside it, and per-model limits from the pricing catalogue (data/prices.json); a
plan test checks that both produce identical records, config_version included, and a test edits the
files in a temporary copy and sees both sides follow.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import FieldError, FieldErrors

# Every name of fleet_rules, some only re-exported: callers keep importing them from here.
from .fleet_rules import (  # noqa: F401
    AGENT_FIELDS,
    AGENT_ID_PATTERN,
    FIELDS,
    MAX_TOKENS_RANGE,
    MODEL_ID_PATTERN,
    PROMPT_ROUTER_PATTERN,
    RECORD_FIELDS,
    ROUTER_FIELDS,
    RULES,
    STEP_BUDGET_RANGE,
    TIER_FIELDS,
    TIERS,
    TOOL_NAME_PATTERN,
    _normalise,
    builtin_tier_defaults,
    rules,
    tier_configs,
)


def _num(value: Any) -> str:
    """A number as Terraform prints it in a template (1 not 1.0)."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def allowed_text(name: str) -> str:
    """What a field allows, in words: the same text modules/agent-config/rules.tf builds."""
    f = FIELDS[name]
    kind = f["kind"]
    if kind == "whole":
        return f"a whole number from {_num(f['min'])} to {_num(f['max'])}"
    if kind == "number":
        return f"a number from {_num(f['min'])} to {_num(f['max'])}"
    if kind == "bool":
        return "true or false"
    if kind == "model":
        return RULES["model_id"]["allowed"]
    if kind == "text":
        return f"text of at most {_num(f['max_length'])} characters"
    return f.get("allowed", kind)


def closest_name(name: str, allowed: Iterable[str]) -> str | None:
    """The allowed name sharing the longest prefix plus suffix with ``name`` (first in sorted order on a
    tie), or None when the best shares fewer than did_you_mean_min_score characters (fleet-rules.json):
    rules.tf scores the same way."""

    def score(n: str) -> int:
        span = range(min(len(name), len(n)))
        prefix = sum(1 for i in span if name[: i + 1] == n[: i + 1])
        suffix = sum(1 for i in span if name[len(name) - i - 1 :] == n[len(n) - i - 1 :])
        return prefix + suffix

    best = max(sorted(allowed), key=score, default=None)
    return best if best is not None and score(best) >= RULES["did_you_mean_min_score"] else None


# ------------------------------------------------------------------------------------------------
# validation


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _value_ok(rule: Mapping[str, Any], value: Any) -> bool:
    kind = rule["kind"]
    if kind in ("whole", "number"):
        ok = _is_number(value) and rule["min"] <= value <= rule["max"]
        return ok and (kind == "number" or float(value).is_integer())
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "model":
        return isinstance(value, str) and bool(MODEL_ID_PATTERN.match(value))
    if kind == "text":
        return isinstance(value, str) and len(value) <= rule["max_length"]
    if kind == "names":
        pattern = re.compile(rule["pattern"])
        return isinstance(value, list | tuple) and all(
            isinstance(t, str) and bool(pattern.match(t)) for t in value
        )
    raise ValueError(f"fleet-rules.json: unknown kind {kind!r}")


def _check_fields(where: str, fields: Any, allowed: tuple[str, ...]) -> list[FieldError]:
    if not isinstance(fields, Mapping):
        return [FieldError(where, f"must be a mapping of fields, got {fields!r}", "e.g. {tier: 2}")]
    errors: list[FieldError] = []
    for name, value in fields.items():
        if name not in allowed:
            guess = closest_name(str(name), allowed)
            hint = f" (did you mean {guess}?)" if guess else ""
            errors.append(
                FieldError(f"{where}.{name}", f"unknown attribute {name!r}{hint}", ", ".join(sorted(allowed)))
            )
        elif value is not None and not _value_ok(FIELDS[name], value):
            errors.append(FieldError(f"{where}.{name}", f"invalid value {value!r}", allowed_text(name)))
    return errors


def validate(agents: Mapping[str, Any], tiers: Mapping[str, Any] | None = None) -> None:
    """Raise FieldErrors listing every rule of fleet-rules.json the raw input breaks."""
    errors: list[FieldError] = []
    if not isinstance(agents, Mapping) or not agents:
        raise FieldErrors([FieldError("agents", "must be a non-empty mapping of agent id to fields")])
    if tiers is not None and not isinstance(tiers, Mapping):
        raise FieldErrors([FieldError("tiers", f"must be a mapping keyed by tier, got {tiers!r}", "1, 2, 3")])
    for key, fields in (tiers or {}).items():
        if str(key) not in TIERS:
            errors.append(FieldError(f'tiers["{key}"]', "unknown tier", ", ".join(f'"{t}"' for t in TIERS)))
            continue
        errors += _check_fields(f'tiers["{key}"]', fields or {}, TIER_FIELDS)
    for agent_id, fields in agents.items():
        where = f'agents["{agent_id}"]'
        if not (isinstance(agent_id, str) and AGENT_ID_PATTERN.match(agent_id)):
            errors.append(FieldError(where, "invalid agent id", RULES["agent_id"]["allowed"]))
        if isinstance(fields, Mapping) and fields.get("tier") is None:
            problem = "null, but a required field" if "tier" in fields else "missing required field"
            errors.append(FieldError(f"{where}.tier", problem, allowed_text("tier")))
        errors += _check_fields(where, fields, AGENT_FIELDS)
    if errors:
        raise FieldErrors(errors)


# ------------------------------------------------------------------------------------------------
# resolution


def terraform_jsonencode(value: Any) -> str:
    """JSON text byte-for-byte as Terraform's jsonencode() writes it (sorted keys, no spaces, HTML-safe)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def config_version(record: Mapping[str, Any]) -> str:
    """The first 16 hex digits of sha256(jsonencode(record)), as modules/agent-config computes it."""
    return hashlib.sha256(terraform_jsonencode(dict(record)).encode()).hexdigest()[:16]


def _origin(fields: Mapping[str, Any], name: str, tier: str) -> str:
    return "" if fields.get(name) is not None else f" (tier {tier} default)"


@dataclass(frozen=True)
class _Facts:
    """What the rules need of a model id, or of a prompt router (its models stand for it)."""

    max_output_tokens: int | None
    price: Decimal  # USD per 1M input + 1M output tokens


def _facts(model: Any) -> _Facts:
    return _Facts(model.max_output_tokens, model.input.value + model.output.value)


def prompt_router_errors(
    prompt_routers: Mapping[str, Any], allow_unlisted: Iterable[str] = ()
) -> list[FieldError]:
    """Each declared router: a router ARN with at least two models, each in the catalogue."""
    from .pricing import UnknownModelError, load_catalogue

    catalogue, errors = load_catalogue(), []
    for arn, router in prompt_routers.items():
        where = f'prompt_routers["{arn}"]'
        if not PROMPT_ROUTER_PATTERN.match(str(arn)):
            errors.append(FieldError(where, "not a prompt router ARN", RULES["prompt_router"]["allowed"]))
        if not isinstance(router, Mapping):
            errors.append(
                FieldError(where, f"must be a mapping {{models: [...], split: {{...}}}}, got {router!r}")
            )
            continue
        for key in router:
            if key not in ROUTER_FIELDS:
                errors.append(FieldError(where, f"unknown attribute {key!r}", ", ".join(ROUTER_FIELDS)))
        models = router.get("models")
        least = RULES["prompt_router"]["min_models"]
        if not isinstance(models, list | tuple) or len(set(models)) < least:
            errors.append(
                FieldError(
                    f"{where}.models",
                    f"{models!r}: a router picks between models",
                    f"at least {least} distinct model ids",
                )
            )
            continue
        split = router.get("split")
        if split is not None:
            shares = split.values() if isinstance(split, Mapping) else ()
            if (
                not isinstance(split, Mapping)
                or not set(split) <= set(models)
                or not all(_is_number(v) and 0 <= v <= 1 for v in shares)
                or not abs(sum(shares) - 1) < RULES["prompt_router"]["split_tolerance"]
            ):
                errors.append(
                    FieldError(
                        f"{where}.split",
                        f"{split!r}: the share of calls each model gets",
                        "a map of the router's model ids to shares from 0 to 1 that add up to 1",
                    )
                )
        for m in models:
            if m in allow_unlisted:
                continue
            try:
                catalogue.model(m)
            except UnknownModelError:
                errors.append(
                    FieldError(
                        f"{where}.models",
                        f"{m!r} is not in the model catalogue (data/prices.json)",
                        "a catalogue model id, or one listed in allow_unlisted_models",
                    )
                )
    return errors


def _catalogue_errors(
    where: str,
    fields: Mapping[str, Any],
    record: Mapping[str, Any],
    allow_unlisted: Iterable[str],
    deployed_to: tuple[str, str] | None,
    prompt_routers: Mapping[str, Any],
) -> list[FieldError]:
    """The per-model rules, from the pricing catalogue: listed models, max_tokens within the model's
    output limit, escalation only to a model that costs more per token, and (given ``deployed_to``,
    a (partition, region) pair) ARNs of that partition and region. rules.tf checks the same."""
    from .pricing import UnknownModelError, load_catalogue

    catalogue = load_catalogue()
    tier = str(record["tier"])
    found = {}
    errors: list[FieldError] = []
    for name in ("model_id", "escalation_model_id"):
        model_id = record[name]
        parts = model_id.split(":") if isinstance(model_id, str) and model_id.startswith("arn:") else None
        if parts and deployed_to and (parts[1] != deployed_to[0] or parts[3] not in ("", deployed_to[1])):
            errors.append(
                FieldError(
                    f"{where}.{name}",
                    f"{model_id!r}{_origin(fields, name, tier)} is an ARN of partition {parts[1]}, region "
                    f"{parts[3]}, but the fleet is deployed to partition {deployed_to[0]}, region {deployed_to[1]}",
                    "an ARN of this partition and region, or a model id",
                )
            )
        if model_id is None:
            continue
        # A router is checked even when allow_unlisted_models names it: its callers' IAM policies need
        # its models, which only prompt_routers declares (rules.tf does the same).
        if PROMPT_ROUTER_PATTERN.match(model_id):
            if model_id not in prompt_routers:
                errors.append(
                    FieldError(
                        f"{where}.{name}",
                        f"{model_id!r}{_origin(fields, name, tier)}: a prompt router the fleet does not declare",
                        "add it to prompt_routers with the models it picks from",
                    )
                )
                continue
            try:  # a router stands for its models: the smallest output limit, the lowest price
                members = [_facts(catalogue.model(m)) for m in prompt_routers[model_id]["models"]]
            except UnknownModelError:  # reported by prompt_router_errors
                continue
            limits = [f.max_output_tokens for f in members if f.max_output_tokens is not None]
            found[name] = _Facts(min(limits) if limits else None, min(f.price for f in members))
            continue
        if model_id in allow_unlisted:
            continue
        try:
            found[name] = _facts(catalogue.model(model_id))
        except UnknownModelError:
            errors.append(
                FieldError(
                    f"{where}.{name}",
                    f"unknown model id {model_id!r}{_origin(fields, name, tier)}: not in the model catalogue "
                    "(data/prices.json)",
                    ", ".join(catalogue.model_ids())
                    + ", each with a priced inference-profile prefix such as 'global.' or 'us.', "
                    "or a model id listed in allow_unlisted_models",
                )
            )
    model = found.get("model_id")
    limit = model.max_output_tokens if model else None
    if limit is not None and record["max_tokens"] > limit:
        errors.append(
            FieldError(
                f"{where}.max_tokens",
                f"{record['max_tokens']}{_origin(fields, 'max_tokens', tier)} is above the {limit} output "
                f"tokens {record['model_id']} can return",
                f"a whole number from 1 to {limit}",
            )
        )
    escalation = found.get("escalation_model_id")
    if model and escalation:
        price, escalation_price = model.price, escalation.price
        if escalation_price <= price:
            errors.append(
                FieldError(
                    f"{where}.escalation_model_id",
                    f"{record['escalation_model_id']!r}{_origin(fields, 'escalation_model_id', tier)} costs no "
                    f"more per token than model_id {record['model_id']!r} ({escalation_price:.4f} vs "
                    f"{price:.4f} USD per 1M input + 1M output tokens)",
                    "a model that costs more per token, or null",
                )
            )
    return errors


def agent_routers(record: Mapping[str, Any], prompt_routers: Mapping[str, Any]) -> dict[str, Any]:
    """The declared routers an agent's model_id or escalation_model_id names, router ARN ->
    ``{"models": [...], "split": {...} or None}``: the record's prompt_routers field (None when
    empty), as modules/agent-config writes it."""
    out: dict[str, Any] = {}
    for name in ("model_id", "escalation_model_id"):
        arn = record.get(name)
        if not isinstance(arn, str):
            continue
        router = prompt_routers.get(arn)
        if not isinstance(router, Mapping) or not isinstance(router.get("models"), list | tuple):
            continue  # not a router, or an undeclared or malformed one: an error elsewhere
        split = router.get("split")
        out[arn] = {
            "models": [str(m) for m in router["models"] if m is not None],
            "split": {str(m): _normalise(v) for m, v in split.items()}
            if isinstance(split, Mapping)
            else None,
        }
    return out


def resolve(
    agents: Mapping[str, Any],
    tiers: Mapping[str, Any] | None = None,
    allow_unlisted_models: Iterable[str] = (),
    deployed_to: tuple[str, str] | None = None,
    prompt_routers: Mapping[str, Any] | None = None,
) -> dict[str, dict[str, Any]]:
    """Validate, then resolve every agent: its own field, else its tier's default. Same records as
    Terraform's ``agent_configs`` output, including ``config_version``. ``allow_unlisted_models``
    names model ids the pricing catalogue does not list that may still be used; ``deployed_to``, a
    (partition, region) pair such as ("aws", "us-east-1"), makes model ARNs of another one an error;
    ``prompt_routers`` maps each prompt router ARN the fleet may use to ``{"models": [...]}``."""
    validate(agents, tiers)
    allow_unlisted = frozenset(allow_unlisted_models)
    routers = dict(prompt_routers or {})
    defaults = tier_configs(tiers)
    resolved: dict[str, dict[str, Any]] = {}
    errors: list[FieldError] = prompt_router_errors(routers, allow_unlisted)
    for agent_id, fields in agents.items():
        tier = str(int(fields["tier"]))
        merged = {**defaults[tier], **{k: _normalise(v) for k, v in fields.items() if v is not None}}
        tools: list[str] = []
        for t in merged.get("tools") or []:
            if t not in tools:
                tools.append(t)
        record: dict[str, Any] = {
            "agent_id": agent_id,
            "tier": int(tier),
            "description": merged.get("description") or "",
            **{k: merged.get(k) for k in TIER_FIELDS},
            "tools": tools,
        }
        record["prompt_routers"] = agent_routers(record, routers) or None
        where = f'agents["{agent_id}"]'
        errors += _catalogue_errors(where, fields, record, allow_unlisted, deployed_to, routers)
        if record["idle_session_timeout_seconds"] > record["max_session_lifetime_seconds"]:
            errors.append(
                FieldError(
                    f"{where}.idle_session_timeout_seconds",
                    f"{record['idle_session_timeout_seconds']}{_origin(fields, 'idle_session_timeout_seconds', tier)}"
                    f" is longer than max_session_lifetime_seconds ({record['max_session_lifetime_seconds']})",
                    "at most max_session_lifetime_seconds",
                )
            )
        if record["ltm_enabled"] and record["ltm_importance_threshold"] is None:
            errors.append(
                FieldError(
                    f"{where}.ltm_importance_threshold",
                    f"is null: ltm_enabled is true and tier {tier} has no default threshold",
                    "a number from 0 to 1",
                )
            )
        if not record["ltm_enabled"] and fields.get("ltm_importance_threshold") is not None:
            errors.append(
                FieldError(
                    f"{where}.ltm_importance_threshold",
                    f"= {record['ltm_importance_threshold']}: long-term memory is off for this agent "
                    f"(ltm_enabled false{_origin(fields, 'ltm_enabled', tier)})",
                    "set ltm_enabled = true, or leave ltm_importance_threshold unset",
                )
            )
        record["config_version"] = config_version(record)
        resolved[agent_id] = record
    if errors:
        raise FieldErrors(errors)
    return resolved


# Top-level keys of a fleet file: the root module's variables of the same names, and the type each takes.
FILE_KEYS = ("agents", "tiers", "prompt_routers", "allow_unlisted_models")


def read_fleet_file(path: str | Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Read a YAML or JSON fleet file once: ``agents``, ``tiers`` (keys as strings) and the other
    keyword arguments of ``resolve`` it sets (``prompt_routers``, ``allow_unlisted_models``). Each
    top-level key is checked for its shape before use; the fields inside are ``resolve``'s to check."""
    import yaml  # only the CLI needs YAML; the Lambdas never import this function

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FieldError(str(path), f"not valid YAML/JSON: {exc}") from exc
    if not isinstance(data, Mapping) or "agents" not in data:
        raise FieldError(
            f"{path}: agents",
            "missing required top-level key",
            "a mapping with 'agents' and optional 'tiers'",
        )
    unknown = sorted(set(data) - set(FILE_KEYS), key=str)
    if unknown:
        raise FieldError(f"{path}: {unknown[0]}", "unknown top-level key", ", ".join(FILE_KEYS))
    for key in ("agents", "tiers", "prompt_routers"):
        if data.get(key) is not None and not isinstance(data[key], Mapping):
            raise FieldError(f"{path}: {key}", f"must be a mapping, got {data[key]!r}", f"a mapping of {key}")
    unlisted = data.get("allow_unlisted_models") or []
    if not (isinstance(unlisted, list) and all(isinstance(m, str) for m in unlisted)):
        raise FieldError(f"{path}: allow_unlisted_models", f"got {unlisted!r}", "a list of model ids")
    tiers = {str(k): v for k, v in (data.get("tiers") or {}).items()}
    options = {"prompt_routers": dict(data.get("prompt_routers") or {}), "allow_unlisted_models": unlisted}
    return dict(data["agents"] or {}), tiers, options


def load_fleet_file(path: str | Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Read ``agents`` and optional ``tiers`` from a YAML or JSON file (the Terraform field names)."""
    agents, tiers, _ = read_fleet_file(path)
    return agents, tiers
