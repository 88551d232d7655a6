"""Joining: anonymous participants, a table each (chosen or least full), a secret token."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, participants
from dialogcafe.domain.codes import token_hash
from dialogcafe.domain.models import CafeSession, Participant
from dialogcafe.domain.seating import emptiest_table


@pytest.mark.parametrize(
    ("headcounts", "expected"),
    [
        ({1: 0, 2: 0, 3: 0}, 1),
        ({1: 1, 2: 0, 3: 0}, 2),
        ({1: 1, 2: 1, 3: 0}, 3),
        ({1: 2, 2: 1, 3: 1}, 2),
        ({1: 5, 2: 5, 3: 4}, 3),
        ({1: 0}, 1),
    ],
)
def test_least_full_table_prefers_the_lowest_number_on_ties(
    headcounts: dict[int, int], expected: int
) -> None:
    assert emptiest_table(headcounts) == expected


def test_people_without_a_choice_fill_the_tables_evenly(
    cafe: CafeSession, seat: Callable[..., Participant]
) -> None:
    assert [seat(cafe).table_number for _ in range(7)] == [1, 2, 3, 1, 2, 3, 1]


def test_automatic_seating_counts_people_who_chose_a_table(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant]
) -> None:
    seat(cafe, table=1)
    seat(cafe, table=1)
    seat(cafe, table=3)
    assert participants.table_headcounts(db, cafe) == {1: 2, 2: 0, 3: 1}
    assert seat(cafe).table_number == 2
    assert seat(cafe).table_number == 2
    assert seat(cafe).table_number == 3  # 2, 2, 1: table 3 is least full


def test_headcounts_are_per_session(
    db: Session, make_cafe: Callable[..., CafeSession], seat: Callable[..., Participant]
) -> None:
    first, second = make_cafe(), make_cafe(tables=2)
    seat(first, table=1)
    seat(first, table=1)
    assert participants.table_headcounts(db, second) == {1: 0, 2: 0}
    assert seat(second).table_number == 1


def test_an_explicit_table_is_honoured(cafe: CafeSession, seat: Callable[..., Participant]) -> None:
    assert seat(cafe, table=3).table_number == 3
    assert seat(cafe, table=3).table_number == 3


@pytest.mark.parametrize("table", [0, 4, -1, 99, "2", "", 2.0, True, [1]])
def test_unknown_tables_are_refused(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], table: object
) -> None:
    with pytest.raises(errors.UnknownTable) as caught:
        seat(cafe, table=table)
    assert caught.value.params["table_count"] == 3
    assert "Choose a table from 1 to 3" in str(caught.value)
    assert db.scalar(select(func.count()).select_from(Participant)) == 0


def test_join_returns_a_token_that_finds_the_participant(
    db: Session, cafe: CafeSession, now: datetime
) -> None:
    joined = participants.join(db, cafe, nickname=None, table=None, now=now)
    assert joined.participant.id is not None
    assert joined.participant.created_at == now
    assert joined.participant.token_hash == token_hash(joined.token)
    assert joined.token not in joined.participant.token_hash
    assert participants.participant_for_token(db, joined.token) is joined.participant


@pytest.mark.parametrize("token", [None, "", 42, "not-a-real-token"])
def test_wrong_tokens_are_refused(
    cafe: CafeSession, db: Session, seat: Callable[..., Participant], token: object
) -> None:
    seat(cafe)
    with pytest.raises(errors.InvalidToken) as caught:
        participants.participant_for_token(db, token)
    assert caught.value.status == 401


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("  Kari  ", "Kari"),
        ("Kari \n  Nordmann\t", "Kari Nordmann"),
        ("Åse Ødegård", "Åse Ødegård"),
        ("x" * 40, "x" * 40),
        ("  " + "y" * 40 + "  ", "y" * 40),
    ],
)
def test_nicknames_are_optional_and_trimmed(
    cafe: CafeSession, seat: Callable[..., Participant], typed: object, stored: str
) -> None:
    assert seat(cafe, nickname=typed).nickname == stored


@pytest.mark.parametrize("nickname", ["z" * 41, 42, ["Kari"]])
def test_bad_nicknames_are_refused(
    cafe: CafeSession, seat: Callable[..., Participant], nickname: object
) -> None:
    with pytest.raises(errors.InvalidField) as caught:
        seat(cafe, nickname=nickname)
    assert caught.value.params["field"] == "nickname"
