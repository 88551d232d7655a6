"""Moderation: hiding, unhiding and approving inputs, and the organiser's log of it.

A facilitator must be able to take an input off every screen at once and, in
*approve first* mode, hold new inputs back until they have looked at them. Every such
decision is recorded as a :class:`ModerationEvent` with its reason, because the
organiser may have to account for what was removed; the inputs themselves stay in the
database (hidden, never deleted), so a mistake can be undone. Only a person's own request
deletes their inputs for good (``participant_erasure.py``); the log records that too.

What others may see is decided in one place, :func:`dialogcafe.domain.posting.shown_to`;
this module only changes ``Post.status``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session, selectinload

from dialogcafe.domain import errors, fields, participant_erasure, sequence
from dialogcafe.domain.cafe_rows import row_of
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import CafeSession, ModerationEvent, Post
from dialogcafe.domain.status import PostStatus

HIDE = "hide"
UNHIDE = "unhide"
APPROVE = "approve"
ERASED = participant_erasure.ERASED
MAX_REASON_LENGTH = 500
MAX_QUERY_LENGTH = 200
DEFAULT_PAGE_SIZE = 200
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class Change:
    """What a moderation action did: the post now, and the status it had before."""

    post: Post
    previous: str
    event: ModerationEvent


@dataclass(frozen=True)
class PostFilter:
    """The moderation list's filters; ``None`` means "any"."""

    table: int | None = None
    round: int | None = None
    status: str | None = None
    query: str = ""
    participant: int | None = None  # "all inputs by this person"


@dataclass(frozen=True)
class PostPage:
    """One page of the moderation list; ``more`` says a further page exists."""

    posts: list[Post]
    more: bool
    offset: int
    limit: int


def get_post(db: Session, cafe: CafeSession, post_id: object) -> Post:
    """An input of this session; another session's input looks missing, like a wrong id."""
    return row_of(db, cafe, Post, post_id, errors.UnknownPost)


def clean_reason(raw: object) -> str:
    """The optional reason for hiding; it goes into the organiser's log, so keep it short."""
    return fields.text(raw, field="reason", max_length=MAX_REASON_LENGTH)


def _record(db: Session, post: Post, action: str, reason: str, now: datetime) -> ModerationEvent:
    sequence.touch_post(db, post)  # every screen showing it must follow, reconnected ones too
    event = ModerationEvent(
        session_id=post.session_id, post_id=post.id, action=action, reason=reason, created_at=now
    )
    db.add(event)
    db.flush()
    return event


def hide(db: Session, post: Post, *, reason: object = "", now: datetime) -> Change:
    """Take a visible or waiting input off every screen, summary and export."""
    if post.status == PostStatus.HIDDEN:
        raise errors.ModerationConflict(detail=N_("This input is already hidden."))
    text = clean_reason(reason)
    previous = post.status
    post.status = PostStatus.HIDDEN
    post.hidden_reason = text
    return Change(post, previous, _record(db, post, HIDE, text, now))


def unhide(db: Session, post: Post, *, now: datetime) -> Change:
    """Show a hidden input again, to everyone (unhiding is also an approval)."""
    if post.status != PostStatus.HIDDEN:
        raise errors.ModerationConflict(detail=N_("Only a hidden input can be shown again."))
    previous = post.status
    post.status = PostStatus.VISIBLE
    post.hidden_reason = ""
    return Change(post, previous, _record(db, post, UNHIDE, "", now))


def approve(db: Session, post: Post, *, now: datetime) -> Change:
    """Let a waiting input through to its table, the facilitators and the summary."""
    if post.status != PostStatus.PENDING:
        raise errors.ModerationConflict(
            detail=N_("Only an input waiting for approval can be approved.")
        )
    previous = post.status
    post.status = PostStatus.VISIBLE
    return Change(post, previous, _record(db, post, APPROVE, "", now))


def set_approve_first(cafe: CafeSession, on: bool) -> None:
    """Switch approve-first on or off; inputs already waiting stay in the queue either way."""
    cafe.approve_first = bool(on)


def _optional_int(raw: object, field: str) -> int | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, str):
        raw = fields.form_number(raw)
    return fields.whole_number(
        raw,
        field=field,
        minimum=-fields.MAX_SAFE_INTEGER,
        maximum=fields.MAX_SAFE_INTEGER,
        problem=N_("must be a whole number"),
    )


def parse_filter(raw: Mapping[str, object]) -> PostFilter:
    """Read the list's filters from query arguments (text) or JSON (numbers)."""
    status = raw.get("status") or None
    if status is not None and status not in list(PostStatus):
        raise errors.InvalidField(
            field="status",
            problem=N_("must be one of: {choices}"),
            choices=", ".join(PostStatus),
        )
    query = raw.get("q") or ""
    if not isinstance(query, str):
        raise errors.InvalidField(field="q", problem=N_("must be text"))
    return PostFilter(
        table=_optional_int(raw.get("table"), "table"),
        round=_optional_int(raw.get("round"), "round"),
        status=status if isinstance(status, str) else None,
        query=query.strip()[:MAX_QUERY_LENGTH],
        participant=_optional_int(raw.get("participant"), "participant"),
    )


def _text_matches(query: str) -> ColumnElement[bool]:
    """Case-insensitive "contains".

    SQL ``lower()`` folds only ASCII on SQLite, so the query's own lower, upper and
    capitalised forms are tried too: "ærlig" then finds "Ærlig" on every engine.
    """
    forms = {query, query.lower(), query.upper(), query.capitalize()}
    return or_(
        Post.text.icontains(query, autoescape=True),
        *(Post.text.contains(form, autoescape=True) for form in sorted(forms)),
    )


def _where(cafe: CafeSession, wanted: PostFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Post.session_id == cafe.id]
    if wanted.table is not None:
        conditions.append(Post.table_number == wanted.table)
    if wanted.round is not None:
        conditions.append(Post.round_number == wanted.round)
    if wanted.status is not None:
        conditions.append(Post.status == wanted.status)
    if wanted.query:
        conditions.append(_text_matches(wanted.query))
    if wanted.participant is not None:
        conditions.append(Post.participant_id == wanted.participant)
    return conditions


def list_posts(
    db: Session,
    cafe: CafeSession,
    wanted: PostFilter = PostFilter(),
    *,
    limit: int = DEFAULT_PAGE_SIZE,
    offset: int = 0,
) -> PostPage:
    """One page of the session's inputs for moderation, in one query.

    The waiting queue comes first, oldest first (work through it in order); then the
    rest, newest first. The query narrows by the indexed ``session_id`` and fetches one
    row more than the page to know whether another page exists, so hundreds of inputs
    never load at once.
    """
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    offset = max(0, offset)
    waiting_first = case((Post.status == PostStatus.PENDING, 0), else_=1)
    queue_order = case((Post.status == PostStatus.PENDING, Post.id), else_=-Post.id)
    rows = list(
        db.scalars(
            select(Post)
            .where(*_where(cafe, wanted))
            .options(selectinload(Post.participant), selectinload(Post.topic))
            .order_by(waiting_first, queue_order)
            .limit(limit + 1)
            .offset(offset)
        )
    )
    return PostPage(posts=rows[:limit], more=len(rows) > limit, offset=offset, limit=limit)


def status_counts(db: Session, cafe: CafeSession) -> dict[str, int]:
    """How many inputs are visible, waiting and hidden (the page's tab counts)."""
    counts: dict[str, int] = dict.fromkeys(PostStatus, 0)
    rows = db.execute(
        select(Post.status, func.count()).where(Post.session_id == cafe.id).group_by(Post.status)
    )
    for status, count in rows:
        counts[status] = count
    return counts


@dataclass(frozen=True)
class LogEntry:
    """One line of the moderation log, with the input it concerns; an erasure of one
    person's inputs (``participant_erasure.ERASED``) has no input, but a count and who."""

    created_at: datetime
    post_id: int | None
    table: int | None
    round: int | None
    action: str
    reason: str
    text: str
    by: str = ""
    count: int | None = None


def moderation_log(db: Session, cafe: CafeSession) -> list[LogEntry]:
    """Every moderation decision and erasure of the session, oldest first."""
    rows = db.execute(
        select(ModerationEvent, Post)
        .join(Post, Post.id == ModerationEvent.post_id)
        .where(ModerationEvent.session_id == cafe.id)
        .order_by(ModerationEvent.created_at, ModerationEvent.id)
    )
    decisions = [
        LogEntry(
            created_at=event.created_at,
            post_id=post.id,
            table=post.table_number,
            round=post.round_number,
            action=event.action,
            reason=event.reason,
            text=post.text,
        )
        for event, post in rows
    ]
    erased = [
        LogEntry(
            created_at=record.created_at,
            post_id=None,
            table=None,
            round=None,
            action=ERASED,
            reason="",
            text="",
            by=record.erased_by,
            count=record.post_count,
        )
        for record in participant_erasure.erasures(db, cafe)
    ]
    return sorted(decisions + erased, key=lambda entry: entry.created_at)  # stable: ties keep order
