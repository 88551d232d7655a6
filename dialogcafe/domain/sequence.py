"""The per-session change counter that lets a reconnecting client catch up exactly.

Every change a client displays must bump ``CafeSession.seq`` in the same transaction (a
changed post keeps it in ``Post.seq``), so a client's ``auth.since`` gets exactly what it
missed (docs/protocol.md, "Reconnecting without losing anything"). The bump is one ``UPDATE
… RETURNING`` on the session's row, whose lock orders concurrent writers; gaps are harmless.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Connection, Table, bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from dialogcafe.domain.fields import is_whole_number
from dialogcafe.domain.models import CafeSession, Post

# Built once, a Core statement on the table: the same SQL as an ORM-enabled UPDATE without
# its bulk-update machinery, which cost more than the rest of storing an input.
_SESSIONS = cast(Table, CafeSession.__table__)  # declared as a FromClause; a Table here
_ADVANCE = (
    update(_SESSIONS)
    .where(_SESSIONS.c.id == bindparam("session_id"))
    .values(seq=_SESSIONS.c.seq + 1)
    .returning(_SESSIONS.c.seq)
)


def advance(db: Session, cafe: CafeSession) -> int:
    """Bump the session's counter in this transaction and return the new value."""
    seq = advance_session(db.connection(), cafe.id)
    set_committed_value(cafe, "seq", seq)  # the row's value; nothing left to flush
    return seq


def advance_session(connection: Connection, session_id: int) -> int:
    """:func:`advance` by the session's id, for paths that do not load the session; they
    call :func:`note_seq` once the change is sure to stay."""
    seq: int = connection.execute(_ADVANCE, {"session_id": session_id}).scalar_one()
    return seq


def note_seq(db: Session, session_id: int, seq: int) -> None:
    """If this transaction has the session loaded all the same, give it the row's value,
    so nothing later in the transaction reads a stale counter."""
    loaded = db.identity_map.get(db.identity_key(CafeSession, session_id))
    if loaded is not None:
        set_committed_value(loaded, "seq", seq)


def touch_post(db: Session, post: Post) -> int:
    """A post changed (stored, hidden, shown, liked): give it the session's next seq."""
    cafe = db.get(CafeSession, post.session_id)
    assert cafe is not None
    post.seq = advance(db, cafe)
    return post.seq


def resync(db: Session, cafe: CafeSession) -> int:
    """A change after which no client's older view can be patched by posts alone (a round
    change, the harvest, closing, switching ``hide_other_tables``): a ``since`` before it
    gets the whole snapshot again."""
    seq = advance(db, cafe)
    cafe.resync_seq = seq
    return seq


def delta_since(cafe: CafeSession, since: object) -> int | None:
    """The ``since`` a delta can start from, or ``None`` when the snapshot must be whole.

    Whole when the client sent nothing usable, when its view predates ``resync_seq``, or
    when ``since`` is ahead of the session (a client of a database restored from backup,
    or a session id reused after a deletion).
    """
    if not is_whole_number(since):
        return None
    if since < cafe.resync_seq or since > cafe.seq or since < 0:
        return None
    return since


def changed_posts(
    db: Session, cafe: CafeSession, since: int, *, tables: set[int] | None = None
) -> list[tuple[int, int, int]]:
    """``(id, table, seq)`` of every post (any status) changed after ``since``.

    A delta sends the visible ones in full; the others are listed as removed, so a
    client drops an input that was hidden (or is no longer its own pending one).
    """
    query = select(Post.id, Post.table_number, Post.seq).where(
        Post.session_id == cafe.id, Post.seq > since
    )
    rows = [(row[0], row[1], row[2]) for row in db.execute(query.order_by(Post.seq))]
    return [row for row in rows if tables is None or row[1] in tables]


def removed_posts(
    changed: list[tuple[int, int, int]], shown: list[dict[str, object]]
) -> list[dict[str, int]]:
    """The changed posts not in ``shown`` (the delta's post payloads): ``{id, seq}``."""
    shown_ids = {post["id"] for post in shown}
    return [
        {"id": post_id, "seq": seq} for post_id, _table, seq in changed if post_id not in shown_ids
    ]
