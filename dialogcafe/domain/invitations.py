"""Invitation links: the owner of a café or a project lets someone in without knowing the
e-mail of their account.

A link names a role (co-facilitator or reader), expires after a number of days the owner
chooses, works once, and can be withdrawn. Only the SHA-256 of its token is stored (as for
API tokens, ``codes.token_hash``), so the database never holds a working link. Withdrawing
deletes the row, and deleting the café or project deletes its invitations: either way the
link then finds nothing, which the person opening it is told plainly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, fields, projects, roles
from dialogcafe.domain.codes import new_token, token_hash
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import CafeSession, Facilitator, Invitation, Project
from dialogcafe.domain.roles import MEMBER_ROLES, Role

MIN_DAYS = 1
MAX_DAYS = 30
DEFAULT_DAYS = 7
MAX_OPEN = 50  # open invitations per café or project
MAX_TOKEN = 100  # characters; a real token has 32
KEPT_AFTER_EXPIRY = timedelta(days=30)  # used and expired rows are pruned after this


class State(StrEnum):
    OPEN = "open"
    USED = "used"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Target:
    """What an invitation lets someone into: one café, or one project."""

    session_id: int | None = None
    project_id: int | None = None

    def __post_init__(self) -> None:
        if (self.session_id is None) == (self.project_id is None):
            raise ValueError("an invitation is for a café or a project")

    def matches(self) -> ColumnElement[bool]:
        if self.session_id is not None:
            return Invitation.session_id == self.session_id
        return Invitation.project_id == self.project_id


def clean_role(raw: object) -> Role:
    """The role an invitation hands out: co-facilitator or reader, never owner."""
    if raw not in MEMBER_ROLES:
        raise errors.InvalidField(
            field="role",
            problem=N_("must be one of: {choices}"),
            choices=", ".join(MEMBER_ROLES),
        )
    return Role(str(raw))


def clean_days(raw: object) -> int:
    """How many days a link works: ``DEFAULT_DAYS`` when not given, else 1 to 30."""
    if raw is None:
        return DEFAULT_DAYS
    return fields.whole_number(
        raw,
        field="days",
        minimum=MIN_DAYS,
        maximum=MAX_DAYS,
        problem=N_("must be a whole number from {low} to {high}"),
    )


def state_of(invitation: Invitation, *, now: datetime) -> State:
    if invitation.accepted_at is not None:
        return State.USED
    if now >= invitation.expires_at:
        return State.EXPIRED
    return State.OPEN


def check_open(invitation: Invitation, *, now: datetime) -> Invitation:
    """``invitation`` if it still works; else the 410 that says why not."""
    state = state_of(invitation, now=now)
    if state is State.USED:
        raise errors.LinkUsed()
    if state is State.EXPIRED:
        raise errors.InvitationExpired()
    return invitation


def create(
    db: Session, target: Target, *, role: object, days: object, created_by: int, now: datetime
) -> tuple[str, Invitation]:
    """A new link's token (shown to the owner once) and its row; the caller has checked
    that ``created_by`` may invite to ``target``."""
    chosen_role = clean_role(role)
    lifetime = clean_days(days)
    _prune(db, target, now=now)
    if len(open_invitations(db, target, now=now)) >= MAX_OPEN:
        raise errors.TooManyInvitations(limit=MAX_OPEN)
    token = new_token()
    invitation = Invitation(
        token_hash=token_hash(token),
        session_id=target.session_id,
        project_id=target.project_id,
        role=str(chosen_role),
        created_by=created_by,
        created_at=now,
        expires_at=now + timedelta(days=lifetime),
    )
    db.add(invitation)
    db.flush()
    return token, invitation


def _prune(db: Session, target: Target, *, now: datetime) -> None:
    """Forget the target's links that expired long ago, used or not (rows stay bounded)."""
    db.execute(
        delete(Invitation).where(
            target.matches(),
            Invitation.expires_at < now - KEPT_AFTER_EXPIRY,
        )
    )


def open_invitations(db: Session, target: Target, *, now: datetime) -> list[Invitation]:
    """The target's links that still work, the soonest to expire first."""
    return list(
        db.scalars(
            select(Invitation)
            .where(
                target.matches(),
                Invitation.accepted_at.is_(None),
                Invitation.expires_at > now,
            )
            .order_by(Invitation.expires_at, Invitation.id)
        )
    )


def withdraw(db: Session, target: Target, invitation_id: int, *, now: datetime) -> None:
    """An open link of ``target`` stops working at once (its row goes)."""
    found = db.scalar(
        select(Invitation).where(
            target.matches(),
            Invitation.id == invitation_id,
        )
    )
    if found is None or state_of(found, now=now) is not State.OPEN:
        raise errors.UnknownInvitation()
    db.delete(found)
    db.flush()


def find(db: Session, token: object) -> Invitation:
    """The invitation behind a link's token, used or not; :class:`InvitationGone` if none."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
        raise errors.InvitationGone()
    found = db.scalar(select(Invitation).where(Invitation.token_hash == token_hash(token)))
    if found is None:
        raise errors.InvitationGone()
    return found


def owner_id_of(db: Session, invitation: Invitation) -> int:
    """Whose café or project the invitation is for (the rows cascade, so it exists)."""
    if invitation.session_id is not None:
        cafe = db.get(CafeSession, invitation.session_id)
        if cafe is None:
            raise errors.InvitationGone()
        return cafe.facilitator_id
    project = db.get(Project, invitation.project_id)
    if project is None:
        raise errors.InvitationGone()
    return project.owner_id


def accept(db: Session, invitation: Invitation, person: Facilitator, *, now: datetime) -> Role:
    """``person`` takes the invitation's role (a member's role changes to it); the link is
    used up. Refused when it no longer works or ``person`` owns what it is for."""
    check_open(invitation, now=now)
    if owner_id_of(db, invitation) == person.id:
        raise errors.InvitationForOwner()
    # Once, even when two people accept at the same moment: only one update finds it open.
    taken = db.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None))
        .values(accepted_at=now, accepted_by=person.id)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise errors.LinkUsed()
    db.refresh(invitation)
    role = Role(invitation.role)
    if invitation.session_id is not None:
        cafe = db.get(CafeSession, invitation.session_id)
        assert cafe is not None  # owner_id_of found it in this transaction
        roles.add_member(db, cafe, person, role, now=now)
    else:
        project = db.get(Project, invitation.project_id)
        assert project is not None  # owner_id_of found it in this transaction
        projects.add_member(db, project, person, role, now=now)
    return role


def role_in_target(db: Session, facilitator_id: int, invitation: Invitation) -> Role | None:
    """The role ``facilitator_id`` has now in what the invitation is for (page text)."""
    if invitation.session_id is not None:
        cafe = db.get(CafeSession, invitation.session_id)
        return roles.role_of(db, facilitator_id, cafe) if cafe is not None else None
    project = db.get(Project, invitation.project_id)
    return projects.role_in_project(db, facilitator_id, project) if project is not None else None
