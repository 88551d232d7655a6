"""Configuration from the environment, the database helper, and stored times."""

from __future__ import annotations

import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from dialogcafe.adapters.database import Database
from dialogcafe.config import load_config, persistent_secret_key
from dialogcafe.domain.models import Facilitator
from dialogcafe.domain.timestamps import iso


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "DIALOGCAFE_DATA_DIR",
        "DIALOGCAFE_DATABASE_URL",
        "DIALOGCAFE_SECRET_KEY",
        "DIALOGCAFE_MESSAGE_QUEUE",
        "DIALOGCAFE_ASYNC_MODE",
        "DIALOGCAFE_PUBLIC_URL",
    ):
        monkeypatch.delenv(name, raising=False)


def test_config_reads_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DIALOGCAFE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DIALOGCAFE_ASYNC_MODE", "threading")
    monkeypatch.setenv("DIALOGCAFE_PUBLIC_URL", "http://192.168.1.20:5000/")
    config = load_config()
    assert config["DATA_DIR"] == tmp_path
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'dialogcafe.sqlite3'}"
    assert config["ASYNC_MODE"] == "threading"
    assert config["PUBLIC_URL"] == "http://192.168.1.20:5000"
    assert config["BABEL_DEFAULT_LOCALE"] == "nb"


def test_overrides_win_over_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DIALOGCAFE_SECRET_KEY", "from-env")
    config = load_config({"DATA_DIR": str(tmp_path), "SECRET_KEY": "from-test"})
    assert config["SECRET_KEY"] == "from-test"
    assert isinstance(config["DATA_DIR"], Path)


def test_an_unknown_async_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="DIALOGCAFE_ASYNC_MODE"):
        load_config({"DATA_DIR": tmp_path, "ASYNC_MODE": "asyncio", "SECRET_KEY": "k"})


def test_the_secret_key_is_made_once_and_kept_private(tmp_path: Path) -> None:
    first = load_config({"DATA_DIR": tmp_path})["SECRET_KEY"]
    second = load_config({"DATA_DIR": tmp_path})["SECRET_KEY"]
    assert first == second == persistent_secret_key(tmp_path)
    assert len(first) == 64
    key_file = tmp_path / ".secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_transaction_commits_on_success_and_rolls_back_on_error(database: Database) -> None:
    when = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)  # noqa: UP017 - any aware zone
    with database.transaction() as db:
        db.add(Facilitator(email="kept@example.no", password_hash="x", created_at=when))
    with pytest.raises(RuntimeError), database.transaction() as db:
        db.add(Facilitator(email="lost@example.no", password_hash="x", created_at=when))
        db.flush()
        raise RuntimeError("boom")
    with database.transaction() as db:
        assert db.scalars(select(Facilitator.email)).all() == ["kept@example.no"]


def test_an_unconfigured_database_says_so() -> None:
    with pytest.raises(RuntimeError, match="configure"), Database().transaction():
        pass  # pragma: no cover


def test_sqlite_enforces_foreign_keys_and_uses_wal(database: Database) -> None:
    with database.transaction() as db:
        assert db.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_times_are_stored_in_utc_and_come_back_aware(database: Database) -> None:
    oslo_winter = timezone(timedelta(hours=1))
    local = datetime(2026, 11, 24, 13, 0, tzinfo=oslo_winter)
    with database.transaction() as db:
        db.add(Facilitator(email="t@example.no", password_hash="x", created_at=local))
    with database.transaction() as db:
        stored = db.scalars(select(Facilitator.created_at)).one()
    assert stored == local
    assert stored.utcoffset() == timedelta(0)
    assert iso(stored) == "2026-11-24T12:00:00Z"
    assert iso(None) is None


def test_naive_times_are_refused(database: Database) -> None:
    with pytest.raises(StatementError, match="naive datetime"), database.transaction() as db:
        db.add(
            Facilitator(email="n@example.no", password_hash="x", created_at=datetime(2026, 1, 1))
        )
        db.flush()
