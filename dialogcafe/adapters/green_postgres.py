"""Making psycopg2 wait through the event loop, and telling which green library runs it.

psycopg2 talks to PostgreSQL through libpq's own socket, which monkey-patching does not reach:
a query that waits (a lock, a slow query) would stop every connection of a green process. Its
*wait callback* hook makes it yield to the hub instead (docs/deployment.md, "Database drivers
per async mode"; proved by ``tests/e2e/test_postgres_green.py``).
"""

from __future__ import annotations

import importlib
import sys

from sqlalchemy.engine import make_url


def is_postgres(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def green_library() -> str | None:
    """``eventlet`` or ``gevent`` if this process's sockets are monkey-patched by it."""
    # Look only at what is already imported: importing eventlet just to ask would print
    # its deprecation warning in processes that never use it.
    if "eventlet" in sys.modules:
        patcher = importlib.import_module("eventlet.patcher")
        if patcher.is_monkey_patched("socket"):
            return "eventlet"
    if "gevent" in sys.modules:
        monkey = importlib.import_module("gevent.monkey")
        if monkey.is_module_patched("socket"):
            return "gevent"
    return None


def make_postgres_cooperative() -> str | None:
    """Install psycopg2's wait callback for this process's green library; return its name.

    eventlet ships one, which ``server.prepare`` leaves out of ``monkey_patch`` so that a
    process on SQLite never imports psycopg2; gevent ships none, so psycogreen's (by
    psycopg2's author). Idempotent; does nothing (returns None) in a process that is not
    monkey-patched, where real threads wait in C without holding the GIL.
    """
    library = green_library()
    if library == "eventlet":
        importlib.import_module("eventlet.support.psycopg2_patcher").make_psycopg_green()
    elif library == "gevent":
        importlib.import_module("psycogreen.gevent").patch_psycopg()
    return library
