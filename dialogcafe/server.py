"""Serving the app in production with the configured async mode.

eventlet and gevent ship production WSGI servers with WebSocket support, which
``socketio.run`` uses; threading mode runs under gunicorn's threaded worker, never under
Werkzeug's development server. Monkey-patching happens in :func:`prepare`, before the
app and its database drivers are imported, because green I/O only works if it is first.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

GREEN_MODES = ("eventlet", "gevent")
THREADED_CONNECTIONS = 2_000  # threading mode: threads, so connections, of the one worker
GC_THRESHOLDS = (3_000, 20, 10)
MAX_CONNECTIONS = 10_000
# eventlet's HTTP handler buffers of each connection (eventlet's own: 8 KiB and 16 KiB).
READ_BUFFER = 2 * 1024
WRITE_BUFFER = 4 * 1024


def prepare() -> str:
    """Monkey-patch the standard library for the configured green mode; return the mode.

    Also keeps out of the process what it will not use: every import stays in its memory.
    """
    _leave_out_redis()
    mode = os.environ.get("DIALOGCAFE_ASYNC_MODE", "eventlet")
    if mode == "eventlet":
        # Eventlet's green DNS resolver (dnspython, about 10 MB per process) is left out:
        # the app resolves only its database and Redis hosts, at connect time. So is its
        # psycopg2 patch, which imports psycopg2 (libpq and its own OpenSSL, about 5 MiB)
        # even on SQLite: the app makes psycopg2 green when it uses PostgreSQL (drivers.py).
        os.environ.setdefault("EVENTLET_NO_GREENDNS", "yes")
        importlib.import_module("eventlet").monkey_patch(psycopg=False)
    elif mode == "gevent":
        importlib.import_module("gevent.monkey").patch_all()
    return mode


def _leave_out_redis() -> None:
    """Without a message queue, ``import redis`` fails in this process.

    python-socketio imports redis whenever it is installed, for its Redis manager (in a
    ``try: import redis`` that lets it be missing): about 6 MiB for the life of every
    process, though only a cluster's Redis queue uses it (message_queue.py). ``None`` in
    ``sys.modules`` is how Python marks a module as not there.
    """
    if not os.environ.get("DIALOGCAFE_MESSAGE_QUEUE"):
        sys.modules.setdefault("redis", None)


def serve(app: Flask) -> None:
    """Serve on HOST:PORT until interrupted."""
    from dialogcafe.extensions import socketio
    from dialogcafe.realtime.presence import sweep_on_start

    sweep_on_start(app)  # presence rows an earlier run with this server id left behind
    # Everything loaded so far lives as long as the process: keep the collector from
    # scanning it again and again (full collections otherwise stall every connection).
    gc.collect()
    gc.freeze()
    # Collect young objects every 3,000 allocations instead of 700: storing an input
    # makes many short-lived objects (the ORM), and with collections that often the ones
    # still in flight get promoted, pile up in the oldest generation and trigger full
    # collections that scan every connection's objects: 50-100 ms stalls at 1,000 phones
    # (bench/README.md). Young collections stay at a few milliseconds.
    gc.set_threshold(*GC_THRESHOLDS)
    host, port, mode = app.config["HOST"], app.config["PORT"], app.config["ASYNC_MODE"]
    print(f"Dialogkafé on http://{host}:{port}/ ({mode})", flush=True)
    _allow_many_connections()
    if mode == "eventlet":
        # Eventlet's WSGI server serves at most 1,024 connections at once by default, and
        # every phone's WebSocket holds one for as long as it is open.
        socketio.run(
            app,
            host=host,
            port=port,
            log_output=False,
            max_size=MAX_CONNECTIONS,
            protocol=_eventlet_protocol(),
        )
        return
    if mode in GREEN_MODES:
        socketio.run(app, host=host, port=port, log_output=False)
        return
    _serve_threaded(app, host, port)


def _eventlet_protocol() -> type:
    """eventlet's HTTP connection handler with small buffers.

    The handler keeps its read and write buffers for as long as its connection is open,
    and a phone's WebSocket is open all café long without using either (it reads and
    writes the socket itself): with eventlet's 8 and 16 KiB they took about 12 KiB per
    phone of resident memory (bench/README.md, scenario c).

    Not TCP_NODELAY, although a response written in two parts on a kept-alive connection
    can wait up to 40 ms for the client's delayed ACK without it: with it on every
    connection, the cluster scenario (e) had half-second stalls (bench/README.md).
    """
    wsgi = importlib.import_module("eventlet.wsgi")

    class Protocol(wsgi.HttpProtocol):  # type: ignore[misc]
        rbufsize = READ_BUFFER
        wbufsize = WRITE_BUFFER

    return Protocol


def _allow_many_connections() -> None:
    """Raise this process's open-file limit to the hard limit: each connection is a file
    descriptor, and the usual soft limit (1,024) is less than a full hall."""
    try:
        import resource
    except ImportError:  # not on this platform
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else MAX_CONNECTIONS * 2
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def _serve_threaded(app: Flask, host: str, port: int) -> None:
    from gunicorn.app.base import BaseApplication

    class _Gunicorn(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            settings: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": 1,
                "worker_class": "gthread",
                # Every open WebSocket holds one of these threads for its whole life
                # (simple-websocket), so the pool is as big as the hall: with 100, the
                # benchmark's 1,000 phones got 90 connections (bench/README.md).
                "threads": THREADED_CONNECTIONS,
                "worker_connections": THREADED_CONNECTIONS,
                "timeout": 0,
            }
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    _Gunicorn().run()
