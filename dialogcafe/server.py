"""Serving the app in production with the configured async mode.

eventlet and gevent ship production WSGI servers with WebSocket support, which
``socketio.run`` uses; threading mode runs under gunicorn's threaded worker, never under
Werkzeug's development server. Monkey-patching happens in :func:`prepare`, before the
app and its database drivers are imported, because green I/O only works if it is first.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import gc
import importlib
import logging
import os
import socket
import sys
import threading
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

    from dialogcafe.adapters.sqlite_worker import SqliteWorker

GREEN_MODES = ("eventlet", "gevent")
SWITCH_INTERVAL = 0.001  # seconds a thread holds the GIL before another may have it
THREADED_CONNECTIONS = 2_000  # threading mode: threads, so connections, of the one worker
GC_THRESHOLDS = (3_000, 20, 10)
MAX_CONNECTIONS = 10_000
LISTEN_BACKLOG = 1_024  # connections the kernel queues while the accept loop is busy
FD_RESERVE = 256  # open files kept free of connections: the database, logs, Redis
PRIVATE_UMASK = 0o077  # files this process makes (database, summaries): owner only
# WSGI environ key: a callable the request_body hook calls to have the connection closed
# after the response (eventlet keeps a connection open whatever the app's headers say).
CLOSE_HOOK = "dialogcafe.close"
# eventlet's HTTP handler buffers of each connection (eventlet's own: 8 KiB and 16 KiB).
READ_BUFFER = 2 * 1024
WRITE_BUFFER = 4 * 1024
# eventlet warns on import, over eight lines, that it is in bugfix-only mode; newcomers
# read that as an error. The start line says it once instead (:func:`start_line`).
EVENTLET_DEPRECATION = r"\s*Eventlet is deprecated"
EVENTLET_NOTE = (
    "eventlet is in bugfix-only mode upstream — gevent or threading is one setting away, "
    "see docs/deployment.md"
)
logger = logging.getLogger(__name__)


def quiet_eventlet_warning() -> None:
    """Drop eventlet's long import-time deprecation warning (before eventlet is imported:
    it warns once, on its first import). Only that warning: every other one still shows."""
    warnings.filterwarnings("ignore", message=EVENTLET_DEPRECATION, category=Warning)


def start_line(host: str, port: int, mode: str) -> str:
    """The one line a server prints when it starts: where, and in which async mode."""
    note = f"; {EVENTLET_NOTE}" if mode == "eventlet" else ""
    return f"Dialogkafé on http://{host}:{port} (async mode: {mode}{note})"


def prepare() -> str:
    """Monkey-patch the standard library for the configured green mode; return the mode.

    Also keeps out of the process what it will not use: every import stays in its memory.
    """
    _leave_out_redis()
    # The database holds password hashes and every input; the summaries, every input too.
    os.umask(PRIVATE_UMASK)
    mode = os.environ.get("DIALOGCAFE_ASYNC_MODE", "eventlet")
    if mode == "eventlet":
        # Eventlet's green DNS resolver (dnspython, about 10 MB per process) is left out:
        # the app resolves only its database and Redis hosts, at connect time. So is its
        # psycopg2 patch, which imports psycopg2 (libpq and its own OpenSSL, about 5 MiB)
        # even on SQLite: the app makes it green when it uses PostgreSQL (green_postgres.py).
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
        sys.modules.setdefault("redis", None)  # type: ignore[arg-type]  # typeshed: no None


def serve(app: Flask) -> None:
    """Serve on HOST:PORT until interrupted."""
    from dialogcafe.adapters import sqlite_worker
    from dialogcafe.services.presence import sweep_on_start

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
    limits = replace(
        ConnectionLimits.from_config(app.config), max_connections=_allow_many_connections()
    )
    _say(limits, start_line(host, port, mode), "server_started", async_mode=mode)
    if limits.max_connections < MAX_CONNECTIONS:
        _say(
            limits,
            f"The open-file limit allows {limits.max_connections} connections at once, "
            f"not {MAX_CONNECTIONS}: raise it (ulimit -Hn, LimitNOFILE=) for a big hall.",
            "few_open_files",
        )
    worker = sqlite_worker.worker_of(app)
    atexit.register(worker.stop)
    if worker.blocks_the_hub:  # the loop waits for the GIL the worker's ORM holds: 1 ms, not 5
        sys.setswitchinterval(SWITCH_INTERVAL)
    if mode in GREEN_MODES:
        _stop_worker_on_sigterm(worker)
    if mode == "eventlet":
        _start_background_tasks(app)
        _serve_eventlet(app, host, port, limits)
    elif mode == "gevent":
        _start_background_tasks(app)
        _serve_gevent(app, host, port, limits)
    else:  # in gunicorn's worker, not in the arbiter that forks it
        _serve_threaded(app, host, port, limits, on_start=lambda: _start_background_tasks(app))


def _start_background_tasks(app: Flask) -> None:
    """Deleting closed cafés past their retention period (issue 18), and freezing what lives
    on (mostly the connections) so full garbage collections stay short (collector.py)."""
    from dialogcafe.adapters import collector
    from dialogcafe.extensions import socketio
    from dialogcafe.services.retention import start_purging

    start_purging(app)
    collector.keep_collections_short(socketio.start_background_task, socketio.sleep)


def _say(limits: ConnectionLimits, message: str, event: str, **fields: Any) -> None:
    """A line about the server itself: printed as it is, or a JSON log line (logs.py)."""
    if limits.json_logs:
        logger.info(message, extra={"event": event, **fields})
    else:
        print(message, flush=True)


def _stop_worker_on_sigterm(worker: SqliteWorker) -> None:
    """On SIGTERM (how systemd and the tests stop a server) stop the SQLite worker, which
    empties the ``-wal`` file, then die of the signal as before.

    A signal's default action skips ``atexit``, and with it the checkpointer's last
    TRUNCATE (sqlite_worker.py): the ``-wal`` file would stay behind with what it holds.
    It runs in a real thread of its own: the signal may interrupt the event loop inside a
    write transaction, which the TRUNCATE waits for, so the loop must go on meanwhile.
    Only the TRUNCATE, not every exit handler: eventlet's own (``tpool.killall``) must
    run on the hub's thread and failed with a traceback from this one. Not in threading
    mode, where gunicorn handles its own signals (and no checkpointer runs).
    """
    import signal

    from dialogcafe.adapters.green import original

    def exit_then_die(signum: int) -> None:
        with contextlib.suppress(Exception):  # dying anyway: never stop half way
            worker.stop()
        os.kill(os.getpid(), signum)

    def on_term(signum: int, _frame: Any) -> None:
        signal.signal(signum, signal.SIG_DFL)
        original("_thread", "start_new_thread")(exit_then_die, (signum,))

    signal.signal(signal.SIGTERM, on_term)


@dataclass(frozen=True)
class ConnectionLimits:
    """How long a client may take and how many connections it may hold (config.py).

    A connection that sends nothing is closed after ``idle``; once a request's first
    byte is in, its line and headers must be complete within ``headers``; any one read or
    write of an open connection (WebSockets, whose phones answer a ping every 25 s, too)
    fails after ``socket`` seconds. ``per_address`` caps the connections one client
    address holds (None: not applied, behind a trusted proxy whose address they all have).
    ``log_addresses``: the server's own access lines, with client addresses (text logs
    only); ``json_logs``: every line is JSON, the access lines come from ``logs.AccessLog``.
    """

    idle: float
    headers: float
    socket: float
    per_address: int | None
    log_addresses: bool
    max_connections: int = MAX_CONNECTIONS
    json_logs: bool = False

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ConnectionLimits:
        behind_proxy = bool(config.get("TRUSTED_PROXIES"))
        json_logs = config.get("LOG_FORMAT") == "json"
        return cls(
            idle=float(config["IDLE_TIMEOUT"]),
            headers=float(config["HEADER_TIMEOUT"]),
            socket=float(config["SOCKET_TIMEOUT"]),
            per_address=None if behind_proxy else int(config["MAX_CONNECTIONS_PER_ADDRESS"]),
            log_addresses=bool(config["LOG_CLIENT_ADDRESSES"]) and not json_logs,
            json_logs=json_logs,
        )


class AddressCounter:
    """Open connections per client address, so one address cannot take every slot.

    A venue's Wi-Fi puts a whole room behind one address, hence a generous default; a
    flood of half-open connections from one address is cut at the cap, and the rest close
    after their timeouts. Counted where connections are accepted (one OS thread in green
    modes; gunicorn's main loop and its threads in threading mode: hence the lock).
    """

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self._open: dict[str, int] = {}
        self._lock = threading.Lock()

    def admit(self, address: str) -> bool:
        if self.limit is None:
            return True
        with self._lock:
            count = self._open.get(address, 0)
            if count >= self.limit:
                return False
            self._open[address] = count + 1
            return True

    def release(self, address: str) -> None:
        if self.limit is None:
            return
        with self._lock:
            count = self._open.get(address, 0) - 1
            if count > 0:
                self._open[address] = count
            else:
                self._open.pop(address, None)


def _host(client_address: Any) -> str:
    """The address part of a peer (IPv4/IPv6 tuple, or a Unix socket's path)."""
    if isinstance(client_address, tuple) and client_address:
        return str(client_address[0])
    return str(client_address)


class _HeadersTooSlow(TimeoutError, ValueError):
    """A request's line and headers did not arrive within ``ConnectionLimits.headers``.

    A ``TimeoutError`` (``socket.timeout``): eventlet and gevent close such a connection
    quietly; a ``ValueError`` too: gevent answers a bad request without a traceback.
    """


def _serve_eventlet(app: Flask, host: str, port: int, limits: ConnectionLimits) -> None:
    """eventlet's WSGI server (WebSocket support included) with the limits above.

    Eventlet's WSGI server serves at most 1,024 connections at once by default, and every
    phone's WebSocket holds one for as long as it is open: ``max_connections``.
    """
    eventlet = importlib.import_module("eventlet")
    green_socket = importlib.import_module("eventlet.green.socket")
    wsgi = importlib.import_module("eventlet.wsgi")
    family, _type, _proto, _name, address = green_socket.getaddrinfo(host, port)[0]
    listener = eventlet.listen(address, family, backlog=LISTEN_BACKLOG)
    wsgi.server(
        listener,
        app,
        # Off, eventlet logs nothing at all (Flask logs the app's errors, without
        # addresses); on, one access line per request with the client's address.
        log_output=limits.log_addresses,
        debug=False,  # no "accepted ('1.2.3.4', 5678)" lines, no tracebacks to clients
        max_size=limits.max_connections,
        protocol=_eventlet_protocol(limits),
        socket_timeout=limits.socket,
    )


class _RequestDeadlines:
    """What the eventlet and gevent connection handlers share: the deadline for a
    request's headers (set when its first byte arrives, cancelled once the headers are
    parsed or the request is over), and the hook a view uses to close the connection after
    its response (``CLOSE_HOOK``, web/request_body.py)."""

    _headers_due: Any = None
    close_connection: Any

    def handle_one_request(self) -> Any:
        try:
            return super().handle_one_request()  # type: ignore[misc]
        finally:
            self._cancel_headers_due()

    def _cancel_headers_due(self) -> None:
        if self._headers_due is not None:
            self._headers_due.cancel()
            self._headers_due = None

    def get_environ(self) -> dict[str, Any]:
        environ: dict[str, Any] = super().get_environ()  # type: ignore[misc]
        environ[CLOSE_HOOK] = self._close_after_response
        return environ

    def _close_after_response(self) -> None:
        self.close_connection = True


class _OneWrite:
    """A connection's write file whose ``writelines`` is a single write: eventlet hands it
    a response's status line, headers and first body chunk as separate pieces."""

    def __init__(self, file: Any) -> None:
        self._file = file

    def writelines(self, pieces: Any) -> None:
        self._file.write(b"".join(pieces))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


def _eventlet_protocol(limits: ConnectionLimits) -> type:
    """eventlet's HTTP connection handler with small buffers, timeouts and the address cap.

    The handler keeps its read and write buffers for as long as its connection is open,
    and a phone's WebSocket is open all café long without using either (it reads and
    writes the socket itself): with eventlet's 8 and 16 KiB they took about 12 KiB per
    phone of resident memory (bench/README.md, scenario c).

    Not TCP_NODELAY (with it on every connection, the cluster scenario (e) had
    half-second stalls, bench/README.md); instead a response's head and body leave in one
    write (``_OneWrite``): split by the small write buffer, the body waited for the
    client's delayed ACK of the head, 40 ms for every response over 4 KiB.

    Eventlet has one socket timeout for everything; the idle wait for a request and the
    deadline for its headers are added here, so a client that connects and sends nothing,
    or a header a byte at a time, holds its green thread for seconds, not forever.
    """
    wsgi = importlib.import_module("eventlet.wsgi")
    timeout_class = importlib.import_module("eventlet.timeout").Timeout
    counter = AddressCounter(limits.per_address)

    class Protocol(_RequestDeadlines, wsgi.HttpProtocol):  # type: ignore[name-defined]
        rbufsize = READ_BUFFER
        wbufsize = WRITE_BUFFER

        wfile: Any

        def setup(self) -> None:
            super().setup()
            self.wfile = _OneWrite(self.wfile)

        def handle(self) -> None:
            address = _host(self.client_address)
            if not counter.admit(address):
                self.close_connection = 1
                return  # finish() closes the connection
            try:
                super().handle()
            finally:
                counter.release(address)

        def _read_request_line(self) -> Any:
            if not self.rfile.closed:
                try:
                    self.connection.settimeout(limits.idle)
                    self.rfile.peek(1)  # the next request's first byte, or EOF
                except OSError:  # idle too long, or gone
                    self.close_connection = 1
                    return ""
                self._headers_due = timeout_class(limits.headers, _HeadersTooSlow)
            return super()._read_request_line()

        def parse_request(self) -> Any:
            try:
                return super().parse_request()
            finally:
                self._cancel_headers_due()

        def get_environ(self) -> dict[str, Any]:
            environ = super().get_environ()
            if environ.get("HTTP_UPGRADE", "").lower() == "websocket":
                # A WebSocket's frames are whole messages, written once each: held back
                # for the ACK of the one before, the first ``state`` waited for the
                # phone's delayed ACK of the upgrade, 40 ms on every connect.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return environ

    return Protocol


def _serve_gevent(app: Flask, host: str, port: int, limits: ConnectionLimits) -> None:
    """gevent's WSGI server with gevent-websocket's handler, with the limits above."""
    pywsgi = importlib.import_module("gevent.pywsgi")
    pool = importlib.import_module("gevent.pool").Pool(limits.max_connections)

    class Environ(pywsgi.SecureEnviron):  # type: ignore[name-defined]
        # What gevent prints with an error: no client address unless asked for.
        default_whitelist_keys = pywsgi.SecureEnviron.default_whitelist_keys
        if not limits.log_addresses:
            default_whitelist_keys = ("HTTP_HOST",)

    server = pywsgi.WSGIServer(
        (host, port),
        app,
        backlog=LISTEN_BACKLOG,
        handler_class=_gevent_handler(limits),
        log="default" if limits.log_addresses else None,
        spawn=pool,
    )
    server.secure_environ_class = Environ
    server.serve_forever()


def _gevent_handler(limits: ConnectionLimits) -> type:
    """gevent-websocket's handler with timeouts, the address cap, and no addresses logged."""
    gevent = importlib.import_module("gevent")
    pywsgi = importlib.import_module("gevent.pywsgi")
    base = importlib.import_module("geventwebsocket.handler").WebSocketHandler
    counter = AddressCounter(limits.per_address)

    class Handler(_RequestDeadlines, base):  # type: ignore[misc,valid-type]
        def handle(self) -> None:
            address = _host(self.client_address)
            if not counter.admit(address):
                with contextlib.suppress(OSError):
                    self.socket.close()
                return
            try:
                super().handle()
            except Exception:  # gevent would print it with the client's address
                if limits.log_addresses:
                    raise
                if limits.json_logs:
                    logger.exception("a connection failed", extra={"event": "connection_error"})
                else:
                    import traceback

                    traceback.print_exc()
            finally:
                counter.release(address)

        def read_requestline(self) -> Any:
            self.socket.settimeout(limits.idle)
            self.rfile.peek(1)  # socket.timeout: gevent closes the connection quietly
            self.socket.settimeout(limits.socket)
            self._headers_due = gevent.Timeout.start_new(limits.headers, _HeadersTooSlow)
            return super().read_requestline()

        def read_request(self, raw_requestline: str) -> Any:
            try:
                return super().read_request(raw_requestline)
            finally:
                self._cancel_headers_due()

        def _close_after_response(self) -> None:
            """Close after this response, without first reading the rest of the body:
            gevent would wait for it (up to the socket timeout) to keep the connection
            in step, though it is closing it anyway."""
            super()._close_after_response()
            self.wsgi_input._chunked_input_error = True  # gevent: "state unknown, no discard"

        def _handle_client_error(self, ex: Exception) -> Any:
            if isinstance(ex, _HeadersTooSlow):
                return None  # close quietly: one log line per slow client is a flood too
            return super()._handle_client_error(ex)

        def log_error(self, msg: str, *args: Any) -> None:
            if limits.log_addresses:  # gevent puts the socket (both addresses) in front
                super().log_error(msg, *args)
                return
            hidden = tuple("a client" if arg == self.client_address else arg for arg in args)
            line = msg % hidden if hidden else msg
            if limits.json_logs:
                logger.error("%s", line, extra={"event": "server_error"})
            else:
                sys.stderr.write(line + "\n")

        def log_request(self) -> None:
            # gevent's access line (gevent-websocket's own logger prints only in debug mode).
            if limits.log_addresses and "101" not in str(self.status):
                pywsgi.WSGIHandler.log_request(self)

    return Handler


def _allow_many_connections() -> int:
    """Raise this process's open-file limit to the hard limit: each connection is a file
    descriptor, and the usual soft limit (1,024) is less than a full hall. Returns how many
    connections to serve at once: ``MAX_CONNECTIONS``, or fewer if the limit is lower, so
    that ``accept`` never fails for want of a descriptor (eventlet's server would stop);
    past that, new connections wait in the listen queue."""
    try:
        import resource
    except ImportError:  # not on this platform
        return MAX_CONNECTIONS
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else MAX_CONNECTIONS * 2
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(1, min(MAX_CONNECTIONS, soft - FD_RESERVE))


def _serve_threaded(
    app: Flask, host: str, port: int, limits: ConnectionLimits, on_start: Callable[[], None]
) -> None:
    from gunicorn.app.base import BaseApplication

    class _Gunicorn(BaseApplication):
        def load_config(self) -> None:
            settings: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": 1,
                "worker_class": _gunicorn_worker(limits),
                # Every open WebSocket holds one of these threads for its whole life
                # (simple-websocket), so the pool is as big as the hall: with 100, the
                # benchmark's 1,000 phones got 90 connections (bench/README.md).
                "threads": THREADED_CONNECTIONS,
                "worker_connections": THREADED_CONNECTIONS,
                "timeout": 0,
                # A connection with no request (new or kept alive) waits in the poller,
                # without a thread, this long.
                "keepalive": max(1, round(limits.idle)),
                "backlog": LISTEN_BACKLOG,
                # gunicorn's access log names the client: only when asked for.
                "accesslog": "-" if limits.log_addresses else None,
                # Background tasks start in the worker process that serves the app.
                "post_worker_init": lambda _worker: on_start(),
            }
            if limits.json_logs:  # gunicorn's own lines ("Booting worker …") as JSON too
                settings["logger_class"] = _json_gunicorn_logger()
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    _Gunicorn().run()


def _json_gunicorn_logger() -> type:
    """gunicorn's logger with the JSON formatter on its error log (no access log then)."""
    from gunicorn.glogging import Logger

    from dialogcafe.adapters.logs import JsonFormatter

    class JsonLogger(Logger):
        def setup(self, cfg: Any) -> None:
            super().setup(cfg)
            for handler in self.error_log.handlers:
                handler.setFormatter(JsonFormatter())

    return JsonLogger


class _TooSlow(ConnectionResetError, TimeoutError):
    """A read of a client connection timed out (threading mode): treated as a reset."""


class _TimedSocket(socket.socket):
    """A client connection of gunicorn's gthread worker: "blocking" means "with a timeout".

    The worker switches each connection between non-blocking (waiting in its poller) and
    blocking (a thread reads the request); a blocking read of a client that sends half a
    request would hold the thread forever. Here it times out: ``headers`` seconds per
    read until the request is parsed, then ``socket`` seconds. It also gives the
    connection's address slot back when it is closed.
    """

    read_timeout: float = 60.0
    on_close: Callable[[], None] | None = None
    timed_out = False

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        try:
            return super().recv(bufsize, flags)
        except TimeoutError as exc:
            # gunicorn logs a timeout with a traceback (one per slow client: a flood of
            # its own) but a reset quietly; this is both, so web/request_body.py still
            # answers a body that stopped half way with 408.
            self.timed_out = True
            raise _TooSlow(errno.ECONNRESET, "the client was too slow") from exc

    def setblocking(self, flag: bool) -> None:
        if flag:
            self.settimeout(self.read_timeout)
        else:
            super().setblocking(False)

    def close(self) -> None:
        on_close, self.on_close = self.on_close, None
        if on_close is not None:
            on_close()
        super().close()


def _gunicorn_worker(limits: ConnectionLimits) -> type:
    """gunicorn's gthread worker with the address cap and read timeouts."""
    from gunicorn.workers.gthread import TConn, ThreadWorker

    class Conn(TConn):
        def close(self, graceful: bool = False) -> None:
            # A graceful close waits up to 2 s, on the worker's main loop, for the client
            # to close its side: a slow client never does, and hundreds of them would
            # stall the loop for minutes.
            super().close(graceful=graceful and not self.sock.timed_out)

    # One worker serves THREADED_CONNECTIONS connections in all: one address gets half.
    cap = limits.per_address
    counter = AddressCounter(None if cap is None else min(cap, THREADED_CONNECTIONS // 2))

    class Worker(ThreadWorker):
        def accept(self, listener: Any) -> None:
            try:
                client_sock, client_addr = listener.accept()
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                    raise
                return
            address = _host(client_addr)
            if not counter.admit(address):
                client_sock.close()
                return
            timed = _TimedSocket(
                client_sock.family, client_sock.type, client_sock.proto, client_sock.detach()
            )
            timed.read_timeout = limits.headers
            timed.on_close = lambda: counter.release(address)
            self.nr_conns += 1
            timed.setblocking(True)
            self.enqueue_req(Conn(self.cfg, timed, client_addr, listener.getsockname()))

        def handle_request(self, req: Any, conn: Any) -> Any:
            # Headers are in: the app's reads and writes (a WebSocket's too) get longer.
            conn.sock.read_timeout = limits.socket
            conn.sock.settimeout(limits.socket)
            try:
                return super().handle_request(req, conn)
            finally:
                conn.sock.read_timeout = limits.headers

    return Worker
