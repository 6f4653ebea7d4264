"""Plumbing shared by the emulator extensions: route registration, pagination tokens, service errors.

Routes. moto's server builds one Flask app per service, lazily on the first request, from the
``url_paths`` dict of ``moto.<service>.urls``. Adding an entry to that dict before the first request
is the extension point: the new path is then served like moto's own. ``add_routes`` refuses to
overwrite an existing route, and ``replace_route`` only replaces a handler it expects, so a moto
upgrade that changes a route fails loudly at start-up instead of silently dropping an extension.

Errors. ``ServiceError`` subclasses moto's ``ServiceException``: moto serialises it with the
service's botocore model, so the HTTP status and error shape are the ones the model declares.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any, TypeVar

from moto.core.exceptions import ServiceException

T = TypeVar("T")
Handler = Callable[..., Any]


class ExtensionError(RuntimeError):
    """An extension could not be registered (moto changed under it)."""


class ServiceError(ServiceException):
    """A modelled service error; ``code`` is the error shape name in the botocore model."""

    def __init__(self, code: str, message: str, **fields: Any) -> None:
        super().__init__(code, message)
        for key, value in fields.items():
            setattr(self, key, value)


def add_routes(urls_module: ModuleType, routes: dict[str, Handler]) -> None:
    """Add new URL patterns (moto's ``"{0}/path$"`` form) to a moto service's routes."""
    url_paths: dict[str, Handler] = urls_module.url_paths
    for pattern, handler in routes.items():
        current = url_paths.get(pattern)
        if current is not None and current != handler:
            raise ExtensionError(f"{urls_module.__name__} already routes {pattern!r}; refusing to shadow it")
        url_paths[pattern] = handler


def replace_route(urls_module: ModuleType, pattern: str, expected: Handler, handler: Handler) -> None:
    """Point an existing route at ``handler`` (a subclass of the response class that served it)."""
    url_paths: dict[str, Handler] = urls_module.url_paths
    current = url_paths.get(pattern)
    if current == handler:
        return
    if current != expected:
        raise ExtensionError(
            f"{urls_module.__name__} routes {pattern!r} to {current!r}, expected {expected!r}; "
            "moto changed, review the extension"
        )
    url_paths[pattern] = handler


def encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def decode_token(token: str | None, error: Callable[[str], Exception]) -> int:
    """Offset encoded in ``token`` (0 without one); ``error(message)`` is raised for a bad token."""
    if not token:
        return 0
    try:
        offset = json.loads(base64.urlsafe_b64decode(token.encode()))["offset"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise error(f"Invalid pagination token: {token}") from None
    if not isinstance(offset, int) or offset < 0:
        raise error(f"Invalid pagination token: {token}")
    return offset


def paginate(
    items: Sequence[T],
    token: str | None,
    max_results: int | None,
    default: int,
    limit: int,
    error: Callable[[str], Exception],
) -> tuple[list[T], str | None]:
    """One page of ``items`` from ``token``; ``max_results`` outside 1..limit raises ``error``."""
    size = default if max_results is None else max_results
    if not 1 <= size <= limit:
        raise error(f"maxResults must be between 1 and {limit}, got {size}")
    start = decode_token(token, error)
    if start > len(items):
        raise error(f"Invalid pagination token: {token}")
    page = list(items[start : start + size])
    end = start + len(page)
    return page, (encode_token(end) if end < len(items) else None)
