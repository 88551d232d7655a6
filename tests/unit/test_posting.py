"""Posting: what a participant may send, and storing each input exactly once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, posting, sessions
from dialogcafe.domain.models import CafeSession, Participant, Post

CLIENT_ID = "3f2b8c1e-0a4d-4e7b-9c55-1d2e3f4a5b6c"


def post_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Post)) or 0


@pytest.fixture
def person(running: CafeSession, seat: Callable[..., Participant]) -> Participant:
    """A participant at table 2 of the running session."""
    return seat(running, table=2)


def test_a_post_is_stored_with_table_round_and_topic(
    db: Session, person: Participant, now: datetime, topics: tuple[str, ...]
) -> None:
    result = posting.create_post(db, person, client_id=CLIENT_ID, text="  Mer tid  ", now=now)
    assert result.created is True
    post = result.post
    assert (post.table_number, post.round_number) == (2, 1)
    assert post.topic.text == topics[1]
    assert post.text == "Mer tid"
    assert post.client_id == CLIENT_ID
    assert post.created_at == now
    assert post.session_id == person.session_id
    assert post_count(db) == 1


def test_posts_keep_the_topic_of_their_time(
    db: Session, running: CafeSession, person: Participant, now: datetime, topics: tuple[str, ...]
) -> None:
    first = posting.create_post(db, person, client_id="round-one-1", text="a", now=now).post
    sessions.advance_round(db, running, now=now + timedelta(minutes=20))
    second = posting.create_post(db, person, client_id="round-two-1", text="b", now=now).post
    db.expire_all()
    assert (first.round_number, first.topic.text) == (1, topics[1])
    assert (second.round_number, second.topic.text) == (2, topics[2])
    assert first.table_number == second.table_number == 2


def test_line_breaks_inside_are_kept(db: Session, person: Participant, now: datetime) -> None:
    text = "Første linje\n\nTredje linje"
    assert (
        posting.create_post(db, person, client_id=CLIENT_ID, text=text, now=now).post.text == text
    )


@pytest.mark.parametrize("text", ["", "   ", "\n\t \r\n", None, 42, ["hei"]])
def test_empty_input_is_refused(
    db: Session, person: Participant, now: datetime, text: object
) -> None:
    with pytest.raises(errors.EmptyPost) as caught:
        posting.create_post(db, person, client_id=CLIENT_ID, text=text, now=now)
    assert caught.value.status == 400
    assert post_count(db) == 0


def test_over_long_input_is_refused(db: Session, person: Participant, now: datetime) -> None:
    with pytest.raises(errors.PostTooLong) as caught:
        posting.create_post(db, person, client_id=CLIENT_ID, text="x" * 1001, now=now)
    assert str(caught.value) == "The input is too long: at most 1000 characters."
    assert post_count(db) == 0


def test_exactly_the_limit_is_accepted(db: Session, person: Participant, now: datetime) -> None:
    text = "æ" * posting.MAX_POST_LENGTH
    result = posting.create_post(db, person, client_id=CLIENT_ID, text=f"  {text}\n", now=now)
    assert result.post.text == text
    assert len(result.post.text) == 1000


def test_posting_before_round_one_is_refused(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    early = seat(cafe)
    with pytest.raises(errors.RoundNotStarted):
        posting.create_post(db, early, client_id=CLIENT_ID, text="for tidlig", now=now)
    assert post_count(db) == 0


def test_a_resent_client_id_returns_the_stored_post(
    db: Session, person: Participant, now: datetime
) -> None:
    first = posting.create_post(db, person, client_id=CLIENT_ID, text="én gang", now=now)
    again = posting.create_post(
        db, person, client_id=CLIENT_ID, text="changed on resend", now=now + timedelta(seconds=5)
    )
    assert again.created is False
    assert again.post.id == first.post.id
    assert again.post.text == "én gang"
    assert again.post.created_at == now
    assert post_count(db) == 1


def test_a_resend_after_closing_still_gets_its_post(
    db: Session, running: CafeSession, person: Participant, now: datetime
) -> None:
    """A phone whose ack was lost resends after the close: it must hear 'stored', not fail."""
    first = posting.create_post(db, person, client_id=CLIENT_ID, text="rakk det", now=now)
    sessions.close_session(db, running, now=now)
    again = posting.create_post(db, person, client_id=CLIENT_ID, text="rakk det", now=now)
    assert (again.created, again.post.id) == (False, first.post.id)
    with pytest.raises(errors.SessionClosed):
        posting.create_post(db, person, client_id="another-one", text="for sent", now=now)


def test_client_ids_belong_to_one_participant(
    db: Session, running: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    kari, ola = seat(running), seat(running)
    a = posting.create_post(db, kari, client_id=CLIENT_ID, text="Kari", now=now)
    b = posting.create_post(db, ola, client_id=CLIENT_ID, text="Ola", now=now)
    assert a.created and b.created
    assert a.post.id != b.post.id
    assert post_count(db) == 2


@pytest.mark.parametrize(
    "client_id",
    [
        None,
        "",
        "short",
        "x" * 65,
        "has spaces in it",
        "æøå-æøå-æøå",
        "id;drop",
        12345678,
        ["a" * 8],
    ],
)
def test_bad_client_ids_are_refused(
    db: Session, person: Participant, now: datetime, client_id: object
) -> None:
    with pytest.raises(errors.InvalidField) as caught:
        posting.create_post(db, person, client_id=client_id, text="hei", now=now)
    assert caught.value.params["field"] == "client_id"
    assert post_count(db) == 0


@pytest.mark.parametrize("client_id", ["a" * 8, "Z" * 64, "abc_DEF-123", CLIENT_ID])
def test_good_client_ids_are_accepted(
    db: Session, person: Participant, now: datetime, client_id: str
) -> None:
    assert posting.create_post(db, person, client_id=client_id, text="ok", now=now).created


def test_posts_for_table_lists_only_that_table_oldest_first(
    db: Session, running: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    at_one, at_two = seat(running, table=1), seat(running, table=2)
    later = now + timedelta(minutes=1)
    posting.create_post(db, at_one, client_id="table-one-b", text="1b", now=later)
    posting.create_post(db, at_one, client_id="table-one-a", text="1a", now=now)
    posting.create_post(db, at_two, client_id="table-two-a", text="2a", now=now)
    assert [p.text for p in posting.posts_for_table(db, running, 1)] == ["1a", "1b"]
    assert [p.text for p in posting.posts_for_table(db, running, 2)] == ["2a"]
    assert posting.posts_for_table(db, running, 3) == []
    by_session = [p.text for p in posting.posts_for_session(db, running)]
    assert by_session == ["1a", "1b", "2a"]


# --- store_post: the socket handler's path, without ORM objects ---------------------------


def test_store_input_returns_what_the_payload_needs(
    db: Session, person: Participant, now: datetime, topics: tuple[str, ...]
) -> None:
    stored = posting.store_post(db, person.id, client_id=CLIENT_ID, text=" Lys ", now=now)
    assert stored.created is True
    assert (stored.topic, stored.nickname) == (topics[1], person.nickname)
    row = stored.post
    assert (row.text, row.table_number, row.round_number, row.status) == ("Lys", 2, 1, "visible")
    assert (row.session_id, row.created_at, row.on_behalf) == (person.session_id, now, False)
    assert db.get(Post, row.id) is not None


def test_store_input_keeps_a_loaded_session_counter_current(
    db: Session, running: CafeSession, person: Participant, now: datetime
) -> None:
    before = running.seq
    stored = posting.store_post(db, person.id, client_id=CLIENT_ID, text="a", now=now)
    assert stored.post.seq == running.seq == before + 1


def test_store_input_finds_a_resend_and_stores_nothing(
    db: Session, running: CafeSession, person: Participant, now: datetime
) -> None:
    first = posting.store_post(db, person.id, client_id=CLIENT_ID, text="a", now=now)
    again = posting.store_post(db, person.id, client_id=CLIENT_ID, text="b", now=now)
    assert again.created is False
    assert (again.post.id, again.post.text) == (first.post.id, "a")
    assert post_count(db) == 1
    # The resend's bump stays (a harmless gap); the loaded session knows the row's value.
    assert db.scalar(select(CafeSession.seq).where(CafeSession.id == running.id)) == running.seq


def test_store_input_refuses_an_unknown_participant(
    db: Session, person: Participant, now: datetime
) -> None:
    with pytest.raises(errors.Forbidden):
        posting.store_post(db, person.id + 1000, client_id=CLIENT_ID, text="a", now=now)
    assert post_count(db) == 0
