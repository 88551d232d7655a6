"""Projects as commands: make, rename and delete one, put cafés in and take them out, and
choose its members (domain/projects.py). One unit of work each.

Whoever loses a role in a café through a project (removed from it, a café taken out, the
project deleted, a role lowered) is out at once, also on open screens: the same
``notifier.access_changed`` a café member's removal sends, for every café concerned.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import errors, projects, roles
from dialogcafe.domain.models import CafeSession, Facilitator, Project, ProjectCafe
from dialogcafe.domain.projects import cafes_of
from dialogcafe.domain.roles import Action, Role
from dialogcafe.services.accounts import normalise_email
from dialogcafe.services.members import MAX_EMAIL
from dialogcafe.services.ownership import load_facilitator, owned_session
from dialogcafe.services.unit_of_work import UnitOfWork, run
from dialogcafe.views.cafe_list import cafe_rows

__all__ = ["cafes_of", "project_for"]


def project_for(db: Session, facilitator_id: int, project_id: int, action: Action) -> Project:
    """The project, if the facilitator's role there allows ``action``; one they have no
    role in looks the same as a missing one. For every reader of a project (the combined
    report included), with :func:`cafes_of` for its cafés."""
    load_facilitator(db, facilitator_id)
    return projects.project_for(db, facilitator_id, project_id, action)


def _access_changed(uow: UnitOfWork, cafe_ids: list[int]) -> None:
    for cafe_id in cafe_ids:
        uow.after_commit(notifier.access_changed, cafe_id)


def project_payload(project: Project, role: Role | None) -> dict[str, Any]:
    """The project as the API shows it, with what the caller's role lets them do."""
    return {
        "id": project.id,
        "name": project.name,
        "description": project.description,
        "owner": {"facilitator_id": project.owner_id, "email": project.owner.email},
        "role": None if role is None else str(role),
        "can_configure": roles.may(role, Action.CONFIGURE),
        "can_manage_members": roles.may(role, Action.MANAGE_MEMBERS),
        "can_delete": roles.may(role, Action.DELETE),
    }


def team_of(db: Session, project: Project) -> dict[str, Any]:
    """The project's owner and members (the shape of a café's team, ``members.team_of``)."""
    return {
        "owner": {"facilitator_id": project.owner_id, "email": project.owner.email},
        "members": [
            {"facilitator_id": m.facilitator_id, "email": m.facilitator.email, "role": m.role}
            for m in projects.members_of(db, project)
        ],
    }


def _details(db: Session, facilitator_id: int, project: Project) -> dict[str, Any]:
    role = projects.role_in_project(db, facilitator_id, project)
    return {
        **project_payload(project, role),
        "cafes": cafe_rows(db, cafes_of(db, project)),
        "team": team_of(db, project),
    }


def list_projects(facilitator_id: int) -> dict[str, Any]:
    """The caller's projects: those they made and those they were let into."""

    def read(uow: UnitOfWork) -> dict[str, Any]:
        db = uow.db
        load_facilitator(db, facilitator_id)
        rows = []
        for project in projects.projects_of(db, facilitator_id):
            role = projects.role_in_project(db, facilitator_id, project)
            cafe_count = len(projects.cafe_ids_of(db, project))
            rows.append({**project_payload(project, role), "cafe_count": cafe_count})
        return {"projects": rows}

    return run(read)


def projects_to_configure(facilitator_id: int) -> list[dict[str, Any]]:
    """The caller's projects they may put cafés in (the new-session form's choice)."""
    return [p for p in list_projects(facilitator_id)["projects"] if p["can_configure"]]


def create_project(facilitator_id: int, name: object, description: object) -> dict[str, Any]:
    """A new project of the caller's, who is its owner."""
    clean_name = projects.clean_name(name)
    clean_description = projects.clean_description(description)

    def work(uow: UnitOfWork) -> dict[str, Any]:
        owner = load_facilitator(uow.db, facilitator_id)
        project = projects.create_project(
            uow.db, owner, clean_name, clean_description, now=utcnow()
        )
        return _details(uow.db, facilitator_id, project)

    return run(work)


def show_project(facilitator_id: int, project_id: int) -> dict[str, Any]:
    """The project with its cafés (and their counts) and its team, for anyone in it."""
    return run(
        lambda uow: _details(
            uow.db, facilitator_id, project_for(uow.db, facilitator_id, project_id, Action.VIEW)
        )
    )


def change_project(
    facilitator_id: int, project_id: int, raw: Mapping[str, object]
) -> dict[str, Any]:
    """Rename the project or change its description (owner and co-facilitators)."""
    changes = projects.clean_changes(raw)

    def work(uow: UnitOfWork) -> dict[str, Any]:
        project = project_for(uow.db, facilitator_id, project_id, Action.CONFIGURE)
        for name, value in changes.items():
            setattr(project, name, value)
        uow.db.flush()
        return _details(uow.db, facilitator_id, project)

    return run(work)


def delete_project(facilitator_id: int, project_id: int) -> None:
    """The owner deletes the project; its cafés stay, and its people lose their access."""

    def work(uow: UnitOfWork) -> None:
        project = project_for(uow.db, facilitator_id, project_id, Action.DELETE)
        _access_changed(uow, projects.delete_project(uow.db, project))

    run(work)


def add_cafe(facilitator_id: int, project_id: int, session_id: int) -> dict[str, Any]:
    """The café's owner puts it in a project they may configure."""

    def work(uow: UnitOfWork) -> dict[str, Any]:
        project = project_for(uow.db, facilitator_id, project_id, Action.CONFIGURE)
        cafe = owned_session(uow.db, facilitator_id, session_id, Action.MANAGE_MEMBERS)
        projects.add_cafe(uow.db, project, cafe, now=utcnow())
        return _details(uow.db, facilitator_id, project)

    return run(work)


def _may_take_out(db: Session, facilitator_id: int, project_id: int, session_id: int) -> Project:
    """The project, if the caller may take café ``session_id`` out of it: anyone who may
    configure the project, or the café's own owner (their café is theirs to take back)."""
    try:
        return project_for(db, facilitator_id, project_id, Action.CONFIGURE)
    except (errors.UnknownProject, errors.ProjectReadOnly):
        cafe = db.get(CafeSession, session_id)
        link = db.get(ProjectCafe, session_id)
        if cafe is None or cafe.facilitator_id != facilitator_id or link is None:
            raise
        if link.project_id != project_id:
            raise
        return db.get_one(Project, project_id)


def remove_cafe(facilitator_id: int, project_id: int, session_id: int) -> dict[str, Any] | None:
    """Take a café out of the project (it stays as it is); the project's people who had a
    role in it only through the project are out at once. None when the caller can no
    longer see the project (a café owner taking their café back)."""

    def work(uow: UnitOfWork) -> dict[str, Any] | None:
        load_facilitator(uow.db, facilitator_id)
        project = _may_take_out(uow.db, facilitator_id, project_id, session_id)
        projects.remove_cafe(uow.db, project, session_id)
        _access_changed(uow, [session_id])
        if projects.role_in_project(uow.db, facilitator_id, project) is None:
            return None
        return _details(uow.db, facilitator_id, project)

    return run(work)


def list_members(facilitator_id: int, project_id: int) -> dict[str, Any]:
    """The project's owner and members, for anyone in it."""
    return run(
        lambda uow: team_of(uow.db, project_for(uow.db, facilitator_id, project_id, Action.VIEW))
    )


def add_member(facilitator_id: int, project_id: int, email: object, role: object) -> dict[str, Any]:
    """The owner lets the account behind ``email`` into the project as ``role`` (or
    changes its role; a lowered role takes effect at once in every café of the project)."""
    if not isinstance(email, str) or not email.strip() or len(email) > MAX_EMAIL:
        raise errors.InvalidField(field="email", problem=errors.N_("give an account's e-mail"))
    address = normalise_email(email)
    roles.member_role(role)

    def work(uow: UnitOfWork) -> dict[str, Any]:
        project = project_for(uow.db, facilitator_id, project_id, Action.MANAGE_MEMBERS)
        account = uow.db.scalar(select(Facilitator).where(Facilitator.email == address))
        if account is None:
            raise errors.UnknownAccount()
        if projects.add_member(uow.db, project, account, role, now=utcnow()):
            _access_changed(uow, projects.cafe_ids_of(uow.db, project))
        return team_of(uow.db, project)

    return run(work)


def remove_member(facilitator_id: int, project_id: int, member_id: int) -> dict[str, Any]:
    """The owner takes a member's role away; their open screens of every café of the
    project close at once."""

    def work(uow: UnitOfWork) -> dict[str, Any]:
        project = project_for(uow.db, facilitator_id, project_id, Action.MANAGE_MEMBERS)
        if projects.remove_member(uow.db, project, member_id):
            _access_changed(uow, projects.cafe_ids_of(uow.db, project))
        return team_of(uow.db, project)

    return run(work)


def cafes_to_add(facilitator_id: int) -> list[dict[str, Any]]:
    """The caller's own cafés in no project (the project page's "add a café" choice)."""

    def read(uow: UnitOfWork) -> list[dict[str, Any]]:
        in_projects = select(ProjectCafe.session_id)
        cafes = uow.db.scalars(
            select(CafeSession)
            .where(CafeSession.facilitator_id == facilitator_id)
            .where(CafeSession.id.not_in(in_projects))
            .order_by(CafeSession.created_at.desc(), CafeSession.id.desc())
        )
        return [{"id": cafe.id, "title": cafe.title} for cafe in cafes]

    return run(read)
