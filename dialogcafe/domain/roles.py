"""Who may do what with a café: its owner, co-facilitators and readers.

A café belongs to the account that made it (the owner). The owner may add co-facilitators,
who may do everything but delete the café or choose its members, and readers, who see the
café and download its reports and change nothing. Someone with no role gets the same answer
as for a café that does not exist, so ids reveal nothing. One table, checked by every edge.

A café in a project (domain/projects.py) also lets the project's people in: their project
role reaches into each of its cafés (:data:`CAFE_ROLE_FROM_PROJECT`), and a person's role in
the café is the stronger of that and their own café role (:func:`role_of`), so pages, the API
and sockets all count it at once.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import (
    CafeSession,
    Facilitator,
    Project,
    ProjectCafe,
    ProjectMember,
    SessionMember,
)


class Role(StrEnum):
    OWNER = "owner"
    CO_FACILITATOR = "co_facilitator"
    READER = "reader"


class Action(StrEnum):
    VIEW = "view"  # the session page, the projector, live updates
    DOWNLOAD = "download"  # summaries, reports, table cards
    RUN = "run"  # rounds, timer, message to everyone, projector view
    MODERATE = "moderate"  # approve, hide, restore, table hosts, themes
    CONFIGURE = "configure"  # settings, questions, report details, copies
    MANAGE_MEMBERS = "manage_members"  # add and remove co-facilitators and readers
    DELETE = "delete"  # the café and all it holds


ALLOWED: dict[Role, frozenset[Action]] = {
    Role.OWNER: frozenset(Action),
    Role.CO_FACILITATOR: frozenset(Action) - {Action.MANAGE_MEMBERS, Action.DELETE},
    Role.READER: frozenset({Action.VIEW, Action.DOWNLOAD}),
}
MEMBER_ROLES = (Role.CO_FACILITATOR, Role.READER)  # the roles an owner hands out
# What a project role makes someone in each café of the project: only a café's own owner
# deletes it or chooses its members.
CAFE_ROLE_FROM_PROJECT: dict[Role, Role] = {
    Role.OWNER: Role.CO_FACILITATOR,
    Role.CO_FACILITATOR: Role.CO_FACILITATOR,
    Role.READER: Role.READER,
}
_STRENGTH = {Role.READER: 1, Role.CO_FACILITATOR: 2, Role.OWNER: 3}


def may(role: Role | None, action: Action) -> bool:
    """Whether ``role`` (None: no role at all) allows ``action``."""
    return role is not None and action in ALLOWED[role]


def check(role: Role | None, action: Action) -> Role:
    """``role`` if it allows ``action``; else the error the person should see."""
    if role is None:
        raise errors.UnknownSession()
    if action not in ALLOWED[role]:
        if role is Role.READER:
            raise errors.ReadOnlyRole()
        raise errors.OwnerOnly()
    return role


def stronger(first: Role | None, second: Role | None) -> Role | None:
    """The role that allows more of the two (None: no role)."""
    if first is None or second is None:
        return first or second
    return first if _STRENGTH[first] >= _STRENGTH[second] else second


def combined_role(cafe_role: Role | None, project_role: Role | None) -> Role | None:
    """Someone's role in a café: the stronger of their own role there and what their role
    in the café's project makes them in it."""
    from_project = None if project_role is None else CAFE_ROLE_FROM_PROJECT[project_role]
    return stronger(cafe_role, from_project)


def project_role(owner_id: int, facilitator_id: int, stored: str | None) -> Role | None:
    """A project role from the project's owner and a member row's stored role."""
    if owner_id == facilitator_id:
        return Role.OWNER
    return Role(stored) if stored is not None else None


def _role_through_project(db: Session, facilitator_id: int, cafe: CafeSession) -> Role | None:
    """The facilitator's role in the project ``cafe`` is in (None: no project, or none there)."""
    row = db.execute(
        select(Project.owner_id, ProjectMember.role)
        .join(ProjectCafe, ProjectCafe.project_id == Project.id)
        .outerjoin(
            ProjectMember,
            and_(
                ProjectMember.project_id == Project.id,
                ProjectMember.facilitator_id == facilitator_id,
            ),
        )
        .where(ProjectCafe.session_id == cafe.id)
    ).first()
    return None if row is None else project_role(row.owner_id, facilitator_id, row.role)


def role_of(db: Session, facilitator_id: int, cafe: CafeSession) -> Role | None:
    """The facilitator's role in ``cafe``: owner, a member's role, what their role in the
    café's project gives them (the stronger counts), or None."""
    if cafe.facilitator_id == facilitator_id:
        return Role.OWNER
    stored = db.scalar(
        select(SessionMember.role).where(
            SessionMember.session_id == cafe.id, SessionMember.facilitator_id == facilitator_id
        )
    )
    own = Role(stored) if stored is not None else None
    return combined_role(own, _role_through_project(db, facilitator_id, cafe))


def session_for(db: Session, facilitator_id: int, session_id: int, action: Action) -> CafeSession:
    """The café ``session_id`` if the facilitator's role there allows ``action``; a café
    they have no role in looks the same as a missing one."""
    cafe = db.get(CafeSession, session_id)
    if cafe is None:
        raise errors.SessionNotFound()
    try:
        check(role_of(db, facilitator_id, cafe), action)
    except errors.UnknownSession as exc:
        raise errors.SessionNotFound() from exc
    return cafe


def members_of(db: Session, cafe: CafeSession) -> list[SessionMember]:
    """The café's co-facilitators and readers, in the order they were let in."""
    return list(
        db.scalars(
            select(SessionMember)
            .where(SessionMember.session_id == cafe.id)
            .order_by(SessionMember.added_at, SessionMember.id)
        )
    )


def member_role(role: object) -> Role:
    """``role`` if it is one an owner may hand out (of a café or a project)."""
    if role not in MEMBER_ROLES:
        raise errors.InvalidField(
            field="role",
            problem=N_("must be one of: {choices}"),
            choices=", ".join(MEMBER_ROLES),
        )
    return Role(str(role))


def add_member(
    db: Session, cafe: CafeSession, facilitator: Facilitator, role: object, *, now: datetime
) -> SessionMember:
    """Give ``facilitator`` a role in ``cafe`` (or change it); the owner has one already."""
    role = member_role(role)
    if facilitator.id == cafe.facilitator_id:
        raise errors.InvalidField(field="email", problem=N_("is the café's owner already"))
    member = db.scalar(
        select(SessionMember).where(
            SessionMember.session_id == cafe.id, SessionMember.facilitator_id == facilitator.id
        )
    )
    if member is None:
        member = SessionMember(
            session_id=cafe.id, facilitator_id=facilitator.id, role=str(role), added_at=now
        )
        db.add(member)
    else:
        member.role = str(role)
    db.flush()
    return member


def remove_member(db: Session, cafe: CafeSession, facilitator_id: int) -> bool:
    """Take ``facilitator_id``'s role in ``cafe`` away; False when they had none."""
    member = db.scalar(
        select(SessionMember).where(
            SessionMember.session_id == cafe.id, SessionMember.facilitator_id == facilitator_id
        )
    )
    if member is None:
        return False
    db.delete(member)
    db.flush()
    return True
