"""Late inputs: written in a round, received after the round moved on or the harvest began.

Nothing written is lost at a phase change: the phone names the round it wrote the input
in, and the server stores it late in that round, at the table and question of that round.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, posting, sessions, summaries
from dialogcafe.domain.models import CafeSession, Participant, Post, Seat
from dialogcafe.domain.rotation import topic_index
from dialogcafe.exports.markdown import render_markdown
from dialogcafe.exports.tables import CSV_COLUMNS, render_csv, summary_document

LATER = timedelta(minutes=20)


def store(
    db: Session, person: Participant, client_id: str, written_round: object, now: datetime
) -> posting.StoredPost:
    db.flush()
    return posting.store_post(
        db,
        person.id,
        client_id=client_id,
        text="Skrevet offline",
        now=now,
        written_round=written_round,
    )


def stored(db: Session, client_id: str) -> Post:
    post = db.scalar(select(Post).where(Post.client_id == client_id))
    assert post is not None
    return post


@pytest.fixture
def person(running: CafeSession, seat: Callable[..., Participant]) -> Participant:
    return seat(running, table=2)


def test_the_current_round_is_an_ordinary_input(
    db: Session, person: Participant, now: datetime
) -> None:
    result = store(db, person, "round-one-now", 1, now)
    assert result.created and not result.post.late
    assert result.post.round_number == 1


def test_an_input_of_the_last_round_is_stored_late_in_it(
    db: Session,
    running: CafeSession,
    person: Participant,
    now: datetime,
    topics: tuple[str, ...],
) -> None:
    sessions.advance_round(db, running, now=now + LATER)
    result = store(db, person, "written-in-one", 1, now + LATER)
    assert result.created
    post = stored(db, "written-in-one")
    assert (post.round_number, post.table_number, post.late) == (1, 2, True)
    assert post.topic.text == result.topic == topics[1]  # table 2's question in round 1
    # Exactly once: the resend gets the same post back.
    again = store(db, person, "written-in-one", 1, now + LATER)
    assert not again.created and again.post.id == post.id


def test_after_the_harvest_began_any_held_round_is_late(
    db: Session, running: CafeSession, person: Participant, now: datetime
) -> None:
    sessions.start_harvest(db, running, now=now + LATER)
    store(db, person, "written-before-harvest", 1, now + LATER)
    post = stored(db, "written-before-harvest")
    assert (post.round_number, post.late) == (1, True)


def test_without_a_round_the_harvest_still_refuses_as_before(
    db: Session, running: CafeSession, person: Participant, now: datetime
) -> None:
    sessions.start_harvest(db, running, now=now + LATER)
    with pytest.raises(errors.HarvestStarted):
        store(db, person, "old-client-input", None, now + LATER)


def test_a_closed_session_takes_nothing_even_late(
    db: Session, running: CafeSession, person: Participant, now: datetime
) -> None:
    sessions.close_session(db, running, now=now + LATER)
    with pytest.raises(errors.SessionClosed) as caught:
        store(db, person, "written-before-close", 1, now + LATER)
    assert caught.value.code == "session_closed"


@pytest.mark.parametrize("written_round", [2, 3])
def test_a_round_to_come_is_refused(
    db: Session, person: Participant, now: datetime, written_round: int
) -> None:
    with pytest.raises(errors.BadRequest) as caught:
        store(db, person, "from-the-future", written_round, now)
    assert caught.value.code == "bad_request"


@pytest.mark.parametrize("written_round", [0, -1, 13, 10**12, "1", 1.5, True, [1]])
def test_a_round_that_is_no_round_is_refused(
    db: Session, person: Participant, now: datetime, written_round: object
) -> None:
    with pytest.raises(errors.InvalidField):
        store(db, person, "not-a-round", written_round, now)


def test_a_draft_still_says_the_round_has_not_started(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    with pytest.raises(errors.RoundNotStarted):
        store(db, seat(cafe, table=1), "too-early", 1, now)


def test_people_move_a_late_input_goes_to_the_seat_of_its_round(
    db: Session,
    make_cafe: Callable[..., CafeSession],
    seat: Callable[..., Participant],
    now: datetime,
) -> None:
    cafe = make_cafe(rotation="people", tables=3, rounds=3)
    people = [seat(cafe, table=table) for table in (1, 1, 2, 2, 3, 3)]
    sessions.advance_round(db, cafe, now=now)
    first_seats = {p.id: p.table_number for p in people}
    sessions.advance_round(db, cafe, now=now + LATER)
    mover = next(p for p in people if p.table_number != first_seats[p.id])
    store(db, mover, "written-at-old-table", 1, now + LATER)
    post = stored(db, "written-at-old-table")
    old_table = first_seats[mover.id]
    seat_row = db.scalar(
        select(Seat).where(Seat.participant_id == mover.id, Seat.round_number == 1)
    )
    assert seat_row is not None and seat_row.table_number == old_table
    assert (post.table_number, post.round_number, post.late) == (old_table, 1, True)
    expected = cafe.topics[topic_index(old_table, 1, len(cafe.topics), "people")]
    assert post.topic_id == expected.id


def test_reports_mark_late_inputs(
    db: Session, running: CafeSession, person: Participant, now: datetime
) -> None:
    store(db, person, "on-time-input", 1, now)
    sessions.start_harvest(db, running, now=now + LATER)
    store(db, person, "late-input-one", 1, now + LATER)
    summary = summaries.build_session_summary(db, running, now=now + LATER)
    posts = [p for t in summary.tables for r in t.rounds for p in r.posts]
    assert sorted(p.late for p in posts) == [False, True]

    markdown = render_markdown(summary)
    assert markdown.count("sent late") == 1

    rows = list(csv.DictReader(io.StringIO(render_csv(summary).lstrip("\ufeff"))))
    assert CSV_COLUMNS[-1] == "late"
    assert sorted(row["late"] for row in rows) == ["0", "1"]

    document = summary_document(summary)
    inputs = [i for t in document["tables"] for r in t["rounds"] for i in r["inputs"]]
    assert sorted(i["late"] for i in inputs) == [False, True]
