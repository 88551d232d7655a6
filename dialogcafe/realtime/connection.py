"""Connecting: authenticate, join the right room, send the ``state`` snapshot."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, session
from flask_socketio import join_room
from sqlalchemy.exc import InterfaceError, OperationalError

from dialogcafe.adapters import metrics
from dialogcafe.adapters.rooms import room_for_facilitators, room_for_participant, room_for_table
from dialogcafe.domain import errors, fields
from dialogcafe.domain.errors import N_
from dialogcafe.extensions import socketio
from dialogcafe.realtime import limits as socket_limits
from dialogcafe.realtime.common import (
    SOCKET_FACILITATOR_KEY,
    SOCKET_FACILITATOR_SESSION_KEY,
    SOCKET_PARTICIPANT_KEY,
    socket_id,
)
from dialogcafe.services import announcements, presence, screens
from dialogcafe.services.accounts import LOGIN_GENERATION_KEY, LOGIN_KEY

logger = logging.getLogger(__name__)
# The kind of an accepted socket (metrics.SOCKET_KINDS), kept in its session so that its
# disconnect takes it off the same count; a refused connect never sets it.
SOCKET_COUNTED_KEY = "socket_counted_kind"


@dataclass(frozen=True)
class _Viewer:
    """Who connected (``kind``: metrics.SOCKET_KINDS): the room they listen in, and how to
    read their ``state``."""

    kind: str
    room: str
    state: Callable[[], dict[str, Any]]


def _connect_facilitator(auth: dict[str, Any], since: object) -> _Viewer:
    """A bearer token in ``auth`` or, for the web page, the login cookie; and one of the
    facilitator's own sessions in ``auth.session``."""
    session_id = auth.get("session")
    if isinstance(session_id, str):
        session_id = fields.form_number(session_id)
    if not fields.is_whole_number(session_id):
        raise errors.BadRequest(detail=N_("Give the session id as auth.session."))
    facilitator_id, cafe_id = screens.watched_session(
        session_id,
        token=auth.get("token"),
        login=session.get(LOGIN_KEY),
        generation=session.get(LOGIN_GENERATION_KEY),
    )
    session[SOCKET_FACILITATOR_SESSION_KEY] = cafe_id
    session[SOCKET_FACILITATOR_KEY] = facilitator_id
    limit = current_app.config["FACILITATOR_STATE_POSTS"]
    return _Viewer(
        "facilitator",
        room_for_facilitators(cafe_id),
        lambda: screens.facilitator_state(cafe_id, since=since, limit=limit),
    )


def _connect_participant(token: object, since: object) -> _Viewer:
    seat = presence.connect_participant(token, sid=socket_id())
    session[SOCKET_PARTICIPANT_KEY] = seat.participant_id
    # Messages for this person alone (their post approved or hidden, "go to table N").
    join_room(room_for_participant(seat.session_id, seat.participant_id))
    page_size = current_app.config["STATE_POSTS"]
    return _Viewer(
        "participant",
        room_for_table(seat.session_id, seat.table),
        lambda: screens.participant_state(seat.participant_id, since=since, page_size=page_size),
    )


@socketio.on("connect")
def on_connect(auth: Any = None) -> None:
    """Authenticate, join the right room and send the current ``state`` to this client.

    The room is joined *before* the snapshot is read, so no change can fall between the
    two: whatever commits after the read reaches this socket as an event. (An event may
    so arrive before the ``state``, or repeat what it holds; clients order both by
    ``seq``.) ``auth.since`` — the ``seq`` of the last ``state`` this client got — makes
    the snapshot a delta of what changed after it (sequence.py). A failure refuses the
    connection (``events.answer_error``), and the phone tries again.
    """
    auth = fields.clean_value(auth) if isinstance(auth, dict) else {}
    since = auth.get("since")
    if "session" in auth or "token" not in auth:
        viewer = _connect_facilitator(auth, since)
    else:
        viewer = _connect_participant(auth.get("token"), since)
    join_room(viewer.room)
    state = viewer.state()
    socketio.emit("state", state, to=socket_id())
    # Presence: the facilitators (this one included) get the counts, soon.
    session_id = state.get("session", {}).get("id")
    if isinstance(session_id, int):
        announcements.presence_soon(session_id)
    # Last: nothing after it can refuse the connection, so its disconnect will come.
    session[SOCKET_COUNTED_KEY] = viewer.kind
    metrics.current().socket_connected(viewer.kind)


@socketio.on("disconnect")
def on_disconnect(reason: Any = None) -> None:
    """Forget this socket's presence row and tell the facilitators the new counts."""
    sid = socket_id()
    kind = session.pop(SOCKET_COUNTED_KEY, None)
    if isinstance(kind, str):
        metrics.current().socket_disconnected(kind)
    socket_limits.forget(sid)
    _best_effort(lambda: _forget_presence(sid), "record a disconnect")


def _forget_presence(sid: str) -> None:
    session_id = presence.record_disconnect(sid)
    if session_id is not None:
        announcements.presence_soon(session_id)


def _best_effort(step: Callable[[], None], what: str) -> None:
    """Presence after a disconnect: with the database busy or gone the row stays until its
    process's sweep and the counts are late (the next change corrects them), which is no
    reason for a traceback."""
    try:
        step()
    except (OperationalError, InterfaceError, errors.DomainError) as exc:
        logger.warning("could not %s: %s", what, exc, extra={"event": "presence_not_recorded"})
