"""Errors that name the offending field, so a caller can fix input without reading code."""

from __future__ import annotations


class FieldError(ValueError):
    """Bad input: ``field`` is a path such as ``agents["x"].tier``; ``allowed`` says what would do."""

    def __init__(self, field: str, problem: str, allowed: str | None = None):
        self.field = field
        self.problem = problem
        self.allowed = allowed
        message = f"{field}: {problem}"
        if allowed:
            message += f" (allowed: {allowed})"
        super().__init__(message)


class FieldErrors(ValueError):
    """Several FieldErrors found in one pass, reported together."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))
