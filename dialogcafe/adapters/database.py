"""Engine and unit-of-work helper, independent of Flask.

Every edge (view, socket handler, CLI command) opens one short transaction with
:meth:`Database.transaction`, calls the domain, and lets the block commit. Short
transactions matter: SQLite allows one writer at a time.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from dialogcafe.adapters import green
from dialogcafe.domain import errors
from dialogcafe.domain.models import Base

SQLITE_BUSY, SQLITE_LOCKED = 5, 6
DEFAULT_LOCK_WAIT = 5.0  # seconds a transaction waits for the write lock, then 503
FIRST_RETRY_SECONDS, LAST_RETRY_SECONDS = 0.002, 0.05
WAL_SIZE_LIMIT = 4 * 1024 * 1024  # bytes of -wal file kept after the log starts over
PRIVATE_FILE = 0o600  # the database holds password hashes: its owner alone reads it
SQLITE_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def _create_private_file(url: str) -> None:
    """Make the SQLite file (and fix any left by an older version) readable by its owner only.

    SQLite creates its ``-wal`` and ``-shm`` files with the database file's permissions,
    so creating that one 0600 before SQLite does is enough for all three.
    """
    path = make_url(url).database
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    with suppress(FileExistsError, FileNotFoundError):  # there already / no such folder
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    for suffix in SQLITE_SIDE_FILES:
        with suppress(OSError):  # not there (yet), or not ours to change
            os.chmod(path + suffix, PRIVATE_FILE)


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers work while one writer commits; foreign keys make cascades real.

    ``secure_delete`` overwrites deleted rows with zeros, so "Delete session" leaves no
    text behind in the database file (domain/erasure.py); ``journal_size_limit`` makes SQLite
    cut the ``-wal`` file back to that size each time it starts the log over, instead of
    keeping it as large as the biggest burst ever made it (sqlite_worker.py truncates it too).
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
    cursor.close()


def _busy_timeout(milliseconds: int) -> Any:
    """A connect hook: how long SQLite's C busy handler waits for a lock (0: not at all).

    The hub's connections never wait in C, where every green thread of the process would
    stop (:func:`_begin_cooperatively` waits instead); the worker's real OS thread may.
    """

    def set_timeout(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={milliseconds}")
        cursor.close()

    return set_timeout


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return (getattr(error, "sqlite_errorcode", 0) & 0xFF) in (SQLITE_BUSY, SQLITE_LOCKED)


def _begin_sqlite_transaction(connection: Connection) -> None:
    """Start transactions ourselves, as writers (``BEGIN IMMEDIATE``).

    Python's sqlite3 driver would begin them only at the first write, so a SAVEPOINT
    taken first would really be the outer transaction. And a plain ``BEGIN`` reads first
    and asks for the write lock later: if another connection (the socket handlers' worker
    thread, ``sqlite_worker.py``) committed in between, SQLite refuses at once with "database
    is locked" instead of waiting. Taking the lock up front makes every transaction wait its
    turn (``busy_timeout``); they are all short. This is the SQLite worker's way: a real
    OS thread, which may wait in C.
    """
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _begin_cooperatively(lock_wait: float) -> Any:
    """``BEGIN IMMEDIATE`` for the hub's connections: retried with a cooperative sleep.

    With ``busy_timeout=0`` SQLite answers "database is locked" at once while another
    connection writes (the worker thread, a checkpoint, another process); this waits and
    tries again, letting every other green thread run meanwhile, for up to ``lock_wait``
    seconds, then gives up with :class:`errors.Unavailable` (a 503 / a failed ack that
    says to try again), never a 500.
    """

    def begin(connection: Connection) -> None:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        give_up = time.monotonic() + lock_wait
        pause = FIRST_RETRY_SECONDS
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise
                if time.monotonic() >= give_up:
                    raise errors.Unavailable() from exc
            green.sleep(pause)
            pause = min(pause * 2, LAST_RETRY_SECONDS)

    return begin


def make_engine(
    url: str, *, lock_wait: float = DEFAULT_LOCK_WAIT, cooperative: bool = False
) -> Engine:
    """Create the engine for ``url`` with the settings each backend needs.

    A failing statement's error never carries its parameters (``hide_parameters``): they
    hold participants' inputs and nicknames, and the error goes to the log.

    On SQLite a transaction waits up to ``lock_wait`` seconds for the write lock:
    ``cooperative`` engines (the hub's, :meth:`Database.configure`) retry with a green
    sleep; the others (the SQLite worker's, a real OS thread) wait in SQLite's C handler.
    """
    if url.startswith("sqlite"):
        _create_private_file(url)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "isolation_level": None},
            hide_parameters=True,
        )
        event.listen(engine, "connect", _enable_sqlite_pragmas)
        if cooperative:
            event.listen(engine, "connect", _busy_timeout(0))
            event.listen(engine, "begin", _begin_cooperatively(lock_wait))
        else:
            event.listen(engine, "connect", _busy_timeout(round(lock_wait * 1000)))
            event.listen(engine, "begin", _begin_sqlite_transaction)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg2://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


class Database:
    """Owns the engine and hands out sessions; bound to an app by ``init_app``-style setup."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.lock_wait = DEFAULT_LOCK_WAIT
        self._sessions: sessionmaker[Session] | None = None

    def configure(self, url: str, *, lock_wait: float = DEFAULT_LOCK_WAIT) -> None:
        """Connect to ``url``; the schema is the migrations' business (``schema.py``).

        ``lock_wait``: how long a transaction waits for SQLite's write lock before it
        gives up with :class:`errors.Unavailable`; the SQLite worker's engine waits as long.
        """
        self.lock_wait = lock_wait
        self.engine = make_engine(url, lock_wait=lock_wait, cooperative=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def create_tables(self) -> None:
        """Create missing tables straight from the models: the tests' fast path only.

        Real databases get their schema from the migrations (``schema.upgrade``), which
        ``tests/integration/test_migrations.py`` proves produce the same tables.
        """
        if self.engine is None:
            raise RuntimeError("Database.configure() has not been called")
        Base.metadata.create_all(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Yield a session that commits when the block ends and rolls back on any error."""
        if self._sessions is None:
            raise RuntimeError("Database.configure() has not been called")
        with self._sessions.begin() as session:
            yield session
