"""The harvest in the summary: likes, dots, syntheses, priorities and participation figures.

Rows for likes, dots, syntheses and seats are stored directly: this tests what the summary
makes of them, not the rules for giving them (those have their own tests).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from dialogcafe.domain import posting, sessions, summaries
from dialogcafe.domain.models import CafeSession, DotVote, Like, Participant, Post, Seat, Synthesis
from dialogcafe.domain.summaries import RANKING_SIZE, build_session_summary

Seat_ = Callable[..., Participant]


@pytest.fixture
def post(db: Session, now: datetime) -> Callable[..., Post]:
    """Store an input from ``who`` in the current round (optionally pending/hidden/on behalf)."""
    counter = iter(range(10_000))

    def write(who: Participant, text: str, status: str = "visible", **extra: object) -> Post:
        n = next(counter)
        stored = posting.create_post(
            db, who, client_id=f"client-{n:04d}", text=text, now=now + timedelta(seconds=n)
        ).post
        stored.status = status
        for key, value in extra.items():
            setattr(stored, key, value)
        db.flush()
        return stored

    return write


def _like(db: Session, target: Post, *people: Participant, now: datetime) -> None:
    db.add_all(Like(post_id=target.id, participant_id=p.id, created_at=now) for p in people)
    db.flush()


def _dots(db: Session, target: Post, voter: Participant, count: int, now: datetime) -> None:
    db.add_all(
        DotVote(post_id=target.id, participant_id=voter.id, created_at=now) for _ in range(count)
    )
    db.flush()


def _no_seating(db: Session, cafe: CafeSession) -> None:
    """Whatever a rotation mode recorded, these tests set the seating themselves."""
    db.execute(delete(Seat).where(Seat.session_id == cafe.id))
    db.flush()


def _posts(summary: summaries.SessionSummary) -> dict[str, summaries.SummaryPost]:
    return {
        item.text: item
        for table in summary.tables
        for section in table.rounds
        for item in section.posts
    }


def test_each_input_carries_its_likes_dots_and_on_behalf_mark(
    db: Session, cafe: CafeSession, seat: Seat_, post: Callable[..., Post], now: datetime
) -> None:
    kari, ola, per = seat(cafe, table=1, nickname="Kari"), seat(cafe, table=1), seat(cafe, table=2)
    sessions.advance_round(db, cafe, now=now)
    first = post(kari, "Mer tid")
    second = post(ola, "Trygge trapper", on_behalf=True, on_behalf_name="Astrid")
    post(per, "Ingen stemte")
    _like(db, first, ola, per, now=now)
    _like(db, second, kari, now=now)
    _dots(db, first, per, 2, now)
    _dots(db, second, kari, 3, now)
    _dots(db, second, per, 1, now)

    items = _posts(build_session_summary(db, cafe, now=now))
    assert (items["Mer tid"].likes, items["Mer tid"].dots) == (2, 2)
    assert (items["Trygge trapper"].likes, items["Trygge trapper"].dots) == (1, 4)
    assert (items["Ingen stemte"].likes, items["Ingen stemte"].dots) == (0, 0)
    assert (items["Trygge trapper"].on_behalf, items["Trygge trapper"].on_behalf_name) == (
        True,
        "Astrid",
    )
    assert items["Mer tid"].on_behalf is False


def test_ranking_is_by_dots_then_likes_and_leaves_out_untouched_inputs(
    db: Session, cafe: CafeSession, seat: Seat_, post: Callable[..., Post], now: datetime
) -> None:
    voter, other = seat(cafe, table=1), seat(cafe, table=2)
    sessions.advance_round(db, cafe, now=now)
    liked_only = post(voter, "Bare likt")
    few_dots = post(voter, "Litt")
    many_dots = post(other, "Mest")
    tie_more_likes = post(other, "Like mange, flere likes")
    post(other, "Ingen")
    _dots(db, many_dots, voter, 5, now)
    _dots(db, few_dots, voter, 2, now)
    _dots(db, tie_more_likes, voter, 2, now)
    _like(db, tie_more_likes, voter, other, now=now)
    _like(db, liked_only, other, now=now)

    ranking = build_session_summary(db, cafe, now=now).ranking
    assert [(r.rank, r.post.text) for r in ranking] == [
        (1, "Mest"),
        (2, "Like mange, flere likes"),
        (3, "Litt"),
        (4, "Bare likt"),
    ]
    assert (ranking[0].table, ranking[0].round, ranking[0].topic) == (2, 1, cafe.topics[1].text)


def test_ranking_keeps_the_top_ten(
    db: Session, cafe: CafeSession, seat: Seat_, post: Callable[..., Post], now: datetime
) -> None:
    person = seat(cafe, table=1)
    sessions.advance_round(db, cafe, now=now)
    for n in range(RANKING_SIZE + 3):
        _dots(db, post(person, f"Innspill {n}"), person, n + 1, now)
    ranking = build_session_summary(db, cafe, now=now).ranking
    assert len(ranking) == RANKING_SIZE
    assert ranking[0].post.text == f"Innspill {RANKING_SIZE + 2}"


def test_syntheses_belong_to_their_table_and_round(
    db: Session, cafe: CafeSession, seat: Seat_, now: datetime
) -> None:
    host = seat(cafe, table=2)
    sessions.advance_round(db, cafe, now=now)
    sessions.advance_round(db, cafe, now=now + timedelta(minutes=20))
    db.add_all(
        [
            Synthesis(
                session_id=cafe.id,
                table_number=2,
                round_number=1,
                text="  Vi ble enige om trygghet.\n",
                author_id=host.id,
                updated_at=now,
            ),
            Synthesis(
                session_id=cafe.id, table_number=1, round_number=2, text="   ", updated_at=now
            ),
        ]
    )
    db.flush()
    summary = build_session_summary(db, cafe, now=now)
    table1, table2, _table3 = summary.tables
    assert table2.rounds[0].synthesis == "Vi ble enige om trygghet."
    assert table2.rounds[0].synthesis_at == now
    assert table2.rounds[1].synthesis == "" and table2.rounds[1].synthesis_at is None
    assert table1.rounds[1].synthesis == ""  # only blanks: nothing to report
    assert summary.synthesis_count == 1


def test_participation_without_seating_counts_the_writers(
    db: Session, cafe: CafeSession, seat: Seat_, post: Callable[..., Post], now: datetime
) -> None:
    kari, ola = seat(cafe, table=1), seat(cafe, table=1)
    seat(cafe, table=1)  # joined, wrote nothing
    sessions.advance_round(db, cafe, now=now)
    _no_seating(db, cafe)
    post(kari, "a")
    post(kari, "b")
    post(ola, "c")
    post(ola, "for Astrid", on_behalf=True, on_behalf_name="Astrid")
    post(ola, "for Astrid again", on_behalf=True, on_behalf_name="astrid ")
    post(ola, "for someone", on_behalf=True)

    summary = build_session_summary(db, cafe, now=now)
    section = summary.tables[0].rounds[0]
    # Kari, Ola, Astrid (one person, however her name was typed) and one unnamed person.
    assert (section.writers, section.seated, section.participants) == (4, None, 4)
    assert section.post_count == 6
    assert summary.participant_count == 3
    assert [
        (c.table, c.round, c.posts, c.participants, c.writers, c.seated)
        for c in summary.participation
    ] == [(1, 1, 6, 4, 4, None), (2, 1, 0, 0, 0, None), (3, 1, 0, 0, 0, None)]


def test_participation_with_seating_counts_everyone_seated_and_anyone_who_wrote(
    db: Session, cafe: CafeSession, seat: Seat_, post: Callable[..., Post], now: datetime
) -> None:
    kari, ola, per, liv = (seat(cafe, table=t) for t in (1, 1, 2, 2))
    sessions.advance_round(db, cafe, now=now)
    _no_seating(db, cafe)
    db.add_all(
        Seat(session_id=cafe.id, participant_id=p.id, round_number=1, table_number=t)
        for p, t in ((kari, 1), (ola, 1), (per, 2))  # Liv came late: not in the record
    )
    db.flush()
    post(kari, "a")
    post(liv, "b")

    table1, table2, table3 = build_session_summary(db, cafe, now=now).tables
    assert (table1.rounds[0].seated, table1.rounds[0].writers) == (2, 1)
    assert table1.rounds[0].participants == 2
    assert (table2.rounds[0].seated, table2.rounds[0].writers) == (1, 1)
    assert table2.rounds[0].participants == 2  # Per was seated, Liv wrote
    assert (table3.rounds[0].seated, table3.rounds[0].participants) == (0, 0)


@pytest.mark.parametrize("status", ["hidden", "pending"])
def test_hidden_and_pending_inputs_never_appear(
    db: Session,
    cafe: CafeSession,
    seat: Seat_,
    post: Callable[..., Post],
    now: datetime,
    status: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kari, ola = seat(cafe, table=1), seat(cafe, table=1)
    sessions.advance_round(db, cafe, now=now)
    _no_seating(db, cafe)
    shown = post(kari, "Synlig")
    secret = post(ola, "Skjult", status=status)
    _like(db, secret, kari, now=now)
    _dots(db, secret, kari, 3, now)
    _like(db, shown, ola, now=now)

    # Even a query that returned every input must not leak it into the summary.
    monkeypatch.setattr(
        summaries,
        "posts_for_session",
        lambda db_, cafe_: posting.posts_for_session(db_, cafe_, visible_only=False),
    )
    summary = build_session_summary(db, cafe, now=now)
    assert list(_posts(summary)) == ["Synlig"]
    assert summary.post_count == 1
    assert [r.post.text for r in summary.ranking] == ["Synlig"]
    section = summary.tables[0].rounds[0]
    assert (section.post_count, section.writers, section.participants) == (1, 1, 1)


def test_sessions_do_not_share_likes_dots_or_syntheses(
    db: Session,
    make_cafe: Callable[..., CafeSession],
    seat: Seat_,
    post: Callable[..., Post],
    now: datetime,
) -> None:
    first, second = make_cafe(), make_cafe()
    for cafe in (first, second):
        sessions.advance_round(db, cafe, now=now)
    person = seat(first, table=1)
    _dots(db, post(person, "kun første"), person, 2, now)
    db.add(Synthesis(session_id=first.id, table_number=1, round_number=1, text="s", updated_at=now))
    db.flush()
    other = build_session_summary(db, second, now=now)
    assert other.ranking == () and other.synthesis_count == 0 and other.participant_count == 0
