"""Dot-voting in the harvest: each participant spreads a few dots over inputs of all tables.

The facilitator sets how many dots each participant has (``dots_per_participant``; 0 means
no voting). Dots may be stacked on one input and taken back, but only one's own, and only
during the harvest, so the result reflects the whole room's judgement after the rounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from dialogcafe.domain import errors, fields
from dialogcafe.domain.likes import is_harvest
from dialogcafe.domain.models import CafeSession, DotVote, Participant, Post
from dialogcafe.domain.posting import shown_to, visible_post
from dialogcafe.domain.status import ROUNDS_OVER


@dataclass(frozen=True)
class VoteResult:
    """After a vote: dots the participant has left, and their own dots on that input."""

    post: Post
    dots_left: int
    post_votes: int


def voting_open(cafe: CafeSession) -> bool:
    return is_harvest(cafe) and cafe.dots_per_participant > 0


def results_open(cafe: CafeSession) -> bool:
    """The vote's results exist once the rounds are over (harvest, closed); before that
    other tables may still be hidden, and a ranking would steer the tables' own talk."""
    return cafe.status in ROUNDS_OVER


def results_public(cafe: CafeSession) -> bool:
    """May the projector and the phones show the results? Only when the facilitator says so."""
    return results_open(cafe) and cafe.show_results


def dots_used(db: Session, participant: Participant) -> int:
    return (
        db.scalar(select(func.count(DotVote.id)).where(DotVote.participant_id == participant.id))
        or 0
    )


def my_votes(db: Session, participant: Participant) -> dict[int, int]:
    """This participant's dots per post id."""
    rows = db.execute(
        select(DotVote.post_id, func.count(DotVote.id))
        .where(DotVote.participant_id == participant.id)
        .group_by(DotVote.post_id)
    )
    return {post_id: count for post_id, count in rows}


def vote(
    db: Session, participant: Participant, post_id: object, *, add: object, now: datetime
) -> VoteResult:
    """Put one dot on an input (``add=True``) or take one of one's own back (``add=False``)."""
    add = fields.flag(add, field="add")
    cafe = participant.session
    if not voting_open(cafe):
        raise errors.VotingClosed()
    post = visible_post(db, cafe, post_id)
    mine = select(DotVote.id).where(
        DotVote.participant_id == participant.id, DotVote.post_id == post.id
    )
    if add:
        if dots_used(db, participant) >= cafe.dots_per_participant:
            raise errors.NoDotsLeft(dots=cafe.dots_per_participant)
        db.add(DotVote(post_id=post.id, participant_id=participant.id, created_at=now))
    else:
        dot_id = db.scalar(mine.order_by(DotVote.id.desc()).limit(1))
        if dot_id is None:
            raise errors.NoDotToRemove()
        db.execute(delete(DotVote).where(DotVote.id == dot_id))
    db.flush()
    on_post = db.scalar(select(func.count()).select_from(mine.subquery())) or 0
    left = max(cafe.dots_per_participant - dots_used(db, participant), 0)
    return VoteResult(post=post, dots_left=left, post_votes=on_post)


def vote_ranking(db: Session, cafe: CafeSession) -> list[tuple[Post, int]]:
    """Visible inputs with at least one dot, most dots first (ties: older first).

    For the summaries: the room's own ranking of what mattered most.
    """
    rows = db.execute(
        select(Post, func.count(DotVote.id).label("dots"))
        .join(DotVote, DotVote.post_id == Post.id)
        .where(Post.session_id == cafe.id, shown_to())
        .group_by(Post.id)
        .order_by(func.count(DotVote.id).desc(), Post.created_at, Post.id)
        .options(selectinload(Post.participant), selectinload(Post.topic))
    )
    return [(post, int(dots)) for post, dots in rows]
