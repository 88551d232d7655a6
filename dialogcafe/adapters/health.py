"""Readiness checks: does the database answer, at the newest migration, and does Redis?

A load balancer or process manager asks ``GET /readyz`` every few seconds, so each check is
one cheap round trip, bounded in time, and never blocks the event loop (SQLite's goes
through the worker thread, PostgreSQL's and Redis's sockets are green). What went wrong is
logged for the operator; the answer itself says only ``ok`` or ``failed``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dialogcafe.adapters import schema, sqlite_worker
from dialogcafe.adapters.database import Database
from dialogcafe.adapters.message_queue import REDIS_SCHEMES

OK, FAILED, BEHIND, NOT_USED, UNKNOWN = "ok", "failed", "behind", "not used", "unknown"
PING_TIMEOUT = 2.0  # seconds to connect to Redis and to hear its PONG
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Readiness:
    """Each check's word: ``database`` ok|failed, ``message_queue`` ok|failed|not used,
    ``migrations`` ok|behind (unknown while the database does not answer)."""

    database: str
    message_queue: str
    migrations: str

    @property
    def ready(self) -> bool:
        return (
            self.database == OK and self.message_queue in (OK, NOT_USED) and self.migrations == OK
        )

    def checks(self) -> dict[str, str]:
        return {
            "database": self.database,
            "message_queue": self.message_queue,
            "migrations": self.migrations,
        }


def check_database(database: Database) -> tuple[str, str]:
    """(database, migrations): one short read transaction that asks which migration the
    database records (the same question the start-up asks, ``schema.records_head``)."""

    def records_head(session: Session) -> bool:
        return schema.records_head(session.connection())

    try:
        at_head = sqlite_worker.run_transaction(database, records_head)
    except Exception as exc:  # any failure is "not ready", never a 500
        _log_failure("database", exc)
        return FAILED, UNKNOWN
    if not at_head:
        logger.warning(
            "the database is not at migration %s",
            schema.HEAD_REVISION,
            extra={"event": "readiness_migrations_behind"},
        )
    return OK, OK if at_head else BEHIND


def check_message_queue(url: str | None) -> str:
    """PING the Redis of ``DIALOGCAFE_MESSAGE_QUEUE`` on a connection of its own."""
    if not url or not url.startswith(REDIS_SCHEMES):
        return NOT_USED
    import redis  # only a process with a Redis queue has it imported (server.prepare)

    client = redis.Redis.from_url(
        url, socket_connect_timeout=PING_TIMEOUT, socket_timeout=PING_TIMEOUT
    )
    try:
        client.ping()
    except Exception as exc:  # refused, timed out, wrong password: not ready
        _log_failure("message_queue", exc)
        return FAILED
    finally:
        client.close()
    return OK


def _log_failure(check: str, exc: Exception) -> None:
    """The reason for the operator: the error's class and text (statements' parameters are
    never in it: the engines hide them, database.py)."""
    logger.warning(
        "readiness check %s failed: %s: %s",
        check,
        type(exc).__name__,
        str(exc)[:300],
        extra={"event": "readiness_check_failed", "check": check},
    )
