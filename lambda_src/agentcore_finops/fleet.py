"""The fleet schema in Python: the same fields, defaults, rules and resolution as modules/agent-config.

Terraform resolves the fleet for deployment (modules/agent-config/main.tf); this module resolves a
fleet given as YAML/JSON for tools that run outside Terraform (the cost estimator, agent-side guards in
tests). Both read the built-in tier defaults from modules/agent-config/tier-defaults.json, and a plan
test checks that both produce identical records, config_version included.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from .errors import FieldError, FieldErrors

TIERS = ("1", "2", "3")

# Fields an agent may set (besides its required tier), and those a tier default may set.
TIER_FIELDS = (
    "model_id",
    "max_tokens",
    "step_budget",
    "tools",
    "async",
    "ltm_enabled",
    "ltm_importance_threshold",
    "trace_sample_rate",
    "escalation_model_id",
    "idle_session_timeout_seconds",
    "max_session_lifetime_seconds",
)
AGENT_FIELDS = ("tier", *TIER_FIELDS, "description")
# The stored record, in the order the table item lists them (config_version is added last).
RECORD_FIELDS = ("agent_id", "tier", "description", *TIER_FIELDS)

AGENT_ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,46}[a-z0-9]$")
MODEL_ID_PATTERN = re.compile(
    r"^(arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{0,12}:[a-z-]+/.+|[a-z0-9-]+(\.[a-z0-9-]+)+(:[0-9a-z]+)*)$"
)
TOOL_NAME_PATTERN = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
MAX_TOKENS_RANGE = (1, 65536)
STEP_BUDGET_RANGE = (1, 100)
SESSION_SECONDS_RANGE = (60, 28800)
DESCRIPTION_MAX = 256


def _tier_defaults_file() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (
        here / "data" / "tier-defaults.json",  # installed wheel (force-included at build time)
        here.parents[1] / "modules" / "agent-config" / "tier-defaults.json",  # source checkout
    ):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("tier-defaults.json not found next to the package or in modules/agent-config")


@cache
def builtin_tier_defaults() -> dict[str, dict[str, Any]]:
    """The built-in defaults per tier, exactly as modules/agent-config uses them."""
    return json.loads(_tier_defaults_file().read_text())


# ------------------------------------------------------------------------------------------------
# validation


def _is_whole(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer()


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_fields(where: str, fields: Mapping[str, Any], allowed: tuple[str, ...]) -> list[FieldError]:
    errors: list[FieldError] = []
    if not isinstance(fields, Mapping):
        return [FieldError(where, f"must be a mapping of fields, got {type(fields).__name__}")]
    for name in fields:
        if name not in allowed:
            errors.append(FieldError(f"{where}.{name}", "unknown field", ", ".join(allowed)))

    def check(name: str, ok: bool, allowed_text: str) -> None:
        value = fields.get(name)
        if value is not None and not ok:
            errors.append(FieldError(f"{where}.{name}", f"invalid value {value!r}", allowed_text))

    def in_range(name: str, lo: float, hi: float, whole: bool) -> bool:
        v = fields.get(name)
        return (_is_whole(v) if whole else _is_number(v)) and lo <= v <= hi

    for key in ("model_id", "escalation_model_id"):
        v = fields.get(key)
        check(
            key,
            isinstance(v, str) and bool(MODEL_ID_PATTERN.match(v)),
            "a Bedrock model id, inference-profile id or ARN",
        )
    check("max_tokens", in_range("max_tokens", *MAX_TOKENS_RANGE, True), "a whole number from 1 to 65536")
    check("step_budget", in_range("step_budget", *STEP_BUDGET_RANGE, True), "a whole number from 1 to 100")
    check("trace_sample_rate", in_range("trace_sample_rate", 0, 1, False), "a number from 0 to 1")
    check(
        "ltm_importance_threshold",
        in_range("ltm_importance_threshold", 0, 1, False),
        "a number from 0 to 1, or null",
    )
    for key in ("idle_session_timeout_seconds", "max_session_lifetime_seconds"):
        check(key, in_range(key, *SESSION_SECONDS_RANGE, True), "a whole number from 60 to 28800")
    for key in ("async", "ltm_enabled"):
        check(key, isinstance(fields.get(key), bool), "true or false")
    tools = fields.get("tools")
    if tools is not None:
        if not isinstance(tools, list | tuple):
            errors.append(FieldError(f"{where}.tools", f"must be a list of tool names, got {tools!r}"))
        else:
            for t in tools:
                if not (isinstance(t, str) and TOOL_NAME_PATTERN.match(t)):
                    errors.append(
                        FieldError(
                            f"{where}.tools",
                            f"invalid tool name {t!r}",
                            "1-64 characters of a-z, A-Z, 0-9, '_', '-'",
                        )
                    )
    desc = fields.get("description")
    check(
        "description",
        isinstance(desc, str) and len(desc) <= DESCRIPTION_MAX,
        "a string of at most 256 characters",
    )
    return errors


def validate(agents: Mapping[str, Any], tiers: Mapping[str, Any] | None = None) -> None:
    """Raise FieldErrors listing every rule the raw input breaks (the variable validations)."""
    errors: list[FieldError] = []
    if not isinstance(agents, Mapping) or not agents:
        raise FieldErrors([FieldError("agents", "must be a non-empty mapping of agent id to fields")])
    for key, fields in (tiers or {}).items():
        if str(key) not in TIERS:
            errors.append(FieldError(f'tiers["{key}"]', "unknown tier key", '"1", "2" or "3"'))
            continue
        errors += _check_fields(f'tiers["{key}"]', fields or {}, TIER_FIELDS)
    for agent_id, fields in agents.items():
        where = f'agents["{agent_id}"]'
        if not (isinstance(agent_id, str) and AGENT_ID_PATTERN.match(agent_id)):
            errors.append(
                FieldError(
                    "agents",
                    f"invalid agent id {agent_id!r}",
                    "2-48 characters of lowercase letters, digits and '-', starting with a letter, not ending with '-'",
                )
            )
        if not isinstance(fields, Mapping):
            errors.append(FieldError(where, f"must be a mapping of fields, got {type(fields).__name__}"))
            continue
        tier = fields.get("tier")
        if tier is None:
            errors.append(FieldError(f"{where}.tier", "missing required field", "1, 2 or 3"))
        elif not (_is_whole(tier) and str(int(tier)) in TIERS):
            errors.append(FieldError(f"{where}.tier", f"invalid value {tier!r}", "1, 2 or 3"))
        errors += _check_fields(where, fields, AGENT_FIELDS)
    if errors:
        raise FieldErrors(errors)


# ------------------------------------------------------------------------------------------------
# resolution


def _normalise(value: Any) -> Any:
    """Whole floats become ints, as Terraform's number type prints them (2048.0 -> 2048)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    return value


def tier_configs(tiers: Mapping[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Built-in tier defaults with the fields set in ``tiers`` replaced (Terraform's tier_configs)."""
    out = {}
    for tier, builtin in builtin_tier_defaults().items():
        overrides = {
            k: v
            for k, v in ((tiers or {}).get(tier) or (tiers or {}).get(int(tier)) or {}).items()
            if v is not None
        }
        out[tier] = {k: _normalise(v) for k, v in {**builtin, **overrides}.items()}
    return out


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


def resolve(agents: Mapping[str, Any], tiers: Mapping[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Validate, then resolve every agent: its own field, else its tier's default. Same records as
    Terraform's ``agent_configs`` output, including ``config_version``."""
    validate(agents, tiers)
    defaults = tier_configs(tiers)
    resolved: dict[str, dict[str, Any]] = {}
    errors: list[FieldError] = []
    for agent_id, fields in agents.items():
        tier = str(int(fields["tier"]))
        merged = {**defaults[tier], **{k: _normalise(v) for k, v in fields.items() if v is not None}}
        tools: list[str] = []
        for t in merged.get("tools") or []:
            if t not in tools:
                tools.append(t)
        record = {
            "agent_id": agent_id,
            "tier": int(tier),
            "description": merged.get("description") or "",
            **{k: merged.get(k) for k in TIER_FIELDS},
            "tools": tools,
        }
        where = f'agents["{agent_id}"]'
        if record["idle_session_timeout_seconds"] > record["max_session_lifetime_seconds"]:
            errors.append(
                FieldError(
                    f"{where}.idle_session_timeout_seconds",
                    f"{record['idle_session_timeout_seconds']} is longer than max_session_lifetime_seconds "
                    f"({record['max_session_lifetime_seconds']}) after tier defaults are applied",
                    "idle <= max",
                )
            )
        if record["ltm_enabled"] and record["ltm_importance_threshold"] is None:
            errors.append(
                FieldError(
                    f"{where}.ltm_importance_threshold",
                    f"ltm_enabled is true but tier {tier} has no default threshold",
                    "a number from 0 to 1",
                )
            )
        record["config_version"] = config_version(record)
        resolved[agent_id] = record
    if errors:
        raise FieldErrors(errors)
    return resolved


def load_fleet_file(path: str | Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Read ``agents`` and optional ``tiers`` from a YAML or JSON file (the Terraform field names)."""
    import yaml  # only the CLI needs YAML; the Lambdas never import this function

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        raise FieldError(str(path), f"not valid YAML/JSON: {exc}") from exc
    if not isinstance(data, Mapping) or "agents" not in data:
        raise FieldError(
            f"{path}: agents",
            "missing required top-level key",
            "a mapping with 'agents' and optional 'tiers'",
        )
    unknown = sorted(set(data) - {"agents", "tiers"})
    if unknown:
        raise FieldError(f"{path}: {unknown[0]}", "unknown top-level key", "agents, tiers")
    tiers = {str(k): v for k, v in (data.get("tiers") or {}).items()}
    return dict(data["agents"] or {}), tiers
