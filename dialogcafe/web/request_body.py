"""Every request body is read whole, bounded in size and time, before anything else runs.

A view opens its transaction (SQLite's write lock, ``BEGIN IMMEDIATE``) and then reads
``request.get_json()`` or ``request.form``: with a client that sends ``Content-Length:
200`` and half the body, the lock would be held for as long as that client likes, and every
other phone would wait for it (issue 11). So the first ``before_request`` hook, ahead of
CSRF checks and rate limits, reads the body into memory (at most ``MAX_CONTENT_LENGTH``,
else 413) within ``BODY_TIMEOUT`` seconds, else answers 408 and closes the connection.
Views and Flask then parse the cached bytes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from flask import Flask, current_app, request
from werkzeug.exceptions import ClientDisconnected
from werkzeug.wrappers import Response

from dialogcafe.adapters import green
from dialogcafe.domain import errors
from dialogcafe.server import CLOSE_HOOK

GUNICORN_SOCKET = "gunicorn.socket"  # the connection, in the WSGI environ of gunicorn
CLOSE_FLAG = "dialogcafe.close_connection"


def init_app(app: Flask) -> None:
    """Run :func:`read_body_first` before every other hook (CSRF reads the form too)."""
    app.before_request_funcs.setdefault(None, []).insert(0, read_body_first)
    app.after_request(_close_after_timeout)


def _has_body() -> bool:
    if request.content_length:
        return True
    return "chunked" in request.headers.get("Transfer-Encoding", "").lower()


def read_body_first() -> None:
    """Read and cache the body (``request.get_data``), or answer 408 / 413."""
    if not _has_body():
        return
    seconds = float(current_app.config["BODY_TIMEOUT"])
    try:
        with green.deadline(seconds), _socket_timeout(request.environ, seconds):
            request.get_data(cache=True, parse_form_data=False)
    except ClientDisconnected as exc:
        # Werkzeug reports a read that failed as a disconnect (400); a socket timeout
        # (threading mode, or one read past SOCKET_TIMEOUT) is a slow client: 408.
        if not isinstance(exc.__context__, TimeoutError):
            raise
        request.environ[CLOSE_FLAG] = True
        raise errors.RequestTimeout() from exc
    except (green.DeadlinePassed, TimeoutError) as exc:
        request.environ[CLOSE_FLAG] = True
        raise errors.RequestTimeout() from exc


@contextlib.contextmanager
def _socket_timeout(environ: dict[str, Any], seconds: float) -> Iterator[None]:
    """Threading mode (gunicorn): each read of the body ends after ``seconds``.

    Green modes have :func:`green.deadline` for the body as a whole (and the server's
    socket timeout for each read); a real thread can only be woken by its socket.
    """
    connection = environ.get(GUNICORN_SOCKET)
    if connection is None or green.on_hub() is not None:
        yield
        return
    before = connection.gettimeout()
    connection.settimeout(seconds)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            connection.settimeout(before)


def _close_after_timeout(response: Response) -> Response:
    """A body read half way leaves the connection unusable: ask the server to close it."""
    if request.environ.get(CLOSE_FLAG):
        close = request.environ.get(CLOSE_HOOK)
        if close is not None:  # eventlet and gevent: server.py hands us this
            close()
        else:  # gunicorn closes on it (and on its keep-alive timeout anyway)
            response.headers["Connection"] = "close"
    return response
