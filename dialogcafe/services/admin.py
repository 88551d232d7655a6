"""What an admin does for other accounts: see them all, make a one-time reset link, make
someone an admin or take it away, and make a sign-up invitation (docs/security.md).

The links are the CLI's (``account_links.py``): nothing is mailed, the admin hands them over.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogcafe.domain import admins, errors
from dialogcafe.domain.models import Facilitator
from dialogcafe.domain.timestamps import iso
from dialogcafe.extensions import get_database
from dialogcafe.services import account_links, accounts
from dialogcafe.services.ownership import load_facilitator
from dialogcafe.services.unit_of_work import UnitOfWork, run


def _admin(db: Session, facilitator_id: int) -> Facilitator:
    facilitator = load_facilitator(db, facilitator_id)
    admins.require_admin(facilitator)
    return facilitator


def is_admin(facilitator_id: int) -> bool:
    """Whether the account may see the accounts page (the account menu's link)."""
    return run(lambda uow: load_facilitator(uow.db, facilitator_id).is_admin)


def _row_payload(row: admins.AccountRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "email": row.email,
        "created_at": iso(row.created_at),
        "is_admin": row.is_admin,
        "cafes_owned": row.cafes_owned,
    }


def list_accounts(admin_id: int) -> list[admins.AccountRow]:
    """Every account, for an admin."""

    def work(uow: UnitOfWork) -> list[admins.AccountRow]:
        _admin(uow.db, admin_id)
        return admins.accounts(uow.db)

    return run(work)


def accounts_payload(admin_id: int) -> dict[str, Any]:
    """The API's list of accounts."""
    return {"accounts": [_row_payload(row) for row in list_accounts(admin_id)]}


def reset_token(admin_id: int, account_id: int, secret: str) -> tuple[str, str]:
    """A one-time reset link's token for another account (or one's own): (e-mail, token)."""

    def email_of(uow: UnitOfWork) -> str:
        _admin(uow.db, admin_id)
        return admins.account(uow.db, account_id).email

    email = run(email_of)
    return email, account_links.reset_token(get_database(), secret, email)


def set_admin(admin_id: int, account_id: int, on: object) -> dict[str, Any]:
    """An admin makes ``account_id`` an admin (``on``) or takes it away; never the last."""
    if not isinstance(on, bool):
        raise errors.InvalidField(field="is_admin", problem=errors.N_("must be true or false"))

    def work(uow: UnitOfWork) -> dict[str, Any]:
        _admin(uow.db, admin_id)
        target = admins.account(uow.db, account_id)
        admins.set_admin(uow.db, target, on)
        return {"id": target.id, "email": target.email, "is_admin": target.is_admin}

    return run(work)


def set_admin_by_email(email: str, on: bool) -> None:
    """The CLI's way in (``flask facilitator admin``): no admin needed, the server's
    operator is asking; the way back when the only admin is locked out."""
    address = accounts.normalise_email(email)

    def work(uow: UnitOfWork) -> None:
        target = uow.db.scalar(select(Facilitator).where(Facilitator.email == address))
        if target is None:
            raise errors.UnknownAccount()
        admins.set_admin(uow.db, target, on)

    run(work)


def invite_token(admin_id: int, secret: str, email: str) -> tuple[str, str]:
    """A sign-up invitation for ``email`` (checked to be an address): (e-mail, token)."""
    run(lambda uow: _admin(uow.db, admin_id))
    address = accounts.checked_email(email)
    return address, account_links.invite_token(secret, address)
