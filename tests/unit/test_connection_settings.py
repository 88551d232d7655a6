"""Connection limits, SQLite's write lock and private files, without a server (issue 11).

The end-to-end evidence is in ``tests/e2e/test_slow_clients.py`` and
``tests/e2e/test_database_files.py``; these pin the rules those rely on.
"""

from __future__ import annotations

import sqlite3
import stat
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from dialogcafe.adapters.database import Database
from dialogcafe.config import load_config, make_private_dir
from dialogcafe.domain import errors
from dialogcafe.server import AddressCounter, ConnectionLimits


def _config(tmp_path: Path, **overrides: object) -> dict[str, object]:
    return load_config({"DATA_DIR": tmp_path, "SECRET_KEY": "x", **overrides})


def test_connection_settings_have_safe_defaults(tmp_path: Path) -> None:
    config = _config(tmp_path)
    limits = ConnectionLimits.from_config(config)
    assert (limits.idle, limits.headers, limits.socket) == (30.0, 10.0, 60.0)
    assert config["BODY_TIMEOUT"] == 10.0
    assert limits.per_address == 2_000
    assert limits.log_addresses is False
    assert config["DATABASE_LOCK_WAIT"] == 5.0


def test_behind_a_trusted_proxy_the_address_cap_is_left_to_it(tmp_path: Path) -> None:
    limits = ConnectionLimits.from_config(_config(tmp_path, TRUSTED_PROXIES=1))
    assert limits.per_address is None


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("SOCKET_TIMEOUT", 30.0),  # below Engine.IO's ping interval plus timeout
        ("HEADER_TIMEOUT", 0.0),
        ("BODY_TIMEOUT", -1.0),
        ("IDLE_TIMEOUT", 7200.0),
        ("DATABASE_LOCK_WAIT", 0.0),
        ("MAX_CONNECTIONS_PER_ADDRESS", 0),
    ],
)
def test_settings_that_would_break_phones_are_refused(
    tmp_path: Path, key: str, value: object
) -> None:
    with pytest.raises(ValueError, match=key):
        _config(tmp_path, **{key: value})


def test_the_address_counter_admits_up_to_its_limit() -> None:
    counter = AddressCounter(2)
    assert counter.admit("10.0.0.1") and counter.admit("10.0.0.1")
    assert not counter.admit("10.0.0.1")
    assert counter.admit("10.0.0.2")
    counter.release("10.0.0.1")
    assert counter.admit("10.0.0.1")
    assert AddressCounter(None).admit("10.0.0.1")


def test_a_held_write_lock_ends_in_unavailable_then_works(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    database = Database()
    database.configure(f"sqlite:///{path}", lock_wait=0.3)
    with database.transaction() as db:
        db.execute(text("CREATE TABLE notes (body TEXT)"))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    with pytest.raises(errors.Unavailable), database.transaction() as db:
        db.execute(text("INSERT INTO notes VALUES ('waits')"))
    assert time.monotonic() - started >= 0.3  # it waited for the lock first
    holder.rollback()
    holder.close()
    with database.transaction() as db:
        db.execute(text("INSERT INTO notes VALUES ('now')"))
    with database.transaction() as db:
        assert db.execute(text("SELECT body FROM notes")).scalars().all() == ["now"]


def test_the_database_file_and_data_dir_are_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    config = _config(data_dir)
    make_private_dir(data_dir)  # as build_app does
    database = Database()
    database.configure(str(config["DATABASE_URL"]))
    with database.transaction() as db:
        db.execute(text("SELECT 1"))
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for suffix in ("", "-wal", "-shm"):
        file = data_dir / f"dialogcafe.sqlite3{suffix}"
        if file.exists():
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
