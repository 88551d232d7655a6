"""Editing a café's plan: everything before round 1, the wording after, nothing when closed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from dialogcafe.domain import editing, errors, sessions
from dialogcafe.domain.limits import MAX_TABLES, MAX_TOPIC_LENGTH
from dialogcafe.domain.models import CafeSession, Participant


def texts(cafe: CafeSession) -> list[str]:
    return [topic.text for topic in cafe.topics]


def test_before_round_1_questions_tables_and_rounds_all_change(
    db: Session, cafe: CafeSession
) -> None:
    edit = editing.make_edit(
        topics=["Hva er trygt?", " ", "Hva mangler?"], tables=4, rounds=2, round_minutes=15
    )
    editing.apply_edit(db, cafe, edit)
    assert texts(cafe) == ["Hva er trygt?", "Hva mangler?"]
    assert (cafe.table_count, cafe.round_count, cafe.round_minutes) == (4, 2, 15)
    assert [t.topic for t in sessions.table_topics(cafe)][:3] == [
        "Hva er trygt?",
        "Hva mangler?",
        "Hva er trygt?",
    ]
    editing.apply_edit(db, cafe, editing.make_edit(topics=["a", "b", "c", "d"]))
    assert texts(cafe) == ["a", "b", "c", "d"]
    assert [topic.position for topic in cafe.topics] == [0, 1, 2, 3]


def test_after_round_1_only_the_wording_changes(
    db: Session, cafe: CafeSession, now: datetime
) -> None:
    sessions.advance_round(db, cafe, now=now)
    seq = cafe.seq
    reworded = [f"{text} (ny)" for text in texts(cafe)]
    editing.apply_edit(db, cafe, editing.make_edit(topics=reworded, tables=cafe.table_count))
    assert texts(cafe) == reworded
    assert cafe.seq > seq  # every screen shows the questions
    with pytest.raises(editing.PlanLocked):
        editing.apply_edit(db, cafe, editing.make_edit(topics=reworded[:2]))
    with pytest.raises(editing.PlanLocked):
        editing.apply_edit(db, cafe, editing.make_edit(topics=reworded, rounds=5))
    sessions.start_harvest(db, cafe, now=now)
    editing.apply_edit(db, cafe, editing.make_edit(topics=["x", "y", "z"]))
    assert texts(cafe) == ["x", "y", "z"]
    sessions.close_session(db, cafe, now=now)
    with pytest.raises(errors.SessionClosed):
        editing.apply_edit(db, cafe, editing.make_edit(topics=["x", "y", "z"]))


@pytest.mark.parametrize(
    "changes",
    [
        {"topics": []},
        {"topics": "one question"},
        {"topics": ["x" * (MAX_TOPIC_LENGTH + 1)]},
        {"topics": ["ok"], "tables": MAX_TABLES + 1},
        {"topics": ["ok"], "rounds": 0},
        {"topics": ["ok"], "round_minutes": "tjue"},
    ],
)
def test_the_new_session_forms_limits_hold(changes: dict[str, object]) -> None:
    with pytest.raises(errors.InvalidField):
        editing.make_edit(**changes)


def test_fewer_tables_than_where_people_sit_is_refused(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant]
) -> None:
    seat(cafe, table=3)
    with pytest.raises(editing.TablesInUse):
        editing.apply_edit(db, cafe, editing.make_edit(topics=texts(cafe), tables=2))
    assert cafe.table_count == 3


@pytest.mark.parametrize(
    ("tables", "questions", "shared"),
    [
        (3, 3, []),
        (3, 5, []),
        (4, 2, [(1, 3), (2, 4)]),
        (5, 2, [(1, 3, 5), (2, 4)]),
        (4, 3, [(1, 4)]),
        (2, 1, [(1, 2)]),
    ],
)
def test_shared_questions_name_the_tables(
    tables: int, questions: int, shared: list[tuple[int, ...]]
) -> None:
    assert editing.shared_questions(tables, questions) == shared
