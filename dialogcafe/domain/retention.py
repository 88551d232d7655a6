"""How long a closed café's data is kept, and which cafés are due for deletion.

Privacy asks that personal data is not kept longer than needed: a café's inputs, names and
reports are deleted a number of days after it was closed. The server sets the default
(``DIALOGCAFE_RETENTION_DAYS``, 90; 0 keeps cafés until someone deletes them) and the
owner may choose another period for one café (1 to 3650 days, or back to the server's).
A café that was never closed is never deleted by this rule. The deletion itself is the
"Delete session" path (domain/erasure.py); this module only says *which* and *when*.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogcafe.domain import fields
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import CafeSession
from dialogcafe.domain.status import SessionStatus

DEFAULT_DAYS = 90  # the server's default when DIALOGCAFE_RETENTION_DAYS is not set
KEEP_FOREVER = 0  # the server setting that turns automatic deletion off
MIN_DAYS, MAX_DAYS = 1, 3650  # a café's own period: a day to ten years
WARNING = timedelta(days=7)  # the dashboard warns this long before a deletion
FIELD = "retention_days"


def clean_days(raw: object) -> int | None:
    """A café's own period as it may be stored: None (or ``""``) for the server's default,
    else a whole number of days from :data:`MIN_DAYS` to :data:`MAX_DAYS`."""
    if raw is None or raw == "":
        return None
    return fields.whole_number(
        raw,
        field=FIELD,
        minimum=MIN_DAYS,
        maximum=MAX_DAYS,
        problem=N_("must be a whole number from {low} to {high}"),
    )


def check_server_days(days: object) -> int:
    """The server's default as configured: 0 (keep) or 1 to :data:`MAX_DAYS` days."""
    if not fields.is_whole_number(days) or not KEEP_FOREVER <= days <= MAX_DAYS:
        raise ValueError(
            f"DIALOGCAFE_RETENTION_DAYS must be a whole number from 0 (keep) to {MAX_DAYS}"
        )
    return days


def kept_days(own_days: int | None, server_days: int) -> int | None:
    """Days a café's data is kept after its close; None: until someone deletes it."""
    if own_days is not None:
        return own_days
    return server_days or None


@dataclass(frozen=True)
class Retention:
    """What the pages say about one café: how long it is kept, and (once it is closed)
    when it will be deleted."""

    own_days: int | None  # the café's own choice; None follows the server
    days: int | None  # the period that applies; None: kept until deleted by hand
    closed_at: datetime | None
    deletes_at: datetime | None  # None: not closed yet, or kept until deleted by hand

    def due(self, now: datetime) -> bool:
        """Whether the café's data should be gone by ``now``."""
        return self.deletes_at is not None and self.deletes_at <= now

    def warn(self, now: datetime) -> bool:
        """Whether the organiser should be told: deleted within :data:`WARNING`."""
        return self.deletes_at is not None and self.deletes_at <= now + WARNING


def deletion_moment(
    closed_at: datetime | None, own_days: int | None, server_days: int
) -> datetime | None:
    """When a café closed at ``closed_at`` is due for deletion (None: never by this rule)."""
    days = kept_days(own_days, server_days)
    if closed_at is None or days is None:
        return None
    return closed_at + timedelta(days=days)


def retention_of(cafe: CafeSession, server_days: int) -> Retention:
    """The retention of one café; a café that is not closed has no deletion date yet."""
    closed_at = cafe.closed_at if cafe.status == SessionStatus.CLOSED else None
    return Retention(
        own_days=cafe.retention_days,
        days=kept_days(cafe.retention_days, server_days),
        closed_at=closed_at,
        deletes_at=deletion_moment(closed_at, cafe.retention_days, server_days),
    )


def soon_deleted(
    cafes: Iterable[CafeSession], *, server_days: int, now: datetime
) -> list[tuple[CafeSession, datetime]]:
    """The cafés deleted within :data:`WARNING` (or due already), soonest first."""
    warned = []
    for cafe in cafes:
        shown = retention_of(cafe, server_days)
        if shown.deletes_at is not None and shown.warn(now):
            warned.append((cafe, shown.deletes_at))
    return sorted(warned, key=lambda item: (item[1], item[0].id))


def due_sessions(db: Session, *, server_days: int, now: datetime, limit: int) -> list[CafeSession]:
    """Up to ``limit`` closed cafés past their deletion date, longest overdue first, locked
    for this transaction (``FOR UPDATE`` on PostgreSQL: a "Delete session" at the same
    moment waits, then finds the café gone)."""
    ids = due_ids(db, server_days=server_days, now=now, limit=limit)
    if not ids:
        return []
    cafes = db.scalars(select(CafeSession).where(CafeSession.id.in_(ids)).with_for_update()).all()
    due = [cafe for cafe in cafes if retention_of(cafe, server_days).due(now)]
    return sorted(due, key=lambda cafe: ids.index(cafe.id))


def due_ids(db: Session, *, server_days: int, now: datetime, limit: int) -> list[int]:
    """Ids of up to ``limit`` closed cafés past their deletion date, longest overdue first.

    Only cafés closed at least :data:`MIN_DAYS` ago can be due, so the rest are never
    read; the period is per café, so the last step is here rather than in SQL.
    """
    rows = db.execute(
        select(CafeSession.id, CafeSession.closed_at, CafeSession.retention_days)
        .where(
            CafeSession.status == SessionStatus.CLOSED,
            CafeSession.closed_at.is_not(None),
            CafeSession.closed_at <= now - timedelta(days=MIN_DAYS),
        )
        .order_by(CafeSession.closed_at, CafeSession.id)
    )
    due: list[tuple[datetime, int]] = []
    for session_id, closed_at, own_days in rows:
        moment = deletion_moment(closed_at, own_days, server_days)
        if moment is not None and moment <= now:
            due.append((moment, session_id))
    return [session_id for _moment, session_id in sorted(due)[:limit]]
