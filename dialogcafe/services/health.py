"""Whether this process can serve (``GET /readyz``): the checks of ``adapters/health.py``
on the app's database and message queue."""

from __future__ import annotations

from dialogcafe.adapters.health import Readiness, check_database, check_message_queue
from dialogcafe.extensions import get_database


def readiness(message_queue: str | None) -> Readiness:
    """Ask the database (and its migration) and the message queue, one after the other."""
    database, migrations = check_database(get_database())
    return Readiness(
        database=database,
        message_queue=check_message_queue(message_queue),
        migrations=migrations,
    )
