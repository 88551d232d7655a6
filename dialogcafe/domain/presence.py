"""Who is connected right now, per table, kept in the database so every process agrees.

Each live socket is one ``presence`` row, owned by the server process that holds it
(``server_id``). A process that dies leaves its rows behind, so a lone process counts only its
own rows, and a process that starts deletes every row of its own id (with several processes,
give each a stable ``DIALOGCAFE_SERVER_ID``: docs/deployment.md). Deleting a session deletes
its rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from dialogcafe.domain.models import CafeSession, Participant, Presence

ROLE_PARTICIPANT = "participant"
ROLE_FACILITATOR = "facilitator"
# Built once: every connect runs it (building it cost more than running it).
_FORGET_SID = delete(Presence).where(Presence.sid == bindparam("sid"))


def new_server_id() -> str:
    """A fresh id for a process that was given none: unique, so runs never mix rows."""
    return uuid.uuid4().hex


def connected(
    db: Session,
    *,
    sid: str,
    session_id: int,
    role: str,
    server_id: str,
    now: datetime,
    participant_id: int | None = None,
    table: int | None = None,
) -> None:
    """Record a socket that joined; a reconnect that reuses the ``sid`` replaces its row."""
    db.execute(_FORGET_SID, {"sid": sid})
    db.add(
        Presence(
            sid=sid,
            session_id=session_id,
            participant_id=participant_id,
            table_number=table,
            role=role,
            server_id=server_id,
            connected_at=now,
        )
    )
    db.flush()


def disconnected(db: Session, sid: str) -> int | None:
    """Forget a socket; returns its session id (None if it was never recorded)."""
    row = db.get(Presence, sid)
    if row is None:
        return None
    session_id = row.session_id
    db.delete(row)
    db.flush()
    return session_id


def forget_server(db: Session, server_id: str) -> int:
    """Delete every row of ``server_id`` (a restarting process clears what it left)."""
    result = db.execute(delete(Presence).where(Presence.server_id == server_id))
    return int(getattr(result, "rowcount", 0) or 0)


def table_connections(
    db: Session, cafe: CafeSession, *, live_servers: Collection[str] | None = None
) -> dict[int, int]:
    """Connected participants per table (every table, 0 when empty).

    ``live_servers`` limits the count to rows of those processes; None counts all rows
    (see the module docstring for when each is right). A person with two tabs open
    counts once, at the table they sit at now (people may have moved since connecting).
    """
    query = (
        select(Participant.table_number, func.count(func.distinct(Presence.participant_id)))
        .join(Participant, Participant.id == Presence.participant_id)
        .where(Presence.session_id == cafe.id, Presence.role == ROLE_PARTICIPANT)
        .group_by(Participant.table_number)
    )
    if live_servers is not None:
        query = query.where(Presence.server_id.in_(list(live_servers)))
    counts = {table: 0 for table in range(1, cafe.table_count + 1)}
    for table, count in db.execute(query):
        if table in counts:
            counts[table] = int(count)
    return counts
