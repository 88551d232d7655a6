"""Building blocks for end-to-end tests: real server processes and real clients.

Nothing here knows about a particular scenario, so a restart test (stop a server, start
another on the same data dir and port) or a two-process test (two servers sharing a
database and a message queue) can reuse every piece.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import engineio
import requests
import socketio

from scripts import processes
from scripts.processes import HOST, READY_TIMEOUT, STOP_TIMEOUT, free_port

REPO_ROOT = processes.ROOT
SECRET_KEY = "e2e-secret-key-not-for-production"
FACILITATOR_EMAIL = "facilitator@example.no"
FACILITATOR_PASSWORD = "a long enough password"
CLI_TIMEOUT = 30.0
HTTP_TIMEOUT = 10.0
SOCKET_TIMEOUT = 5.0
# Every test server reaches its phones from 127.0.0.1, joins many of them and posts back
# to back, so it runs with rate limits far above a café's (they still count, and refuse).
# The limit tests (test_limits.py) pass the café defaults, or lower ones, as ``extra_env``.
LOAD_TEST_LIMITS = {
    "DIALOGCAFE_LIMIT_JOIN_CODE_TRIES": "100000 per minute",
    "DIALOGCAFE_LIMIT_JOINS": "100000 per minute",
    "DIALOGCAFE_LIMIT_LOGINS": "100000 per minute",
    "DIALOGCAFE_LIMIT_SIGNUPS": "100000 per minute",
    "DIALOGCAFE_LIMIT_SESSION_CREATION": "100000 per minute",
    "DIALOGCAFE_LIMIT_SOCKET_POSTS": "100000 per second",
    "DIALOGCAFE_LIMIT_SOCKET_LIKES": "100000 per second",
    "DIALOGCAFE_LIMIT_SOCKET_VOTES": "100000 per second",
    "DIALOGCAFE_LIMIT_SOCKET_HOST_CODES": "100000 per second",
    "DIALOGCAFE_LIMIT_SOCKET_PAGES": "100000 per second",
}


def server_env(data_dir: Path, port: int, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a server or CLI child (``processes.child_env``: none of the
    developer's ``DIALOGCAFE_*``): this data dir and port, the raised limits, ``extra``."""
    return processes.child_env(
        {
            "DIALOGCAFE_DATA_DIR": str(data_dir),
            "DIALOGCAFE_ASYNC_MODE": "eventlet",
            "DIALOGCAFE_SECRET_KEY": SECRET_KEY,
            "HOST": HOST,
            "PORT": str(port),
            **LOAD_TEST_LIMITS,
            **(extra or {}),
        }
    )


class ServerProcess:
    """``python app.py`` in a child process, with its output kept in a log file.

    The log is opened for appending, so a server stopped and started again (a restart
    test) keeps one log with both lives in it.
    """

    def __init__(
        self,
        data_dir: Path,
        log_path: Path,
        *,
        name: str = "server",
        port: int | None = None,
        extra_env: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.data_dir = data_dir
        self.log_path = log_path
        self.port = port if port is not None else free_port()
        self.env = server_env(data_dir, self.port, extra_env)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def flask(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``flask --app app ARGS`` with this server's environment; fail loudly."""
        result = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "app", *args],
            cwd=REPO_ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"flask {' '.join(args)} exited with {result.returncode}:\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    def create_facilitator(
        self, email: str = FACILITATOR_EMAIL, password: str = FACILITATOR_PASSWORD
    ) -> None:
        self.flask("facilitator", "create", email, "--password", password)

    def start(self, ready_timeout: float = READY_TIMEOUT) -> None:
        """Start the server and return once its port accepts connections."""
        if self.running:
            raise RuntimeError(f"{self.name} is already running")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            log.write(f"----- starting {self.name} on port {self.port} -----\n".encode())
        self.process = processes.spawn([sys.executable, "app.py"], env=self.env, log=self.log_path)
        processes.wait_for_port(
            self.port, self.process, name=self.name, log=self.log_path, timeout=ready_timeout
        )

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = STOP_TIMEOUT) -> int | None:
        """SIGTERM, then SIGKILL if it has not exited after ``timeout``; return the exit code."""
        process, self.process = self.process, None
        if process is None:
            return None
        processes.stop(process, timeout=timeout)
        return process.returncode

    def kill(self) -> None:
        """SIGKILL, as a crash or ``kill -9`` would: no shutdown code runs."""
        process, self.process = self.process, None
        if process is not None:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=STOP_TIMEOUT)

    def log_tail(self, lines: int = 60) -> str:
        """The last lines the server printed (shown when a test fails)."""
        return processes.log_tail(self.log_path, lines)


class ApiClient:
    """``requests`` against the JSON API; every call states the status it expects."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()
        self.token: str | None = None

    def close(self) -> None:
        self.http.close()

    def request(
        self, method: str, path: str, *, expect: int = 200, **kwargs: Any
    ) -> requests.Response:
        kwargs.setdefault("timeout", HTTP_TIMEOUT)
        response = self.http.request(method, self.base_url + path, **kwargs)
        if response.status_code != expect:
            raise AssertionError(
                f"{method} {path}: expected {expect}, got {response.status_code}: "
                f"{response.text[:500]}"
            )
        return response

    def post_json(self, path: str, body: Any = None, *, expect: int = 200) -> Any:
        return self.request("POST", path, json=body, expect=expect).json()

    def log_in(self, email: str = FACILITATOR_EMAIL, password: str = FACILITATOR_PASSWORD) -> str:
        """Get a bearer token and send it with every later call."""
        token = self.post_json("/api/auth/token", {"email": email, "password": password})
        self.token = token["token"]
        self.http.headers["Authorization"] = f"Bearer {self.token}"
        return self.token


def join(server: ServerProcess, join_code: str, table: int, nickname: str) -> str:
    """Join ``table`` over HTTP as ``nickname``; the participant token."""
    api = ApiClient(server.url)
    try:
        joined = api.post_json(
            f"/api/join/{join_code}", {"table": table, "nickname": nickname}, expect=201
        )
    finally:
        api.close()
    token: str = joined["participant"]["token"]
    return token


def connect_phone(
    make: ClientFactory,
    server: ServerProcess,
    join_code: str,
    nickname: str,
    *,
    table: int = 1,
    name: str = "phone",
) -> RecordingClient:
    """A new socket client ``name``, joined at ``table`` as ``nickname`` and connected."""
    phone = make(name)
    phone.connect(server.url, {"token": join(server, join_code, table, nickname)})
    return phone


def start_server(server_factory: ServerFactory, **env: str) -> ServerProcess:
    """A running server with the facilitator made by the CLI; ``env`` adds settings."""
    server = server_factory(extra_env=env)
    server.create_facilitator()
    server.start()
    return server


def create_cafe(
    api: ApiClient,
    title: str,
    topics: Sequence[str],
    *,
    tables: int = 2,
    rounds: int = 1,
    round_minutes: int = 15,
    start: bool = True,
    **plan: Any,
) -> dict[str, Any]:
    """Create a café through the API (201) and, unless ``start`` is false, begin round 1."""
    cafe: dict[str, Any] = api.post_json(
        "/api/sessions",
        {
            "title": title,
            "tables": tables,
            "topics": list(topics),
            "rounds": rounds,
            "round_minutes": round_minutes,
            **plan,
        },
        expect=201,
    )
    if start:
        api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")
    return cafe


def facilitator_api(server: ServerProcess) -> ApiClient:
    """An API client on ``server``, logged in as the facilitator the CLI made."""
    api = ApiClient(server.url)
    api.log_in()
    return api


def open_cafe(
    server: ServerProcess, title: str, topics: Sequence[str] = ("Hva er trygt?",), **plan: Any
) -> tuple[ApiClient, dict[str, Any]]:
    """The facilitator's logged-in API client on ``server`` and a café made with it."""
    api = facilitator_api(server)
    return api, create_cafe(api, title, topics, **plan)


class _InOrderEngineIOClient(engineio.Client):
    """Handles each incoming message on the read thread, in the order it arrived.

    The stock client hands every message to a new thread, so an ack can be handled
    before an event that arrived ahead of it. A test that says "after this round trip,
    every earlier event has been recorded" needs arrival order, so it must not call
    ``call()`` from inside an event handler (that would wait on its own thread).
    """

    def _trigger_event(self, event: str, *args: Any, **kwargs: Any) -> Any:
        if event == "message":
            kwargs["run_async"] = False
        return super()._trigger_event(event, *args, **kwargs)

    def _read_loop_websocket(self) -> None:
        # When the server dies, the stock client leaves the dead WebSocket's socket open
        # (a ResourceWarning later): close it once its read loop is over.
        transport = self.ws
        try:
            super()._read_loop_websocket()
        finally:
            if transport is not None:
                transport.close()


class _InOrderClient(socketio.Client):
    def _engineio_client_class(self) -> type[engineio.Client]:
        return _InOrderEngineIOClient


if not (
    hasattr(socketio.Client, "_engineio_client_class")
    and hasattr(engineio.Client, "_trigger_event")
    and hasattr(engineio.Client, "_read_loop_websocket")
):  # pragma: no cover - fail loudly rather than silently lose arrival order
    raise RuntimeError("python-socketio changed: update _InOrderClient in tests/e2e/support.py")


class RecordingClient:
    """A real ``socketio.Client`` (websocket only) that records every event it receives.

    Waits are on a condition (counts, predicates) or on a per-event ``threading.Event``
    set by the first such event; nothing sleeps for a fixed time.
    """

    def __init__(self, name: str, *, reconnection: bool = False, **options: Any) -> None:
        self.name = name
        self.sio = _InOrderClient(reconnection=reconnection, **options)
        self._changed = threading.Condition()
        self._events: list[tuple[str, Any]] = []
        self._first: defaultdict[str, threading.Event] = defaultdict(threading.Event)
        self.connect_errors: list[Any] = []
        self.disconnected = threading.Event()
        self.connections = 0
        self.sio.on("*", self._record)
        self.sio.on("connect", self._record_connect)
        self.sio.on("connect_error", self._record_connect_error)
        self.sio.on("disconnect", self._record_disconnect)

    def __repr__(self) -> str:
        return f"<RecordingClient {self.name}>"

    def _record(self, event: str, *args: Any) -> None:
        data = args[0] if len(args) == 1 else args
        with self._changed:
            self._events.append((event, data))
            self._first[event].set()
            self._changed.notify_all()

    def _record_connect(self) -> None:
        # The server sends ``state`` from its connect handler, so it arrives just before
        # this: wait for ``connections`` before emitting on a fresh connection.
        with self._changed:
            self.connections += 1
            self._changed.notify_all()

    def _record_connect_error(self, data: Any = None) -> None:
        self.connect_errors.append(data)

    def _record_disconnect(self, reason: Any = None) -> None:
        self.disconnected.set()

    def connect(
        self,
        url: str,
        auth: dict[str, Any] | Callable[[], dict[str, Any]],
        timeout: float = SOCKET_TIMEOUT,
    ) -> None:
        """Connect over WebSocket only; raises ``socketio.exceptions.ConnectionError``.

        ``auth`` may be a callable: it is asked again on every reconnect (``since``)."""
        self.disconnected.clear()
        self.sio.connect(url, auth=auth, transports=["websocket"], wait_timeout=timeout)

    def disconnect(self) -> None:
        """Disconnect, and stop any reconnection attempts."""
        self.sio.shutdown()

    def call(self, event: str, data: Any = None, timeout: float = SOCKET_TIMEOUT) -> Any:
        """Emit and return the server's acknowledgement."""
        return self.sio.call(event, data, timeout=timeout)

    def first(self, event: str) -> threading.Event:
        """Set once the first ``event`` has been received."""
        with self._changed:
            return self._first[event]

    def recorded(self) -> list[tuple[str, Any]]:
        """Every ``(event, data)`` received so far, in arrival order."""
        with self._changed:
            return list(self._events)

    def events(self, event: str) -> list[Any]:
        """The data of every ``event`` received so far, oldest first."""
        with self._changed:
            return [data for name, data in self._events if name == event]

    def wait_until(self, predicate: Callable[[], bool], timeout: float = SOCKET_TIMEOUT) -> bool:
        """Wait until ``predicate()`` holds (checked after each event); False on timeout."""
        with self._changed:
            return self._changed.wait_for(predicate, timeout)

    def wait_for_event(
        self,
        event: str,
        match: Callable[[Any], bool] = lambda _data: True,
        count: int = 1,
        timeout: float = SOCKET_TIMEOUT,
    ) -> bool:
        """Wait until at least ``count`` ``event``s matching ``match`` have arrived."""
        return self.wait_until(
            lambda: sum(1 for data in self.events(event) if match(data)) >= count, timeout
        )


ServerFactory = Callable[..., ServerProcess]
"""``server_factory(data_dir=None, *, name="server", port=None, extra_env=None)``."""
ClientFactory = Callable[..., RecordingClient]
"""``socket_clients(name, reconnection=False)``: a new, unconnected :class:`RecordingClient`."""
