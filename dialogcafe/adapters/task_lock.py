"""One process at a time for a background task that several server processes run.

On PostgreSQL a transaction-level advisory lock (``pg_advisory_xact_lock``): a process
waits its turn (at most :data:`LOCK_WAIT`, then the transaction fails and the task tries
again at its next run), and the lock goes with the transaction's end, so a process that
dies holds nothing. On SQLite every transaction already holds the database's one write
lock from its start (``BEGIN IMMEDIATE``, database.py), which serialises the work there.
Either way, what the task reads inside the transaction no other process is changing.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

RETENTION_LOCK_KEY = 0x44435254  # any fixed bigint, unlike schema.MIGRATION_LOCK_KEY; "DCRT"
LOCK_WAIT = "30s"  # PostgreSQL's lock_timeout for the rest of the transaction


def take_turn(db: Session, key: int) -> None:
    """Wait until this transaction holds the lock ``key`` (no-op on SQLite, see above)."""
    if db.connection().dialect.name != "postgresql":
        return
    db.execute(text(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'"))
    db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
