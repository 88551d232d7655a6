"""One person's data in a café: found, handed over, and erased at their request.

GDPR gives a participant the right to see what is kept about them (article 15) and to
have it erased (article 17). Participants are anonymous, so the facilitator finds the
person by an input they say they wrote; from it, every input stored under the same
participant. Erasing deletes those inputs for good (not hidden: gone from the database,
with the likes, dots, theme places and moderation entries that pointed at them) and
clears the person's nickname. The organiser's log keeps that it happened, how many inputs
and by whom, never what they said (:class:`ParticipantErasure`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from dialogcafe.domain import errors, sequence
from dialogcafe.domain.cafe_rows import row_of
from dialogcafe.domain.models import (
    CafeSession,
    DotVote,
    Like,
    ModerationEvent,
    Participant,
    ParticipantErasure,
    Post,
    Seat,
    Synthesis,
    ThemePost,
)

ERASED = "erased"  # the action's code in the moderation log


@dataclass(frozen=True)
class PersonRecord:
    """Everything the café keeps that points at one participant (an access request)."""

    participant: Participant
    posts: list[Post]
    likes_received: dict[int, int]
    syntheses: list[Synthesis]
    seats: list[Seat]
    likes_given: int
    dots_given: int


@dataclass(frozen=True)
class ErasedPost:
    """What screens need to drop an erased input: no text."""

    id: int
    table: int


@dataclass(frozen=True)
class Erasure:
    """What an erasure did: the inputs that went, and the log's record of it."""

    author_id: int
    posts: list[ErasedPost]
    record: ParticipantErasure
    seq: int


def get_participant(db: Session, cafe: CafeSession, participant_id: object) -> Participant:
    """A participant of this café; another café's looks missing, like a wrong id."""
    return row_of(db, cafe, Participant, participant_id, errors.UnknownParticipant)


def posts_of(db: Session, participant: Participant) -> list[Post]:
    """Every input stored under the participant (any state, those a table host typed for
    someone else included), oldest first."""
    return list(
        db.scalars(
            select(Post)
            .where(Post.participant_id == participant.id)
            .options(selectinload(Post.topic))
            .order_by(Post.id)
        )
    )


def person_record(db: Session, participant: Participant) -> PersonRecord:
    """What an access request hands over: the person's inputs, syntheses, seats and counts
    of the likes and dots they gave (whose inputs they liked is not theirs to see)."""
    posts = posts_of(db, participant)
    ids = [post.id for post in posts]
    likes_received: dict[int, int] = {}
    if ids:
        rows = db.execute(
            select(Like.post_id, func.count()).where(Like.post_id.in_(ids)).group_by(Like.post_id)
        )
        likes_received = {post_id: count for post_id, count in rows}

    def given(model: type[Like] | type[DotVote]) -> int:
        return (
            db.scalar(
                select(func.count())
                .select_from(model)
                .where(model.participant_id == participant.id)
            )
            or 0
        )

    return PersonRecord(
        participant=participant,
        posts=posts,
        likes_received=likes_received,
        syntheses=list(
            db.scalars(
                select(Synthesis)
                .where(Synthesis.author_id == participant.id)
                .order_by(Synthesis.round_number, Synthesis.table_number)
            )
        ),
        seats=list(
            db.scalars(
                select(Seat)
                .where(Seat.participant_id == participant.id)
                .order_by(Seat.round_number)
            )
        ),
        likes_given=given(Like),
        dots_given=given(DotVote),
    )


def _delete_posts(db: Session, ids: Sequence[int]) -> None:
    """The inputs and every row that points at them, children first (erasure.py's rule:
    nothing relies on the database enforcing foreign keys)."""
    for statement in (
        delete(Like).where(Like.post_id.in_(ids)),
        delete(DotVote).where(DotVote.post_id.in_(ids)),
        delete(ThemePost).where(ThemePost.post_id.in_(ids)),
        delete(ModerationEvent).where(ModerationEvent.post_id.in_(ids)),
        delete(Post).where(Post.id.in_(ids)),
    ):
        db.execute(statement.execution_options(synchronize_session=False))


def erase(
    db: Session, cafe: CafeSession, participant: Participant, *, by: str, now: datetime
) -> Erasure:
    """Delete the participant's inputs for good, clear their nickname, and log it.

    Earlier moderation entries of those inputs go too (a hiding reason may quote them).
    Every client's older view is made whole again (``sequence.resync``), so a phone that
    was offline cannot keep an erased input from a delta. Works in every phase: a request
    may come long after the café closed.
    """
    posts = [
        ErasedPost(id=row.id, table=row.table_number)
        for row in db.execute(
            select(Post.id, Post.table_number)
            .where(Post.participant_id == participant.id)
            .order_by(Post.id)
        )
    ]
    ids = [post.id for post in posts]
    if ids:
        _delete_posts(db, ids)
        db.expire_all()  # loaded posts and counts are stale now
    participant.nickname = ""
    record = ParticipantErasure(
        session_id=cafe.id, erased_by=by, post_count=len(ids), created_at=now
    )
    db.add(record)
    seq = sequence.resync(db, cafe)
    db.flush()
    return Erasure(author_id=participant.id, posts=posts, record=record, seq=seq)


def erasures(db: Session, cafe: CafeSession) -> list[ParticipantErasure]:
    """The café's erasures, oldest first (for the moderation log)."""
    return list(
        db.scalars(
            select(ParticipantErasure)
            .where(ParticipantErasure.session_id == cafe.id)
            .order_by(ParticipantErasure.created_at, ParticipantErasure.id)
        )
    )
