"""The local AWS emulator: moto's server mode on 127.0.0.1 at a free port, with this project's
extensions (``emulator/ext``: AppConfig deployments and AppConfigData, AgentCore memory
records and CloudFormation types, X-Ray Transaction Search, Cost Explorer anomaly detection).

    with Emulator() as emu:
        env = emu.env()          # AWS_ENDPOINT_URL, fake credentials, region, account: for boto3 and Terraform
        ...

The server runs as a child process in its own process group; ``stop()`` (also called on leaving the
``with`` block, at interpreter exit and on SIGTERM) terminates the group, so nothing is left behind.
Terraform's AWS provider and boto3 both honour ``AWS_ENDPOINT_URL``, so no configuration file changes.

``python -m emulator`` runs one in the foreground for a shell. The demo (``scripts/demo.py``) and the
tests use it; it imports neither ``scripts`` nor ``tests``
(tests/unit/test_import_layers.py).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import BinaryIO

REGION = "us-east-1"
REPO_ROOT = Path(__file__).resolve().parent.parent
ACCOUNT_ID = "123456789012"  # moto's default account


class EmulatorError(RuntimeError):
    """The emulator did not start or stopped answering."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


class Emulator:
    def __init__(self, port: int | None = None, log_path: Path | None = None, start_timeout: float = 30.0):
        self.port = port or free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.start_timeout = start_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: BinaryIO | None = None  # the server's output, when log_path is given

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> Emulator:
        if self._proc is not None:
            return self
        if self.answers() or not _port_free(self.port):
            raise EmulatorError(
                f"port {self.port} is already in use; refusing to mistake another server for ours"
            )
        self._log = open(self.log_path, "ab") if self.log_path else None  # noqa: SIM115
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "emulator.server", "-H", "127.0.0.1", "-p", str(self.port)],
            cwd=REPO_ROOT,  # `-m emulator.server` resolves from the repository root
            stdout=subprocess.DEVNULL if self._log is None else self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: stop() takes any children with it
        )
        atexit.register(self.stop)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise EmulatorError(f"moto server exited with code {self._proc.returncode} while starting")
            if self.answers() and self._proc.poll() is None:
                return self
            time.sleep(0.1)
        self.stop()
        raise EmulatorError(f"moto server did not answer on {self.endpoint} within {self.start_timeout:.0f}s")

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.endpoint}/moto-api/data.json", timeout=1) as resp:
                return resp.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False

    def reset(self) -> None:
        """Drop every resource the emulator holds."""
        req = urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST")
        with urllib.request.urlopen(req, timeout=10):
            pass

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
        self._log = None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what clients need -------------------------------------------------------------------------
    def env(self) -> dict[str, str]:
        """Environment for boto3 and Terraform to talk to this emulator and nothing else, with the
        emulator's account as the Terraform roots' ``account_id`` (the root module and the examples
        require it; a root without that variable ignores it).

        Merge it over os.environ without AWS_PROFILE (see ``client_environ``)."""
        return {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            # Never pick up a real profile or the instance metadata service (callers drop AWS_PROFILE).
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
            "TF_VAR_account_id": ACCOUNT_ID,
        }


def client_environ(emulator: Emulator, base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default os.environ) pointed at the emulator, with any AWS profile removed."""
    env = dict(os.environ if base is None else base)
    env.pop("AWS_PROFILE", None)
    env.update(emulator.env())
    return env


def main() -> int:
    """Run the emulator in the foreground and print the exports that point a shell at it."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m emulator",
        description="Run the emulator (moto server plus extensions) on 127.0.0.1 until interrupted.",
    )
    parser.add_argument("--port", type=int, default=None, help="port (default: a free one)")
    args = parser.parse_args()
    with Emulator(port=args.port) as emu:
        print("# paste into another shell to point boto3 and Terraform at the emulator:")
        for key, value in emu.env().items():
            print(f"export {key}={value}")
        print("unset AWS_PROFILE", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
    return 0
