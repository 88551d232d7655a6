"""Presence: which process this is, and recording who is connected.

The rules (what a row is, how stale rows are kept from counting) are in
``dialogcafe/domain/presence.py``; this module knows which process it is and reads the
counts the facilitators are told (services/announcements.py sends them). Both edges use it: the
socket edge records connects and disconnects, the facilitator's pages read the counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app
from sqlalchemy.orm import Session

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import participants, presence
from dialogcafe.domain.models import CafeSession
from dialogcafe.extensions import get_database
from dialogcafe.services.unit_of_work import UnitOfWork, run
from dialogcafe.views.payloads import presence_payload

PRESENCE_KEY = "dialogcafe.domain.presence"


@dataclass(frozen=True)
class PresenceServer:
    """Which process this is (rows carry its id) and whether it is the only one."""

    server_id: str
    started_at: datetime
    only_process: bool


@dataclass(frozen=True)
class Seat:
    """Where a connecting participant sits: the rooms their socket joins."""

    participant_id: int
    session_id: int
    table: int


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


def connection_counts(db: Session, cafe: CafeSession, server: PresenceServer) -> dict[int, int]:
    """Connected people per table, counting only live processes' rows (see presence.py);
    ``server`` is :func:`this_server`, read where the app context is."""
    live = [server.server_id] if server.only_process else None
    return presence.table_connections(db, cafe, live_servers=live)


def connect_participant(token: object, *, sid: str) -> Seat:
    """The participant a phone's token names, recorded as connected on socket ``sid``."""
    server = this_server()  # read here: the transaction may run where no app context is

    def work(uow: UnitOfWork) -> Seat:
        participant = participants.participant_for_token(uow.db, token)
        presence.connected(
            uow.db,
            sid=sid,
            session_id=participant.session_id,
            role=presence.ROLE_PARTICIPANT,
            server_id=server.server_id,
            now=utcnow(),
            participant_id=participant.id,
            table=participant.table_number,
        )
        return Seat(participant.id, participant.session_id, participant.table_number)

    return run(work)


def announce(session_id: int) -> None:
    """Tell the session's facilitators how many people are connected now (called through
    services/announcements.py, once for a burst of connects and disconnects)."""
    server = this_server()

    def work(uow: UnitOfWork) -> None:
        cafe = uow.db.get(CafeSession, session_id)
        if cafe is not None:
            payload = presence_payload(connection_counts(uow.db, cafe, server))
            uow.after_commit(notifier.presence_changed, session_id, payload)

    run(work)


def record_disconnect(sid: str) -> int | None:
    """A socket left: forget it; the café it was in, if it was recorded."""
    return run(lambda uow: presence.disconnected(uow.db, sid))
