"""How a snapshot meets a reconnecting client: the whole ``state``, or only what changed.

Every snapshot carries the session's ``seq``; given the ``since`` a reconnecting client
sent (the ``seq`` of its last ``state``), the posts are only those changed after it, plus
the ``removed`` ones (``full`` is then false; see sequence.py and docs/protocol.md).
Everything else in a snapshot is always whole.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dialogcafe.domain import sequence
from dialogcafe.domain.models import CafeSession


def changed_before_reading(
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
