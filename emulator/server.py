"""The emulator's server process: moto's server with this project's extensions loaded.

    python -m emulator.server -H 127.0.0.1 -p 5000

Takes moto.server's arguments. ``emulator.Emulator`` starts it; run it directly only to
debug an extension. See ``emulator/ext`` for what the extensions add and why.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

from moto import server

from emulator import ext


def serialized(app: Callable[..., Iterable[bytes]]) -> Callable[..., list[bytes]]:
    """Handle one request at a time: moto's backends are not thread-safe, and Terraform sends many
    requests at once. Connections stay concurrent (the server is threaded); only backend work waits."""
    lock = threading.Lock()

    def handle(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        with lock:
            return list(app(environ, start_response))

    return handle


class RequestHandler(server.MotoRequestHandler):
    """One request per connection, and each response written in one piece.

    werkzeug wrote a response's headers and body in separate sends; when the Go SDK in Terraform's AWS
    provider closed the connection between the two (it has the headers, and the server said
    ``Connection: close``), the body arrived on a closed socket, the SDK saw a reset, and retried a
    PutItem that had succeeded: the retry then failed its ``attribute_not_exists`` condition. A buffered
    writer sends headers and body together; HTTP/1.0 ends every exchange with its connection."""

    protocol_version = "HTTP/1.0"
    wbufsize = 64 * 1024


def main(argv: list[str] | None = None) -> None:
    ext.load()
    run_simple = server.run_simple
    server.run_simple = lambda host, port, app, **kw: run_simple(
        host, port, serialized(app), **{**kw, "request_handler": RequestHandler}
    )
    server.main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
