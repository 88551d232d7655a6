"""Admins: the accounts that see every account and make reset links for them.

The first account on a server becomes one (``services/accounts.create_facilitator``); an
admin makes others admins and takes it away again, but never from the last one, so the
server always keeps somebody who can help a person locked out. Anyone else meets the
accounts page as a page that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors
from dialogcafe.domain.models import CafeSession, Facilitator

MAX_ACCOUNT_ID = 2**63 - 1


@dataclass(frozen=True)
class AccountRow:
    """One line of the accounts page (no last log-in: the server does not keep one)."""

    id: int
    email: str
    created_at: datetime
    is_admin: bool
    cafes_owned: int


def require_admin(facilitator: Facilitator) -> None:
    """Refuse anyone but an admin, as if the page were not there."""
    if not facilitator.is_admin:
        raise errors.AdminOnly()


def account(db: Session, account_id: int) -> Facilitator:
    """The account ``account_id``, or :class:`UnknownAccountId`."""
    found = db.get(Facilitator, account_id) if 0 < account_id <= MAX_ACCOUNT_ID else None
    if found is None:
        raise errors.UnknownAccountId()
    return found


def accounts(db: Session) -> list[AccountRow]:
    """Every account, the oldest first, with how many cafés it owns."""
    owned = (
        select(CafeSession.facilitator_id, func.count(CafeSession.id).label("cafes"))
        .group_by(CafeSession.facilitator_id)
        .subquery()
    )
    rows = db.execute(
        select(
            Facilitator.id,
            Facilitator.email,
            Facilitator.created_at,
            Facilitator.is_admin,
            func.coalesce(owned.c.cafes, 0),
        )
        .outerjoin(owned, owned.c.facilitator_id == Facilitator.id)
        .order_by(Facilitator.created_at, Facilitator.id)
    ).all()
    return [AccountRow(row[0], row[1], row[2], bool(row[3]), int(row[4])) for row in rows]


def admin_ids(db: Session) -> list[int]:
    """The admins, locked until the transaction ends: two admins taking each other's role
    at the same moment cannot leave the server with none (the second one waits, then
    counts again)."""
    return list(
        db.scalars(
            select(Facilitator.id)
            .where(Facilitator.is_admin.is_(True))
            .order_by(Facilitator.id)
            .with_for_update()
        )
    )


def set_admin(db: Session, target: Facilitator, on: bool) -> None:
    """Make ``target`` an admin or take it away; :class:`LastAdmin` for the last one."""
    if not on and target.is_admin and admin_ids(db) == [target.id]:
        raise errors.LastAdmin()
    target.is_admin = on
    db.flush()


def is_first_account(db: Session) -> bool:
    """No account exists yet: the one being made becomes the server's first admin."""
    return db.scalar(select(Facilitator.id).limit(1)) is None
