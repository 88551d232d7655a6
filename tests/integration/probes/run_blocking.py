"""Probe for tests/integration/test_run_blocking.py, run in a monkey-patched child process.

Four real scrypt checks go through the SQLite worker's ``BlockingPool`` while a green ticker
sleeps 5 ms at a time; it prints the results and the longest gap the ticker saw.
"""

from __future__ import annotations

import sys
import time

LIBRARY = sys.argv[1]
if LIBRARY == "eventlet":
    import eventlet

    eventlet.monkey_patch()
    spawn, sleep = eventlet.spawn, eventlet.sleep
else:
    from gevent import monkey

    monkey.patch_all()
    import gevent

    spawn, sleep = gevent.spawn, gevent.sleep

from werkzeug.security import check_password_hash, generate_password_hash  # noqa: E402

from dialogcafe.adapters.sqlite_worker import BLOCKING_THREADS, BlockingPool  # noqa: E402

STORED = generate_password_hash("right", method="scrypt:65536:8:1")  # ~0.13 s a check
gaps: list[float] = []
running = True
pool = BlockingPool(BLOCKING_THREADS)


def ticker() -> None:
    last = time.perf_counter()
    while running:
        sleep(0.005)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now


def fail() -> None:
    raise ValueError("handed back")


def wait(thread: object) -> object:
    return thread.wait() if LIBRARY == "eventlet" else thread.get()  # type: ignore[attr-defined]


tick = spawn(ticker)
checks = [spawn(pool.call, check_password_hash, (STORED, p)) for p in ("right", "wrong") * 2]
print("results:", [wait(check) for check in checks])
try:
    pool.call(fail, ())
except ValueError as exc:
    print("error:", exc)
running = False
wait(tick)
print(f"longest gap: {max(gaps):.4f}")
