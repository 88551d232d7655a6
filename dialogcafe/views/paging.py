"""Pages of inputs: a snapshot holds the newest ones, a client asks for older ones.

A ``state`` that carried every input of a café grew with the café (1.2 MB after ~4,400
inputs), and a reconnect storm of such states timed connects out. So a phone's snapshot
holds the newest ``page_size`` inputs of its table (and as many of the other tables',
when it may see them), a facilitator's the newest ``facilitator_limit`` of the café, and
the ``older_posts`` event pages back from a ``before`` cursor. The cursor is a post id:
ids grow with every insert, so "newest" is a total order and a page never repeats or
skips an input, whatever is posted meanwhile.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, func, select
from sqlalchemy.orm import Session, selectinload

from dialogcafe.domain import errors, fields, likes, posting, sessions
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import CafeSession, Like, Participant, Post
from dialogcafe.views.payloads import post_payload

DEFAULT_PAGE_SIZE = 200  # a phone's own table (and the other tables) per state or page
DEFAULT_FACILITATOR_LIMIT = 1000  # a facilitator's or projector's state, the whole café
MAX_CURSOR = 2**63 - 1  # the largest id a database integer column holds
SCOPE_TABLE = "table"
SCOPE_OTHERS = "others"
SCOPES = (SCOPE_TABLE, SCOPE_OTHERS)


@dataclass(frozen=True)
class Page:
    """Inputs newest first, and whether older ones exist beyond them."""

    posts: list[Post]
    more: bool


def newest_posts(
    db: Session,
    cafe: CafeSession,
    *,
    limit: int,
    table: int | None = None,
    other_than: int | None = None,
    author_id: int | None = None,
    before: int | None = None,
) -> Page:
    """The newest ``limit`` inputs others may see (plus ``author_id``'s own pending ones).

    ``table`` keeps one table, ``other_than`` every table but one; ``before`` only ids
    below it (an older page). One row more than asked says whether there are more.
    """
    statement = _newest(
        table is not None, other_than is not None, author_id is not None, before is not None
    )
    params = {
        "session_id": cafe.id,
        "table": table,
        "other_than": other_than,
        "author_id": author_id,
        "before": before,
        "limit": limit + 1,
    }
    rows = list(db.scalars(statement, params))
    return Page(rows[:limit], len(rows) > limit)


@functools.cache
def _newest(table: bool, other_than: bool, author: bool, before: bool) -> Select[Any]:
    """:func:`newest_posts`'s statement of one shape (which filters it has), built once:
    every phone's state runs two, and building one cost more than running it."""
    author_id: BindParameter[int] | None = bindparam("author_id") if author else None
    conditions = [Post.session_id == bindparam("session_id"), posting.shown_to(author_id)]
    if table:
        conditions.append(Post.table_number == bindparam("table"))
    if other_than:
        conditions.append(Post.table_number != bindparam("other_than"))
    if before:
        conditions.append(Post.id < bindparam("before"))
    return (
        select(Post)
        .where(*conditions)
        .options(selectinload(Post.participant), selectinload(Post.topic))
        .order_by(Post.id.desc())
        .limit(bindparam("limit"))
    )


def by_time(post: Post) -> tuple[Any, ...]:
    """A table's inputs oldest first, as snapshots list them."""
    return (post.created_at, post.id)


def by_table(post: Post) -> tuple[Any, ...]:
    """Several tables' inputs by table, round and time, as snapshots list them."""
    return (post.table_number, post.round_number, post.created_at, post.id)


def visible_counts(db: Session, cafe: CafeSession) -> dict[int, int]:
    """Visible inputs per table (table number → count), in one grouped query."""
    rows = db.execute(
        select(Post.table_number, func.count(Post.id))
        .where(Post.session_id == cafe.id, posting.shown_to())
        .group_by(Post.table_number)
    )
    return {table: count for table, count in rows}


def like_counts_of(db: Session, post_ids: Iterable[int]) -> dict[int, int]:
    """Likes of just these inputs (a page), in one grouped query."""
    ids = list(post_ids)
    if not ids:
        return {}
    rows = db.execute(
        select(Like.post_id, func.count(Like.id))
        .where(Like.post_id.in_(ids))
        .group_by(Like.post_id)
    )
    return {post_id: count for post_id, count in rows}


def check_cursor(raw: object) -> int:
    """``before``: an input id, bounded like every id a client sends."""
    return fields.whole_number(
        raw, field="before", minimum=1, maximum=MAX_CURSOR, problem=N_("must be the id of an input")
    )


def check_scope(raw: object) -> str:
    """``scope``: the phone's own table (the default) or the other tables."""
    if raw is None:
        return SCOPE_TABLE
    if raw not in SCOPES:
        raise errors.InvalidField(
            field="scope", problem=N_("must be one of: {choices}"), choices=", ".join(SCOPES)
        )
    return str(raw)


def older_for_participant(
    db: Session, participant: Participant, body: Mapping[str, object], *, page_size: int
) -> dict[str, Any]:
    """``older_posts`` from a phone: its table's inputs before ``before`` (its own pending
    ones included), or with ``scope: "others"`` the other tables', when it may see them."""
    before = check_cursor(body.get("before"))
    scope = check_scope(body.get("scope"))
    cafe = participant.session
    if scope == SCOPE_TABLE:
        table = participant.table_number
        page = newest_posts(
            db, cafe, limit=page_size, table=table, author_id=participant.id, before=before
        )
        return _page_payload(db, page, by_time)
    if not likes.other_tables_visible(cafe):
        raise errors.OtherTablesHidden()
    page = newest_posts(
        db, cafe, limit=page_size, other_than=participant.table_number, before=before
    )
    return _page_payload(db, page, by_table)


def older_for_facilitator(
    db: Session, cafe: CafeSession, body: Mapping[str, object], *, page_size: int
) -> dict[str, Any]:
    """``older_posts`` from a facilitator's screen: the café's visible inputs before
    ``before``, of one ``table`` when given."""
    before = check_cursor(body.get("before"))
    raw_table = body.get("table")
    table = None if raw_table is None else sessions.check_table(cafe, raw_table)
    page = newest_posts(db, cafe, limit=page_size, table=table, before=before)
    return _page_payload(db, page, by_table)


def _page_payload(db: Session, page: Page, key: Any) -> dict[str, Any]:
    """The ack: the page oldest first (as snapshots list), ``more``, and the next cursor."""
    posts = [post_payload(p) for p in sorted(page.posts, key=key)]
    likes.with_likes(posts, like_counts_of(db, (p.id for p in page.posts)))
    cursor = min((p.id for p in page.posts), default=None)
    return {"posts": posts, "more": page.more, "before": cursor}
