"""Who else runs or reads a café: its owner adds co-facilitators and readers by the e-mail
of their account, and takes them away again (domain/roles.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import errors, roles
from dialogcafe.domain.models import CafeSession, Facilitator, SessionMember
from dialogcafe.domain.roles import Action
from dialogcafe.services.accounts import normalise_email
from dialogcafe.services.ownership import owned_session
from dialogcafe.services.unit_of_work import UnitOfWork, run

MAX_EMAIL = 254


def _member_payload(member: SessionMember) -> dict[str, Any]:
    return {
        "facilitator_id": member.facilitator_id,
        "email": member.facilitator.email,
        "role": member.role,
    }


def team_of(db: Session, cafe: CafeSession) -> dict[str, Any]:
    """The café's owner and members as the API and the session page show them."""
    return {
        "owner": {"facilitator_id": cafe.facilitator_id, "email": cafe.facilitator.email},
        "members": [_member_payload(m) for m in roles.members_of(db, cafe)],
    }


def list_members(facilitator_id: int, session_id: int) -> dict[str, Any]:
    """The café's owner and members, for anyone with a role in it."""
    return run(
        lambda uow: team_of(uow.db, owned_session(uow.db, facilitator_id, session_id, Action.VIEW))
    )


def add_member(facilitator_id: int, session_id: int, email: object, role: object) -> dict[str, Any]:
    """The owner lets the account behind ``email`` in as ``role`` (or changes its role)."""
    if not isinstance(email, str) or not email.strip() or len(email) > MAX_EMAIL:
        raise errors.InvalidField(field="email", problem=errors.N_("give an account's e-mail"))
    address = normalise_email(email)

    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe = owned_session(uow.db, facilitator_id, session_id, Action.MANAGE_MEMBERS)
        account = uow.db.scalar(select(Facilitator).where(Facilitator.email == address))
        if account is None:
            raise errors.UnknownAccount()
        roles.add_member(uow.db, cafe, account, role, now=utcnow())
        return team_of(uow.db, cafe)

    return run(work)


def remove_member(facilitator_id: int, session_id: int, member_id: int) -> dict[str, Any]:
    """The owner takes a member's role away; their open screens of the café close at once."""

    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe = owned_session(uow.db, facilitator_id, session_id, Action.MANAGE_MEMBERS)
        if roles.remove_member(uow.db, cafe, member_id):
            uow.after_commit(notifier.access_changed, session_id)
        return team_of(uow.db, cafe)

    return run(work)
