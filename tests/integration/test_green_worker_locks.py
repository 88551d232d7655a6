"""The SQLite worker thread never waits on a lock the event loop holds (issue 11, item 1).

A café once stopped acknowledging socket events for good: the worker thread, creating a
``Session``, found SQLAlchemy's session-id lock held by the event loop. That lock was made
after eventlet's monkey-patching, so it was green, and a green lock cannot make another OS
thread wait: ``greenlet.error: Cannot switch to a different thread``. The probe runs in a
monkey-patched child process, holds every lock behind SQLAlchemy's per-session and per-query
counters on the hub while a worker job creates a session and loads rows, then lets go; with
the old counters the job failed, with lock-free ones it finishes. A second probe hammers the
same counters from the hub and the worker at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("probes") / "green_worker_locks.py"


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_worker_finishes_while_the_loop_holds_the_orm_counters(tmp_path: Path, mode: str) -> None:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONWARNINGS"}
    env["DIALOGCAFE_ASYNC_MODE"] = mode
    env["PYTHONPATH"] = str(REPO_ROOT)
    done = subprocess.run(
        [sys.executable, str(PROBE), str(tmp_path / "probe.sqlite3")],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "held-locks: ok" in done.stdout, done.stdout + done.stderr
    assert "stress: ok" in done.stdout, done.stdout + done.stderr
