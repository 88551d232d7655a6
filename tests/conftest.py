"""Shared fixtures: an app per test (flaskr style), factories, and a database for the domain.

Flask is imported lazily inside the app fixtures, so running ``tests/unit`` alone never
loads it: the domain tests stay free of the web layer.

The schema is built once per run into a template SQLite file, and every test gets a copy
of its own: copying a file is about ten times faster than ``create_all`` (plus Alembic's
stamp for an app), and each test still starts on an empty database nobody else writes.
"""

from __future__ import annotations

import functools
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy.orm import Session

from dialogcafe.adapters.database import Database

FIXED_NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
SECRET_KEY = "test-secret-key-not-for-production"
DEFAULT_PASSWORD = "correct horse battery"
DEFAULT_TOPICS = (
    "What makes a home feel safe?",
    "What help do you need to keep your home?",
    "How should we involve residents?",
)
_CREATED_ID = re.compile(r"\(id (\d+)\)")

# Property tests check what happens, not how fast: on a loaded or parallel run Hypothesis'
# own timing checks (a deadline per example, "input generation is slow") fail with nothing
# wrong, so they are off for every test (speed is the benchmarks' business).
settings.register_profile("dialogcafe", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("dialogcafe")


# --- domain (no Flask) -------------------------------------------------------------------


@pytest.fixture
def now() -> datetime:
    """The fixed clock the domain rules are tested with."""
    return FIXED_NOW


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _copy_schema(template: Path, path: Path) -> Path:
    """Copy the template to ``path`` unless it is there (two apps of one test share it)."""
    if not path.exists():
        shutil.copyfile(template, path)
    return path


@pytest.fixture(scope="session")
def domain_schema(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every table, straight from the models (no Flask, no Alembic), in a template file."""
    path = tmp_path_factory.mktemp("domain-schema") / "unit.sqlite3"
    database = Database()
    database.configure(_sqlite_url(path))
    database.create_tables()
    assert database.engine is not None
    database.engine.dispose()  # the last connection checkpoints the WAL into the file
    return path


@pytest.fixture
def database(tmp_path: Path, domain_schema: Path) -> Iterator[Database]:
    """A configured :class:`Database` on a fresh SQLite file."""
    database = Database()
    database.configure(_sqlite_url(_copy_schema(domain_schema, tmp_path / "unit.sqlite3")))
    yield database
    assert database.engine is not None
    database.engine.dispose()


@pytest.fixture
def db(database: Database) -> Iterator[Session]:
    """One open unit of work, committed when the test ends."""
    with database.transaction() as session:
        yield session


# --- the Flask app -------------------------------------------------------------------------


def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash passwords with a cheap work factor: scrypt's 0.1 s per hash would dominate."""
    from werkzeug.security import generate_password_hash

    from dialogcafe.services import accounts

    cheap = functools.partial(generate_password_hash, method="pbkdf2:sha256:1000")
    monkeypatch.setattr(accounts, "generate_password_hash", cheap)


def _build_app(directory: Path, **overrides: Any) -> Any:
    from dialogcafe import create_app

    config = {
        "DATA_DIR": directory / "data",
        "DATABASE_URL": _sqlite_url(directory / "app.sqlite3"),
        "ASYNC_MODE": "threading",
        "TESTING": True,
        "SECRET_KEY": SECRET_KEY,
        "WTF_CSRF_ENABLED": False,
        "MESSAGE_QUEUE": None,
        "PUBLIC_URL": None,
        "SCHEMA_SETUP": "none",  # the copy of ``app_schema`` is at the newest migration
        # The test clients are synchronous: people and presence messages at once, one per
        # change (tests of the folding set it).
        "ANNOUNCE_SECONDS": 0,
    }
    config.update(overrides)
    return create_app(config)


def _dispose(app: Any) -> None:
    from dialogcafe.adapters import sqlite_worker
    from dialogcafe.extensions import DATABASE_KEY

    sqlite_worker.worker_of(app).stop()
    app.extensions[DATABASE_KEY].engine.dispose()


@pytest.fixture(scope="session")
def app_schema(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template an app starts on: tables straight from the models, recorded as the
    newest migration (fast; test_migrations.py proves they match the migrations)."""
    directory = tmp_path_factory.mktemp("app-schema")
    _dispose(_build_app(directory, SCHEMA_SETUP="create_all"))
    return directory / "app.sqlite3"


@pytest.fixture
def build_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app_schema: Path
) -> Iterator[Callable[..., Any]]:
    """``build_app(**config)``: the application with its own data dir and a copy of the
    schema (one per test, shared by its apps); every app is disposed of at the end."""
    _fast_password_hashing(monkeypatch)
    built: list[Any] = []

    def build(**overrides: Any) -> Any:
        _copy_schema(app_schema, tmp_path / "app.sqlite3")
        built.append(_build_app(tmp_path, **overrides))
        return built[-1]

    yield build
    for app in built:
        _dispose(app)


@pytest.fixture
def app(build_app: Callable[..., Any]) -> Any:
    """The application with its own data dir and SQLite file; CSRF off for form tests."""
    return build_app()


@pytest.fixture
def csrf_app(build_app: Callable[..., Any]) -> Any:
    """Like ``app`` but with CSRF protection on, as in production."""
    return build_app(WTF_CSRF_ENABLED=True)


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def runner(app: Any) -> Any:
    return app.test_cli_runner()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def bearer() -> Callable[[str], dict[str, str]]:
    """Build the header facilitator API calls carry."""
    return _bearer


@pytest.fixture
def english(client: Any) -> None:
    """Pick English the way a person does, so assertions can read English text."""
    response = client.get("/lang/en?next=/")
    assert response.status_code == 302


# --- factories -----------------------------------------------------------------------------


@pytest.fixture
def make_facilitator(client: Any, runner: Any) -> Callable[..., tuple[int, str]]:
    """Create an account with the CLI and get a bearer token from the API: (id, token)."""

    def make(email: str = "host@example.no", password: str = DEFAULT_PASSWORD) -> tuple[int, str]:
        result = runner.invoke(args=["facilitator", "create", email, "--password", password])
        assert result.exit_code == 0, result.output
        match = _CREATED_ID.search(result.output)
        assert match is not None, result.output
        response = client.post("/api/auth/token", json={"email": email, "password": password})
        assert response.status_code == 200, response.get_json()
        return int(match.group(1)), response.get_json()["token"]

    return make


@pytest.fixture
def make_session(client: Any) -> Callable[..., dict[str, Any]]:
    """``POST /api/sessions`` with sensible defaults; returns the 201 body."""

    def make(token: str, **overrides: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "title": "Et trygt hjem for alle",
            "description": "Dialogkafé om boligsosialt arbeid",
            "tables": 3,
            "topics": list(DEFAULT_TOPICS),
            "rounds": 3,
            "round_minutes": 20,
        }
        body.update(overrides)
        response = client.post("/api/sessions", json=body, headers=_bearer(token))
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return make


@pytest.fixture
def host(make_facilitator: Callable[..., tuple[int, str]]) -> str:
    """A facilitator's bearer token (host@example.no)."""
    return make_facilitator("host@example.no")[1]


@pytest.fixture
def cafe(host: str, make_session: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """A session of ``host`` in draft, with the default plan."""
    return make_session(host)


@pytest.fixture
def make_participant(client: Any) -> Callable[..., dict[str, Any]]:
    """``POST /api/join/<code>``; returns the participant (id, token, table, nickname)."""

    def make(join_code: str, nickname: str | None = None, table: int | None = None) -> Any:
        body: dict[str, Any] = {}
        if nickname is not None:
            body["nickname"] = nickname
        if table is not None:
            body["table"] = table
        response = client.post(f"/api/join/{join_code}", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()["participant"]

    return make


@pytest.fixture
def next_round(client: Any) -> Callable[[str, int], dict[str, Any]]:
    """Advance a session through the API; returns the round overview."""

    def advance(token: str, session_id: int) -> dict[str, Any]:
        response = client.post(f"/api/sessions/{session_id}/rounds/next", headers=_bearer(token))
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return advance


@pytest.fixture
def socket_client(app: Any, client: Any) -> Iterator[Callable[..., Any]]:
    """Open Flask-SocketIO test clients that share the Flask test client's cookies."""
    from dialogcafe.extensions import socketio

    opened: list[Any] = []

    def connect(auth: dict[str, Any] | None = None, flask_test_client: Any = client) -> Any:
        socket = socketio.test_client(app, auth=auth, flask_test_client=flask_test_client)
        opened.append(socket)
        return socket

    yield connect
    for socket in opened:
        if socket.is_connected():
            socket.disconnect()


class AuthActions:
    """Log in and out through the web forms, as a browser would (flaskr's ``auth``)."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def signup(self, email: str, password: str = DEFAULT_PASSWORD) -> Any:
        return self._client.post("/signup", data={"email": email, "password": password})

    def login(self, email: str, password: str = DEFAULT_PASSWORD) -> Any:
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self) -> Any:
        return self._client.post("/logout")


@pytest.fixture
def auth(client: Any) -> AuthActions:
    return AuthActions(client)


class _InputCollector(HTMLParser):
    """Collects ``<input name=... value=...>`` pairs, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "input":
            values = dict(attrs)
            if values.get("name"):
                self.fields.setdefault(values["name"] or "", []).append(values.get("value") or "")


@pytest.fixture
def input_values() -> Callable[[str], dict[str, list[str]]]:
    """Parse a page's form inputs: name → every value (hidden tokens, radio choices)."""

    def parse(page: str) -> dict[str, list[str]]:
        collector = _InputCollector()
        collector.feed(page)
        return collector.fields

    return parse
