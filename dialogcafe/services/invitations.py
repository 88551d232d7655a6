"""Invitation links to a café's or a project's team: made, listed and withdrawn by the
owner, opened and accepted by whoever holds the link (domain/invitations.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import invitations, projects
from dialogcafe.domain.invitations import Target
from dialogcafe.domain.models import CafeSession, Invitation, Project
from dialogcafe.domain.roles import Action, Role
from dialogcafe.services.ownership import load_facilitator, owned_session
from dialogcafe.services.unit_of_work import UnitOfWork, run


def invitation_payload(invitation: Invitation) -> dict[str, Any]:
    """An open invitation as the API and the team panel show it (never its token); the
    times as datetimes, for the edge to write as it needs."""
    return {
        "id": invitation.id,
        "role": invitation.role,
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
    }


def _authorised(db: Session, facilitator_id: int, target: Target) -> Target:
    """``target`` if ``facilitator_id`` may invite to it (its owner), else the refusal."""
    load_facilitator(db, facilitator_id)
    if target.session_id is not None:
        owned_session(db, facilitator_id, target.session_id, Action.MANAGE_MEMBERS)
    else:
        assert target.project_id is not None
        projects.project_for(db, facilitator_id, target.project_id, Action.MANAGE_MEMBERS)
    return target


def create(facilitator_id: int, target: Target, role: object, days: object) -> dict[str, Any]:
    """A new link for ``target``: its payload and ``token`` (shown this once)."""
    invitations.clean_role(role)  # checked before the transaction
    invitations.clean_days(days)

    def work(uow: UnitOfWork) -> dict[str, Any]:
        _authorised(uow.db, facilitator_id, target)
        token, invitation = invitations.create(
            uow.db, target, role=role, days=days, created_by=facilitator_id, now=utcnow()
        )
        return {**invitation_payload(invitation), "token": token}

    return run(work)


def open_for(db: Session, target: Target) -> list[dict[str, Any]]:
    """The target's open links (for a page already authorised to show them)."""
    return [invitation_payload(i) for i in invitations.open_invitations(db, target, now=utcnow())]


def list_open(facilitator_id: int, target: Target) -> list[dict[str, Any]]:
    return run(lambda uow: open_for(uow.db, _authorised(uow.db, facilitator_id, target)))


def withdraw(facilitator_id: int, target: Target, invitation_id: int) -> None:
    """An open link stops working at once."""

    def work(uow: UnitOfWork) -> None:
        _authorised(uow.db, facilitator_id, target)
        invitations.withdraw(uow.db, target, invitation_id, now=utcnow())

    run(work)


@dataclass(frozen=True)
class Opened:
    """What the invitation page says: what the link is for, the role it gives, until when,
    and the role the person has there now (None: none, or nobody is logged in)."""

    session_id: int | None
    project_id: int | None
    title: str
    role: str
    expires_at: datetime
    current_role: Role | None


def _opened(db: Session, invitation: Invitation, facilitator_id: int | None) -> Opened:
    if invitation.session_id is not None:
        cafe = db.get(CafeSession, invitation.session_id)
        name = cafe.title if cafe is not None else ""
    else:
        project = db.get(Project, invitation.project_id)
        name = project.name if project is not None else ""
    current = (
        invitations.role_in_target(db, facilitator_id, invitation)
        if facilitator_id is not None
        else None
    )
    return Opened(
        invitation.session_id,
        invitation.project_id,
        name,
        invitation.role,
        invitation.expires_at,
        current,
    )


def open_link(token: str, facilitator_id: int | None) -> Opened:
    """The invitation behind ``token`` if it still works; else the 410 that says why."""

    def read(db: Session) -> Opened:
        found = invitations.check_open(invitations.find(db, token), now=utcnow())
        invitations.owner_id_of(db, found)  # the café or project is still there
        return _opened(db, found, facilitator_id)

    return run(lambda uow: read(uow.db))


def accept(facilitator_id: int, token: str) -> dict[str, Any]:
    """The logged-in person takes the link's role; their open screens of the café get it."""

    def work(uow: UnitOfWork) -> dict[str, Any]:
        person = load_facilitator(uow.db, facilitator_id)
        found = invitations.find(uow.db, token)
        before = invitations.role_in_target(uow.db, facilitator_id, found)
        role = invitations.accept(uow.db, found, person, now=utcnow())
        if found.session_id is not None and before is not None and before is not role:
            uow.after_commit(notifier.access_changed, found.session_id)
        return {"session_id": found.session_id, "project_id": found.project_id, "role": role}

    return run(work)
