"""Connecting: authenticate, join the right room, send the ``state`` snapshot."""

from __future__ import annotations

from typing import Any

from flask import request, session
from flask_socketio import ConnectionRefusedError as RefuseConnection
from flask_socketio import join_room
from sqlalchemy.orm import Session

from dialogcafe import accounts, errors, participants, presence, sessions
from dialogcafe.clock import utcnow
from dialogcafe.errors import N_
from dialogcafe.extensions import socketio
from dialogcafe.models import Facilitator
from dialogcafe.realtime import presence as live
from dialogcafe.realtime.common import SOCKET_FACILITATOR_SESSION_KEY, SOCKET_PARTICIPANT_KEY
from dialogcafe.rooms import room_for_facilitators, room_for_participant, room_for_table
from dialogcafe.snapshots import facilitator_snapshot, participant_snapshot
from dialogcafe.web.edge import LOGIN_KEY, describe, transaction


def _facilitator(db: Session, auth: dict[str, Any]) -> Facilitator:
    """A bearer token in ``auth`` or, for the web page, the login cookie."""
    token = auth.get("token")
    if isinstance(token, str) and token:
        return accounts.facilitator_for_token(db, token)
    facilitator_id = session.get(LOGIN_KEY)
    facilitator = accounts.get_facilitator(db, facilitator_id) if facilitator_id else None
    if facilitator is None:
        raise errors.NotAuthenticated()
    return facilitator


def _connect_facilitator(db: Session, auth: dict[str, Any]) -> tuple[dict[str, Any], str]:
    session_id = auth.get("session")
    if isinstance(session_id, str) and session_id.isdecimal():
        session_id = int(session_id)
    if not isinstance(session_id, int) or isinstance(session_id, bool):
        raise errors.BadRequest(detail=N_("Give the session id as auth.session."))
    cafe = sessions.get_owned_session(db, _facilitator(db, auth), session_id)
    session[SOCKET_FACILITATOR_SESSION_KEY] = cafe.id
    return facilitator_snapshot(db, cafe, now=utcnow()), room_for_facilitators(cafe.id)


def _connect_participant(db: Session, token: object) -> tuple[dict[str, Any], str]:
    participant = participants.participant_for_token(db, token)
    session[SOCKET_PARTICIPANT_KEY] = participant.id
    # Messages for this person alone (their post approved or hidden, "go to table N").
    join_room(room_for_participant(participant.session_id, participant.id))
    live.record_connect(
        db,
        sid=request.sid,
        cafe=participant.session,
        role=presence.ROLE_PARTICIPANT,
        participant_id=participant.id,
        table=participant.table_number,
    )
    return participant_snapshot(db, participant, now=utcnow()), room_for_table(
        participant.session_id, participant.table_number
    )


@socketio.on("connect")
def on_connect(auth: Any = None) -> None:
    """Authenticate, join the right room and send the current ``state`` to this client."""
    auth = auth if isinstance(auth, dict) else {}
    try:
        with transaction() as db:
            if "session" in auth or "token" not in auth:
                state, room = _connect_facilitator(db, auth)
            else:
                state, room = _connect_participant(db, auth.get("token"))
    except errors.DomainError as exc:
        raise RefuseConnection(describe(exc)) from exc
    join_room(room)
    socketio.emit("state", state, to=request.sid)
    # Presence: the facilitators (this one included) get the counts as they are now.
    session_id = state.get("session", {}).get("id")
    if isinstance(session_id, int):
        live.announce(session_id)


@socketio.on("disconnect")
def on_disconnect(reason: Any = None) -> None:
    """Forget this socket's presence row and tell the facilitators the new counts."""
    live.record_disconnect(request.sid)
