"""Lifecycle draft → running → harvest → closed, and deleting a session with all its data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from dialogcafe.domain import erasure, errors, posting, presence, sessions
from dialogcafe.domain.models import (
    Base,
    CafeSession,
    DotVote,
    Facilitator,
    Invitation,
    Like,
    MessageTranslation,
    ModerationEvent,
    Participant,
    ParticipantErasure,
    Post,
    Project,
    ProjectCafe,
    SessionMember,
    Synthesis,
    Theme,
    ThemePost,
    TopicTranslation,
)


def _post(db: Session, person: Participant, client_id: str, now: datetime) -> Post:
    return posting.create_post(db, person, client_id=client_id, text="Et innspill", now=now).post


def test_harvest_follows_the_rounds_and_stops_the_timer(
    db: Session, cafe: CafeSession, now: datetime
) -> None:
    sessions.advance_round(db, cafe, now=now)
    sessions.start_harvest(db, cafe, now=now + timedelta(minutes=3))
    assert cafe.status == "harvest"
    assert cafe.current_round == 1  # early: the facilitator may end after any round
    assert (cafe.round_ends_at, cafe.paused_remaining) == (None, None)


def test_harvest_also_follows_the_last_round(
    db: Session, make_cafe: Callable[..., CafeSession], now: datetime
) -> None:
    cafe = make_cafe(rounds=1)
    sessions.advance_round(db, cafe, now=now)
    sessions.start_harvest(db, cafe, now=now)
    assert cafe.status == "harvest"


def test_harvest_needs_running_rounds(db: Session, cafe: CafeSession, now: datetime) -> None:
    with pytest.raises(errors.NotRunning):
        sessions.start_harvest(db, cafe, now=now)  # draft
    sessions.advance_round(db, cafe, now=now)
    sessions.start_harvest(db, cafe, now=now)
    with pytest.raises(errors.NotRunning):
        sessions.start_harvest(db, cafe, now=now)  # already harvesting
    sessions.close_session(db, cafe, now=now)
    with pytest.raises(errors.SessionClosed):
        sessions.start_harvest(db, cafe, now=now)


def test_the_harvest_takes_no_new_inputs_or_rounds_but_keeps_resends(
    db: Session,
    cafe: CafeSession,
    seat: Callable[..., Participant],
    now: datetime,
) -> None:
    person = seat(cafe, table=1)
    sessions.advance_round(db, cafe, now=now)
    stored = _post(db, person, "client-0001", now)
    sessions.start_harvest(db, cafe, now=now)
    with pytest.raises(errors.HarvestStarted):
        _post(db, person, "client-0002", now)
    with pytest.raises(errors.HarvestStarted):
        sessions.advance_round(db, cafe, now=now)
    # A phone that lost its ack still gets its stored input back.
    assert _post(db, person, "client-0001", now).id == stored.id


def test_closing_after_the_harvest(db: Session, cafe: CafeSession, now: datetime) -> None:
    sessions.advance_round(db, cafe, now=now)
    sessions.start_harvest(db, cafe, now=now)
    sessions.close_session(db, cafe, now=now)
    assert cafe.status == "closed"


def test_deleting_needs_the_join_code_typed(cafe: CafeSession) -> None:
    for typed in ("", "WRONG1", None, 123):
        with pytest.raises(errors.WrongConfirmation):
            erasure.check_confirmation(cafe, typed)
    typed = f" {cafe.join_code[:3].lower()}-{cafe.join_code[3:]} "
    erasure.check_confirmation(cafe, typed)  # what people type is normalised


def _rows_per_session(db: Session) -> dict[str, Counter[int | None]]:
    """Per table, how many of its rows belong to each session; ``None`` counts the rest.

    A row belongs to a session if it is the session's own or a foreign key of it points at
    a row that does. ``Base.metadata.sorted_tables`` lists referenced tables first, so one
    pass follows every chain (likes → posts → cafe_sessions), and a table added later is
    counted without being named here.
    """
    belonging: dict[Table, list[tuple[Any, int | None]]] = {}  # (row, its session or None)
    counts: dict[str, Counter[int | None]] = {}
    for table in Base.metadata.sorted_tables:
        rows = db.execute(select(table)).mappings().all()
        links = [
            (fk.parent.name, {row[fk.column.name]: sid for row, sid in belonging[fk.column.table]})
            for fk in table.foreign_keys
            if fk.column.table in belonging
        ]
        if table is CafeSession.__table__:
            belonging[table] = [(row, row["id"]) for row in rows]
        elif links:
            belonging[table] = [
                (
                    row,
                    next(
                        (owner[row[column]] for column, owner in links if row[column] in owner),
                        None,
                    ),
                )
                for row in rows
            ]
        else:
            counts[table.name] = Counter({None: len(rows)})
            continue
        counts[table.name] = Counter(sid for _row, sid in belonging[table])
    return counts


def test_delete_session_removes_every_row_of_it_and_nothing_else(
    db: Session,
    make_cafe: Callable[..., CafeSession],
    seat: Callable[..., Participant],
    now: datetime,
) -> None:
    doomed, kept = make_cafe(), make_cafe()
    reader = Facilitator(email="reader@example.no", password_hash="x", created_at=now)
    db.add(reader)
    db.flush()
    series = Project(owner_id=reader.id, name="Bolig for velferd", created_at=now)
    db.add(series)
    db.flush()
    for cafe in (doomed, kept):
        people = [seat(cafe, table=1), seat(cafe, table=2)]
        sessions.advance_round(db, cafe, now=now)
        post = _post(db, people[0], "client-0001", now)
        db.add_all(
            [
                Like(post_id=post.id, participant_id=people[1].id, created_at=now),
                DotVote(post_id=post.id, participant_id=people[1].id, created_at=now),
                ModerationEvent(session_id=cafe.id, post_id=post.id, action="hide", created_at=now),
                Synthesis(
                    session_id=cafe.id, table_number=1, round_number=1, text="S", updated_at=now
                ),
            ]
        )
        db.add_all(
            [
                SessionMember(
                    session_id=cafe.id, facilitator_id=reader.id, role="reader", added_at=now
                ),
                ProjectCafe(session_id=cafe.id, project_id=series.id, added_at=now),
                TopicTranslation(topic_id=cafe.topics[0].id, language="ar", text="سؤال"),
                MessageTranslation(session_id=cafe.id, language="uk", text="Перерва"),
                ParticipantErasure(
                    session_id=cafe.id, erased_by="a@example.no", post_count=1, created_at=now
                ),
                Invitation(
                    token_hash=f"hash-{cafe.id}",
                    session_id=cafe.id,
                    role="reader",
                    created_by=reader.id,
                    created_at=now,
                    expires_at=now,
                ),
            ]
        )
        theme = Theme(session_id=cafe.id, name="Trygghet", created_at=now)
        theme.members.append(ThemePost(post_id=post.id))
        db.add(theme)
        presence.connected(
            db,
            sid=f"sid-{cafe.id}",
            session_id=cafe.id,
            role=presence.ROLE_PARTICIPANT,
            server_id="server-a",
            now=now,
            participant_id=people[0].id,
            table=1,
        )
        db.flush()
    doomed_id, kept_id = doomed.id, kept.id
    before = _rows_per_session(db)
    untested = [
        table
        for table, owners in before.items()
        if None not in owners and not (owners[doomed_id] and owners[kept_id])
    ]
    assert not untested, f"give both sessions rows in {untested}: their deletion is untested"

    erasure.delete_session(db, doomed)

    assert db.get(CafeSession, doomed_id) is None
    after = _rows_per_session(db)
    for owners in before.values():
        del owners[doomed_id]
    assert after == before  # the kept session's rows, and every other row, are still there


def test_remove_session_folder_deletes_only_that_folder(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "ABC234").mkdir(parents=True)
    (data_dir / "ABC234" / "summary.md").write_text("# x", encoding="utf-8")
    (data_dir / "XYZ789").mkdir()
    assert erasure.remove_session_folder(data_dir, "ABC234") is True
    assert not (data_dir / "ABC234").exists()
    assert (data_dir / "XYZ789").is_dir()
    assert erasure.remove_session_folder(data_dir, "ABC234") is False  # nothing left to delete
    assert erasure.remove_session_folder(data_dir, "..") is False  # never outside the data dir
    assert data_dir.is_dir()
