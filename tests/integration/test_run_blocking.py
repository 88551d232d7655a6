"""Password hashes run in real threads while the event loop goes on (issue 11, item 4).

``sqlite_worker.run_blocking`` is what log-ins and sign-ups hash through. The probe runs in a
monkey-patched child process (eventlet and gevent): four real scrypt checks (about 0.5 s
of CPU together) must come back right, an exception must be handed back, and a green
ticker sleeping 5 ms at a time must go on running while each check is in flight (a check on
the loop itself would let it run not once). How long the loop may stall is measured by the
benchmark, not asserted here.
"""

from __future__ import annotations

import pytest

from tests.integration.probes import run_probe


@pytest.mark.parametrize("library", ["eventlet", "gevent"])
def test_hashes_run_off_the_event_loop(library: str) -> None:
    done = run_probe("run_blocking.py", library)
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    assert lines["results"] == "[True, False, True, False]", done.stdout
    assert lines["error"] == "handed back", done.stdout
    assert int(lines["fewest ticks in flight"]) >= 1, done.stdout
