"""Likes and dot-voting rules, on the domain alone (no Flask)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, likes, posting, sessions, voting
from dialogcafe.domain.models import CafeSession, Participant, Post
from dialogcafe.views import phone

Seat = Callable[..., Participant]


def write(db: Session, person: Participant, text: str, now: datetime, n: int = 0) -> Post:
    client_id = f"client-{person.id:04d}-{n:04d}"
    return posting.create_post(db, person, client_id=client_id, text=text, now=now).post


def test_like_and_unlike_toggle_one_like_per_person(
    db: Session, running: CafeSession, seat: Seat, now: datetime
) -> None:
    kari, ola = seat(running, table=1), seat(running, table=1)
    post = write(db, kari, "Gode naboer", now)

    assert likes.toggle_like(db, ola, post.id, liked=True, now=now).likes == 1
    again = likes.toggle_like(db, ola, post.id, liked=True, now=now)
    assert (again.likes, again.liked) == (1, True)
    assert likes.toggle_like(db, kari, post.id, liked=True, now=now).likes == 2
    undone = likes.toggle_like(db, ola, post.id, liked=False, now=now)
    assert (undone.likes, undone.liked) == (1, False)
    assert likes.liked_post_ids(db, kari) == [post.id]
    assert likes.liked_post_ids(db, ola) == []


def test_like_counts_are_grouped_per_post(
    db: Session, running: CafeSession, seat: Seat, now: datetime
) -> None:
    people = [seat(running, table=1) for _ in range(3)]
    first = write(db, people[0], "En", now)
    second = write(db, people[1], "To", now)
    third = write(db, people[2], "Tre", now)
    for person in people:
        likes.toggle_like(db, person, first.id, liked=True, now=now)
    likes.toggle_like(db, people[0], second.id, liked=True, now=now)

    counts = likes.like_counts(db, running)
    assert counts == {first.id: 3, second.id: 1}
    assert likes.most_liked([first, second, third], counts) == [first, second]


def test_other_tables_can_be_liked_only_in_the_harvest(
    db: Session, running: CafeSession, seat: Seat, now: datetime
) -> None:
    author, guest = seat(running, table=1), seat(running, table=2)
    post = write(db, author, "Lys i trappa", now)
    with pytest.raises(errors.NotYourTable):
        likes.toggle_like(db, guest, post.id, liked=True, now=now)
    sessions.start_harvest(db, running, now=now)
    assert likes.toggle_like(db, guest, post.id, liked=True, now=now).likes == 1


@pytest.mark.parametrize("status", ["hidden", "pending"])
def test_only_visible_posts_of_the_same_session_can_be_liked(
    db: Session,
    running: CafeSession,
    make_cafe: Callable[..., CafeSession],
    seat: Seat,
    now: datetime,
    status: str,
) -> None:
    author = seat(running, table=1)
    post = write(db, author, "Skjult", now)
    post.status = status
    with pytest.raises(errors.UnknownPost):
        likes.toggle_like(db, author, post.id, liked=True, now=now)
    other = make_cafe(title="Another")
    sessions.advance_round(db, other, now=now)
    stranger = seat(other, table=1)
    post.status = "visible"
    with pytest.raises(errors.UnknownPost):
        likes.toggle_like(db, stranger, post.id, liked=True, now=now)
    for bad in (None, "1", True, 999_999):
        with pytest.raises(errors.UnknownPost):
            likes.toggle_like(db, author, bad, liked=True, now=now)
    with pytest.raises(errors.InvalidField):
        likes.toggle_like(db, author, post.id, liked="yes", now=now)


def test_hide_other_tables_until_the_harvest(
    db: Session, running: CafeSession, seat: Seat, now: datetime
) -> None:
    kari, ola = seat(running, table=1), seat(running, table=2)
    write(db, ola, "Fra bord to", now)
    assert [p["text"] for p in phone.participant_reactions(db, kari, [])["other_posts"]] == [
        "Fra bord to"
    ]
    running.hide_other_tables = True
    state = phone.participant_reactions(db, kari, [])
    assert state["other_posts"] == [] and state["hide_other_tables"] is True
    sessions.start_harvest(db, running, now=now)
    assert len(phone.participant_reactions(db, kari, [])["other_posts"]) == 1


# --- dot-voting ----------------------------------------------------------------------------


@pytest.fixture
def harvest(db: Session, running: CafeSession, now: datetime) -> CafeSession:
    running.dots_per_participant = 3
    return running


def test_voting_is_open_only_in_the_harvest(
    db: Session, harvest: CafeSession, seat: Seat, now: datetime
) -> None:
    kari = seat(harvest, table=1)
    post = write(db, kari, "Bedre lys", now)
    with pytest.raises(errors.VotingClosed):
        voting.vote(db, kari, post.id, add=True, now=now)
    sessions.start_harvest(db, harvest, now=now)
    result = voting.vote(db, kari, post.id, add=True, now=now)
    assert (result.dots_left, result.post_votes) == (2, 1)
    sessions.close_session(db, harvest, now=now)
    with pytest.raises(errors.VotingClosed):
        voting.vote(db, kari, post.id, add=True, now=now)


def test_no_more_than_n_dots_and_only_own_dots_removed(
    db: Session, harvest: CafeSession, seat: Seat, now: datetime
) -> None:
    kari, ola = seat(harvest, table=1), seat(harvest, table=2)
    first = write(db, kari, "En", now)
    second = write(db, ola, "To", now)
    sessions.start_harvest(db, harvest, now=now)

    voting.vote(db, kari, first.id, add=True, now=now)
    voting.vote(db, kari, first.id, add=True, now=now)
    last = voting.vote(db, kari, second.id, add=True, now=now)  # any table's input
    assert (last.dots_left, last.post_votes) == (0, 1)
    with pytest.raises(errors.NoDotsLeft):
        voting.vote(db, kari, second.id, add=True, now=now)
    with pytest.raises(errors.NoDotToRemove):
        voting.vote(db, ola, first.id, add=False, now=now)
    back = voting.vote(db, kari, first.id, add=False, now=now)
    assert (back.dots_left, back.post_votes) == (1, 1)
    voting.vote(db, ola, second.id, add=True, now=now)

    ranking = voting.vote_ranking(db, harvest)
    assert [(post.text, dots) for post, dots in ranking] == [("To", 2), ("En", 1)]
    second.status = "hidden"
    assert [post.text for post, _ in voting.vote_ranking(db, harvest)] == ["En"]
    with pytest.raises(errors.UnknownPost):
        voting.vote(db, ola, second.id, add=True, now=now)


def test_no_dots_means_no_voting(
    db: Session, running: CafeSession, seat: Seat, now: datetime
) -> None:
    kari = seat(running, table=1)
    post = write(db, kari, "En", now)
    sessions.start_harvest(db, running, now=now)
    with pytest.raises(errors.VotingClosed):
        voting.vote(db, kari, post.id, add=True, now=now)
