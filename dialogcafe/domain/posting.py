"""Posting inputs: the rules for what a participant may send, and storing it exactly once."""

from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import ColumnElement, Insert, and_, bindparam, or_, select
from sqlalchemy.orm import Session, selectinload

from dialogcafe.domain import errors, fields, sequence
from dialogcafe.domain.cafe_rows import row_of
from dialogcafe.domain.errors import N_
from dialogcafe.domain.limits import MAX_ROUNDS
from dialogcafe.domain.models import CafeSession, Participant, Post, Seat, Topic
from dialogcafe.domain.rotation import topic_index
from dialogcafe.domain.sessions import check_table, ensure_accepts_posts, ensure_open
from dialogcafe.domain.status import PostStatus, SessionStatus

MAX_POST_LENGTH = 1000
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_\-]{8,64}$")


@dataclass(frozen=True)
class PostResult:
    """The stored post, and whether this call stored it (False: a resend of a stored one)."""

    post: Post
    created: bool


def clean_text(raw: object) -> str:
    """Trim the input and enforce the length limit; line breaks inside are kept."""
    if not isinstance(raw, str):
        raise errors.EmptyPost()
    text = raw.strip()
    if not text:
        raise errors.EmptyPost()
    if len(text) > MAX_POST_LENGTH:
        raise errors.PostTooLong(limit=MAX_POST_LENGTH)
    return text


def check_client_id(raw: object) -> str:
    """The phone's id for an input, so a resend after a lost ack is recognised."""
    if not isinstance(raw, str) or not _CLIENT_ID.match(raw):
        raise errors.InvalidField(
            field="client_id", problem=N_("must be a UUID or similar id (8-64 letters, digits, -)")
        )
    return raw


@dataclass(frozen=True)
class StoredPost:
    """An input as :func:`store_post` found or stored it, with what its payload names.

    ``post`` is a row of the posts table's columns for a new input (no ORM object is
    made on the hot path) or the :class:`Post` itself for a resend.
    """

    post: PostColumns
    topic: str
    nickname: str
    created: bool


class PostColumns(Protocol):
    """The columns of a stored input that its payload shows (a :class:`Post` or a row)."""

    @property
    def id(self) -> int: ...

    @property
    def session_id(self) -> int: ...

    @property
    def client_id(self) -> str: ...

    @property
    def table_number(self) -> int: ...

    @property
    def round_number(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def created_at(self) -> datetime: ...

    @property
    def status(self) -> str: ...

    @property
    def on_behalf(self) -> bool: ...

    @property
    def on_behalf_name(self) -> str: ...

    @property
    def seq(self) -> int: ...

    @property
    def late(self) -> bool: ...


# Built once: storing an input is the most frequent write of a café (a full hall sends
# hundreds a second), so it runs as four prebuilt Core statements — who is posting (with
# their session's state, in one row), the session's questions, the seq bump, the insert —
# without making ORM objects or savepoints (bench/README.md, "the posting path").
_POSTS = Post.__table__
_PARTICIPANTS = Participant.__table__
_SESSIONS = CafeSession.__table__
_TOPICS = Topic.__table__
_POSTER = (
    select(
        _PARTICIPANTS.c.nickname,
        _PARTICIPANTS.c.table_number,
        _PARTICIPANTS.c.session_id,
        _SESSIONS.c.status,
        _SESSIONS.c.current_round,
        _SESSIONS.c.table_count,
        _SESSIONS.c.rotation,
        _SESSIONS.c.approve_first,
    )
    .join_from(_PARTICIPANTS, _SESSIONS, _PARTICIPANTS.c.session_id == _SESSIONS.c.id)
    .where(_PARTICIPANTS.c.id == bindparam("participant_id"))
)
_SEATS = Seat.__table__
_SEAT_IN_ROUND = select(_SEATS.c.table_number).where(
    _SEATS.c.participant_id == bindparam("participant_id"),
    _SEATS.c.round_number == bindparam("round_number"),
)
_SESSION_TOPICS = (
    select(_TOPICS.c.id, _TOPICS.c.text)
    .where(_TOPICS.c.session_id == bindparam("session_id"))
    .order_by(_TOPICS.c.position)
)


@functools.cache
def _insert_unless_stored(dialect: str) -> Insert:
    """``INSERT … ON CONFLICT (participant_id, client_id) DO NOTHING RETURNING …``: a resend
    inserts nothing and fails nothing, so no savepoint is needed around it. SQLite and
    PostgreSQL each have their own construct (PostgreSQL's is imported only when used)."""
    insert = importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert
    statement: Insert = (
        insert(_POSTS)
        .on_conflict_do_nothing(index_elements=["participant_id", "client_id"])
        .returning(*_POSTS.c)
    )
    return statement


class PosterState(Protocol):
    """What the late-round rule reads of the poster's session (a row of :data:`_POSTER`)."""

    @property
    def status(self) -> str: ...

    @property
    def current_round(self) -> int: ...

    @property
    def table_count(self) -> int: ...


def late_round(poster: PosterState, written_round: object) -> int | None:
    """The earlier round an input belongs to when it arrives after that round ended, else None.

    A phone that was offline keeps what it wrote in its outbox and names the round it was
    written in (``written_round``); the round may have moved on, or the harvest begun, by
    the time it arrives. Such an input still counts for its own round, marked late, so
    nothing written is lost at a phase change. Without a round (an old client) the
    input is for the current round, as before; a closed session takes nothing.
    """
    ensure_open(poster)
    if poster.current_round < 1:
        raise errors.RoundNotStarted()
    if written_round is None:
        ensure_accepts_posts(poster)  # the harvest: no new inputs
        return None
    written = fields.whole_number(written_round, field="round", minimum=1, maximum=MAX_ROUNDS)
    if written > poster.current_round:
        raise errors.BadRequest(detail=N_("The round this input names has not started."))
    if poster.status == SessionStatus.HARVEST or written < poster.current_round:
        return written
    return None


def store_post(
    db: Session,
    participant_id: int,
    *,
    client_id: object,
    text: object,
    now: datetime,
    written_round: object = None,
) -> StoredPost:
    """Store an input at the participant's table for the current round and question.

    An input written in an earlier round (``written_round``, see :func:`late_round`) is
    stored late in that round: at the table the participant sat at then, with the
    question that table had then.

    A ``client_id`` the participant has used before returns the stored post unchanged,
    so a phone that resends after a lost acknowledgement never creates a duplicate.
    (A resend is found when the unique key keeps its insert out, or, if the input would be
    refused now — the round is over, say — by looking it up before refusing: so the usual
    case, a new input, costs no lookup.) An unknown participant is refused.

    The statements go straight to this transaction's connection: the ORM does not see
    them, so :func:`create_post` flushes first for callers that hold pending changes.
    """
    client_id = check_client_id(client_id)
    connection = db.connection()
    poster = connection.execute(_POSTER, {"participant_id": participant_id}).one_or_none()
    if poster is None:
        raise errors.Forbidden()
    try:
        late = late_round(poster, written_round)  # closed, the harvest, a round to come
        text = clean_text(text)
    except errors.DomainError:
        existing = _stored(db, participant_id, client_id)
        if existing is not None:
            return _resent(existing)
        raise
    round_number = poster.current_round if late is None else late
    table = poster.table_number
    if late is not None:  # where they sat then (people may have moved since)
        seat = connection.execute(
            _SEAT_IN_ROUND, {"participant_id": participant_id, "round_number": late}
        ).scalar()
        table = table if seat is None else seat  # no seat then: they joined later
    table = check_table(poster, table)
    topics = connection.execute(_SESSION_TOPICS, {"session_id": poster.session_id}).all()
    topic = topics[topic_index(table, round_number, len(topics), poster.rotation)]
    values = {
        "session_id": poster.session_id,
        "participant_id": participant_id,
        "client_id": client_id,
        "table_number": table,
        "round_number": round_number,
        "topic_id": topic.id,
        "text": text,
        # Approve-first: the input waits in the facilitator's queue before others see it.
        "status": PostStatus.PENDING if poster.approve_first else PostStatus.VISIBLE,
        "created_at": now,
        "late": late is not None,
    }
    # The bump first: on PostgreSQL its row lock orders the session's writers (sequence.py).
    # A resend leaves a gap in the numbers, which is harmless.
    values["seq"] = sequence.advance_session(connection, poster.session_id)
    sequence.note_seq(db, poster.session_id, values["seq"])
    row = connection.execute(_insert_unless_stored(connection.dialect.name), values).first()
    if row is None:  # a resend, or a twin racing this one: the unique key kept it out
        existing = _stored(db, participant_id, client_id)
        assert existing is not None  # the conflict was on this participant's client_id
        return _resent(existing)
    return StoredPost(post=row, topic=topic.text, nickname=poster.nickname, created=True)


def _resent(existing: Post) -> StoredPost:
    return StoredPost(
        post=existing,
        topic=existing.topic.text,
        nickname=existing.participant.nickname,
        created=False,
    )


def create_post(
    db: Session, participant: Participant, *, client_id: object, text: object, now: datetime
) -> PostResult:
    """:func:`store_post` for callers that work with ORM objects (the web form, hosts
    writing on someone's behalf): the stored input comes back as a :class:`Post`."""
    db.flush()  # the Core statements must see what this transaction changed so far
    stored = store_post(db, participant.id, client_id=client_id, text=text, now=now)
    post = db.get(Post, stored.post.id)
    assert post is not None  # stored in this transaction
    return PostResult(post=post, created=stored.created)


def _stored(db: Session, participant_id: int, client_id: str) -> Post | None:
    """The participant's input with this ``client_id``, if there is one."""
    return db.scalar(
        select(Post).where(Post.participant_id == participant_id, Post.client_id == client_id)
    )


def shown_to(author_id: int | ColumnElement[int] | None = None) -> ColumnElement[bool]:
    """The one filter for what others may see: visible inputs only.

    Pending (approve-first) and hidden inputs never reach other phones, snapshots,
    summaries or exports. ``author_id`` adds that author's own pending inputs, so a
    phone still shows "waiting for approval" for what its owner wrote (a bound parameter
    in a statement built once).
    """
    visible = Post.status == PostStatus.VISIBLE
    if author_id is None:
        return visible
    return or_(visible, and_(Post.participant_id == author_id, Post.status == PostStatus.PENDING))


def is_visible(post: PostColumns) -> bool:
    """:func:`shown_to` for an input already loaded: may everyone see it?"""
    return post.status == PostStatus.VISIBLE


def visible_post(db: Session, cafe: CafeSession, post_id: object) -> Post:
    """A visible input of this session (to like or vote on); anything else looks the same
    as a missing one, so a client learns nothing about inputs it may not see."""
    return row_of(db, cafe, Post, post_id, errors.UnknownPost, also=is_visible)


def posts_for_table(
    db: Session,
    cafe: CafeSession,
    table: int,
    *,
    visible_only: bool = True,
    author_id: int | None = None,
    changed_after: int | None = None,
) -> list[Post]:
    """Every input at ``table``, oldest first, with what rendering needs already loaded.

    By default only visible inputs (plus ``author_id``'s own pending ones); moderation
    passes ``visible_only=False`` to see everything. ``changed_after`` keeps only inputs
    changed after that seq (a reconnecting client's delta, see sequence.py).
    """
    conditions = [Post.session_id == cafe.id, Post.table_number == table]
    if changed_after is not None:
        conditions.append(Post.seq > changed_after)
    if visible_only:
        conditions.append(shown_to(author_id))
    return list(
        db.scalars(
            select(Post)
            .where(*conditions)
            .options(selectinload(Post.participant), selectinload(Post.topic))
            .order_by(Post.created_at, Post.id)
        )
    )


def posts_for_session(
    db: Session, cafe: CafeSession, *, visible_only: bool = True, changed_after: int | None = None
) -> list[Post]:
    """Every input of the session, by table, round and time (visible ones unless told;
    only those changed after ``changed_after`` when given)."""
    conditions = [Post.session_id == cafe.id]
    if changed_after is not None:
        conditions.append(Post.seq > changed_after)
    if visible_only:
        conditions.append(shown_to())
    return list(
        db.scalars(
            select(Post)
            .where(*conditions)
            .options(selectinload(Post.participant), selectinload(Post.topic))
            .order_by(Post.table_number, Post.round_number, Post.created_at, Post.id)
        )
    )
