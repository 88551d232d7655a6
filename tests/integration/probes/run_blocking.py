"""Probe for tests/integration/test_run_blocking.py, run in a monkey-patched child process.

Four real scrypt checks go through the SQLite worker's ``BlockingPool`` while a green ticker
sleeps 5 ms at a time; it prints the results and, for each check, how often the ticker ran
while that check was in flight. A check run on the event loop itself holds it, so the
ticker cannot run at all meanwhile: a count, not a timing, tells the two apart.
"""

from __future__ import annotations

import sys

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
ticks = 0
ticks_in_flight: list[int] = []
running = True
pool = BlockingPool(BLOCKING_THREADS)


def ticker() -> None:
    global ticks
    while running:
        sleep(0.005)
        ticks += 1


def check(password: str) -> bool:
    before = ticks
    result = pool.call(check_password_hash, (STORED, password))
    ticks_in_flight.append(ticks - before)
    return result


def fail() -> None:
    raise ValueError("handed back")


def wait(thread: object) -> object:
    return thread.wait() if LIBRARY == "eventlet" else thread.get()  # type: ignore[attr-defined]


tick = spawn(ticker)
checks = [spawn(check, p) for p in ("right", "wrong") * 2]
print("results:", [wait(check) for check in checks])
try:
    pool.call(fail, ())
except ValueError as exc:
    print("error:", exc)
running = False
wait(tick)
print("fewest ticks in flight:", min(ticks_in_flight))
