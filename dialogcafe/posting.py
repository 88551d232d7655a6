"""Posting inputs: the rules for what a participant may send, and storing it exactly once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from dialogcafe import errors, sequence
from dialogcafe.errors import N_
from dialogcafe.models import CafeSession, Participant, Post
from dialogcafe.sessions import ensure_accepts_inputs, topic_for_table

MAX_INPUT_LENGTH = 1000
POST_VISIBLE = "visible"
POST_PENDING = "pending"
POST_HIDDEN = "hidden"
POST_STATUSES = (POST_VISIBLE, POST_PENDING, POST_HIDDEN)
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_\-]{8,64}$")


@dataclass(frozen=True)
class PostResult:
    """The stored post, and whether this call stored it (False: a resend of a stored one)."""

    post: Post
    created: bool


def clean_text(raw: object) -> str:
    """Trim the input and enforce the length limit; line breaks inside are kept."""
    if not isinstance(raw, str):
        raise errors.EmptyInput()
    text = raw.strip()
    if not text:
        raise errors.EmptyInput()
    if len(text) > MAX_INPUT_LENGTH:
        raise errors.InputTooLong(limit=MAX_INPUT_LENGTH)
    return text


def check_client_id(raw: object) -> str:
    """The phone's id for an input, so a resend after a lost ack is recognised."""
    if not isinstance(raw, str) or not _CLIENT_ID.match(raw):
        raise errors.InvalidField(
            field="client_id", problem=N_("must be a UUID or similar id (8-64 letters, digits, -)")
        )
    return raw


def create_post(
    db: Session, participant: Participant, *, client_id: object, text: object, now: datetime
) -> PostResult:
    """Store an input at the participant's table for the current round and question.

    A ``client_id`` the participant has used before returns the stored post unchanged,
    so a phone that resends after a lost acknowledgement never creates a duplicate.
    (A resend is found by the unique key when the insert fails, or, if the input would be
    refused now — the round is over, say — by looking it up before refusing: so the usual
    case, a new input, costs no lookup.)
    """
    client_id = check_client_id(client_id)
    cafe: CafeSession = participant.session
    try:
        ensure_accepts_inputs(cafe)  # closed, or the harvest: no new inputs
        if cafe.current_round < 1:
            raise errors.RoundNotStarted()
        text = clean_text(text)
    except errors.DomainError:
        existing = _stored(db, participant, client_id)
        if existing is not None:
            return PostResult(post=existing, created=False)
        raise
    table_topic = topic_for_table(cafe, participant.table_number)
    post = Post(
        session_id=cafe.id,
        participant_id=participant.id,
        client_id=client_id,
        table_number=participant.table_number,
        round_number=cafe.current_round,
        topic_id=table_topic.topic_id,
        text=text,
        # Approve-first: the input waits in the facilitator's queue before others see it.
        status=POST_PENDING if cafe.approve_first else POST_VISIBLE,
        created_at=now,
    )
    try:
        with db.begin_nested():  # a resend (or a twin racing this one) fails on the unique key
            post.seq = sequence.advance(db, cafe)  # undone with the savepoint if it fails
            db.add(post)
    except IntegrityError:
        db.expire(cafe, ["seq"])  # the rolled-back bump: read the counter again if needed
        existing = _stored(db, participant, client_id)
        if existing is None:  # not the unique key: some other constraint failed
            raise
        return PostResult(post=existing, created=False)
    return PostResult(post=post, created=True)


def _stored(db: Session, participant: Participant, client_id: str) -> Post | None:
    """The participant's input with this ``client_id``, if there is one."""
    return db.scalar(
        select(Post).where(Post.participant_id == participant.id, Post.client_id == client_id)
    )


def shown_to(author_id: int | None = None) -> ColumnElement[bool]:
    """The one filter for what others may see: visible inputs only.

    Pending (approve-first) and hidden inputs never reach other phones, snapshots,
    summaries or exports. ``author_id`` adds that author's own pending inputs, so a
    phone still shows "waiting for approval" for what its owner wrote.
    """
    visible = Post.status == POST_VISIBLE
    if author_id is None:
        return visible
    return or_(visible, and_(Post.participant_id == author_id, Post.status == POST_PENDING))


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
