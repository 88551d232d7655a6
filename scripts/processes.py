"""Server processes for the tests, the benchmark and the dev scripts: start, wait, stop.

Every tool that runs ``python app.py`` (or redis-server, nginx, a baseline server) needs the
same few steps: a free port, an environment without the developer's ``DIALOGCAFE_*``
settings, a child whose output goes to a log, a wait until its port accepts connections
that fails early (with the log's tail) if the child dies, and a stop that escalates from
SIGTERM to SIGKILL. They live here once.

Why ``scripts/``: it is already the package all three import (``bench`` uses
``scripts.app_cli``, the tests ``scripts.cluster``), and this module needs nothing beyond
the standard library, so neither a script nor the benchmark pulls in a test tool by using
it, and no new top-level package is needed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
READY_TIMEOUT = 20.0  # seconds a fresh server may take to accept connections
STOP_TIMEOUT = 5.0  # seconds between SIGTERM and SIGKILL
POLL_INTERVAL = 0.05


def free_port(host: str = HOST) -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a server or CLI child: ours, minus settings that would leak in.

    Every inherited ``DIALOGCAFE_*`` variable is dropped so a developer's shell (a real
    database URL, a message queue) cannot change what the child runs against, and
    ``PYTHONWARNINGS`` is dropped so eventlet's deprecation warning stays a warning.
    Output is unbuffered, so a log shows what happened up to a crash.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DIALOGCAFE_") and key != "PYTHONWARNINGS"
    }
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


def spawn(
    args: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    log: Path | None = None,
    cwd: Path = ROOT,
) -> subprocess.Popen[bytes]:
    """Start ``args`` with no stdin, in ``env`` (default: ours); stdout and stderr are
    appended to ``log`` if given (a restarted server keeps one log with both lives), else
    shared with ours."""
    child_environment = None if env is None else dict(env)
    if log is None:
        return subprocess.Popen(args, cwd=cwd, env=child_environment, stdin=subprocess.DEVNULL)
    with log.open("ab") as output:
        return subprocess.Popen(
            args,
            cwd=cwd,
            env=child_environment,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def log_tail(path: Path, lines: int = 60) -> str:
    """The last lines a child wrote to its log (shown when it fails)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return "(no log written)"
    return "\n".join(text.splitlines()[-lines:])


def wait_for_port(
    port: int,
    process: subprocess.Popen[bytes],
    *,
    name: str = "server",
    log: Path | None = None,
    timeout: float = READY_TIMEOUT,
    host: str = HOST,
) -> None:
    """Return once ``port`` accepts connections; raise RuntimeError if ``process`` exits
    first or the time runs out (then it is stopped, so no caller leaks it).

    A child gives no "ready" event to wait on, so this is the one bounded polling loop.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{name} exited with {process.returncode} before accepting connections"
                + _tail_of(log)
            )
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(POLL_INTERVAL)
    stop(process)
    raise RuntimeError(
        f"{name} did not accept connections on port {port} within {timeout:.0f} s" + _tail_of(log)
    )


def _tail_of(log: Path | None) -> str:
    return "" if log is None else f"; log tail:\n{log_tail(log)}"


def stop(*processes: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM to every running one first (so they shut down side by side), then SIGKILL
    any that has not exited ``timeout`` seconds later."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)
