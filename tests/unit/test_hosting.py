"""Table hosts: who may host, the host code, posting on behalf, and the synthesis upsert."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, hosting, sessions
from dialogcafe.domain.codes import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH
from dialogcafe.domain.models import CafeSession, Participant, Synthesis


def test_a_new_session_has_a_host_code(cafe: CafeSession) -> None:
    assert len(cafe.host_code) == JOIN_CODE_LENGTH
    assert set(cafe.host_code) <= set(JOIN_CODE_ALPHABET)


def test_facilitator_makes_a_host_and_a_new_one_replaces_the_old(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant]
) -> None:
    first, second = seat(cafe, 2), seat(cafe, 2)
    change = hosting.assign_host(db, cafe, table=2, participant_id=first.id)
    assert change.replaced is None and hosting.is_host(first)
    change = hosting.assign_host(db, cafe, table=2, participant_id=str(second.id))
    assert change.replaced is first
    assert first.hosted_table is None and second.hosted_table == 2
    assert hosting.host_of(db, cafe, 2) is second
    assert hosting.hosts_by_table(db, cafe) == {2: second}


def test_two_claims_at_the_same_moment_leave_one_host(
    db: Session,
    cafe: CafeSession,
    seat: Callable[..., Participant],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second = seat(cafe, 2), seat(cafe, 2)
    hosting.become_host(db, first, code=cafe.host_code)
    # The second claim read "no host yet" before the first was stored (the race window).
    monkeypatch.setattr(hosting, "host_of", lambda *_args: None)
    with pytest.raises(errors.HostTaken):
        hosting.become_host(db, second, code=cafe.host_code)


def test_a_person_hosts_one_table_and_only_where_they_sit(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant]
) -> None:
    person = seat(cafe, 1)
    with pytest.raises(errors.NotAtTable):
        hosting.assign_host(db, cafe, table=2, participant_id=person.id)
    with pytest.raises(errors.UnknownTable):
        hosting.assign_host(db, cafe, table=9, participant_id=person.id)
    with pytest.raises(errors.UnknownParticipant):
        hosting.assign_host(db, cafe, table=1, participant_id=999)


def test_host_from_another_session_is_unknown(
    db: Session,
    make_cafe: Callable[..., CafeSession],
    cafe: CafeSession,
    seat: Callable[..., Participant],
) -> None:
    stranger = seat(make_cafe(), 1)
    with pytest.raises(errors.UnknownParticipant):
        hosting.assign_host(db, cafe, table=1, participant_id=stranger.id)


def test_become_host_with_the_right_code_only(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant]
) -> None:
    person = seat(cafe, 3)
    with pytest.raises(errors.WrongHostCode):
        hosting.become_host(db, person, code="WRONG1")
    with pytest.raises(errors.WrongHostCode):
        hosting.become_host(db, person, code=None)
    change = hosting.become_host(db, person, code=cafe.host_code.lower())
    assert change.table == 3 and hosting.is_host(person)


def test_only_hosts_post_on_behalf(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    host, guest = seat(cafe, 1), seat(cafe, 1)
    sessions.advance_round(db, cafe, now=now)
    with pytest.raises(errors.NotHost):
        hosting.post_on_behalf(db, guest, client_id="client-0001", text="Hi", name="", now=now)
    hosting.assign_host(db, cafe, table=1, participant_id=host.id)
    result = hosting.post_on_behalf(
        db, host, client_id="client-0002", text="Mer lys", name="  Kari ", now=now
    )
    assert result.created and result.post.on_behalf and result.post.on_behalf_name == "Kari"
    again = hosting.post_on_behalf(
        db, host, client_id="client-0002", text="Mer lys", name="Kari", now=now
    )
    assert not again.created and again.post.id == result.post.id


def test_synthesis_is_host_only_and_upserted_per_round(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    host, guest = seat(cafe, 2), seat(cafe, 2)
    hosting.assign_host(db, cafe, table=2, participant_id=host.id)
    with pytest.raises(errors.RoundNotStarted):
        hosting.save_synthesis(db, host, text="Too early", now=now)
    sessions.advance_round(db, cafe, now=now)
    with pytest.raises(errors.NotHost):
        hosting.save_synthesis(db, guest, text="Mine", now=now)
    with pytest.raises(errors.EmptyPost):
        hosting.save_synthesis(db, host, text="  ", now=now)
    with pytest.raises(errors.PostTooLong):
        hosting.save_synthesis(db, host, text="x" * 2001, now=now)
    first = hosting.save_synthesis(db, host, text="Draft", now=now)
    later = now + timedelta(minutes=1)
    second = hosting.save_synthesis(db, host, text=" Final ", now=later)
    assert second.id == first.id and second.text == "Final" and second.updated_at == later
    assert db.scalar(select(func.count()).select_from(Synthesis)) == 1
    sessions.advance_round(db, cafe, now=now)
    hosting.save_synthesis(db, host, text="Round two", now=now)
    rounds = [(s.round_number, s.text) for s in hosting.syntheses_for_session(db, cafe)]
    assert rounds == [(1, "Final"), (2, "Round two")]


def _write_syntheses(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    """Every table's host writes "T<table>R<round>" in rounds 1 and 2; round 3 runs."""
    hosts = [seat(cafe, table) for table in (1, 2, 3)]
    for table, person in enumerate(hosts, 1):
        hosting.assign_host(db, cafe, table=table, participant_id=person.id)
    for rnd in (1, 2):
        sessions.advance_round(db, cafe, now=now)
        for table, person in enumerate(hosts, 1):
            hosting.save_synthesis(db, person, text=f"T{table}R{rnd}", now=now)
    sessions.advance_round(db, cafe, now=now)


def test_questions_move_with_what_was_said_about_them(
    db: Session,
    make_cafe: Callable[..., CafeSession],
    seat: Callable[..., Participant],
    now: datetime,
) -> None:
    # Table t has question (t - 1) + (r - 1): in round 3 table 1 has question 3, which
    # table 3 had in round 1 and table 2 in round 2.
    cafe = make_cafe()
    _write_syntheses(db, cafe, seat, now)
    read = {t: [s.text for s in hosting.syntheses_for_table(db, cafe, t)] for t in (1, 2, 3)}
    assert read == {1: ["T3R1", "T2R2"], 2: ["T1R1", "T3R2"], 3: ["T2R1", "T1R2"]}
    for table in (1, 2, 3):
        question = sessions.topic_for_table(cafe, table).topic
        for synthesis in hosting.syntheses_for_table(db, cafe, table):
            assert cafe.topics[hosting.synthesis_question(cafe, synthesis)].text == question


def test_a_host_edits_the_tables_own_synthesis_of_this_round(
    db: Session,
    make_cafe: Callable[..., CafeSession],
    seat: Callable[..., Participant],
    now: datetime,
) -> None:
    cafe = make_cafe()
    _write_syntheses(db, cafe, seat, now)
    host = hosting.host_of(db, cafe, 1)
    assert host is not None
    hosting.save_synthesis(db, host, text="T1R3", now=now)
    read = [(s.table_number, s.round_number) for s in hosting.syntheses_for_table(db, cafe, 1)]
    assert read == [(3, 1), (2, 2), (1, 3)]  # not T1R1 or T1R2: other questions


def test_in_people_mode_the_syntheses_stay_with_the_table(
    db: Session,
    make_cafe: Callable[..., CafeSession],
    seat: Callable[..., Participant],
    now: datetime,
) -> None:
    cafe = make_cafe(rotation="people")
    _write_syntheses(db, cafe, seat, now)
    for table in (1, 2, 3):
        texts = [s.text for s in hosting.syntheses_for_table(db, cafe, table)]
        assert texts == [f"T{table}R1", f"T{table}R2"]
        assert {
            hosting.synthesis_question(cafe, s)
            for s in hosting.syntheses_for_table(db, cafe, table)
        } == {table - 1}


def test_a_host_who_moved_away_is_no_longer_host_there(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant]
) -> None:
    host = seat(cafe, 1)
    hosting.assign_host(db, cafe, table=1, participant_id=host.id)
    host.table_number = 2
    assert not hosting.is_host(host)
    with pytest.raises(errors.NotHost):
        hosting.require_host(host)
