"""Session lifecycle: draft → running (rounds 1..n) → closed, with stored end times."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogcafe.adapters.database import Database
from dialogcafe.domain import errors, participants, posting, roles, sessions
from dialogcafe.domain.codes import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH
from dialogcafe.domain.models import CafeSession, Facilitator, Participant, Topic
from dialogcafe.domain.roles import Action


def test_create_session_stores_a_draft_with_topics_in_order(
    db: Session, cafe: CafeSession, now: datetime, topics: tuple[str, ...]
) -> None:
    stored = db.get(CafeSession, cafe.id)
    assert stored is not None
    assert (stored.status, stored.current_round) == ("draft", 0)
    assert (stored.table_count, stored.round_count, stored.round_minutes) == (3, 3, 20)
    assert stored.round_started_at is None and stored.round_ends_at is None
    assert stored.created_at == now
    assert [t.text for t in stored.topics] == list(topics)
    assert [t.position for t in stored.topics] == [0, 1, 2]
    assert len(stored.join_code) == JOIN_CODE_LENGTH
    assert set(stored.join_code) <= set(JOIN_CODE_ALPHABET)


def test_join_codes_differ_between_sessions(make_cafe: Callable[..., CafeSession]) -> None:
    codes = {make_cafe().join_code for _ in range(20)}
    assert len(codes) == 20


def test_before_the_start_tables_show_round_one_questions(
    cafe: CafeSession, topics: tuple[str, ...]
) -> None:
    assert [(t.table, t.topic) for t in sessions.table_topics(cafe)] == [
        (1, topics[0]),
        (2, topics[1]),
        (3, topics[2]),
    ]


def test_advance_round_starts_round_one_and_sets_the_end_time(
    db: Session, cafe: CafeSession, now: datetime, topics: tuple[str, ...]
) -> None:
    table_topics = sessions.advance_round(db, cafe, now=now)
    assert cafe.status == "running"
    assert cafe.current_round == 1
    assert cafe.round_started_at == now
    assert cafe.round_ends_at == now + timedelta(minutes=20)
    assert [t.topic for t in table_topics] == list(topics)
    assert [t.topic_id for t in table_topics] == [t.id for t in cafe.topics]


def test_each_round_rotates_questions_and_restarts_the_timer(
    db: Session, make_cafe: Callable[..., CafeSession], now: datetime, topics: tuple[str, ...]
) -> None:
    cafe = make_cafe(round_minutes=15)
    sessions.advance_round(db, cafe, now=now)
    later = now + timedelta(minutes=17)
    table_topics = sessions.advance_round(db, cafe, now=later)
    assert cafe.current_round == 2
    assert cafe.round_started_at == later
    assert cafe.round_ends_at == later + timedelta(minutes=15)
    assert [t.topic for t in table_topics] == [topics[1], topics[2], topics[0]]
    assert sessions.topic_for_table(cafe, 1).topic == topics[1]


def test_end_time_survives_a_reload(database: Database, now: datetime) -> None:
    """Timers are stored end times: a fresh session (another process) reads the same."""
    with database.transaction() as db:
        owner = Facilitator(email="a@example.no", password_hash="x", created_at=now)
        db.add(owner)
        plan = sessions.make_plan(title="T", tables=2, topics=["a"], rounds=2, round_minutes=30)
        cafe = sessions.create_session(db, owner, plan, now=now)
        sessions.advance_round(db, cafe, now=now)
        cafe_id = cafe.id
    with database.transaction() as db:
        stored = db.get(CafeSession, cafe_id)
        assert stored is not None
        assert stored.round_ends_at == now + timedelta(minutes=30)
        assert stored.round_ends_at.tzinfo is not None


def test_no_more_rounds_after_the_last(
    db: Session, make_cafe: Callable[..., CafeSession], now: datetime
) -> None:
    cafe = make_cafe(rounds=2)
    sessions.advance_round(db, cafe, now=now)
    sessions.advance_round(db, cafe, now=now)
    with pytest.raises(errors.NoMoreRounds) as caught:
        sessions.advance_round(db, cafe, now=now)
    assert str(caught.value) == "That was the last round. There are no more rounds to start."
    assert cafe.current_round == 2


def test_close_session_stops_the_timer(db: Session, cafe: CafeSession, now: datetime) -> None:
    sessions.advance_round(db, cafe, now=now)
    sessions.close_session(db, cafe, now=now)
    assert cafe.status == "closed"
    assert cafe.round_ends_at is None
    assert cafe.current_round == 1


def test_a_draft_session_can_be_closed(db: Session, cafe: CafeSession, now: datetime) -> None:
    sessions.close_session(db, cafe, now=now)
    assert cafe.status == "closed"


def test_a_closed_session_rejects_advance_join_post_and_close(
    db: Session,
    cafe: CafeSession,
    now: datetime,
    seat: Callable[..., Participant],
) -> None:
    sessions.advance_round(db, cafe, now=now)
    person = seat(cafe)
    sessions.close_session(db, cafe, now=now)
    with pytest.raises(errors.SessionClosed):
        sessions.advance_round(db, cafe, now=now)
    with pytest.raises(errors.SessionClosed):
        participants.join(db, cafe, nickname=None, table=None, now=now)
    with pytest.raises(errors.SessionClosed):
        posting.create_post(db, person, client_id="closed-post-1", text="hei", now=now)
    with pytest.raises(errors.SessionClosed):
        sessions.close_session(db, cafe, now=now)
    assert db.scalar(select(func.count()).select_from(Participant)) == 1
    assert cafe.current_round == 1


def test_find_a_session_by_what_people_type(cafe: CafeSession, db: Session) -> None:
    code = cafe.join_code
    typed = f" {code[:3].lower()}-{code[3:].lower()} "
    assert sessions.session_by_join_code(db, typed).id == cafe.id


@pytest.mark.parametrize("typed", ["", "ZZZZZZ", "nope", "ABC12", "<script>"])
def test_unknown_join_codes_raise_unknown_session(
    cafe: CafeSession, db: Session, typed: str
) -> None:
    if typed == "ZZZZZZ" and cafe.join_code == "ZZZZZZ":  # pragma: no cover - 1 in 887M
        typed = "YYYYYY"
    with pytest.raises(errors.UnknownSession) as caught:
        sessions.session_by_join_code(db, typed)
    assert caught.value.status == 404


def test_other_facilitators_sessions_look_missing(
    db: Session, cafe: CafeSession, owner: Facilitator, now: datetime
) -> None:
    other = Facilitator(email="other@example.no", password_hash="x", created_at=now)
    db.add(other)
    db.flush()
    assert roles.session_for(db, owner.id, cafe.id, Action.VIEW) is cafe
    with pytest.raises(errors.UnknownSession):
        roles.session_for(db, other.id, cafe.id, Action.VIEW)
    with pytest.raises(errors.UnknownSession):
        roles.session_for(db, owner.id, cafe.id + 1000, Action.VIEW)


def test_sessions_of_lists_own_sessions_newest_first(
    db: Session, owner: Facilitator, now: datetime
) -> None:
    plan = sessions.make_plan(title="x", tables=1, topics=["q"], rounds=1, round_minutes=5)
    older = sessions.create_session(db, owner, plan, now=now)
    newer = sessions.create_session(db, owner, plan, now=now + timedelta(days=1))
    same_time = sessions.create_session(db, owner, plan, now=now + timedelta(days=1))
    other = Facilitator(email="other@example.no", password_hash="x", created_at=now)
    db.add(other)
    db.flush()
    sessions.create_session(db, other, plan, now=now)
    assert [c.id for c in sessions.sessions_of(db, owner)] == [same_time.id, newer.id, older.id]


def test_deleting_a_session_deletes_its_topics(db: Session, cafe: CafeSession) -> None:
    db.delete(cafe)
    db.flush()
    assert db.scalar(select(func.count()).select_from(Topic)) == 0
