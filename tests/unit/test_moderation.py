"""Moderation rules: hide / unhide / approve, the log, the list's filters, approve-first."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, moderation, posting, session_settings, sessions
from dialogcafe.domain.models import CafeSession, ModerationEvent, Participant, Post
from dialogcafe.domain.moderation import PostFilter
from dialogcafe.domain.summaries import build_session_summary
from dialogcafe.exports import files
from dialogcafe.exports.moderation_log import render_log_csv
from dialogcafe.views import facilitator, phone


def _events(db: Session, post: Post) -> list[tuple[str, str]]:
    rows = db.scalars(
        select(ModerationEvent)
        .where(ModerationEvent.post_id == post.id)
        .order_by(ModerationEvent.id)
    )
    return [(event.action, event.reason) for event in rows]


def test_hide_unhide_approve_change_status_and_log_each_decision(
    db: Session,
    running: CafeSession,
    seat: Callable[..., Participant],
    write: Callable[..., Post],
    now: datetime,
) -> None:
    post = write(seat(running, table=1), "Noe upassende")
    change = moderation.hide(db, post, reason="  Personangrep  ", now=now)
    assert (change.previous, post.status, post.hidden_reason) == (
        "visible",
        "hidden",
        "Personangrep",
    )
    moderation.unhide(db, post, now=now + timedelta(minutes=1))
    assert (post.status, post.hidden_reason) == ("visible", "")
    assert _events(db, post) == [("hide", "Personangrep"), ("unhide", "")]


def test_approve_first_makes_new_posts_pending_until_approved(
    db: Session,
    running: CafeSession,
    seat: Callable[..., Participant],
    write: Callable[..., Post],
    now: datetime,
) -> None:
    moderation.set_approve_first(running, True)
    post = write(seat(running, table=1), "Venter")
    assert post.status == "pending"
    change = moderation.approve(db, post, now=now)
    assert (change.previous, post.status) == ("pending", "visible")
    assert _events(db, post) == [("approve", "")]
    moderation.set_approve_first(running, False)
    assert write(seat(running, table=1), "Rett ut").status == "visible"


def test_wrong_transitions_are_refused(
    db: Session,
    running: CafeSession,
    seat: Callable[..., Participant],
    write: Callable[..., Post],
    now: datetime,
) -> None:
    post = write(seat(running, table=1), "Synlig")
    with pytest.raises(errors.ModerationConflict):
        moderation.approve(db, post, now=now)
    with pytest.raises(errors.ModerationConflict):
        moderation.unhide(db, post, now=now)
    moderation.hide(db, post, now=now)
    with pytest.raises(errors.ModerationConflict):
        moderation.hide(db, post, now=now)
    with pytest.raises(errors.InvalidField):
        moderation.hide(db, write(seat(running), "Annen"), reason="x" * 501, now=now)


def test_get_post_hides_other_sessions_posts(
    db: Session,
    running: CafeSession,
    make_cafe: Callable[..., CafeSession],
    seat: Callable[..., Participant],
    write: Callable[..., Post],
) -> None:
    post = write(seat(running, table=1), "Min")
    other = make_cafe()
    assert moderation.get_post(db, running, post.id) is post
    for wrong in (post.id + 999, "1", True):
        with pytest.raises(errors.UnknownPost):
            moderation.get_post(db, running, wrong)
    with pytest.raises(errors.UnknownPost):
        moderation.get_post(db, other, post.id)


def test_pending_and_hidden_posts_are_left_out_of_what_others_see(
    db: Session,
    running: CafeSession,
    seat: Callable[..., Participant],
    write: Callable[..., Post],
    now: datetime,
) -> None:
    author, neighbour = seat(running, table=1), seat(running, table=1)
    shown = write(author, "Synlig innspill")
    hidden = write(author, "Skjult innspill")
    moderation.hide(db, hidden, reason="spam", now=now)
    moderation.set_approve_first(running, True)
    waiting = write(author, "Ventende innspill")

    assert posting.posts_for_table(db, running, 1) == [shown]
    assert posting.posts_for_session(db, running) == [shown]
    assert len(posting.posts_for_session(db, running, visible_only=False)) == 3
    assert posting.posts_for_table(db, running, 1, author_id=author.id) == [shown, waiting]

    own = phone.participant_snapshot(db, author)["posts"]
    assert [(p["text"], p["status"]) for p in own] == [
        ("Synlig innspill", "visible"),
        ("Ventende innspill", "pending"),
    ]
    assert [p["text"] for p in phone.participant_snapshot(db, neighbour)["posts"]] == [
        "Synlig innspill"
    ]
    table_one = facilitator.facilitator_snapshot(db, running)["tables"][0]["posts"]
    assert [p["text"] for p in table_one] == ["Synlig innspill"]

    summary = build_session_summary(db, running, now=now)
    assert summary.post_count == 1
    for fmt in ("md", "csv", "json"):  # the text formats; DOCX renders the same summary
        text = str(files.render(summary, fmt).content)
        assert "Synlig innspill" in text
        assert "Skjult innspill" not in text and "Ventende innspill" not in text


def test_list_filters_by_table_round_status_and_text(
    db: Session,
    running: CafeSession,
    seat: Callable[..., Participant],
    write: Callable[..., Post],
    now: datetime,
) -> None:
    one, two = seat(running, table=1), seat(running, table=2)
    a = write(one, "Ærlighet varer lengst")
    b = write(two, "Bolig og trygghet")
    sessions.advance_round(db, running, now=now + timedelta(minutes=20))
    c = write(one, "Mer om BOLIG")
    moderation.hide(db, b, reason="test", now=now)

    def ids(**wanted: object) -> list[int]:
        return [p.id for p in moderation.list_posts(db, running, PostFilter(**wanted)).posts]  # type: ignore[arg-type]

    assert ids() == [c.id, b.id, a.id]
    assert ids(table=1) == [c.id, a.id]
    assert ids(round=1) == [b.id, a.id]
    assert ids(status="hidden") == [b.id]
    assert ids(query="bolig") == [c.id, b.id]
    assert ids(query="ÆRLIGHET") == [a.id]
    assert ids(query="ærlighet") == [a.id]
    assert ids(query="100%") == []
    assert moderation.status_counts(db, running) == {"visible": 2, "pending": 0, "hidden": 1}


def test_list_puts_the_waiting_queue_first_and_pages(
    db: Session, running: CafeSession, seat: Callable[..., Participant], write: Callable[..., Post]
) -> None:
    author = seat(running, table=1)
    early = [write(author, f"Før {n}") for n in range(3)]
    moderation.set_approve_first(running, True)
    queue = [write(author, f"Kø {n}") for n in range(2)]
    page = moderation.list_posts(db, running, limit=3)
    assert [p.id for p in page.posts] == [queue[0].id, queue[1].id, early[2].id]
    assert page.more
    rest = moderation.list_posts(db, running, limit=3, offset=3)
    assert [p.id for p in rest.posts] == [early[1].id, early[0].id]
    assert not rest.more


def test_parse_filter_reads_query_strings_and_rejects_nonsense() -> None:
    wanted = moderation.parse_filter({"table": "2", "round": "", "status": "pending", "q": " x "})
    assert wanted == PostFilter(table=2, round=None, status="pending", query="x")
    with pytest.raises(errors.InvalidField):
        moderation.parse_filter({"status": "deleted"})
    with pytest.raises(errors.InvalidField):
        moderation.parse_filter({"table": "two"})


def test_moderation_log_csv_has_reasons_and_neutralises_formulas(
    db: Session,
    running: CafeSession,
    seat: Callable[..., Participant],
    write: Callable[..., Post],
    now: datetime,
) -> None:
    post = write(seat(running, table=2), '=HYPERLINK("x")')
    moderation.hide(db, post, reason="Lenke", now=now)
    moderation.unhide(db, post, now=now + timedelta(seconds=5))
    rows = list(csv.reader(io.StringIO(render_log_csv(moderation.moderation_log(db, running)))))
    assert rows[0] == [
        "timestamp",
        "post id",
        "table",
        "round",
        "action",
        "reason",
        "input",
        "erased by",
        "inputs erased",
    ]
    assert rows[1] == [
        "2026-11-24T12:00:00Z",
        str(post.id),
        "2",
        "1",
        "hide",
        "Lenke",
        '\'=HYPERLINK("x")',
        "",
        "",
    ]
    assert rows[2][4:6] == ["unhide", ""]


def test_settings_are_validated_all_or_nothing(db: Session, cafe: CafeSession) -> None:
    assert session_settings.update_settings(
        db, cafe, {"approve_first": True, "dots_per_participant": 3}
    )
    assert session_settings.settings_of(cafe) == {
        "approve_first": True,
        "hide_other_tables": False,
        "dots_per_participant": 3,
        "show_results": False,
    }
    for bad in (
        {},
        {"approve_first": "yes"},
        {"hide_other_tables": 1},
        {"dots_per_participant": -1},
        {"dots_per_participant": True},
        {"dots_per_participant": 21},
        {"title": "x"},
        {"approve_first": False, "dots_per_participant": "5"},
    ):
        with pytest.raises(errors.DomainError):
            session_settings.update_settings(db, cafe, bad)
    assert cafe.approve_first is True and cafe.dots_per_participant == 3
