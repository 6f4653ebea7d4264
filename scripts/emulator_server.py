"""The emulator's server process: moto's server with this project's extensions loaded.

    python -m scripts.emulator_server -H 127.0.0.1 -p 5000

Takes moto.server's arguments. ``scripts.emulator.Emulator`` starts it; run it directly only to
debug an extension. See ``scripts/emulator_ext`` for what the extensions add and why.
"""

from __future__ import annotations

import sys

from moto import server

from scripts import emulator_ext


def main(argv: list[str] | None = None) -> None:
    emulator_ext.load()
    server.main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
