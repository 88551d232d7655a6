"""Projects: a series of cafés (one per district or target group) grouped and reported on
together.

A project belongs to the account that made it and has members in the café roles
(domain/roles.py: one role table for both). A café is in at most one project; its owner
puts it in a project they may configure, and the project's people then have a role in the
café too (``roles.role_of``). Someone with no role in a project gets the same answer as for
a missing one, so ids reveal nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, fields, roles
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import CafeSession, Facilitator, Project, ProjectCafe, ProjectMember
from dialogcafe.domain.roles import Action, Role

MAX_NAME = 200  # the column's length (migration 0007)
MAX_DESCRIPTION = 2000
EDITABLE = ("name", "description")


def clean_name(raw: object) -> str:
    return fields.text(raw, field="name", max_length=MAX_NAME, required=True, one_line=True)


def clean_description(raw: object) -> str:
    return fields.text(raw, field="description", max_length=MAX_DESCRIPTION)


def clean_changes(raw: Mapping[str, object]) -> dict[str, str]:
    """The name and description a rename sends, cleaned; at least one of them."""
    cleaners = {"name": clean_name, "description": clean_description}
    changes = {name: cleaners[name](raw[name]) for name in EDITABLE if name in raw}
    if not changes:
        raise errors.BadRequest(detail=N_("Send a name or a description to change."))
    return changes


def create_project(
    db: Session, owner: Facilitator, name: str, description: str, *, now: datetime
) -> Project:
    """A new project of ``owner`` with a cleaned name and description."""
    project = Project(owner_id=owner.id, name=name, description=description, created_at=now)
    db.add(project)
    db.flush()
    return project


def role_in_project(db: Session, facilitator_id: int, project: Project) -> Role | None:
    """The facilitator's role in ``project``: owner, a member's role, or None."""
    stored = db.scalar(
        select(ProjectMember.role).where(
            ProjectMember.project_id == project.id, ProjectMember.facilitator_id == facilitator_id
        )
    )
    return roles.project_role(project.owner_id, facilitator_id, stored)


def project_for(db: Session, facilitator_id: int, project_id: int, action: Action) -> Project:
    """The project ``project_id`` if the facilitator's role there allows ``action``; one
    they have no role in looks the same as a missing one."""
    project = db.get(Project, project_id)
    if project is None:
        raise errors.UnknownProject()
    try:
        roles.check(role_in_project(db, facilitator_id, project), action)
    except errors.UnknownSession as exc:
        raise errors.UnknownProject() from exc
    except errors.ReadOnlyRole as exc:
        raise errors.ProjectReadOnly() from exc
    except errors.OwnerOnly as exc:
        raise errors.ProjectOwnerOnly() from exc
    return project


def projects_of(db: Session, facilitator_id: int) -> list[Project]:
    """The projects the facilitator made or was let into, by name."""
    shared = select(ProjectMember.project_id).where(ProjectMember.facilitator_id == facilitator_id)
    return list(
        db.scalars(
            select(Project)
            .where(or_(Project.owner_id == facilitator_id, Project.id.in_(shared)))
            .order_by(Project.name, Project.id)
        )
    )


def cafe_ids_of(db: Session, project: Project) -> list[int]:
    """The ids of the project's cafés (for telling their open screens that access changed)."""
    return list(
        db.scalars(select(ProjectCafe.session_id).where(ProjectCafe.project_id == project.id))
    )


def cafes_of(db: Session, project: Project) -> list[CafeSession]:
    """The project's cafés by date (those without one last), then by when they were made."""
    return list(
        db.scalars(
            select(CafeSession)
            .join(ProjectCafe, ProjectCafe.session_id == CafeSession.id)
            .where(ProjectCafe.project_id == project.id)
            .order_by(
                CafeSession.event_date.is_(None),
                CafeSession.event_date,
                CafeSession.created_at,
                CafeSession.id,
            )
        )
    )


def project_id_of(db: Session, cafe: CafeSession) -> int | None:
    """The id of the project ``cafe`` is in, if any."""
    return db.scalar(select(ProjectCafe.project_id).where(ProjectCafe.session_id == cafe.id))


def add_cafe(db: Session, project: Project, cafe: CafeSession, *, now: datetime) -> bool:
    """Put ``cafe`` in ``project``; False when it is there already. A café in another
    project must be taken out of that one first (at most one project per café)."""
    current = project_id_of(db, cafe)
    if current == project.id:
        return False
    if current is not None:
        raise errors.CafeInOtherProject()
    db.add(ProjectCafe(session_id=cafe.id, project_id=project.id, added_at=now))
    db.flush()
    return True


def remove_cafe(db: Session, project: Project, session_id: int) -> None:
    """Take café ``session_id`` out of ``project`` (the café itself stays)."""
    link = db.get(ProjectCafe, session_id)
    if link is None or link.project_id != project.id:
        raise errors.CafeNotInProject()
    db.delete(link)
    db.flush()


def delete_project(db: Session, project: Project) -> list[int]:
    """Delete the project and its members; its cafés stay, out of any project. The ids of
    those cafés, whose project people lose their access."""
    cafe_ids = cafe_ids_of(db, project)
    for statement in (
        delete(ProjectCafe).where(ProjectCafe.project_id == project.id),
        delete(ProjectMember).where(ProjectMember.project_id == project.id),
    ):
        db.execute(statement.execution_options(synchronize_session=False))
    db.delete(project)
    db.flush()
    return cafe_ids


def members_of(db: Session, project: Project) -> list[ProjectMember]:
    """The project's co-facilitators and readers, in the order they were let in."""
    return list(
        db.scalars(
            select(ProjectMember)
            .where(ProjectMember.project_id == project.id)
            .order_by(ProjectMember.added_at, ProjectMember.id)
        )
    )


def _member(db: Session, project: Project, facilitator_id: int) -> ProjectMember | None:
    return db.scalar(
        select(ProjectMember).where(
            ProjectMember.project_id == project.id, ProjectMember.facilitator_id == facilitator_id
        )
    )


def add_member(
    db: Session, project: Project, facilitator: Facilitator, role: object, *, now: datetime
) -> bool:
    """Give ``facilitator`` a role in ``project`` (or change it). True when an existing
    member's role changed, which may take access away in the project's cafés."""
    chosen = roles.member_role(role)
    if facilitator.id == project.owner_id:
        raise errors.InvalidField(field="email", problem=N_("is the project's owner already"))
    member = _member(db, project, facilitator.id)
    if member is None:
        db.add(
            ProjectMember(
                project_id=project.id, facilitator_id=facilitator.id, role=chosen, added_at=now
            )
        )
        db.flush()
        return False
    changed = member.role != chosen
    member.role = str(chosen)
    db.flush()
    return changed


def remove_member(db: Session, project: Project, facilitator_id: int) -> bool:
    """Take ``facilitator_id``'s role in ``project`` away; False when they had none."""
    member = _member(db, project, facilitator_id)
    if member is None:
        return False
    db.delete(member)
    db.flush()
    return True
