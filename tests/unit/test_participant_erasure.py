"""One participant's access and erasure requests (domain/participant_erasure.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, moderation, participant_erasure
from dialogcafe.domain.models import (
    CafeSession,
    DotVote,
    Like,
    ModerationEvent,
    Participant,
    Post,
    Theme,
    ThemePost,
)
from dialogcafe.exports.moderation_log import render_log_csv
from dialogcafe.exports.person_record import render_person_json


def _count(db: Session, model: type, *where: object) -> int:
    return db.scalar(select(func.count()).select_from(model).where(*where)) or 0  # type: ignore[arg-type]


def test_erasing_deletes_the_persons_inputs_and_what_points_at_them_only(
    db: Session,
    running: CafeSession,
    seat: Callable[..., Participant],
    write: Callable[..., Post],
    now: datetime,
) -> None:
    kari = seat(running, table=1, nickname="Kari")
    other = seat(running, table=1, nickname="Per")
    mine = [write(kari, "Ola i 3. etasje bråker"), write(kari, "Mer lys")]
    theirs = write(other, "Benker i parken")
    moderation.hide(db, mine[0], reason="Navn på en nabo", now=now)
    db.add_all(
        [
            Like(post_id=mine[1].id, participant_id=other.id, created_at=now),
            DotVote(post_id=mine[1].id, participant_id=other.id, created_at=now),
            Like(post_id=theirs.id, participant_id=kari.id, created_at=now),
        ]
    )
    theme = Theme(session_id=running.id, name="Lys", created_at=now)
    db.add(theme)
    db.flush()
    db.add(ThemePost(post_id=mine[1].id, theme_id=theme.id))
    db.flush()
    seq_before = running.seq
    ids = [post.id for post in mine]

    done = participant_erasure.erase(
        db, running, kari, by="leder@example.no", now=now + timedelta(minutes=1)
    )

    assert [(post.id, post.table) for post in done.posts] == [(ids[0], 1), (ids[1], 1)]
    assert _count(db, Post, Post.id.in_(ids)) == 0
    assert _count(db, Like, Like.post_id.in_(ids)) == 0
    assert _count(db, DotVote, DotVote.post_id.in_(ids)) == 0
    assert _count(db, ThemePost, ThemePost.post_id.in_(ids)) == 0
    assert _count(db, ModerationEvent, ModerationEvent.post_id.in_(ids)) == 0
    # The other person's input, and the like Kari gave it (a count, no text), stay.
    assert db.get(Post, theirs.id) is not None
    assert _count(db, Like, Like.post_id == theirs.id) == 1
    assert kari.nickname == ""
    assert (done.record.post_count, done.record.erased_by) == (2, "leder@example.no")
    # Every client's older view is sent whole again, so no delta can keep an erased input.
    assert running.resync_seq == done.seq > seq_before


def test_the_log_records_the_erasure_without_any_text(
    db: Session,
    running: CafeSession,
    seat: Callable[..., Participant],
    write: Callable[..., Post],
    now: datetime,
) -> None:
    kari = seat(running, table=2)
    secret = write(kari, "Mitt telefonnummer er 99 99 99 99")
    moderation.hide(db, secret, reason="Telefonnummer", now=now)
    kept = write(seat(running, table=1), "Lekeplass")
    moderation.hide(db, kept, reason="Test", now=now)
    participant_erasure.erase(db, running, kari, by="leder@example.no", now=now + timedelta(1))

    entries = moderation.moderation_log(db, running)
    assert [entry.action for entry in entries] == ["hide", "erased"]
    erased = entries[-1]
    assert (erased.post_id, erased.text, erased.reason) == (None, "", "")
    assert (erased.by, erased.count) == ("leder@example.no", 1)
    log = render_log_csv(entries)
    assert "telefonnummer" not in log.lower()
    assert log.splitlines()[-1].endswith(",erased,,,leder@example.no,1")


def test_erasing_someone_without_inputs_is_logged_too(
    db: Session, running: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    quiet = seat(running, nickname="Stille")
    done = participant_erasure.erase(db, running, quiet, by="a@example.no", now=now)
    assert (done.posts, done.record.post_count, quiet.nickname) == ([], 0, "")


def test_a_participant_of_another_cafe_looks_missing(
    db: Session,
    running: CafeSession,
    make_cafe: Callable[..., CafeSession],
    seat: Callable[..., Participant],
) -> None:
    elsewhere = seat(make_cafe(), table=1)
    for wrong in (elsewhere.id, "1", None, -1, 10**9):
        with pytest.raises(errors.UnknownParticipant):
            participant_erasure.get_participant(db, running, wrong)


def test_the_access_record_holds_the_persons_data_and_only_counts_of_others(
    db: Session,
    running: CafeSession,
    seat: Callable[..., Participant],
    write: Callable[..., Post],
    now: datetime,
) -> None:
    kari = seat(running, table=3, nickname="Kari")
    other = seat(running, table=3, nickname="Per")
    post = write(kari, "Flere benker")
    write(other, "Noe annet")
    db.add(Like(post_id=post.id, participant_id=other.id, created_at=now))
    db.flush()

    document = json.loads(render_person_json(running, participant_erasure.person_record(db, kari)))
    assert document["participant"]["nickname"] == "Kari"
    assert document["participant"]["table"] == 3
    assert [(i["text"], i["likes"], i["round"]) for i in document["inputs"]] == [
        ("Flere benker", 1, 1)
    ]
    assert document["inputs"][0]["question"] == post.topic.text
    assert (document["likes_given"], document["dots_given"]) == (0, 0)
    assert "Per" not in json.dumps(document) and "Noe annet" not in json.dumps(document)


def test_the_person_filter_lists_one_persons_inputs(
    db: Session,
    running: CafeSession,
    seat: Callable[..., Participant],
    write: Callable[..., Post],
) -> None:
    kari = seat(running, table=1)
    write(kari, "En")
    write(seat(running, table=1), "To")
    write(kari, "Tre")
    wanted = moderation.parse_filter({"participant": str(kari.id)})
    page = moderation.list_posts(db, running, wanted)
    assert sorted(post.text for post in page.posts) == ["En", "Tre"]
    with pytest.raises(errors.InvalidField):
        moderation.parse_filter({"participant": "someone"})
