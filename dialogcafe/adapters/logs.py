"""The log as JSON lines (``DIALOGCAFE_LOG_FORMAT=json``), and one access line per request.

A log collector reads one JSON object per line: ``time`` (ISO 8601, UTC), ``level``,
``logger``, ``event`` (a short stable name to filter on), ``message``, and whichever of
:data:`FIELDS` the line knows, passed with ``extra={...}``. Participants are anonymous: no
line carries an input, a nickname or a client address (``client`` only with
``DIALOGCAFE_LOG_CLIENT_ADDRESSES=1``). With the default ``text`` the app's own lines from
INFO up go to stderr with their time.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from werkzeug.exceptions import MethodNotAllowed

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from flask import Flask
    from werkzeug.routing import Map

JSON = "json"
# The structured fields a line may carry, in this order after the fixed ones; anything
# else passed in ``extra`` is left out, so a stray value cannot reach the log.
FIELDS = ("session_id", "method", "path", "status", "duration_ms", "check", "async_mode")
CLIENT = "client"  # the client's address: only with DIALOGCAFE_LOG_CLIENT_ADDRESSES=1
DEFAULT_EVENT = "log"  # a line logged without an event of its own (a library's)
ACCESS_EVENT = "http_request"
# Probes answered 200 are not logged: a load balancer asks every few seconds.
QUIET_ROUTES = frozenset({"/healthz", "/readyz"})
MAX_PATH = 200  # characters of a path no route matched (a template is short anyway)
MAX_METHOD = 16
access_logger = logging.getLogger("dialogcafe.access")
APP_LOGGER = "dialogcafe"
TEXT_LINE = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One log record as one line of JSON (newlines inside are escaped)."""

    def __init__(self, *, client_addresses: bool = False) -> None:
        super().__init__()
        self.client_addresses = client_addresses

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": getattr(record, "event", None) or DEFAULT_EVENT,
            "message": record.getMessage(),
        }
        for key in FIELDS:
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = value
        if self.client_addresses and getattr(record, CLIENT, None):
            entry[CLIENT] = getattr(record, CLIENT)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # ASCII only: no character in a line that any reader takes for a line break
        # (U+2028, U+0085 in a path someone typed), whatever its encoding.
        return json.dumps(entry, default=str)


class _StderrHandler(logging.StreamHandler[Any]):
    """Writes to whatever ``sys.stderr`` is at the time (a test may have swapped it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure(log_format: str, *, client_addresses: bool = False) -> None:
    """Send every log record to stderr as JSON (``json``), or leave logging as it was.

    Called early in the app factory, so a start's migrations are logged the same way;
    again for each app a process builds (the tests build many): it replaces its own
    handler, never adds a second one.
    """
    root, ours = logging.getLogger(), logging.getLogger(APP_LOGGER)
    for logger in (root, ours):
        for handler in list(logger.handlers):
            if isinstance(handler, _StderrHandler):
                logger.removeHandler(handler)
    if log_format != JSON:
        # The app's own INFO lines (a retention deletion) are worth an operator's eye;
        # Python's default shows only warnings, with no time.
        text = _StderrHandler()
        text.setFormatter(logging.Formatter(TEXT_LINE))
        ours.addHandler(text)
        ours.setLevel(logging.INFO)
        return
    ours.setLevel(logging.NOTSET)  # the root's INFO, through the JSON handler
    handler = _StderrHandler()
    handler.setFormatter(JsonFormatter(client_addresses=client_addresses))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # 7 lines a start
    logging.getLogger("flask_wtf.csrf").setLevel(logging.WARNING)  # its 400s: access lines
    logging.captureWarnings(True)  # a warning is a log line too, not a bare stderr write


def init_app(app: Flask) -> None:
    """With JSON logs: drop the text handlers Flask and Engine.IO add, and wrap the app in
    :class:`AccessLog`. Called last in the factory, once every middleware is in place."""
    if app.config["LOG_FORMAT"] != JSON:
        return
    from flask.logging import default_handler

    app.logger.removeHandler(default_handler)
    _drop_text_handlers()
    app.wsgi_app = AccessLog(  # type: ignore[method-assign]
        app.wsgi_app, app.url_map, client_addresses=app.config["LOG_CLIENT_ADDRESSES"]
    )


def _drop_text_handlers() -> None:
    """Engine.IO and Socket.IO give their loggers a plain stderr handler of their own; the
    records still reach the JSON handler through the root logger."""
    for logger in logging.Logger.manager.loggerDict.values():
        if not isinstance(logger, logging.Logger):
            continue
        for handler in list(logger.handlers):
            stream = getattr(handler, "stream", None)
            if type(handler) is logging.StreamHandler and stream in (sys.stderr, sys.__stderr__):
                logger.removeHandler(handler)


class AccessLog:
    """WSGI middleware: one ``http_request`` line per request, Socket.IO's included, when
    its response is done: method, route template (``/api/sessions/<int:session_id>``, so no
    join code or token is logged) or the path without its query, status, duration_ms, the
    session's id when the route has one, and the client's address only if allowed."""

    def __init__(self, app: WSGIApplication, url_map: Map, *, client_addresses: bool) -> None:
        self.app = app
        self.url_map = url_map
        self.client_addresses = client_addresses

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        status: list[int] = []

        def recording_start_response(
            status_line: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], object]:
            status[:] = [int(status_line.split(" ", 1)[0])]
            return start_response(status_line, headers, exc_info)

        def done() -> None:
            self._log(environ, status[0] if status else None, started)

        try:
            body = self.app(environ, recording_start_response)
        except BaseException:
            # A WebSocket under gunicorn ends by raising (simple-websocket's way): not a 500.
            self._log(environ, None if _is_upgrade(environ) else 500, started)
            raise
        if _is_upgrade(environ):
            # The WebSocket lived inside that call and is closed now; gevent-websocket
            # never closes the body it gets back, so log here.
            done()
            return body
        return _LoggedBody.around(body, done)

    def _log(self, environ: WSGIEnvironment, status: int | None, started: float) -> None:
        try:
            path, session_id = self._route(environ)
            if status is None and _is_upgrade(environ):
                status = 101  # the WebSocket answered its upgrade itself and has now closed
            if path in QUIET_ROUTES and status == 200:
                return
            method = str(environ.get("REQUEST_METHOD", ""))[:MAX_METHOD]
            fields: dict[str, Any] = {
                "event": ACCESS_EVENT,
                "method": method,
                "path": path,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "session_id": session_id,
            }
            if self.client_addresses:
                fields[CLIENT] = environ.get("REMOTE_ADDR")
            level = logging.ERROR if status is not None and status >= 500 else logging.INFO
            access_logger.log(level, "%s %s %s", method, path, status, extra=fields)
        except Exception:  # a log line must never break a response
            logging.getLogger(__name__).exception("could not log a request")

    def _route(self, environ: WSGIEnvironment) -> tuple[str, int | None]:
        """The matching route's template and its ``session_id``, or the bare path."""
        try:
            adapter = self.url_map.bind_to_environ(environ)
            try:
                rule, args = adapter.match(return_rule=True)
            except MethodNotAllowed as exc:  # a route all the same: name its template
                methods = sorted(exc.valid_methods or ())
                rule, args = adapter.match(method=methods[0], return_rule=True)
        except Exception:  # 404, a redirect, Socket.IO's path: no route of the app's
            raw = str(environ.get("PATH_INFO", "")) or "/"
            # WSGI hands the path over as Latin-1; people typed UTF-8.
            path = raw.encode("latin-1", "replace").decode("utf-8", "replace")
            return path[:MAX_PATH], None
        session_id = args.get("session_id")
        return rule.rule, session_id if isinstance(session_id, int) else None


def _is_upgrade(environ: WSGIEnvironment) -> bool:
    return str(environ.get("HTTP_UPGRADE", "")).lower() == "websocket"


class _LoggedBody:
    """A response body that calls ``done`` once the server has sent and closed it."""

    def __init__(self, body: Iterable[bytes], done: Callable[[], None]) -> None:
        self.body, self.done = body, done

    @classmethod
    def around(cls, body: Iterable[bytes], done: Callable[[], None]) -> _LoggedBody:
        # A body with a length (a list) keeps one: eventlet then sets Content-Length.
        return _SizedLoggedBody(body, done) if hasattr(body, "__len__") else cls(body, done)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.body)

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            self.done()


class _SizedLoggedBody(_LoggedBody):
    def __len__(self) -> int:
        return len(self.body)  # type: ignore[arg-type]
