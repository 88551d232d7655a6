"""Compiling the harvest: inputs grouped by table, then round, with each round's question."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from dialogcafe.domain import posting, sessions
from dialogcafe.domain.models import CafeSession, Participant
from dialogcafe.domain.summaries import build_session_summary


def test_a_draft_session_has_tables_but_no_rounds(
    db: Session, cafe: CafeSession, now: datetime, topics: tuple[str, ...]
) -> None:
    summary = build_session_summary(db, cafe, now=now)
    assert [t.table for t in summary.tables] == [1, 2, 3]
    assert all(t.rounds == () for t in summary.tables)
    assert summary.post_count == 0
    assert (summary.rounds_held, summary.round_count) == (0, 3)
    assert summary.topics == topics
    assert (summary.title, summary.join_code, summary.status) == (
        cafe.title,
        cafe.join_code,
        "draft",
    )
    assert summary.generated_at == now


def test_inputs_are_grouped_by_table_then_round_with_the_right_topic(
    db: Session,
    cafe: CafeSession,
    seat: Callable[..., Participant],
    now: datetime,
    topics: tuple[str, ...],
) -> None:
    kari = seat(cafe, table=1, nickname="Kari")
    ola = seat(cafe, table=2)
    sessions.advance_round(db, cafe, now=now)
    posting.create_post(db, kari, client_id="kari-r1-a", text="K1a", now=now)
    posting.create_post(db, kari, client_id="kari-r1-b", text="K1b", now=now + timedelta(1))
    posting.create_post(db, ola, client_id="ola-r1-a1", text="O1", now=now)
    sessions.advance_round(db, cafe, now=now + timedelta(minutes=20))
    posting.create_post(db, kari, client_id="kari-r2-a", text="K2", now=now)

    summary = build_session_summary(db, cafe, now=now)
    table1, table2, table3 = summary.tables

    assert [(s.round, s.topic) for s in table1.rounds] == [(1, topics[0]), (2, topics[1])]
    assert [i.text for i in table1.rounds[0].posts] == ["K1a", "K1b"]
    assert [i.text for i in table1.rounds[1].posts] == ["K2"]
    assert table1.rounds[0].posts[0].nickname == "Kari"
    assert table1.post_count == 3

    assert [(s.round, s.topic) for s in table2.rounds] == [(1, topics[1]), (2, topics[2])]
    assert [i.text for i in table2.rounds[0].posts] == ["O1"]
    assert table2.rounds[0].posts[0].nickname == ""
    assert table2.rounds[1].posts == ()  # a round without inputs is still listed
    assert table2.post_count == 1

    assert [(s.round, s.topic, s.posts) for s in table3.rounds] == [
        (1, topics[2], ()),
        (2, topics[0], ()),
    ]
    assert table3.post_count == 0

    assert summary.post_count == 4
    assert summary.rounds_held == 2


def test_summary_inputs_carry_ids_and_times(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    person = seat(cafe, table=3)
    sessions.advance_round(db, cafe, now=now)
    post = posting.create_post(db, person, client_id="timed-post", text="t", now=now).post
    (item,) = build_session_summary(db, cafe, now=now).tables[2].rounds[0].posts
    assert (item.id, item.created_at, item.text) == (post.id, now, "t")


def test_a_closed_session_keeps_its_rounds(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    person = seat(cafe, table=1)
    sessions.advance_round(db, cafe, now=now)
    posting.create_post(db, person, client_id="before-close", text="siste", now=now)
    sessions.close_session(db, cafe, now=now)
    summary = build_session_summary(db, cafe, now=now)
    assert summary.status == "closed"
    assert summary.rounds_held == 1
    assert summary.post_count == 1


def test_sessions_do_not_mix(
    db: Session,
    make_cafe: Callable[..., CafeSession],
    seat: Callable[..., Participant],
    now: datetime,
) -> None:
    first, second = make_cafe(), make_cafe()
    for cafe in (first, second):
        sessions.advance_round(db, cafe, now=now)
    posting.create_post(db, seat(first), client_id="first-only", text="a", now=now)
    assert build_session_summary(db, first, now=now).post_count == 1
    assert build_session_summary(db, second, now=now).post_count == 0
