"""Waiting without stopping the event loop: a cooperative sleep and a deadline.

A green process runs every connection on one OS thread, so a wait in C (SQLite's busy
handler, the original ``time.sleep``) stops them all. These helpers wait through the green
library on the hub's thread, and plainly anywhere else (threading mode, the threads of
``sqlite_worker.py``, a CLI command).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dialogcafe.adapters.green_postgres import green_library


def original(module: str, name: str) -> Any:
    """The standard library's own ``module.name``, as it was before monkey-patching."""
    library = green_library()
    if library == "eventlet":
        return getattr(importlib.import_module("eventlet.patcher").original(module), name)
    if library == "gevent":
        return importlib.import_module("gevent.monkey").get_original(module, name)
    return getattr(importlib.import_module(module), name)


# This module is imported on the main thread, with the app (``database.py`` imports it).
_MAIN_THREAD: int = original("_thread", "get_ident")()


def on_hub() -> str | None:
    """The green library if the caller runs on its hub's (the main) OS thread, else None.

    A real OS thread of a green process (``sqlite_worker.py``'s) must never use a green
    primitive: it would try to switch to the main thread's hub.
    """
    library = green_library()
    if library is None:
        return None
    return library if original("_thread", "get_ident")() == _MAIN_THREAD else None


def sleep(seconds: float) -> None:
    """Sleep, letting every other green thread run meanwhile if this is the hub."""
    library = on_hub()
    if library is not None:
        importlib.import_module(library).sleep(seconds)
    else:
        original("time", "sleep")(seconds)


class DeadlinePassed(Exception):
    """Raised inside a :func:`deadline` block whose time ran out."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`DeadlinePassed` in this block if it is still running after ``seconds``.

    Only on the hub of a green process, where a wait on a socket is a switch to the hub
    that the library can interrupt; elsewhere this does nothing, and the caller relies on
    socket timeouts (each read of a real thread ends after its socket's timeout).
    """
    library = on_hub()
    if library is None:
        yield
        return
    if library == "eventlet":  # eventlet's timer starts when it is made, gevent's on start
        timer = importlib.import_module("eventlet.timeout").Timeout(seconds, DeadlinePassed)
    else:
        timer = importlib.import_module("gevent").Timeout.start_new(seconds, DeadlinePassed)
    try:
        yield
    finally:
        timer.cancel()
