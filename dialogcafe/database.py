"""Engine and unit-of-work helper, independent of Flask.

Every edge (view, socket handler, CLI command) opens one short transaction with
:meth:`Database.transaction`, calls the domain, and lets the block commit. Short
transactions matter: SQLite allows one writer at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from dialogcafe.models import Base


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers work while one writer commits; foreign keys make cascades real."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    """Start transactions ourselves, as writers (``BEGIN IMMEDIATE``).

    Python's sqlite3 driver would begin them only at the first write, so a SAVEPOINT
    taken first would really be the outer transaction. And a plain ``BEGIN`` reads first
    and asks for the write lock later: if another connection (the socket handlers' worker
    thread, ``offload.py``) committed in between, SQLite refuses at once with "database is
    locked" instead of waiting. Taking the lock up front makes every transaction wait its
    turn (``busy_timeout``); they are all short.
    """
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """Create the engine for ``url`` with the settings each backend needs."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "isolation_level": None}
        )
        event.listen(engine, "connect", _enable_sqlite_pragmas)
        event.listen(engine, "begin", _begin_sqlite_transaction)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg2://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True)


class Database:
    """Owns the engine and hands out sessions; bound to an app by ``init_app``-style setup."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None

    def configure(self, url: str) -> None:
        """Connect to ``url``; the schema is the migrations' business (``schema.py``)."""
        self.engine = make_engine(url)
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
