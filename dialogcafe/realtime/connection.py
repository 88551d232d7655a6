"""Connecting: authenticate, join the right room, send the ``state`` snapshot."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, request, session
from flask_socketio import ConnectionRefusedError as RefuseConnection
from flask_socketio import join_room
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from dialogcafe.adapters.rooms import room_for_facilitators, room_for_participant, room_for_table
from dialogcafe.clock import utcnow
from dialogcafe.domain import errors, inbound, participants, presence, sessions
from dialogcafe.domain.errors import N_
from dialogcafe.domain.inbound import form_number
from dialogcafe.domain.models import CafeSession, Facilitator, Participant
from dialogcafe.extensions import socketio
from dialogcafe.realtime import limits as socket_limits
from dialogcafe.realtime import presence as live
from dialogcafe.realtime.common import SOCKET_FACILITATOR_SESSION_KEY, SOCKET_PARTICIPANT_KEY
from dialogcafe.services import accounts
from dialogcafe.translation import describe
from dialogcafe.views.snapshots import facilitator_snapshot, participant_snapshot
from dialogcafe.web.edge import LOGIN_GENERATION_KEY, LOGIN_KEY, transaction

logger = logging.getLogger(__name__)


def _facilitator(db: Session, auth: dict[str, Any]) -> Facilitator:
    """A bearer token in ``auth`` or, for the web page, the login cookie."""
    token = auth.get("token")
    if isinstance(token, str) and token:
        return accounts.facilitator_for_token(db, token)
    # The login generation is checked too: a cookie from before a log-out is refused.
    return accounts.facilitator_for_login(
        db, session.get(LOGIN_KEY), session.get(LOGIN_GENERATION_KEY)
    )


@dataclass(frozen=True)
class _Viewer:
    """Who connected: the room they listen in, and how to build their ``state``."""

    room: str
    snapshot: Callable[[Session], dict[str, Any]]


def _connect_facilitator(db: Session, auth: dict[str, Any], since: object) -> _Viewer:
    session_id = auth.get("session")
    if isinstance(session_id, str):
        session_id = form_number(session_id)
    if not isinstance(session_id, int) or isinstance(session_id, bool):
        raise errors.BadRequest(detail=N_("Give the session id as auth.session."))
    cafe_id = sessions.get_owned_session(db, _facilitator(db, auth), session_id).id
    session[SOCKET_FACILITATOR_SESSION_KEY] = cafe_id

    def snapshot(db: Session) -> dict[str, Any]:
        cafe = db.get(CafeSession, cafe_id)
        if cafe is None:
            raise errors.SessionNotFound()
        limit = current_app.config["FACILITATOR_STATE_POSTS"]
        return facilitator_snapshot(db, cafe, now=utcnow(), since=since, limit=limit)

    return _Viewer(room_for_facilitators(cafe_id), snapshot)


def _connect_participant(db: Session, token: object, since: object) -> _Viewer:
    participant = participants.participant_for_token(db, token)
    participant_id = participant.id
    session[SOCKET_PARTICIPANT_KEY] = participant_id
    # Messages for this person alone (their post approved or hidden, "go to table N").
    join_room(room_for_participant(participant.session_id, participant_id))
    live.record_connect(
        db,
        sid=request.sid,
        cafe=participant.session,
        role=presence.ROLE_PARTICIPANT,
        participant_id=participant_id,
        table=participant.table_number,
    )

    def snapshot(db: Session) -> dict[str, Any]:
        current = db.get(Participant, participant_id)
        if current is None:
            raise errors.InvalidToken()
        page_size = current_app.config["STATE_POSTS"]
        return participant_snapshot(db, current, now=utcnow(), since=since, page_size=page_size)

    return _Viewer(room_for_table(participant.session_id, participant.table_number), snapshot)


@socketio.on("connect")
def on_connect(auth: Any = None) -> None:
    """Authenticate, join the right room and send the current ``state`` to this client.

    The room is joined *before* the snapshot is read, so no change can fall between the
    two: whatever commits after the read reaches this socket as an event. (An event may
    so arrive before the ``state``, or repeat what it holds; clients order both by
    ``seq``.) ``auth.since`` — the ``seq`` of the last ``state`` this client got — makes
    the snapshot a delta of what changed after it (sequence.py).
    """
    try:
        auth = inbound.clean_value(auth) if isinstance(auth, dict) else {}
        since = auth.get("since")
        with transaction() as db:
            if "session" in auth or "token" not in auth:
                viewer = _connect_facilitator(db, auth, since)
            else:
                viewer = _connect_participant(db, auth.get("token"), since)
        join_room(viewer.room)
        with transaction() as db:
            state = viewer.snapshot(db)
    except errors.DomainError as exc:
        raise RefuseConnection(describe(exc)) from exc
    except (OperationalError, InterfaceError) as exc:  # refused, and the phone tries again
        logger.warning("database unavailable on connect", exc_info=True)
        raise RefuseConnection(describe(errors.Unavailable())) from exc
    socketio.emit("state", state, to=request.sid)
    # Presence: the facilitators (this one included) get the counts as they are now.
    session_id = state.get("session", {}).get("id")
    if isinstance(session_id, int):
        _best_effort(lambda: live.announce(session_id), "announce a connect")


@socketio.on("disconnect")
def on_disconnect(reason: Any = None) -> None:
    """Forget this socket's presence row and tell the facilitators the new counts."""
    socket_limits.forget(request.sid)
    sid = request.sid
    _best_effort(lambda: live.record_disconnect(sid), "record a disconnect")


def _best_effort(step: Callable[[], None], what: str) -> None:
    """Presence counts after a connect or disconnect: with the database busy or gone they
    are late (the next change corrects them), which is no reason for a traceback."""
    try:
        step()
    except (OperationalError, InterfaceError, errors.DomainError) as exc:
        logger.warning("could not %s: %s", what, exc)
