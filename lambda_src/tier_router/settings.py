"""The router's configuration, read from environment variables once per container and validated with
errors that name the variable."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from agentcore_finops.errors import FieldError, FieldErrors

from .contract import Limits
from .sampling_source import AppConfigLocation

APPCONFIG_VARIABLES = ("APPCONFIG_APPLICATION", "APPCONFIG_ENVIRONMENT", "APPCONFIG_PROFILE")


@dataclass(frozen=True)
class Settings:
    table_name: str
    config_ttl_seconds: float = 60.0
    appconfig: AppConfigLocation | None = None
    sampling_ttl_seconds: int = 60
    converse_max_attempts: int = 4
    converse_deadline_seconds: float = 60.0
    limits: Limits = field(default_factory=Limits)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Settings from ``env``; raises FieldErrors naming every bad variable.

        CONFIG_TABLE_NAME (required), CONFIG_CACHE_TTL_SECONDS (0-3600, default 60),
        APPCONFIG_APPLICATION / APPCONFIG_ENVIRONMENT / APPCONFIG_PROFILE (all three or none),
        SAMPLING_CACHE_TTL_SECONDS (whole, 1-3600, default 60), CONVERSE_MAX_ATTEMPTS (1-10, default 4),
        CONVERSE_DEADLINE_SECONDS (1-900, default 60: every Converse attempt and backoff of one request
        ends within it, and within the invocation's remaining time), MAX_MESSAGES, MAX_INPUT_CHARS,
        MAX_SYSTEM_CHARS, MAX_TOOL_SCHEMAS, MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES, MAX_MEDIA_BYTES (whole
        numbers >= 1).
        """
        errors: list[FieldError] = []

        def number(name: str, default: float, lo: float, hi: float, whole: bool) -> float:
            raw = env.get(name)
            if raw is None or raw == "":
                return default
            try:
                value = int(raw) if whole else float(raw)
            except ValueError:
                value = None
            if value is None or not lo <= value <= hi:
                kind = "a whole number" if whole else "a number"
                errors.append(FieldError(name, f"invalid value {raw!r}", f"{kind} from {lo:g} to {hi:g}"))
                return default
            return value

        table = env.get("CONFIG_TABLE_NAME", "").strip()
        if not table:
            errors.append(FieldError("CONFIG_TABLE_NAME", "missing", "the name of the agent-config table"))
        ttl = number("CONFIG_CACHE_TTL_SECONDS", 60.0, 0, 3600, whole=False)
        sampling_ttl = number("SAMPLING_CACHE_TTL_SECONDS", 60, 1, 3600, whole=True)
        attempts = number("CONVERSE_MAX_ATTEMPTS", 4, 1, 10, whole=True)
        deadline = number("CONVERSE_DEADLINE_SECONDS", 60.0, 1, 900, whole=False)
        default = Limits()
        limits = Limits(
            **{
                f.name: int(number(f.name.upper(), getattr(default, f.name), 1, 10**9, whole=True))
                for f in fields(Limits)
            }
        )

        values = {name: env.get(name, "").strip() for name in APPCONFIG_VARIABLES}
        location = None
        if all(values.values()):
            location = AppConfigLocation(
                application=values["APPCONFIG_APPLICATION"],
                environment=values["APPCONFIG_ENVIRONMENT"],
                profile=values["APPCONFIG_PROFILE"],
            )
        elif any(values.values()):
            missing = [name for name, value in values.items() if not value]
            errors.append(
                FieldError(
                    ", ".join(missing),
                    "missing while other APPCONFIG_* variables are set",
                    "all of " + ", ".join(APPCONFIG_VARIABLES) + ", or none",
                )
            )
        if errors:
            raise FieldErrors(errors)
        return cls(
            table_name=table,
            config_ttl_seconds=float(ttl),
            appconfig=location,
            sampling_ttl_seconds=int(sampling_ttl),
            converse_max_attempts=int(attempts),
            converse_deadline_seconds=float(deadline),
            limits=limits,
        )
