"""What every socket handler shares: who the connection is, and failed acks.

Who a connection is (its participant id, or the facilitator's session) is kept in the
connection's own session copy, which Flask-SocketIO keeps per socket and never writes
back to the browser's cookie; it is set again on every connect. Everything durable is in
the database, so any server process can serve any reconnecting phone.
"""

from __future__ import annotations

from typing import Any

from flask import request, session

from dialogcafe.domain import errors
from dialogcafe.domain.errors import N_
from dialogcafe.translation import describe

SOCKET_PARTICIPANT_KEY = "socket_participant_id"
SOCKET_FACILITATOR_SESSION_KEY = "socket_facilitator_session_id"
SOCKET_FACILITATOR_KEY = "socket_facilitator_id"


def socket_id() -> str:
    """This connection's Socket.IO id, which Flask-SocketIO sets on ``request`` in handlers."""
    sid: str = request.sid  # type: ignore[attr-defined]  # added at run time, not in Flask's types
    return sid


def ack_error(error: errors.DomainError) -> dict[str, Any]:
    """The failed ack of ``error``, in the connection's language."""
    return {"ok": False, "error": describe(error), "code": error.code, **error.answer_fields()}


def event_data(data: Any) -> dict[str, Any]:
    """The event's data, which every handler expects as an object."""
    if not isinstance(data, dict):
        raise errors.BadRequest(detail=N_("Send the event's data as an object."))
    return data


def is_participant() -> bool:
    """Whether a participant's phone (not a facilitator's screen) holds this connection."""
    return session.get(SOCKET_PARTICIPANT_KEY) is not None


def participant_id() -> int:
    """The participant behind this connection; a facilitator's screen is refused."""
    who = session.get(SOCKET_PARTICIPANT_KEY)
    if not isinstance(who, int):
        raise errors.Forbidden()
    return who


def facilitator_session_id() -> tuple[int, int]:
    """Who this facilitator connection is and the café it was authorised for; a phone is
    refused."""
    facilitator_id = session.get(SOCKET_FACILITATOR_KEY)
    cafe_id = session.get(SOCKET_FACILITATOR_SESSION_KEY)
    if not isinstance(cafe_id, int) or not isinstance(facilitator_id, int):
        raise errors.Forbidden()
    return facilitator_id, cafe_id
