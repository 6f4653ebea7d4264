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
    """Handle one request at a time. moto's backends are not thread-safe, and Terraform sends many
    requests at once: under load, two concurrent DynamoDB PutItems could fail one with a 5xx, the SDK
    retried a write that had in fact succeeded, and the retry failed its attribute_not_exists
    condition. Connections stay concurrent (threaded server); only the backend work is serialized."""
    lock = threading.Lock()

    def handle(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        with lock:
            return list(app(environ, start_response))

    return handle


def main(argv: list[str] | None = None) -> None:
    emulator_ext.load()
    run_simple = server.run_simple
    server.run_simple = lambda host, port, app, **kw: run_simple(host, port, serialized(app), **kw)
    server.main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
