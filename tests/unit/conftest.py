"""Factories for domain tests: plain calls into the domain on the ``db`` session, no Flask."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import count
from typing import Any

import pytest
from sqlalchemy.orm import Session

from dialogcafe.domain import participants, posting, sessions
from dialogcafe.domain.models import CafeSession, Facilitator, Participant, Post

TOPICS = ("Trygg bolig", "Hjelp i hverdagen", "Medvirkning")


@pytest.fixture
def owner(db: Session, now: datetime) -> Facilitator:
    """A facilitator stored directly (password hashing is tested in test_accounts)."""
    facilitator = Facilitator(email="host@example.no", password_hash="unused", created_at=now)
    db.add(facilitator)
    db.flush()
    return facilitator


@pytest.fixture
def make_cafe(db: Session, owner: Facilitator, now: datetime) -> Callable[..., CafeSession]:
    """Create a session through :func:`sessions.create_session`; keywords override the plan."""

    def make(**overrides: Any) -> CafeSession:
        plan: dict[str, Any] = {
            "title": "Et trygt hjem",
            "tables": 3,
            "topics": list(TOPICS),
            "rounds": 3,
            "round_minutes": 20,
        }
        plan.update(overrides)
        return sessions.create_session(db, owner, sessions.make_plan(**plan), now=now)

    return make


@pytest.fixture
def topics() -> tuple[str, ...]:
    """The questions ``make_cafe`` uses unless told otherwise."""
    return TOPICS


@pytest.fixture
def cafe(make_cafe: Callable[..., CafeSession]) -> CafeSession:
    """A draft session: 3 tables, 3 questions, 3 rounds of 20 minutes."""
    return make_cafe()


@pytest.fixture
def seat(db: Session, now: datetime) -> Callable[..., Participant]:
    """Join a participant to ``cafe`` (at ``table``, or the least-full one)."""

    def join(cafe: CafeSession, table: object = None, nickname: object = None) -> Participant:
        return participants.join(db, cafe, nickname=nickname, table=table, now=now).participant

    return join


@pytest.fixture
def running(db: Session, cafe: CafeSession, now: datetime) -> CafeSession:
    """The café with round 1 started at ``now`` (a 20-minute round ends 20 minutes later)."""
    sessions.advance_round(db, cafe, now=now)
    return cafe


_client_ids = count(1)


@pytest.fixture
def write(db: Session, now: datetime) -> Callable[..., Post]:
    """``write(participant, text)``: an input stored with a client id of its own."""

    def post(participant: Participant, text: str) -> Post:
        client_id = f"client-{next(_client_ids):08d}"
        return posting.create_post(db, participant, client_id=client_id, text=text, now=now).post

    return post
