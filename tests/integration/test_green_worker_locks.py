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

from pathlib import Path

import pytest

from tests.integration.probes import run_probe


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_worker_finishes_while_the_loop_holds_the_orm_counters(tmp_path: Path, mode: str) -> None:
    done = run_probe(
        "green_worker_locks.py", str(tmp_path / "probe.sqlite3"), DIALOGCAFE_ASYNC_MODE=mode
    )
    assert "held-locks: ok" in done.stdout, done.stdout + done.stderr
    assert "stress: ok" in done.stdout, done.stdout + done.stderr
