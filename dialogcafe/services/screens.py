"""What a live screen reads: which café a facilitator may watch, the ``state`` a screen
starts from when it connects, and pages of older inputs it asks for later."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from dialogcafe.clock import utcnow
from dialogcafe.domain import errors, likes, roles
from dialogcafe.domain.models import CafeSession, Facilitator, Participant
from dialogcafe.domain.roles import Action
from dialogcafe.services import accounts
from dialogcafe.services.participants import load_participant
from dialogcafe.services.unit_of_work import run
from dialogcafe.views import paging
from dialogcafe.views.facilitator import facilitator_snapshot
from dialogcafe.views.phone import participant_snapshot


def _facilitator(db: Session, token: object, login: object, generation: object) -> Facilitator:
    """A bearer token when one is given; else the web page's login cookie, whose login
    generation is checked too (a cookie from before a log-out is refused)."""
    if isinstance(token, str) and token:
        return accounts.facilitator_for_token(db, token)
    return accounts.facilitator_for_login(db, login, generation)


def watched_session(
    session_id: int, *, token: object, login: object, generation: object
) -> tuple[int, int]:
    """Who watches, and the id of the café their screen may watch: one they have a role in."""

    def authorise(db: Session) -> tuple[int, int]:
        facilitator = _facilitator(db, token, login, generation)
        return facilitator.id, roles.session_for(db, facilitator.id, session_id, Action.VIEW).id

    return run(lambda uow: authorise(uow.db))


def _cafe(db: Session, session_id: int, *, gone: type[errors.DomainError]) -> CafeSession:
    """The café a screen was authorised for, unless it was deleted since (``gone``)."""
    cafe = db.get(CafeSession, session_id)
    if cafe is None:
        raise gone()
    return cafe


def facilitator_state(session_id: int, *, since: object, limit: int) -> dict[str, Any]:
    """The facilitator's ``state``: every table (a delta after ``since`` on a reconnect)."""
    return run(
        lambda uow: facilitator_snapshot(
            uow.db,
            _cafe(uow.db, session_id, gone=errors.SessionNotFound),
            now=utcnow(),
            since=since,
            limit=limit,
        )
    )


def participant_state(participant_id: int, *, since: object, page_size: int) -> dict[str, Any]:
    """The participant's ``state``: their table (a delta after ``since`` on a reconnect)."""

    def read(db: Session) -> dict[str, Any]:
        participant = db.get(Participant, participant_id)
        if participant is None:
            raise errors.InvalidToken()
        return participant_snapshot(db, participant, now=utcnow(), since=since, page_size=page_size)

    return run(lambda uow: read(uow.db))


def older_posts_for_participant(
    participant_id: int, body: Mapping[str, object], *, page_size: int
) -> dict[str, Any]:
    """A phone's page of inputs older than its ``state`` holds (``views/paging.py``)."""
    return run(
        lambda uow: paging.older_for_participant(
            uow.db, load_participant(uow.db, participant_id), body, page_size=page_size
        )
    )


def older_posts_for_facilitator(
    facilitator_id: int, session_id: int, body: Mapping[str, object], *, page_size: int
) -> dict[str, Any]:
    """A facilitator screen's page of older inputs, of the café it was authorised for, while
    the facilitator still has a role there (a removed member's open screen gets nothing)."""
    return run(
        lambda uow: paging.older_for_facilitator(
            uow.db,
            roles.session_for(uow.db, facilitator_id, session_id, Action.VIEW),
            body,
            page_size=page_size,
        )
    )


def other_tables_shown(participant_id: int) -> tuple[int, bool]:
    """The participant's café and whether its other tables' inputs may be seen now."""

    def read(db: Session) -> tuple[int, bool]:
        participant = load_participant(db, participant_id)
        return participant.session_id, likes.other_tables_visible(participant.session)

    return run(lambda uow: read(uow.db))
