"""The migrations make exactly the tables the models describe, on SQLite and PostgreSQL.

The in-process tests build their tables with ``create_all`` (fast); every real start
runs the migrations. These tests keep the two the same: after ``upgrade head`` Alembic's
autogenerate finds nothing to change. When one fails after a model change, write the
migration: ``flask --app app db migrate -m "what changed"`` (docs/deployment.md).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from dialogcafe.adapters import schema
from dialogcafe.domain.models import Base
from tests.postgres import fresh_database

REPO_ROOT = Path(__file__).resolve().parents[2]


def _app(tmp_path: Path, url: str, setup: str = "migrate") -> Any:
    from dialogcafe import create_app

    return create_app(
        {
            "DATA_DIR": tmp_path / "data",
            "DATABASE_URL": url,
            "ASYNC_MODE": "threading",
            "TESTING": True,
            "SECRET_KEY": "migration-test",
            "MESSAGE_QUEUE": None,
            "SCHEMA_SETUP": setup,
        }
    )


def _engine(app: Any) -> Any:
    from dialogcafe.extensions import DATABASE_KEY

    return app.extensions[DATABASE_KEY].engine


def _differences(app: Any) -> list[Any]:
    """What ``flask db migrate`` would write: the models minus the database."""
    with _engine(app).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def _head() -> str:
    heads = ScriptDirectory(str(schema.MIGRATIONS_DIR)).get_heads()
    assert len(heads) == 1, f"the migrations have several heads: {heads}"
    return heads[0]


def _stored_revision(app: Any) -> str | None:
    with _engine(app).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    with fresh_database("migrations") as url:
        yield url


def test_migrations_make_the_models_tables(tmp_path: Path, database_url: str) -> None:
    app = _app(tmp_path, database_url)
    try:
        assert _stored_revision(app) == _head()
        assert _differences(app) == []
    finally:
        _engine(app).dispose()


def test_start_on_an_up_to_date_database_changes_nothing(tmp_path: Path, database_url: str) -> None:
    first = _app(tmp_path, database_url)
    with _engine(first).begin() as connection:
        connection.execute(
            text(
                "INSERT INTO facilitators (email, password_hash, created_at) "
                "VALUES ('kept@example.no', 'x', '2026-01-01 00:00:00')"
            )
        )
    _engine(first).dispose()
    second = _app(tmp_path, database_url)
    try:
        with _engine(second).connect() as connection:
            emails = connection.execute(text("SELECT email FROM facilitators")).scalars().all()
        assert emails == ["kept@example.no"]
        assert _stored_revision(second) == _head()
    finally:
        _engine(second).dispose()


def test_downgrade_to_nothing_and_up_again(tmp_path: Path) -> None:
    """Every migration can be undone (SQLite, batch mode)."""
    app = _app(tmp_path, f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}")
    try:
        with app.app_context():
            config = schema.alembic_config(app, app.extensions["dialogcafe.adapters.database"])
            command.downgrade(config, "base")
            assert set(inspect(_engine(app)).get_table_names()) <= {"alembic_version"}
            command.upgrade(config, "head")
        assert _differences(app) == []
    finally:
        _engine(app).dispose()


def test_a_database_from_before_migrations_is_adopted(tmp_path: Path) -> None:
    """Tables made by the old ``create_all`` (the first migration's) and no version row:
    the start stamps the first revision and upgrades from there instead of failing."""
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    old = _app(tmp_path, url, setup="none")
    try:
        schema.upgrade(
            old, old.extensions["dialogcafe.adapters.database"], schema.BASELINE_REVISION
        )
        with _engine(old).begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))
    finally:
        _engine(old).dispose()
    adopted = _app(tmp_path, url)
    try:
        assert _stored_revision(adopted) == _head()
        assert _differences(adopted) == []
    finally:
        _engine(adopted).dispose()


def test_processes_starting_together_migrate_once(tmp_path: Path) -> None:
    """Two processes start at once on one fresh PostgreSQL database: the advisory lock
    lets one migrate while the other waits, and both come up."""
    starter = (
        "from dialogcafe import create_app\n"
        "app = create_app({'ASYNC_MODE': 'threading', 'SECRET_KEY': 'x'})\n"
        "print('started')\n"
    )
    with fresh_database("concurrent") as url:
        env = {
            "PATH": "/usr/bin:/bin",
            "DIALOGCAFE_DATABASE_URL": url,
            "DIALOGCAFE_DATA_DIR": str(tmp_path / "data"),
        }
        starts = [
            subprocess.Popen(
                [sys.executable, "-c", starter],
                cwd=REPO_ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [process.communicate(timeout=60)[0] for process in starts]
        assert [process.returncode for process in starts] == [0, 0], outputs
        assert all("started" in output for output in outputs), outputs


def _run(code: list[str], tmp_path: Path, url: str) -> str:
    """Run a command in a fresh process on ``url``; return what it printed."""
    env = {
        "PATH": "/usr/bin:/bin",
        "DIALOGCAFE_DATABASE_URL": url,
        "DIALOGCAFE_DATA_DIR": str(tmp_path / "data"),
        "DIALOGCAFE_ASYNC_MODE": "threading",
    }
    done = subprocess.run(
        [sys.executable, *code], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_flask_db_commands_load_flask_migrate_when_run(tmp_path: Path) -> None:
    """``flask --app app db ...`` works although the app does not import Flask-Migrate."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    output = _run(["-m", "flask", "--app", "app", "db", "current"], tmp_path, url)
    assert f"{schema.HEAD_REVISION} (head)" in output


def test_0005_keeps_a_shown_word_cloud_as_the_cloud_view(tmp_path: Path) -> None:
    """``show_word_cloud`` true becomes ``projector_view`` "cloud", and back; any other
    choice goes down as false and comes up as "auto"."""
    app = _app(tmp_path, f"sqlite:///{tmp_path / 'projector.sqlite3'}")
    try:
        runner = app.test_cli_runner()
        made = runner.invoke(args=["facilitator", "create", "m@example.no", "--password", "x" * 12])
        assert made.exit_code == 0, made.output
        client = app.test_client()
        token = client.post(
            "/api/auth/token", json={"email": "m@example.no", "password": "x" * 12}
        ).get_json()["token"]
        bearer = {"Authorization": f"Bearer {token}"}
        plan = {"title": "Kafé", "tables": 2, "topics": ["Hva?"], "rounds": 1, "round_minutes": 5}
        ids = [
            client.post("/api/sessions", json=plan, headers=bearer).get_json()["id"] for _ in "ab"
        ]
        for session_id, view in zip(ids, ("cloud", "wall"), strict=True):
            chosen = client.put(
                f"/api/sessions/{session_id}/projector", json={"view": view}, headers=bearer
            )
            assert chosen.status_code == 200

        def column(name: str) -> list[Any]:
            query = text(f"SELECT {name} FROM cafe_sessions ORDER BY id")
            with _engine(app).connect() as connection:
                return list(connection.execute(query).scalars())

        with app.app_context():
            config = schema.alembic_config(app, app.extensions["dialogcafe.adapters.database"])
            command.downgrade(config, "0004")
            assert [bool(shown) for shown in column("show_word_cloud")] == [True, False]
            command.upgrade(config, "head")
        assert column("projector_view") == ["cloud", "auto"]
    finally:
        _engine(app).dispose()
