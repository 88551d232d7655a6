"""Whole-screen snapshots: what a phone or the facilitator view shows at this moment.

The pages render them on load and the socket sends them as ``state`` on every
(re)connect, so both always agree. Every snapshot carries the session's ``seq``; given
the ``since`` a reconnecting client sent (the ``seq`` of its last ``state``), the posts
are only those changed after it, plus the ``removed`` ones (``full`` is then false; see
sequence.py). Everything else in a snapshot is always whole.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from dialogcafe.domain import likes, participants, posting, sequence, sessions
from dialogcafe.domain.models import CafeSession, Participant
from dialogcafe.domain.timestamps import iso
from dialogcafe.views import paging
from dialogcafe.views.hosting_snapshots import facilitator_hosting, participant_hosting
from dialogcafe.views.payloads import (
    broadcast_payload,
    participant_payload,
    post_payload,
    round_payload,
    session_payload,
    timer_payload,
)
from dialogcafe.views.reactions import participant_reactions


def facilitation_state(cafe: CafeSession, now: datetime | None) -> dict[str, Any]:
    """The clock and the broadcast every screen shows: ``server_time`` lets a client
    correct its own clock, so all countdowns end together."""
    state: dict[str, Any] = {"server_time": iso(now), "broadcast": broadcast_payload(cafe)}
    if now is not None:
        state["timer"] = timer_payload(cafe, now=now)
    return state


def _changed_before_reading(
    db: Session, cafe: CafeSession, since: object, tables: set[int] | None, *, bound: int
) -> tuple[int, int | None, list[tuple[int, int, int]]]:
    """The snapshot's ``seq``, the delta's start (None: whole) and the posts changed since.

    Read before the posts themselves: a post changed in between then shows up changed in
    the posts read next, never as "removed" with an older seq than the event about it.
    A delta of more than ``bound`` changed posts (a phone away for long) would be bigger
    than the whole, paged, snapshot: that client gets the whole one instead.
    """
    seq = cafe.seq
    delta = sequence.delta_since(cafe, since)
    changed = [] if delta is None else sequence.changed_posts(db, cafe, delta, tables=tables)
    if len(changed) > bound:
        return seq, None, []
    return seq, delta, changed


def sync_state(
    seq: int, delta: int | None, changed: list[tuple[int, int, int]], shown: list[dict[str, Any]]
) -> dict[str, Any]:
    """``seq``, ``full`` and ``removed``: how a client merges this snapshot (protocol.md).

    ``removed`` lists ``{id, seq}`` of the posts changed after ``delta`` that this client
    may no longer see (hidden, or someone else's input waiting for approval).
    """
    return {"seq": seq, "full": delta is None, "removed": sequence.removed_posts(changed, shown)}


def facilitator_snapshot(
    db: Session,
    cafe: CafeSession,
    *,
    now: datetime | None = None,
    since: object = None,
    limit: int = paging.DEFAULT_FACILITATOR_LIMIT,
) -> dict[str, Any]:
    """Every table with its question, headcount and inputs: the café's newest ``limit``
    (changed ones only for a reconnect's delta after ``since``); ``post_count`` and
    ``more_posts`` per table say how many there are and whether some were left out."""
    seq, delta, changed = _changed_before_reading(db, cafe, since, None, bound=limit)
    if delta is None:
        page = paging.newest_posts(db, cafe, limit=limit)
        rows = sorted(page.posts, key=paging.by_table)
    else:
        rows = posting.posts_for_session(db, cafe, changed_after=delta)
    posts = [post_payload(p) for p in rows]
    likes.with_likes(posts, paging.like_counts_of(db, (p.id for p in rows)))
    headcounts = participants.table_headcounts(db, cafe)
    counts = paging.visible_counts(db, cafe)
    snapshot = {
        "role": "facilitator",
        "session": session_payload(cafe),
        "round": cafe.current_round,
        "round_info": round_payload(cafe),
        "tables": [
            {
                "table": t.table,
                "topic": t.topic,
                "participants": headcounts[t.table],
                "posts": [p for p in posts if p["table"] == t.table],
                "post_count": counts.get(t.table, 0),
            }
            for t in sessions.table_topics(cafe)
        ],
    }
    if delta is None:
        for table in snapshot["tables"]:
            table["more_posts"] = table["post_count"] > len(table["posts"])
    snapshot.update(facilitator_hosting(db, cafe))
    snapshot.update(facilitation_state(cafe, now))
    snapshot.update(sync_state(seq, delta, changed, posts))
    return snapshot


def participant_snapshot(
    db: Session,
    participant: Participant,
    *,
    now: datetime | None = None,
    since: object = None,
    page_size: int = paging.DEFAULT_PAGE_SIZE,
) -> dict[str, Any]:
    """The participant's table: its question now and its newest ``page_size`` inputs,
    ``more_posts`` when older ones exist (changed ones only for a reconnect's delta after
    ``since``; a delta has no ``more_posts``, the client keeps what it knew)."""
    cafe = participant.session
    # Removals only of what this phone may see: its table, and the others when shown.
    tables = None if likes.other_tables_visible(cafe) else {participant.table_number}
    seq, delta, changed = _changed_before_reading(db, cafe, since, tables, bound=page_size)
    table_topic = sessions.topic_for_table(cafe, participant.table_number)
    if delta is None:
        page = paging.newest_posts(
            db, cafe, limit=page_size, table=participant.table_number, author_id=participant.id
        )
        own = sorted(page.posts, key=paging.by_time)
    else:
        own = posting.posts_for_table(
            db, cafe, participant.table_number, author_id=participant.id, changed_after=delta
        )
    snapshot = {
        "role": "participant",
        "session": session_payload(cafe),
        "participant": participant_payload(participant),
        "round": cafe.current_round,
        "round_info": round_payload(cafe, table_topic),
        "table": participant.table_number,
        "topic": table_topic.topic,
        "posts": [post_payload(p) for p in own],
    }
    if delta is None:
        snapshot["more_posts"] = page.more
    snapshot.update(
        participant_reactions(
            db, participant, snapshot["posts"], changed_after=delta, page_size=page_size
        )
    )
    snapshot.update(participant_hosting(db, participant))
    snapshot.update(facilitation_state(cafe, now))
    snapshot.update(sync_state(seq, delta, changed, snapshot["posts"] + snapshot["other_posts"]))
    return snapshot
