"""The usage profile: how the fleet is used in a month, the half of an estimate Terraform cannot know.

A profile is a YAML or JSON mapping with ``sessions_per_agent_month`` and one section per cost
dimension (``llm``, ``runtime``, ``gateway``, ``policy``, ``memory``, ``observability``, ``network``)
plus ``baseline`` (what "unoptimised" means for ``--compare``). The packaged reference profile,
``data/usage-reference.yaml``, holds every field with a comment; its figures marked [ref] are the
reference workload of the project's worked example.

A profile file either gives every field, or starts with ``extends: reference`` and gives only the
fields that differ. Every field is checked: a missing, unknown, negative or mistyped field is an error
naming it (``usage.llm.output_tokens_per_call``), and all such errors are reported together.

Numbers are kept as ``Decimal`` so that every figure of an estimate can be reproduced by hand.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import FieldError, FieldErrors

REFERENCE = "reference"
PREFIX = "usage"
_PACKAGED = "usage-reference.yaml"

# Kinds of field: what values are allowed, in words for the error message.
_ALLOWED = {
    "whole": "a whole number >= 0",
    "number": "a number >= 0",
    "positive": "a number > 0",
    "share": "a number from 0 to 1",
    "bool": "true or false",
}


def _m(kind: str, unit: str, help: str, choices: tuple[str, ...] = ()) -> dict[str, Any]:
    """Field metadata: the kind of value allowed, its unit, and what it means."""
    return {"kind": kind, "unit": unit, "help": help, "choices": choices}


@dataclass(frozen=True)
class LlmUsage:
    calls_per_session: Decimal = field(metadata=_m("whole", "calls", "model calls per session"))
    input_tokens_per_call: Decimal = field(metadata=_m("whole", "tokens", "input tokens per call"))
    output_tokens_per_call: Decimal = field(
        metadata=_m("whole", "tokens", "output tokens per call, before the agent's max_tokens cap")
    )
    cache_hit_ratio: Decimal = field(
        metadata=_m(
            "share",
            "share",
            "share of each call's input that is a cached prefix; the first call of a session writes it, "
            "the others read it",
        )
    )
    batch_share: Decimal = field(
        metadata=_m("share", "share", "share of an async agent's sessions run as batch inference")
    )
    escalation_share: Decimal = field(
        metadata=_m("share", "share", "share of calls escalated to escalation_model_id")
    )


@dataclass(frozen=True)
class RuntimeUsage:
    session_seconds: Decimal = field(
        metadata=_m("positive", "s", "wall-clock seconds from session start to last response")
    )
    cpu_active_share: Decimal = field(
        metadata=_m("share", "share", "share of those seconds the vCPU is busy")
    )
    vcpus: Decimal = field(metadata=_m("positive", "vCPU", "vCPUs per session"))
    memory_gb: Decimal = field(metadata=_m("positive", "GB", "peak memory per session"))
    stopped_when_done_share: Decimal = field(
        metadata=_m("share", "share", "share of sessions the agent stops itself, with no idle tail")
    )


@dataclass(frozen=True)
class GatewayUsage:
    tool_calls_per_session: Decimal = field(
        metadata=_m("whole", "calls", "tool invocations per session, before the step budget")
    )
    list_tools_every_session: bool = field(
        metadata=_m("bool", "", "ListTools at every session start instead of cached")
    )
    list_tools_refreshes_per_agent_month: Decimal = field(
        metadata=_m("whole", "calls", "ListTools calls per agent a month when tool schemas are cached")
    )
    search_calls_per_session: Decimal = field(
        metadata=_m("whole", "calls", "Gateway semantic tool searches per session")
    )


@dataclass(frozen=True)
class PolicyUsage:
    enabled: bool = field(metadata=_m("bool", "", "every tool invocation is authorised by AgentCore Policy"))


@dataclass(frozen=True)
class MemoryUsage:
    turns_per_session: Decimal = field(metadata=_m("whole", "turns", "user turns per session"))
    messages_per_turn: Decimal = field(metadata=_m("whole", "messages", "messages per turn"))
    events_batched: bool = field(
        metadata=_m("bool", "", "one short-term event per turn instead of one per message")
    )
    ltm_records_per_session: Decimal = field(
        metadata=_m("number", "records", "long-term records extracted per session")
    )
    ltm_retrievals_per_session: Decimal = field(
        metadata=_m("number", "calls", "long-term retrievals per session")
    )
    ltm_retention_days: Decimal = field(
        metadata=_m("whole", "days", "age at which records are pruned; 0 = never")
    )
    ltm_strategy: str = field(metadata=_m("choice", "", "long-term memory strategy", ("builtin", "custom")))


@dataclass(frozen=True)
class ObservabilityUsage:
    trace_kb_per_session: Decimal = field(metadata=_m("number", "KB", "spans of one fully traced session"))
    log_kb_per_session: Decimal = field(metadata=_m("number", "KB", "application logs per session"))
    log_class: str = field(
        metadata=_m("choice", "", "CloudWatch log class", ("standard", "infrequent_access"))
    )
    log_retention_days: Decimal = field(
        metadata=_m("whole", "days", "retention of logs and spans; 0 = never expires")
    )


@dataclass(frozen=True)
class NetworkUsage:
    mode: str = field(
        metadata=_m("choice", "", "how agents reach AWS services", ("endpoints", "nat", "public"))
    )
    interface_endpoints: Decimal = field(metadata=_m("whole", "endpoints", "interface VPC endpoints"))
    availability_zones: Decimal = field(
        metadata=_m("whole", "AZs", "AZs each interface endpoint is placed in (one billed ENI per AZ)")
    )
    nat_gateways: Decimal = field(
        metadata=_m("whole", "gateways", "NAT gateways when mode is nat (usually one per AZ)")
    )
    traffic_mb_per_session: Decimal = field(
        metadata=_m("number", "MB", "data a session moves through the VPC")
    )
    cross_az_share: Decimal = field(metadata=_m("share", "share", "share of that traffic crossing AZs"))


@dataclass(frozen=True)
class PlatformUsage:
    router_invocations_per_call: Decimal = field(
        metadata=_m("number", "invocations", "tier-router invocations per model call")
    )
    router_ms_per_invocation: Decimal = field(
        metadata=_m(
            "number", "ms", "billed milliseconds per router invocation (invoke mode waits for the model)"
        )
    )
    router_warm_environments: Decimal = field(
        metadata=_m("whole", "environments", "warm router execution environments, each with its own caches")
    )
    router_environment_starts_per_month: Decimal = field(
        metadata=_m(
            "whole", "starts", "router execution environments started a month (each reads AppConfig once)"
        )
    )
    scheduled_run_seconds: Decimal = field(
        metadata=_m(
            "number", "s", "billed seconds per run of a scheduled Lambda (ltm-pruner, log-retention-auditor)"
        )
    )
    notifications_per_month: Decimal = field(
        metadata=_m("whole", "notifications", "alarm and budget notifications published to SNS a month")
    )


@dataclass(frozen=True)
class BaselineUsage:
    nat_gateways: Decimal = field(metadata=_m("whole", "gateways", "NAT gateways of the unoptimised network"))
    cross_az_share: Decimal = field(
        metadata=_m("share", "share", "share of traffic crossing AZs when unoptimised")
    )
    age_months: Decimal = field(
        metadata=_m("positive", "months", "months of logs and records kept when nothing expires or is pruned")
    )


_SECTIONS: dict[str, type] = {
    "llm": LlmUsage,
    "runtime": RuntimeUsage,
    "gateway": GatewayUsage,
    "policy": PolicyUsage,
    "memory": MemoryUsage,
    "observability": ObservabilityUsage,
    "network": NetworkUsage,
    "platform": PlatformUsage,
    "baseline": BaselineUsage,
}
# Sections a complete profile may leave out (added after 0.1.0): taken from the reference profile.
_DEFAULTED = ("platform",)


@dataclass(frozen=True)
class UsageProfile:
    """A validated usage profile. ``source`` says where it came from (``reference`` or a file)."""

    sessions_per_agent_month: Decimal
    llm: LlmUsage
    runtime: RuntimeUsage
    gateway: GatewayUsage
    policy: PolicyUsage
    memory: MemoryUsage
    observability: ObservabilityUsage
    network: NetworkUsage
    platform: PlatformUsage
    baseline: BaselineUsage
    source: str = field(default=REFERENCE, compare=False)
    # Where usage differs: field path -> value, per tier ("1", "2", ...) and per agent id (over its tier).
    tiers: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    agents: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)

    def with_(self, section: str, **changes: Any) -> UsageProfile:
        """A copy with fields of one section replaced (``with_("llm", cache_hit_ratio=Decimal(0))``),
        for every agent: the same fields are dropped from the per-tier and per-agent overrides."""
        paths = {f"{section}.{name}" for name in changes}

        def drop(overrides: Mapping[str, Mapping[str, Decimal]]) -> dict[str, dict[str, Decimal]]:
            return {k: {p: v for p, v in o.items() if p not in paths} for k, o in overrides.items()}

        return dataclasses.replace(
            self,
            **{section: dataclasses.replace(getattr(self, section), **changes)},
            tiers=drop(self.tiers),
            agents=drop(self.agents),
        )

    def for_agent(self, agent_id: str, tier: int) -> tuple[UsageProfile, str | None]:
        """The profile one agent is priced with, and which override made it differ (``agents["x"]``,
        ``tier 1``), or None when it is the fleet-wide profile."""
        values = {**self.tiers.get(str(tier), {}), **self.agents.get(agent_id, {})}
        if not values:
            return self, None
        out = dataclasses.replace(self, tiers={}, agents={})
        for path, value in values.items():
            if path == "sessions_per_agent_month":
                out = dataclasses.replace(out, sessions_per_agent_month=value)
            else:
                section, _, name = path.partition(".")
                out = out.with_(section, **{name: value})
        label = f'agents["{agent_id}"]' if agent_id in self.agents else f"tier {tier}"
        return out, label

    def to_dict(self) -> dict[str, Any]:
        """Plain values (numbers as int or float) in the file's layout."""
        out: dict[str, Any] = {"sessions_per_agent_month": _plain(self.sessions_per_agent_month)}
        for name in _SECTIONS:
            section = getattr(self, name)
            out[name] = {f.name: _plain(getattr(section, f.name)) for f in dataclasses.fields(section)}
        for key in ("tiers", "agents"):
            overrides = getattr(self, key)
            if overrides:
                out[key] = {k: _nested({p: _plain(v) for p, v in o.items()}) for k, o in overrides.items()}
        return out


# What may differ per tier or per agent (the rest describes the deployment or the whole fleet).
OVERRIDABLE = (
    "sessions_per_agent_month",
    "llm.calls_per_session",
    "llm.input_tokens_per_call",
    "llm.output_tokens_per_call",
    "llm.cache_hit_ratio",
    "gateway.tool_calls_per_session",
)


def _nested(flat: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path, value in flat.items():
        section, _, name = path.rpartition(".")
        (out.setdefault(section, {}) if section else out)[name] = value
    return out


def fields() -> list[tuple[str, str, str, tuple[str, ...]]]:
    """Every profile field as (path, kind, help, choices), in file order (for docs and checks)."""
    out: list[tuple[str, str, str, tuple[str, ...]]] = [
        ("sessions_per_agent_month", "whole", "sessions each agent handles a month", ())
    ]
    for name, cls in _SECTIONS.items():
        for f in dataclasses.fields(cls):
            out.append((f"{name}.{f.name}", f.metadata["kind"], f.metadata["help"], f.metadata["choices"]))
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# ------------------------------------------------------------------------------------------------
# loading


@cache
def _reference_data() -> dict[str, Any]:
    import yaml

    text = resources.files("agentcore_finops").joinpath("data", _PACKAGED).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def reference() -> UsageProfile:
    """The packaged reference profile."""
    return parse(_reference_data(), source=REFERENCE)


def load_usage(source: str | Path | None = None) -> UsageProfile:
    """The reference profile (``None`` or ``"reference"``), or the profile in a YAML/JSON file."""
    if source is None or str(source) == REFERENCE:
        return reference()
    import yaml

    path = Path(source)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FieldError("--usage", f"cannot read {path}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise FieldError("--usage", f"{path} is not valid YAML or JSON: {exc}") from exc
    return parse(data, source=str(path))


def parse(data: Any, source: str = "profile") -> UsageProfile:
    """Validate a profile mapping (``extends: reference`` merges it over the reference profile)."""
    if not isinstance(data, Mapping):
        raise FieldError(PREFIX, f"must be a mapping of fields, got {type(data).__name__}")
    data = dict(data)
    extends = data.pop("extends", None)
    raw_overrides = {key: data.pop(key, None) for key in ("tiers", "agents")}
    if extends is not None:
        if extends != REFERENCE:
            raise FieldError(f"{PREFIX}.extends", f"invalid value {extends!r}", REFERENCE)
        data = _merge(_reference_data(), data)
    for name in _DEFAULTED:
        if name not in data:
            data[name] = _reference_data()[name]

    errors: list[FieldError] = []
    known = {"sessions_per_agent_month", *_SECTIONS}
    for key in data:
        if key not in known:
            errors.append(FieldError(f"{PREFIX}.{key}", "unknown field", ", ".join(["extends", *known])))
    sessions = _value(errors, "sessions_per_agent_month", "whole", (), data)
    sections: dict[str, Any] = {}
    for name, cls in _SECTIONS.items():
        raw = data.get(name)
        if raw is None:
            errors.append(FieldError(f"{PREFIX}.{name}", "missing section", _names(cls)))
            continue
        if not isinstance(raw, Mapping):
            errors.append(FieldError(f"{PREFIX}.{name}", f"must be a mapping, got {type(raw).__name__}"))
            continue
        for key in raw:
            if key not in {f.name for f in dataclasses.fields(cls)}:
                errors.append(FieldError(f"{PREFIX}.{name}.{key}", "unknown field", _names(cls)))
        values = {
            f.name: _value(errors, f"{name}.{f.name}", f.metadata["kind"], f.metadata["choices"], raw)
            for f in dataclasses.fields(cls)
        }
        if not any(e.field.startswith(f"{PREFIX}.{name}.") for e in errors):
            sections[name] = cls(**values)
    tiers = _overrides(errors, "tiers", raw_overrides["tiers"])
    agents = _overrides(errors, "agents", raw_overrides["agents"])
    for tier in tiers:
        if tier not in ("1", "2", "3"):
            errors.append(FieldError(f'{PREFIX}.tiers["{tier}"]', "no such tier", "1, 2, 3"))
    if errors:
        raise FieldErrors(errors)
    return UsageProfile(
        sessions_per_agent_month=sessions, source=source, tiers=tiers, agents=agents, **sections
    )


def _overrides(errors: list[FieldError], key: str, raw: Any) -> dict[str, dict[str, Decimal]]:
    """``tiers`` or ``agents``: a mapping of tier (or agent id) to the OVERRIDABLE fields it changes."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        errors.append(FieldError(f"{PREFIX}.{key}", f"must be a mapping, got {type(raw).__name__}"))
        return {}
    kinds = {path: kind for path, kind, _, _ in fields()}
    out: dict[str, dict[str, Decimal]] = {}
    for name, override in raw.items():
        where = f'{PREFIX}.{key}["{name}"]'
        if not isinstance(override, Mapping):
            errors.append(FieldError(where, f"must be a mapping, got {type(override).__name__}"))
            continue
        flat: dict[str, Any] = {}
        for field_name, value in override.items():
            if isinstance(value, Mapping):
                flat.update({f"{field_name}.{k}": v for k, v in value.items()})
            else:
                flat[field_name] = value
        values: dict[str, Decimal] = {}
        for path, value in flat.items():
            if path not in OVERRIDABLE:
                errors.append(
                    FieldError(f"{where}.{path}", f"cannot be set per {key[:-1]}", ", ".join(OVERRIDABLE))
                )
                continue
            leaf = path.rpartition(".")[2]
            number = _value(errors, f'{key}["{name}"].{path}', kinds[path], (), {leaf: value})
            if number is not None:
                values[path] = number
        out[str(name)] = values
    return out


def _names(cls: type) -> str:
    return ", ".join(f.name for f in dataclasses.fields(cls))


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), Mapping):
            out[key] = _merge(base[key], value)
        else:
            out[key] = value
    return out


def _value(
    errors: list[FieldError], path: str, kind: str, choices: tuple[str, ...], raw: Mapping[str, Any]
) -> Any:
    name = path.rpartition(".")[2]
    where = f"{PREFIX}.{path}"
    allowed = ", ".join(choices) if kind == "choice" else _ALLOWED[kind]
    if name not in raw or raw[name] is None:
        errors.append(FieldError(where, "missing value", allowed))
        return None
    value = raw[name]
    if kind == "bool":
        if not isinstance(value, bool):
            errors.append(FieldError(where, f"invalid value {value!r}", allowed))
        return value
    if kind == "choice":
        if value not in choices:
            errors.append(FieldError(where, f"invalid value {value!r}", allowed))
        return value
    number = _decimal(value)
    if number is None:
        errors.append(FieldError(where, f"invalid value {value!r}", allowed))
        return None
    ok = number >= 0
    if ok and kind == "whole":
        ok = number == number.to_integral_value()
    elif ok and kind == "positive":
        ok = number > 0
    elif ok and kind == "share":
        ok = number <= 1
    if not ok:
        problem = "must not be negative" if number < 0 else f"invalid value {value!r}"
        errors.append(FieldError(where, problem, allowed))
        return None
    return number


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
        return number if number.is_finite() else None
    return None


# ------------------------------------------------------------------------------------------------
# a template to start from (`agentcore-finops usage init`)


def template(fleet_input: Any) -> str:
    """A usage profile for ``fleet_input`` with every value commented out: it reads as the reference
    profile until lines are uncommented. Data lines start with ``# ``, explanations with ``## ``, so
    uncommenting (removing ``# `` at the start of a line) any subtree keeps it valid YAML."""
    ref = reference()
    data = ref.to_dict()
    counts = fleet_input.tier_counts
    out = [
        f"## Usage profile for {fleet_input.source}: {len(fleet_input.agents)} agents "
        f"({', '.join(f'tier {t}: {n}' for t, n in counts.items())}).",
        "## Written by `agentcore-finops usage init`. Every value below is the reference workload's and is",
        "## commented out: uncomment and change what your traces and bills show (remove the leading '# ').",
        "## Check it with: agentcore-finops estimate ... --usage THIS_FILE",
        "extends: reference",
        "",
    ]
    helps = {path: (kind, help_, choices) for path, kind, help_, choices in fields()}

    def line(indent: str, key: str, value: Any, path: str) -> str:
        kind, help_, choices = helps[path]
        text = str(value).lower() if isinstance(value, bool) else str(value)
        allowed = " / ".join(choices) if choices else _ALLOWED[kind]
        return f"# {indent}{key}: {text}".ljust(52) + f" ## {help_} ({allowed})"

    out.append(
        line("", "sessions_per_agent_month", data["sessions_per_agent_month"], "sessions_per_agent_month")
    )
    for section in _SECTIONS:
        out.append(f"# {section}:")
        for key, value in data[section].items():
            out.append(line("  ", key, value, f"{section}.{key}"))
    overridable = list(OVERRIDABLE)

    def block(indent: str) -> list[str]:
        rows: list[str] = []
        by_section: dict[str, list[str]] = {}
        for path in overridable:
            section, _, key = path.rpartition(".")
            by_section.setdefault(section, []).append(key)
        for key in by_section.pop("", []):
            rows.append(f"# {indent}{key}: {data[key]}")
        for section, keys in by_section.items():
            inner = ", ".join(f"{k}: {data[section][k]}" for k in keys)
            rows.append(f"# {indent}{section}: {{{inner}}}")
        return rows

    out += [
        "",
        "## Per tier: these fields for every agent of a tier, over the values above.",
        "# tiers:",
    ]
    for tier, n in counts.items():
        ids = [a.agent_id for a in fleet_input.agents if a.tier == tier]
        shown = ", ".join(ids[:4]) + (", ..." if len(ids) > 4 else "")
        out += [f'#   "{tier}":'.ljust(52) + f" ## {n} agents: {shown}", *block("    ")]
    out += [
        "",
        "## Per agent: over its tier's values (" + ", ".join(overridable) + ").",
        "# agents:",
    ]
    for agent in fleet_input.agents:
        out += [
            f"#   {agent.agent_id}:".ljust(52) + f" ## tier {agent.tier}, {agent.model_id}",
            *block("    "),
        ]
    return "\n".join(out) + "\n"
