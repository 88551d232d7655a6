"""The facilitators' ``people`` and ``presence`` messages, one for a burst of changes.

Every join changes who sits where, and every connect or disconnect the counts; a hall
that scans the QR code in the same minute makes hundreds of them. Each message reads the
whole café (``people`` lists everyone), so sending one per change cost the server O(N)
work per arriving phone, inside the join's write transaction. Instead, the first change
schedules the café's message ``ANNOUNCE_SECONDS`` later, and changes until then are
folded into it: the message is read after the last of them committed, so facilitators
always end on the current picture, at most that long after it changed. A background task
of the async mode waits (``socketio.sleep``); with ``ANNOUNCE_SECONDS`` 0 (the tests'
synchronous clients) the message is read and sent at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, current_app
from sqlalchemy.exc import InterfaceError, OperationalError

from dialogcafe.adapters import notifier
from dialogcafe.domain import errors
from dialogcafe.domain.models import CafeSession
from dialogcafe.extensions import socketio
from dialogcafe.services import presence
from dialogcafe.services.unit_of_work import UnitOfWork, run
from dialogcafe.views.facilitator import people_overview

logger = logging.getLogger(__name__)
PENDING_KEY = "dialogcafe.announcements"  # app.extensions: {(kind, session id), ...} waiting


def _send_people(session_id: int) -> None:
    def work(uow: UnitOfWork) -> None:
        cafe = uow.db.get(CafeSession, session_id)
        if cafe is not None:
            uow.after_commit(notifier.people_changed, session_id, people_overview(uow.db, cafe))

    run(work)


_SENDERS: dict[str, Callable[[int], None]] = {
    "people": _send_people,
    "presence": presence.announce,
}


def people_soon(session_id: int) -> None:
    """Who sits where changed: the facilitators' ``people`` message, soon."""
    _soon("people", session_id)


def presence_soon(session_id: int) -> None:
    """Someone connected or left: the facilitators' ``presence`` counts, soon."""
    _soon("presence", session_id)


def _soon(kind: str, session_id: int) -> None:
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    delay: float = app.config["ANNOUNCE_SECONDS"]
    if delay <= 0:
        _send(kind, session_id)
        return
    pending: set[tuple[str, int]] = app.extensions.setdefault(PENDING_KEY, set())
    if (kind, session_id) in pending:
        return  # folded into the message already waiting
    pending.add((kind, session_id))
    socketio.start_background_task(_later, app, kind, session_id, delay)


def _later(app: Flask, kind: str, session_id: int, delay: float) -> None:
    socketio.sleep(delay)
    # Off the list before reading: a change after this point schedules the next message.
    app.extensions[PENDING_KEY].discard((kind, session_id))
    with app.app_context():
        _send(kind, session_id)


def _send(kind: str, session_id: int) -> None:
    """Read and send; with the database busy or gone the message is late (the next change
    sends it), which is no reason for a traceback."""
    try:
        _SENDERS[kind](session_id)
    except (OperationalError, InterfaceError, errors.DomainError) as exc:
        logger.warning("could not send %s: %s", kind, exc, extra={"event": "announcement_not_sent"})
