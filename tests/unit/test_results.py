"""The vote's live results (``views/results.py``): ranking per question, totals, no N+1."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from dialogcafe.domain import likes, moderation, posting, sessions, voting
from dialogcafe.domain.models import CafeSession, Participant, Post
from dialogcafe.views.results import results_payload

Seat = Callable[..., Participant]


_client_ids = itertools.count()


def write(db: Session, person: Participant, text: str, now: datetime) -> Post:
    client_id = f"client-{next(_client_ids):08d}"
    return posting.create_post(db, person, client_id=client_id, text=text, now=now).post


@pytest.fixture
def harvest(db: Session, cafe: CafeSession, now: datetime) -> CafeSession:
    """Round 1 running with 5 dots each; the test writes, then starts the harvest."""
    cafe.dots_per_participant = 5
    sessions.advance_round(db, cafe, now=now)
    return cafe


@contextmanager
def counted_queries(db: Session) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def texts(question: dict[str, Any]) -> list[str]:
    return [post["text"] for post in question["posts"]]


def test_inputs_rank_per_question_by_dots_then_likes_then_age(
    db: Session, harvest: CafeSession, seat: Seat, now: datetime, topics: tuple[str, ...]
) -> None:
    kari, ola, per = seat(harvest, table=1), seat(harvest, table=1), seat(harvest, table=2)
    old = write(db, kari, "Eldst uten noe", now)
    liked = write(db, ola, "Likt", now)
    dotted = write(db, kari, "Flest prikker", now)
    hidden = write(db, ola, "Skjult", now)
    other = write(db, per, "Annet spørsmål", now)
    likes.toggle_like(db, kari, liked.id, liked=True, now=now)
    sessions.start_harvest(db, harvest, now=now)
    for voter, post in ((kari, dotted), (ola, dotted), (per, liked), (per, hidden), (per, other)):
        voting.vote(db, voter, post.id, add=True, now=now)
    moderation.hide(db, hidden, now=now)

    results = results_payload(db, harvest)

    first, second, third = results["questions"]
    assert [q["topic"] for q in results["questions"]] == list(topics)
    assert [q["number"] for q in results["questions"]] == [1, 2, 3]
    assert texts(first) == ["Flest prikker", "Likt"]  # no dot, no like: not listed
    assert first["posts"][0] == {
        "id": dotted.id,
        "text": "Flest prikker",
        "table": 1,
        "round": 1,
        "dots": 2,
        "likes": 0,
    }
    assert [(p["dots"], p["likes"]) for p in first["posts"]] == [(2, 0), (1, 1)]
    assert (first["count"], first["dots"]) == (3, 3)
    assert texts(second) == ["Annet spørsmål"]
    assert (third["count"], third["posts"]) == (0, [])
    # The hidden input and its dot are out of every figure.
    assert (results["dots_given"], results["voters"]) == (4, 3)
    assert results["dots_per_participant"] == 5
    assert results["show_results"] is False
    assert old.id not in [p["id"] for p in first["posts"]]


def test_only_the_top_inputs_are_sent_with_the_total_count(
    db: Session, harvest: CafeSession, seat: Seat, now: datetime
) -> None:
    kari = seat(harvest, table=1)
    posts = [write(db, kari, f"Innspill {n}", now) for n in range(6)]
    for post in posts[:5]:
        likes.toggle_like(db, kari, post.id, liked=True, now=now)
    ola = seat(harvest, table=1)
    sessions.start_harvest(db, harvest, now=now)
    for voter, post in ((kari, posts[4]), (ola, posts[4]), (kari, posts[0]), (kari, posts[1])):
        voting.vote(db, voter, post.id, add=True, now=now)
    voting.vote(db, ola, posts[2].id, add=True, now=now)

    first = results_payload(db, harvest, top=3)["questions"][0]

    assert first["count"] == 6
    assert texts(first) == ["Innspill 4", "Innspill 0", "Innspill 1"]


def test_a_question_without_dots_lists_no_inputs(
    db: Session, harvest: CafeSession, seat: Seat, now: datetime
) -> None:
    """A like alone ranks nothing: "1." for an input nobody voted for says nothing."""
    kari = seat(harvest, table=1)
    liked = write(db, kari, "Likt, men uten prikker", now)
    write(db, kari, "Heller ikke meg", now)
    likes.toggle_like(db, kari, liked.id, liked=True, now=now)
    sessions.start_harvest(db, harvest, now=now)

    first = results_payload(db, harvest)["questions"][0]

    assert (first["count"], first["dots"], first["posts"]) == (2, 0, [])


def test_the_results_are_read_in_the_same_few_queries_whatever_their_size(
    db: Session, harvest: CafeSession, seat: Seat, now: datetime
) -> None:
    people = [seat(harvest, table=t) for t in (1, 2, 3)]
    write(db, people[0], "Første", now)
    sessions.start_harvest(db, harvest, now=now)
    db.expire_all()
    with counted_queries(db) as few:
        results_payload(db, harvest)

    harvest.status = "running"
    for n in range(20):
        for person in people:
            write(db, person, f"Innspill {person.id} {n}", now)
    harvest.status = "harvest"
    for person in people:
        for post in posting.posts_for_session(db, harvest)[:5]:
            voting.vote(db, person, post.id, add=True, now=now)
            likes.toggle_like(db, person, post.id, liked=True, now=now)
    db.expire_all()
    with counted_queries(db) as many:
        results_payload(db, harvest)

    assert len(many) == len(few)


def test_results_are_open_after_the_rounds_and_public_only_when_shown(
    db: Session, harvest: CafeSession, now: datetime
) -> None:
    assert not voting.results_open(harvest)
    harvest.show_results = True
    assert not voting.results_public(harvest)
    sessions.start_harvest(db, harvest, now=now)
    assert voting.results_open(harvest) and voting.results_public(harvest)
    harvest.show_results = False
    assert voting.results_open(harvest) and not voting.results_public(harvest)
    sessions.close_session(db, harvest, now=now)
    assert voting.results_open(harvest)
