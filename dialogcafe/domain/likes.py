"""Likes: one per participant per input, undone by liking again.

Likes show which inputs resonate without anyone having to speak up. Against group-think
the facilitator may keep other tables out of sight until the harvest
(``hide_other_tables``); until then a participant may like only inputs of their own
table. Counts are read with one grouped query, never one query per post.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, fields, posting, sequence
from dialogcafe.domain.models import CafeSession, Like, Participant, Post
from dialogcafe.domain.sessions import ensure_open
from dialogcafe.domain.status import ROUNDS_OVER, SessionStatus


@dataclass(frozen=True)
class LikeResult:
    """The post after the toggle: its like count and whether this participant likes it now."""

    post: Post
    likes: int
    liked: bool


def is_harvest(cafe: CafeSession) -> bool:
    """The harvest phase (set by the lifecycle's ``harvest`` status)."""
    return cafe.status == SessionStatus.HARVEST


def other_tables_visible(cafe: CafeSession) -> bool:
    """May phones and the projector show tables other than one's own (and their likes)?"""
    return not cafe.hide_other_tables or cafe.status in ROUNDS_OVER


def tables_seeing(cafe: CafeSession, table: int) -> list[int]:
    """The tables whose phones show an input of ``table`` (and its likes): every table
    while other tables are visible, else its own only."""
    if other_tables_visible(cafe):
        return list(range(1, cafe.table_count + 1))
    return [table]


def toggle_like(
    db: Session, participant: Participant, post_id: object, *, liked: object, now: datetime
) -> LikeResult:
    """Set (``liked=True``) or undo (``liked=False``) this participant's like of an input.

    Setting twice or undoing a like that is not there changes nothing, so a phone that
    resends after a lost acknowledgement cannot count double.
    """
    liked = fields.flag(liked, field="liked")
    cafe = participant.session
    ensure_open(cafe)
    post = posting.visible_post(db, cafe, post_id)
    if post.table_number != participant.table_number and not is_harvest(cafe):
        raise errors.NotYourTable()
    mine = select(Like.id).where(Like.post_id == post.id, Like.participant_id == participant.id)
    existing = db.scalar(mine)
    if liked and existing is None:
        db.add(Like(post_id=post.id, participant_id=participant.id, created_at=now))
        sequence.touch_post(db, post)  # the count changed: a reconnecting phone must hear
    elif not liked and existing is not None:
        db.execute(delete(Like).where(Like.id == existing))
        sequence.touch_post(db, post)
    db.flush()
    return LikeResult(post=post, likes=like_count(db, post.id), liked=liked)


def like_count(db: Session, post_id: int) -> int:
    return db.scalar(select(func.count(Like.id)).where(Like.post_id == post_id)) or 0


def like_counts(db: Session, cafe: CafeSession) -> dict[int, int]:
    """Likes per post id for the whole session, in one grouped query (posts without: absent)."""
    rows = db.execute(
        select(Like.post_id, func.count(Like.id))
        .join(Post, Post.id == Like.post_id)
        .where(Post.session_id == cafe.id)
        .group_by(Like.post_id)
    )
    return {post_id: count for post_id, count in rows}


# Built once: every phone's state runs it (building it cost more than running it).
_LIKED = (
    select(Like.post_id)
    .where(Like.participant_id == bindparam("participant_id"))
    .order_by(Like.post_id)
)


def liked_post_ids(db: Session, participant: Participant) -> list[int]:
    """The inputs this participant likes, so their phone can show the pressed buttons."""
    return list(db.scalars(_LIKED, {"participant_id": participant.id}))


def with_likes(posts: Iterable[dict[str, object]], counts: dict[int, int]) -> None:
    """Add ``likes`` to post payloads in place (counts from :func:`like_counts`)."""
    for post in posts:
        post_id = post["id"]
        post["likes"] = counts.get(post_id, 0) if isinstance(post_id, int) else 0


def most_liked_about(
    db: Session, cafe: CafeSession, topic_id: int, limit: int = 5
) -> list[tuple[Post, int]]:
    """The ``limit`` most-liked visible inputs about one question, with their counts (ties:
    oldest first, as the harvest by question orders them), in one query."""
    count = func.count(Like.id)
    rows = db.execute(
        select(Post, count)
        .outerjoin(Like, Like.post_id == Post.id)
        .where(Post.session_id == cafe.id, Post.topic_id == topic_id, posting.shown_to())
        .group_by(Post.id)
        .order_by(count.desc(), Post.created_at, Post.id)
        .limit(limit)
    )
    return [(post, likes) for post, likes in rows]


def most_liked(posts: list[Post], counts: dict[int, int], limit: int = 5) -> list[Post]:
    """The most-liked visible inputs (at least one like), ties broken by age."""
    liked = [p for p in posts if posting.is_visible(p) and counts.get(p.id, 0) > 0]
    liked.sort(key=lambda p: (-counts[p.id], p.created_at, p.id))
    return liked[:limit]
