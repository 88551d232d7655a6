"""The ``older_posts`` event: a page of older inputs than a screen's ``state`` holds."""

from __future__ import annotations

from typing import Any

from flask import current_app, session
from sqlalchemy.orm import Session

from dialogcafe.domain.models import CafeSession, Participant
from dialogcafe.realtime.common import (
    SOCKET_PARTICIPANT_KEY,
    Outcome,
    as_facilitator,
    as_participant,
)
from dialogcafe.realtime.events import on_event
from dialogcafe.realtime.limits import limited
from dialogcafe.views import paging


@on_event("older_posts")
@limited("older_posts")
def on_older_posts(data: Any = None) -> dict[str, Any]:
    """Up to ``STATE_POSTS`` inputs older than ``before``: a phone's table (or the other
    tables), a facilitator's café (or one table). Reads only; nothing is emitted."""
    page_size: int = current_app.config["STATE_POSTS"]

    def for_participant(db: Session, participant: Participant, body: dict[str, Any]) -> Outcome:
        return Outcome(paging.older_for_participant(db, participant, body, page_size=page_size))

    def for_facilitator(db: Session, cafe: CafeSession, body: dict[str, Any]) -> Outcome:
        return Outcome(paging.older_for_facilitator(db, cafe, body, page_size=page_size))

    if session.get(SOCKET_PARTICIPANT_KEY) is not None:
        return as_participant(data, for_participant)
    return as_facilitator(data, for_facilitator)
