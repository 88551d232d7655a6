"""One process at a time for a background task that several server processes run.

On PostgreSQL a transaction-level advisory lock (``pg_try_advisory_xact_lock``): the
process that gets it does the work, the others skip this turn, and the lock goes with the
transaction's end, so a process that dies holds nothing. On SQLite every transaction
already holds the database's one write lock from its start (``BEGIN IMMEDIATE``,
database.py), so the work is serialised there without anything more.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

RETENTION_LOCK_KEY = 0x44435254  # any fixed bigint, unlike schema.MIGRATION_LOCK_KEY; "DCRT"


def try_lock(db: Session, key: int) -> bool:
    """Whether this transaction now holds the lock ``key`` (False: another process does)."""
    if db.connection().dialect.name != "postgresql":
        return True
    taken = db.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": key}).scalar()
    return bool(taken)
