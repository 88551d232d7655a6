"""What a phone's snapshot adds for likes and dot-voting.

Kept apart from snapshots.py so that the rules about who sees which table's inputs
(``hide_other_tables``) live next to the like and vote rules they belong to.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dialogcafe.domain import likes, voting
from dialogcafe.domain.models import CafeSession, Participant, Post
from dialogcafe.views import paging
from dialogcafe.views.payloads import post_payload


def visible_posts(
    db: Session, cafe: CafeSession, *, changed_after: int | None = None
) -> list[Post]:
    """Every visible input of the session, by table, round and time (only those changed
    after ``changed_after`` when given: a reconnecting phone's delta)."""
    conditions = [Post.session_id == cafe.id, Post.status == likes.VISIBLE]
    if changed_after is not None:
        conditions.append(Post.seq > changed_after)
    return list(
        db.scalars(
            select(Post)
            .where(*conditions)
            .options(selectinload(Post.participant), selectinload(Post.topic))
            .order_by(Post.table_number, Post.round_number, Post.created_at, Post.id)
        )
    )


def participant_reactions(
    db: Session,
    participant: Participant,
    own_posts: list[dict[str, Any]],
    *,
    changed_after: int | None = None,
    page_size: int = paging.DEFAULT_PAGE_SIZE,
) -> dict[str, Any]:
    """Likes on the participant's table, their own likes, other tables, and their dots.

    ``own_posts`` (the table's post payloads) get their ``likes`` count in place; other
    tables' inputs are included only when the facilitator lets everyone see them: their
    newest ``page_size`` with ``more_other_posts``, or only those changed after
    ``changed_after`` in a reconnect's delta.
    """
    cafe = participant.session
    others: list[dict[str, Any]] = []
    paged: dict[str, Any] = {}
    if not likes.other_tables_visible(cafe):
        paged = {} if changed_after is not None else {"more_other_posts": False}
    elif changed_after is not None:
        others = [
            post_payload(p)
            for p in visible_posts(db, cafe, changed_after=changed_after)
            if p.table_number != participant.table_number
        ]
    else:
        page = paging.newest_posts(db, cafe, limit=page_size, other_than=participant.table_number)
        others = [post_payload(p) for p in sorted(page.posts, key=paging.by_table)]
        paged = {"more_other_posts": page.more}
    # The likes of what is sent only: a page's, not the whole café's.
    counts = paging.like_counts_of(db, [post["id"] for post in [*own_posts, *others]])
    likes.with_likes(own_posts, counts)
    likes.with_likes(others, counts)
    mine = voting.my_votes(db, participant) if cafe.dots_per_participant else {}
    return {
        **paged,
        "liked": likes.liked_post_ids(db, participant),
        "hide_other_tables": not likes.other_tables_visible(cafe),
        "other_posts": others,
        "voting": {
            "open": voting.voting_open(cafe),
            "dots": cafe.dots_per_participant,
            "dots_left": max(cafe.dots_per_participant - sum(mine.values()), 0),
            "mine": {str(post_id): n for post_id, n in mine.items()},
        },
    }
