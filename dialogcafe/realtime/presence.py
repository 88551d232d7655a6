"""The socket edge of presence: this process's id, recording connects and disconnects.

The rules (what a row is, how stale rows are kept from counting) are in
``dialogcafe/domain/presence.py``; this module only knows which process it is and tells the
facilitators after each change has been committed. It imports nothing from the web
package, so pages and socket handlers can both use it without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app
from sqlalchemy.orm import Session

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import presence
from dialogcafe.domain.models import CafeSession
from dialogcafe.extensions import get_database

PRESENCE_KEY = "dialogcafe.domain.presence"


@dataclass(frozen=True)
class PresenceServer:
    """Which process this is (rows carry its id) and whether it is the only one."""

    server_id: str
    started_at: datetime
    only_process: bool


def init_presence(app: Flask) -> PresenceServer:
    """Give this process its id: ``SERVER_ID`` from the config, or a fresh random one."""
    server = PresenceServer(
        server_id=app.config.get("SERVER_ID") or presence.new_server_id(),
        started_at=utcnow(),
        only_process=not app.config.get("MESSAGE_QUEUE"),
    )
    app.extensions[PRESENCE_KEY] = server
    return server


def sweep_on_start(app: Flask) -> int:
    """Delete the rows an earlier run with this server id left (called when serving starts,
    not in every ``create_app``: a CLI command must not wipe a running server's rows)."""
    server: PresenceServer = app.extensions[PRESENCE_KEY]
    with app.app_context(), get_database().transaction() as db:
        return presence.forget_server(db, server.server_id)


def this_server() -> PresenceServer:
    server: PresenceServer = current_app.extensions[PRESENCE_KEY]
    return server


def connection_counts(db: Session, cafe: CafeSession) -> dict[int, int]:
    """Connected people per table, counting only live processes' rows (see presence.py)."""
    server = this_server()
    live = [server.server_id] if server.only_process else None
    return presence.table_connections(db, cafe, live_servers=live)


def record_connect(
    db: Session,
    *,
    sid: str,
    cafe: CafeSession,
    role: str,
    participant_id: int | None = None,
    table: int | None = None,
) -> None:
    """Inside the connect transaction: this socket is now live."""
    presence.connected(
        db,
        sid=sid,
        session_id=cafe.id,
        role=role,
        server_id=this_server().server_id,
        now=utcnow(),
        participant_id=participant_id,
        table=table,
    )


def announce(session_id: int) -> None:
    """After the commit: tell the facilitators the new counts."""
    with get_database().transaction() as db:
        cafe = db.get(CafeSession, session_id)
        if cafe is None:
            return
        payload = presence.presence_payload(connection_counts(db, cafe))
    notifier.presence_changed(session_id, payload)


def record_disconnect(sid: str) -> None:
    """A socket left: forget it and, if it was recorded, tell the facilitators."""
    with get_database().transaction() as db:
        session_id = presence.disconnected(db, sid)
    if session_id is not None:
        announce(session_id)
