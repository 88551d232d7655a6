"""What every socket handler shares: who the connection is, and turning results into acks.

Who a connection is (its participant id, or the facilitator's session) is kept in the
connection's own session copy, which Flask-SocketIO keeps per socket and never writes
back to the browser's cookie; it is set again on every connect. Everything durable is in
the database, so any server process can serve any reconnecting phone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import session
from sqlalchemy.orm import Session, joinedload

from dialogcafe.adapters.sqlite_worker import run_transaction
from dialogcafe.domain import errors
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import CafeSession, Participant
from dialogcafe.extensions import get_database
from dialogcafe.translation import describe

SOCKET_PARTICIPANT_KEY = "socket_participant_id"
SOCKET_FACILITATOR_SESSION_KEY = "socket_facilitator_session_id"
_WITH_SESSION = [joinedload(Participant.session)]


@dataclass
class Outcome:
    """A handler's result: what the ack carries, and the emits to send after the commit."""

    ack: dict[str, Any] = field(default_factory=dict)
    then: Callable[[], None] | None = None


def ack_error(error: errors.DomainError) -> dict[str, Any]:
    return {"ok": False, "error": describe(error), "code": error.code, **error.answer_fields()}


def _run(
    data: Any, load: Callable[[Session], Any], action: Callable[..., Outcome]
) -> dict[str, Any]:
    """One transaction for ``load`` and ``action``, off the event loop (``offload.py``);
    ``load`` and ``action`` get everything from their arguments, never from the request.
    A domain error or a database outage becomes a failed ack in ``events.answer``, which
    every handler is registered through."""
    if not isinstance(data, dict):
        return ack_error(errors.BadRequest(detail=N_("Send the event's data as an object.")))
    outcome = run_transaction(get_database(), lambda db: action(db, load(db), data))
    if outcome.then is not None:
        outcome.then()
    return {"ok": True, **outcome.ack}


def as_participant(
    data: Any, action: Callable[[Session, Participant, dict[str, Any]], Outcome]
) -> dict[str, Any]:
    """Run ``action`` for the participant behind this connection, in one transaction."""
    participant_id = session.get(SOCKET_PARTICIPANT_KEY)
    return _run(data, lambda db: load_participant(db, participant_id), action)


def as_participant_id(
    data: Any, action: Callable[[Session, int, dict[str, Any]], Outcome]
) -> dict[str, Any]:
    """:func:`as_participant` for an action that reads the participant itself, by id (the
    hot path of storing an input, which refuses an unknown participant on its own)."""
    participant_id = session.get(SOCKET_PARTICIPANT_KEY)
    if not isinstance(participant_id, int):
        return ack_error(errors.Forbidden())
    return _run(data, lambda _db: participant_id, action)


def load_participant(db: Session, participant_id: object) -> Participant:
    """The participant, with their session in the same query: nearly every handler needs it.

    (Not its questions: joined, they would repeat the row up to 30 times; loaded lazily,
    they are read once per batch of the worker's transaction, see offload.py.)
    """
    participant = (
        db.get(Participant, participant_id, options=_WITH_SESSION) if participant_id else None
    )
    if participant is None:
        raise errors.Forbidden()
    return participant


def as_facilitator(
    data: Any, action: Callable[[Session, CafeSession, dict[str, Any]], Outcome]
) -> dict[str, Any]:
    """Run ``action`` on the session this facilitator connection was authorised for."""

    session_id = session.get(SOCKET_FACILITATOR_SESSION_KEY)

    def load(db: Session) -> CafeSession:
        cafe = db.get(CafeSession, session_id) if session_id else None
        if cafe is None:
            raise errors.Forbidden()
        return cafe

    return _run(data, load, action)
