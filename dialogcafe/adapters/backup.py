"""Backups of a SQLite database while the server runs, and putting one back.

``create`` copies the database with SQLite's online backup API (``Connection.backup``):
one read transaction, so the copy is consistent even while the server writes (WAL lets it
go on meanwhile), and it holds what the ``-wal`` file holds too. The copy is written next
to its final name and renamed into place, readable by its owner only (it holds every
input and the password hashes). ``restore`` checks that a file is a Dialogkafé database
from a known migration, then copies it *into* the live database with the same API, under
the database's write lock: other connections see either the old or the restored database,
never half of each, and the files keep their names, permissions and WAL mode. PostgreSQL
has its own tools (``pg_dump``/``pg_restore``, docs/deployment.md), which
:func:`postgres_commands` spells out.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from dialogcafe.adapters.database import PRIVATE_FILE

VERSION_TABLE = "alembic_version"
REQUIRED_TABLES = ("cafe_sessions", "facilitators", "posts", VERSION_TABLE)
LOCK_WAIT_SECONDS = 30.0  # a restore waits this long for the server's write transactions


class BackupError(Exception):
    """A backup or restore that cannot be done, with a sentence for the operator."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds: its migration and how many cafés."""

    revision: str
    cafes: int


def sqlite_path(url: str) -> Path | None:
    """The database file behind a ``sqlite:///`` URL; None for any other database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("an in-memory SQLite database has no file to back up")
    return Path(parsed.database)


def postgres_commands(url: str, path: str) -> tuple[str, str]:
    """The ``pg_dump`` and ``pg_restore`` commands for this database (no password: give it
    in ``~/.pgpass`` or ``PGPASSWORD``)."""
    parsed = make_url(url)
    target = " ".join(
        f"--{flag}={value}"
        for flag, value in (
            ("host", parsed.host),
            ("port", parsed.port),
            ("username", parsed.username),
            ("dbname", parsed.database),
        )
        if value
    )
    dump = f"pg_dump --format=custom {target} --file={path}"
    restore = f"pg_restore --clean --if-exists --no-owner {target} {path}"
    return dump, restore


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    connection = sqlite3.connect(uri, uri=True, timeout=LOCK_WAIT_SECONDS)
    return connection


def create(database: Path, target: Path) -> BackupInfo:
    """Copy ``database`` (live or not) to ``target``, which must not exist yet."""
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new file name")
    if not database.is_file():
        raise BackupError(f"there is no database at {database}")
    partial = target.with_name(f".{target.name}.partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    try:
        source = _connect(database)
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)  # every page in one step: one consistent snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            copy.commit()
        finally:
            copy.close()
            source.close()
        info = inspect_file(partial)
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    return info


def inspect_file(path: Path) -> BackupInfo:
    """The migration and café count of a backup; :class:`BackupError` if ``path`` is not
    a sound Dialogkafé database."""
    if not path.is_file():
        raise BackupError(f"there is no file at {path}")
    try:
        connection = _connect(path, read_only=True)
        try:
            if connection.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise BackupError(f"{path} is a damaged SQLite database")
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            missing = [name for name in REQUIRED_TABLES if name not in tables]
            if missing:
                raise BackupError(
                    f"{path} is not a Dialogkafé database (no {', '.join(missing)} table)"
                )
            revisions = [
                row[0] for row in connection.execute("SELECT version_num FROM alembic_version")
            ]
            (cafes,) = connection.execute("SELECT count(*) FROM cafe_sessions").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite database ({exc})") from exc
    if len(revisions) != 1:
        raise BackupError(f"{path} records no single migration ({revisions})")
    return BackupInfo(revision=revisions[0], cafes=cafes)


def restore(backup: Path, database: Path) -> BackupInfo:
    """Replace the contents of ``database`` with ``backup`` (checked by the caller with
    :func:`inspect_file`), as one change under the write lock."""
    info = inspect_file(backup)
    source = _connect(backup, read_only=True)
    live = _connect(database)
    try:
        source.backup(live)
        live.commit()
        # What the old contents left in the -wal file goes too (as after "Delete session").
        live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        live.close()
        source.close()
    return info
