"""The emulator's server process: moto's server with this project's extensions loaded.

    python -m scripts.emulator_server -H 127.0.0.1 -p 5000

Takes moto.server's arguments. ``scripts.emulator.Emulator`` starts it; run it directly only to
debug an extension. See ``scripts/emulator_ext`` for what the extensions add and why.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

from moto import server

from scripts import emulator_ext


def serialized(app: Callable[..., Iterable[bytes]]) -> Callable[..., list[bytes]]:
    """Handle one request at a time, on a connection used for that request only.

    moto's backends are not thread-safe, and Terraform sends many requests at once, so backend work
    is serialized (connections stay concurrent: the server is threaded). Every response also closes
    its connection: with keep-alive, the Go SDK in Terraform's AWS provider sometimes reused a
    connection the server was closing, lost the response to a PutItem that had succeeded, retried it,
    and the retry failed its attribute_not_exists condition (ConditionalCheckFailedException)."""
    lock = threading.Lock()

    def handle(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        def close_after(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            headers = [(k, v) for k, v in headers if k.lower() != "connection"]
            return start_response(status, [*headers, ("Connection", "close")], *exc_info)

        with lock:
            return list(app(environ, close_after))

    return handle


def main(argv: list[str] | None = None) -> None:
    emulator_ext.load()
    run_simple = server.run_simple
    server.run_simple = lambda host, port, app, **kw: run_simple(host, port, serialized(app), **kw)
    server.main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
