"""Typed environment variables for the Lambdas: each variable is declared once with its kind, default
and whether it is required; ``read`` reads them all and raises one ``SettingsError`` that names every
bad variable with what it allows.

    VARIABLES = (
        env.text("CONFIG_TABLE_NAME", required=True, allowed="the name of the agent-config table"),
        env.whole("MAX_CHANGES", default=100, lo=0, hi=10_000),
        env.boolean("DRY_RUN", default=True),
        env.json("INCLUDE_PREFIXES", list, required=True, check=prefixes),
    )
    values = env.read(os.environ, VARIABLES)  # {"CONFIG_TABLE_NAME": ..., "MAX_CHANGES": 100, ...}

Every kind reads the value with surrounding whitespace removed; an unset or empty variable takes its
default (or is reported when required). Whole numbers are ASCII digits with an optional minus sign;
numbers are finite; booleans are ``true`` or ``false`` in any case; JSON must decode to the declared
type and then pass the variable's own ``check``, which may name a path inside it (``MEMORY_SCOPES[0]``).

The runtime convention of the project's Lambdas (``tests/unit/test_lambda_convention.py`` checks it):

- Settings: each function declares its variables with this module in its ``contract`` module, which
  also defines the settings, event and report types. The handler reads the settings once per
  container, on the first invocation; a bad variable fails that invocation with ``SettingsError``.
- Handler: ``@logger.inject_lambda_context(log_event=False)`` over ``@metrics.log_metrics`` over
  ``lambda_handler(event: dict[str, Any], context: LambdaContext)``.
- Errors: a bad variable or a bad event is a ``FieldError`` (``SettingsError`` for several); its
  report shape is ``error_report`` below: ``{"error": {"type", "message", "field", "allowed"}}``
  (``allowed`` when known). The tier router returns it with an HTTP-style ``status`` for a bad event
  (its callers are agents waiting for an answer); the scheduled functions log it and raise, so the
  invocation fails and the error alarm fires. A bad configuration fails every function the same way.
  ``logged_errors`` is that log-and-raise step: ``with logged_errors(logger.error, "misconfigured",
  SettingsError): config = settings()``, and ``"refused"`` around reading the event.
"""

from __future__ import annotations

import json as _json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .errors import FieldError, FieldErrors

_WHOLE = re.compile(r"-?[0-9]+")


class SettingsError(FieldErrors, FieldError):
    """Every bad environment variable of one read. Both a ``FieldErrors`` (``errors`` lists each one)
    and a ``FieldError`` (``field`` names them all, comma-separated), so callers that catch either
    see it."""

    def __init__(self, errors: list[FieldError]):
        ValueError.__init__(self, "; ".join(str(e) for e in errors))
        self.errors = errors
        self.field = ", ".join(e.field for e in errors)
        single = errors[0] if len(errors) == 1 else None
        self.problem = single.problem if single else f"{len(errors)} invalid variables"
        self.allowed = single.allowed if single else None


@dataclass(frozen=True)
class Var:
    """One environment variable: ``parse`` turns the stripped, non-empty text into the value or raises
    FieldError; ``allowed`` says what is accepted (used when a required variable is missing)."""

    name: str
    parse: Callable[[str], Any]
    allowed: str
    default: Any = None
    required: bool = False


def _invalid(name: str, raw: str, allowed: str) -> FieldError:
    return FieldError(name, f"invalid value {raw!r}", allowed)


def text(
    name: str,
    *,
    default: str | None = None,
    required: bool = False,
    pattern: str | None = None,
    allowed: str = "a non-empty string",
) -> Var:
    """A string; with ``pattern``, one that matches it whole (an ARN, an id)."""
    compiled = re.compile(pattern) if pattern else None

    def parse(raw: str) -> str:
        if compiled and not compiled.fullmatch(raw):
            raise _invalid(name, raw, allowed)
        return raw

    return Var(name, parse, allowed, default, required)


def whole(
    name: str,
    *,
    default: int | None = None,
    lo: int | None = None,
    hi: int | None = None,
    required: bool = False,
) -> Var:
    """A whole number in ``lo``-``hi`` (either bound may be open)."""
    if lo is not None and hi is not None:
        allowed = f"a whole number from {lo} to {hi}"
    elif lo is not None:
        allowed = f"a whole number >= {lo}"
    else:
        allowed = "a whole number" if hi is None else f"a whole number <= {hi}"

    def parse(raw: str) -> int:
        if not _WHOLE.fullmatch(raw):
            raise _invalid(name, raw, allowed)
        value = int(raw)
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise _invalid(name, raw, allowed)
        return value

    return Var(name, parse, allowed, default, required)


def number(name: str, *, default: float | None = None, lo: float, hi: float, required: bool = False) -> Var:
    """A finite number in ``lo``-``hi``."""
    allowed = f"a number from {lo:g} to {hi:g}"

    def parse(raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise _invalid(name, raw, allowed) from None
        if not math.isfinite(value) or not lo <= value <= hi:
            raise _invalid(name, raw, allowed)
        return value

    return Var(name, parse, allowed, default, required)


def boolean(name: str, *, default: bool | None = None, required: bool = False) -> Var:
    """``true`` or ``false``, in any case."""
    allowed = "true or false"

    def parse(raw: str) -> bool:
        if raw.lower() not in ("true", "false"):
            raise _invalid(name, raw, allowed)
        return raw.lower() == "true"

    return Var(name, parse, allowed, default, required)


def choice(name: str, options: tuple[str, ...], *, default: str | None = None, required: bool = False) -> Var:
    """One of ``options``, in any case (returned as written in ``options``)."""
    allowed = " or ".join(options)
    by_lower = {o.lower(): o for o in options}

    def parse(raw: str) -> str:
        if raw.lower() not in by_lower:
            raise _invalid(name, raw, allowed)
        return by_lower[raw.lower()]

    return Var(name, parse, allowed, default, required)


def json(
    name: str,
    kind: type[list] | type[dict],
    *,
    allowed: str,
    default: Any = None,
    required: bool = False,
    check: Callable[[str, Any], Any] | None = None,
) -> Var:
    """A JSON list or object; ``check(name, value)`` then validates it (raising FieldError, possibly
    naming a path inside it) and returns the value to use."""
    kind_name = "list" if kind is list else "object"

    def parse(raw: str) -> Any:
        try:
            value = _json.loads(raw)
        except ValueError as exc:  # a JSONDecodeError, or int()'s digit limit on a long number
            detail = exc.msg if isinstance(exc, _json.JSONDecodeError) else str(exc)
            raise FieldError(name, f"is not JSON ({detail})", allowed) from None
        if not isinstance(value, kind):
            raise FieldError(name, f"must be a JSON {kind_name}, got {type(value).__name__}", allowed)
        return check(name, value) if check else value

    return Var(name, parse, allowed, default, required)


def read(
    env: Mapping[str, str],
    variables: Iterable[Var],
    check: Callable[[dict[str, Any]], Iterable[FieldError]] | None = None,
) -> dict[str, Any]:
    """Every variable's value by name; raises SettingsError naming every bad one. ``check`` sees the
    values that were read (a bad variable is absent) and returns the errors of rules that span
    several variables."""
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for var in variables:
        raw = (env.get(var.name) or "").strip()
        if not raw:
            if var.required:
                errors.append(FieldError(var.name, "is not set", var.allowed))
            else:
                values[var.name] = var.default
            continue
        try:
            values[var.name] = var.parse(raw)
        except FieldErrors as exc:
            errors.extend(exc.errors)
        except FieldError as exc:
            errors.append(exc)
    if check is not None:
        errors.extend(check(values))
    if errors:
        raise SettingsError(errors)
    return values


def error_report(exc: Exception) -> dict[str, Any]:
    """The one error shape of the project's Lambdas: ``{"error": {"type", "message", "field",
    "allowed"}}``; ``field`` and ``allowed`` when ``exc`` is a FieldError and knows them, and
    ``errors`` (each in the same shape) when it holds several."""
    body: dict[str, Any] = {"type": getattr(exc, "kind", type(exc).__name__), "message": str(exc)}
    if isinstance(exc, FieldError):
        body["field"] = exc.field
        if exc.allowed:
            body["allowed"] = exc.allowed
    if isinstance(exc, FieldErrors) and len(exc.errors) > 1:
        body["errors"] = [error_report(e)["error"] for e in exc.errors]
    return {"error": body}


@contextmanager
def logged_errors(log: Callable[..., object], message: str, *kinds: type[Exception]) -> Iterator[None]:
    """Log an error of ``kinds`` raised in the block as ``message`` with ``error_report``'s shape
    (``log(message, extra=error_report(exc))``, e.g. ``logger.error``), then let it propagate: how
    every handler reports a bad configuration (``"misconfigured"``) and a bad event (``"refused"``)."""
    try:
        yield
    except kinds as exc:
        log(message, extra=error_report(exc))
        raise
