"""The vote's results, live: per question, the visible inputs the room gave most dots to.

The facilitator watches them through the harvest, and the projector and the phones show
them once the facilitator says so (``show_results``). Dots rank first, likes break ties
(then the older input). Only inputs with at least one dot are listed: a ranking that puts
an input nobody voted for at "1." says nothing, and a question with none says so instead. The
whole café is read in a fixed handful of queries (inputs, dots, likes, totals), never one
per input, because every dot a participant gives builds it again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogcafe.domain import likes, posting
from dialogcafe.domain.models import CafeSession, DotVote, Post

TOP_PER_QUESTION = 10


def dot_counts(db: Session, cafe: CafeSession) -> dict[int, int]:
    """Dots per visible input of the session (inputs without a dot: absent)."""
    rows = db.execute(
        select(DotVote.post_id, func.count(DotVote.id))
        .join(Post, Post.id == DotVote.post_id)
        .where(Post.session_id == cafe.id, posting.shown_to())
        .group_by(DotVote.post_id)
    )
    return {post_id: int(count) for post_id, count in rows}


def voter_count(db: Session, cafe: CafeSession) -> int:
    """How many participants put at least one dot on a visible input."""
    return (
        db.scalar(
            select(func.count(func.distinct(DotVote.participant_id)))
            .join(Post, Post.id == DotVote.post_id)
            .where(Post.session_id == cafe.id, posting.shown_to())
        )
        or 0
    )


def results_payload(
    db: Session, cafe: CafeSession, *, top: int = TOP_PER_QUESTION
) -> dict[str, Any]:
    """The ``results`` event and the snapshots' ``results``: per question (in question
    order) its ``top`` inputs by dots, then likes, among those with a dot, with how
    many inputs it has in all."""
    rows = db.execute(
        select(
            Post.id,
            Post.topic_id,
            Post.text,
            Post.table_number,
            Post.round_number,
        )
        .where(Post.session_id == cafe.id, posting.shown_to())
        .order_by(Post.created_at, Post.id)
    ).all()
    dots = dot_counts(db, cafe)
    liked = likes.like_counts(db, cafe)
    by_topic: dict[int, list[dict[str, Any]]] = {}
    for row in rows:  # oldest first, so the stable sort below breaks full ties by age
        by_topic.setdefault(row.topic_id, []).append(
            {
                "id": row.id,
                "text": row.text,
                "table": row.table_number,
                "round": row.round_number,
                "dots": dots.get(row.id, 0),
                "likes": liked.get(row.id, 0),
            }
        )
    questions = []
    for topic in cafe.topics:
        inputs = by_topic.get(topic.id, [])
        noticed = [p for p in inputs if p["dots"]]
        ranked = sorted(noticed, key=lambda p: (-p["dots"], -p["likes"]))
        questions.append(
            {
                "number": topic.position + 1,
                "topic": topic.text,
                "count": len(inputs),
                "dots": sum(p["dots"] for p in ranked),
                "posts": ranked[:top],
            }
        )
    return {
        "show_results": cafe.show_results,
        "dots_per_participant": cafe.dots_per_participant,
        "dots_given": sum(dots.values()),
        "voters": voter_count(db, cafe),
        "questions": questions,
    }
