"""People-move rotation wired to the database: topics stay, Seat rows, hosts and stay-seated."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, hosting, moving, participants, sessions
from dialogcafe.domain.models import CafeSession, Participant, Seat
from dialogcafe.domain.rotation import ROTATION_MODES, schedule, topic_index
from dialogcafe.domain.seating import repeat_encounters
from dialogcafe.domain.summaries import build_session_summary


def test_people_mode_is_a_rotation_mode() -> None:
    assert "people" in ROTATION_MODES
    plan = sessions.make_plan(
        title="x", tables=2, topics=["a", "b"], rounds=2, round_minutes=5, rotation="people"
    )
    assert plan.rotation == "people"


@pytest.mark.parametrize("rnd", [1, 2, 3, 7])
def test_in_people_mode_each_table_keeps_its_question(rnd: int) -> None:
    assert [topic_index(t, rnd, 3, "people") for t in range(1, 7)] == [0, 1, 2, 0, 1, 2]


def test_topics_mode_is_still_the_default() -> None:
    assert topic_index(1, 2, 3) == topic_index(1, 2, 3, "topics") == 1
    assert schedule(3, 2, 3, "people") == [[0, 1, 2], [0, 1, 2]]


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError):
        topic_index(1, 1, 3, "tables")


def _seats(db: Session, cafe: CafeSession, rnd: int) -> dict[int, int]:
    rows = db.scalars(select(Seat).where(Seat.session_id == cafe.id, Seat.round_number == rnd))
    return {s.participant_id: s.table_number for s in rows}


@pytest.fixture
def people_cafe(make_cafe: Callable[..., CafeSession]) -> CafeSession:
    return make_cafe(rotation="people", tables=3, rounds=3)


def _fill(seat: Callable[..., Participant], cafe: CafeSession, per_table: int) -> list[Participant]:
    return [seat(cafe, table) for table in range(1, cafe.table_count + 1) for _ in range(per_table)]


def test_round_one_records_seats_and_moves_nobody(
    db: Session, people_cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    people = _fill(seat, people_cafe, 3)
    topics = sessions.advance_round(db, people_cafe, now=now)
    assert [t.topic for t in topics] == [t.text for t in people_cafe.topics]
    assert _seats(db, people_cafe, 1) == {p.id: p.table_number for p in people}
    report = moving.round_seating(db, people_cafe)
    assert report.moved == 0 and report.repeat_encounters == 0


def test_people_mode_round_change_moves_people_keeps_hosts_and_stayers(
    db: Session, people_cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    people = _fill(seat, people_cafe, 4)
    hosts = {t: people[(t - 1) * 4] for t in range(1, 4)}
    for table, host in hosts.items():
        hosting.assign_host(db, people_cafe, table=table, participant_id=host.id)
    stayer = people[1]
    moving.set_stay_seated(stayer, True)
    stayer_table = stayer.table_number
    sessions.advance_round(db, people_cafe, now=now)
    before = {p.id: p.table_number for p in people}
    topics = sessions.advance_round(db, people_cafe, now=now)

    # The question stays with its table.
    assert [t.topic for t in topics] == [t.text for t in people_cafe.topics]
    for table, host in hosts.items():
        assert host.table_number == table
    assert stayer.table_number == stayer_table
    sizes = Counter(p.table_number for p in people)
    assert max(sizes.values()) - min(sizes.values()) <= 1
    after = _seats(db, people_cafe, 2)
    assert after == {p.id: p.table_number for p in people}
    report = moving.round_seating(db, people_cafe)
    moved = {m.participant_id for m in report.moves}
    assert moved == {pid for pid, table in after.items() if before[pid] != table}
    assert moved and not moved & {h.id for h in hosts.values()} and stayer.id not in moved
    assert all(m.from_table == before[m.participant_id] for m in report.moves)
    assert report.repeat_encounters == repeat_encounters(after, [_seats(db, people_cafe, 1)])


def test_repeats_are_reported_when_they_cannot_be_avoided(
    db: Session,
    make_cafe: Callable[..., CafeSession],
    seat: Callable[..., Participant],
    now: datetime,
) -> None:
    cafe = make_cafe(rotation="people", tables=2, rounds=3)
    people = _fill(seat, cafe, 3)
    for _ in range(3):
        sessions.advance_round(db, cafe, now=now)
    report = moving.round_seating(db, cafe)
    # 6 people at 2 tables of 3 cannot all meet new people in round 3.
    assert report.repeat_encounters > 0
    assert len(_seats(db, cafe, 3)) == len(people)


def test_topics_mode_writes_seats_but_moves_nobody(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    people = _fill(seat, cafe, 2)
    sessions.advance_round(db, cafe, now=now)
    sessions.advance_round(db, cafe, now=now)
    assert _seats(db, cafe, 2) == {p.id: p.table_number for p in people}
    assert moving.round_seating(db, cafe).moved == 0


def test_late_joiner_gets_least_full_table_and_a_seat_for_the_round(
    db: Session, people_cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    seat(people_cafe, 1)
    seat(people_cafe, 1)
    seat(people_cafe, 3)
    sessions.advance_round(db, people_cafe, now=now)
    late = participants.join(db, people_cafe, nickname="Sen", table=None, now=now).participant
    assert late.table_number == 2
    assert _seats(db, people_cafe, 1)[late.id] == 2


def test_stay_seated_on_joining_and_must_be_a_boolean(
    db: Session, people_cafe: CafeSession, now: datetime
) -> None:
    joined = participants.join(
        db, people_cafe, nickname=None, table=1, now=now, stay_seated=True
    ).participant
    assert joined.stay_seated is True
    assert moving.set_stay_seated(joined, False) is False
    with pytest.raises(errors.InvalidField):
        moving.set_stay_seated(joined, "yes")


def test_people_mode_summary_keeps_each_tables_question_in_empty_rounds(
    db: Session, people_cafe: CafeSession, now: datetime
) -> None:
    sessions.advance_round(db, people_cafe, now=now)
    sessions.advance_round(db, people_cafe, now=now)
    summary = build_session_summary(db, people_cafe, now=now)
    texts = [t.text for t in people_cafe.topics]
    for table in summary.tables:
        assert [section.topic for section in table.rounds] == [texts[table.table - 1]] * 2
