"""Making the PostgreSQL driver cooperate with the green threads this process runs on.

``postgresql://`` URLs use psycopg2 in every async mode (``database.make_engine``). psycopg2
is C code that talks to the server through libpq's own socket, so eventlet's or gevent's
monkey-patching does not reach it: a query would block the whole hub, and with it every
other connection of the process, for as long as PostgreSQL takes (a lock wait, a slow
query). psycopg2 has a hook for this, a *wait callback*: with one installed, libpq runs
non-blocking and psycopg2 calls the callback whenever it has to wait for the socket, and
the callback yields to the hub. We install the one that fits the process:

* eventlet: ``eventlet.support.psycopg2_patcher.make_psycopg_green`` (shipped with
  eventlet). ``server.prepare`` patches with ``psycopg=False``, so that a process on SQLite
  never imports psycopg2, and this call is what makes the driver green; a bare
  ``eventlet.monkey_patch()`` (its ``psycopg`` option is on by default in 0.41.3) calls it
  too, and calling it again is harmless (idempotent);
* gevent: ``psycogreen.gevent.patch_psycopg`` (``gevent.monkey.patch_all()`` does nothing
  for psycopg2 and gevent ships no callback; psycogreen is by psycopg2's author);
* threading (and any process that is not monkey-patched, e.g. a CLI command): nothing,
  real threads wait in C without holding the GIL.

``tests/e2e/test_postgres_green.py`` proves it: a post waiting on a table lock held by
the test does not stop another phone of the same process from connecting. (Checked the
other way too: with no callback installed, the eventlet and the gevent runs both fail.)
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

    Idempotent; does nothing (returns None) in a process that is not monkey-patched.
    """
    library = green_library()
    if library == "eventlet":
        importlib.import_module("eventlet.support.psycopg2_patcher").make_psycopg_green()
    elif library == "gevent":
        importlib.import_module("psycogreen.gevent").patch_psycopg()
    return library
