"""Deleting one's own account: what happens to each café and project it owns.

Nothing an account owns is left without an owner. For every café the person chooses: delete
it with everything (the same erasure as "Delete session", erasure.py), or hand it over to one
of its co-facilitators, who becomes the owner. Projects the same way: hand over to a project
co-facilitator, or delete the project (its cafés stay with their owners). The choices must
name exactly what the account owns now: a form opened before a café was made or handed over
is refused whole (:class:`ChoicesOutdated`), and nothing is deleted.

The last admin cannot leave while other accounts exist (someone must be able to help a
person who is locked out). Then the account's memberships, tokens, templates and
invitations go with it, and every login of it ends (the row is gone).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.orm import Session

from dialogcafe.domain import admins, erasure, errors, projects, roles
from dialogcafe.domain.errors import N_
from dialogcafe.domain.fields import MAX_NUMBER_DIGITS
from dialogcafe.domain.models import (
    ApiToken,
    CafeSession,
    Facilitator,
    Invitation,
    Project,
    ProjectMember,
    SavedTemplate,
    SessionMember,
)
from dialogcafe.domain.roles import Role

DELETE = "delete"  # the form's value for "delete it with everything"
HAND_TO = "to-"  # the form's value for "hand it over": "to-<account id>"
MAX_CHOICES = 10_000  # more fields than anyone owns cafés and projects

# None: delete it; an account id: hand it over to them.
Choices = Mapping[int, int | None]


@dataclass(frozen=True)
class Heir:
    """A co-facilitator who can take over a café or a project."""

    facilitator_id: int
    email: str


@dataclass(frozen=True)
class Owned:
    """A café or project the account owns, and who could take it over."""

    id: int
    title: str
    heirs: tuple[Heir, ...]


@dataclass(frozen=True)
class Belongings:
    cafes: list[Owned]
    projects: list[Owned]


@dataclass
class Outcome:
    """What was done: the deleted cafés' files go after the commit (``join_code``); the
    open screens of handed-over cafés, and of others' cafés the account had a role in, are
    told to connect again (the account's own are then refused)."""

    deleted_cafes: list[dict[str, object]] = field(default_factory=list)
    handed_over_cafes: list[int] = field(default_factory=list)
    # Others' cafés it had a role in, and the cafés of projects it deleted.
    left_cafes: list[int] = field(default_factory=list)
    deleted_projects: int = 0
    handed_over_projects: int = 0


def belongings(db: Session, facilitator_id: int) -> Belongings:
    """The cafés and projects the account owns, each with its co-facilitators."""
    cafes = db.scalars(
        select(CafeSession)
        .where(CafeSession.facilitator_id == facilitator_id)
        .order_by(CafeSession.created_at, CafeSession.id)
    ).all()
    projects = db.scalars(
        select(Project)
        .where(Project.owner_id == facilitator_id)
        .order_by(Project.created_at, Project.id)
    ).all()
    return Belongings(
        cafes=[
            Owned(
                cafe.id, cafe.title, _heirs(db, SessionMember, SessionMember.session_id == cafe.id)
            )
            for cafe in cafes
        ],
        projects=[
            Owned(
                project.id,
                project.name,
                _heirs(db, ProjectMember, ProjectMember.project_id == project.id),
            )
            for project in projects
        ],
    )


def _heirs(
    db: Session, member: type[SessionMember | ProjectMember], of_it: ColumnElement[bool]
) -> tuple[Heir, ...]:
    """The co-facilitators among ``member`` rows ``of_it`` (a café's or a project's)."""
    rows = db.execute(
        select(Facilitator.id, Facilitator.email)
        .join(member, member.facilitator_id == Facilitator.id)
        .where(of_it, member.role == Role.CO_FACILITATOR)
        .order_by(member.added_at, member.id)
    ).all()
    return tuple(Heir(row.id, row.email) for row in rows)


def choices_from_form(fields: Mapping[str, str], prefix: str) -> dict[int, int | None]:
    """The choices a form sent as ``<prefix><id>`` = ``delete`` | ``to-<account id>``."""
    choices: dict[int, int | None] = {}
    for name, value in fields.items():
        if not name.startswith(prefix):
            continue
        if len(choices) >= MAX_CHOICES:
            raise errors.BadRequest(detail=N_("The request holds too many values."))
        choices[_form_id(name.removeprefix(prefix))] = parse_choice(value)
    return choices


def parse_choice(value: object) -> int | None:
    """``delete`` → None; ``to-<id>`` → the id; anything else is refused."""
    if value == DELETE:
        return None
    if isinstance(value, str) and value.startswith(HAND_TO):
        return _form_id(value.removeprefix(HAND_TO))
    raise errors.InvalidField(field="action", problem=N_("choose what happens to each café"))


def _form_id(raw: str) -> int:
    if not raw.isdecimal() or len(raw) > MAX_NUMBER_DIGITS or int(raw) == 0:
        raise errors.BadRequest(detail=N_("The form was not whole. Open the page again."))
    return int(raw)


def check_choices(owned: list[Owned], choices: Choices) -> None:
    """``choices`` name exactly the owned things, and hand over only to their heirs."""
    if set(choices) != {item.id for item in owned}:
        raise errors.ChoicesOutdated()
    for item in owned:
        heir = choices[item.id]
        if heir is not None and heir not in {h.facilitator_id for h in item.heirs}:
            raise errors.ChoicesOutdated()


def check_may_leave(db: Session, facilitator: Facilitator) -> None:
    """The last admin stays while anybody else has an account."""
    if not facilitator.is_admin or admins.admin_ids(db) != [facilitator.id]:
        return
    others = db.scalar(select(Facilitator.id).where(Facilitator.id != facilitator.id).limit(1))
    if others is not None:
        raise errors.LastAdminLeaving()


def check_confirmation(facilitator: Facilitator, typed: object) -> None:
    """The person types their own e-mail address: a slip of the mouse erases nothing."""
    if not isinstance(typed, str) or typed.strip().lower() != facilitator.email:
        raise errors.WrongAccountConfirmation()


def delete_account(
    db: Session, facilitator: Facilitator, cafe_choices: Choices, project_choices: Choices
) -> Outcome:
    """Carry out the choices, then delete the account and everything only it used."""
    check_may_leave(db, facilitator)
    owned = belongings(db, facilitator.id)
    check_choices(owned.cafes, cafe_choices)
    check_choices(owned.projects, project_choices)
    outcome = Outcome()
    for cafe_id, heir in cafe_choices.items():
        cafe = db.get(CafeSession, cafe_id)
        assert cafe is not None  # checked above, in this transaction
        if heir is None:
            outcome.deleted_cafes.append(
                {"id": cafe.id, "title": cafe.title, "join_code": cafe.join_code}
            )
            erasure.delete_session(db, cafe)
        else:
            roles.remove_member(db, cafe, heir)
            cafe.facilitator_id = heir
            outcome.handed_over_cafes.append(cafe.id)
    for project_id, heir in project_choices.items():
        if heir is None:
            project = db.get(Project, project_id)
            assert project is not None  # checked above, in this transaction
            # Its cafés stay with their owners; the project's people lose access to them.
            outcome.left_cafes += projects.delete_project(db, project)
            outcome.deleted_projects += 1
        else:
            _hand_over_project(db, project_id, heir)
            outcome.handed_over_projects += 1
    outcome.left_cafes = list(
        db.scalars(
            select(SessionMember.session_id).where(SessionMember.facilitator_id == facilitator.id)
        )
    )
    _delete_account_rows(db, facilitator)
    return outcome


def _hand_over_project(db: Session, project_id: int, heir: int) -> None:
    db.execute(
        delete(ProjectMember).where(
            ProjectMember.project_id == project_id, ProjectMember.facilitator_id == heir
        )
    )
    db.execute(update(Project).where(Project.id == project_id).values(owner_id=heir))


def _delete_account_rows(db: Session, facilitator: Facilitator) -> None:
    """The account and what only it used: roles in others' cafés and projects, its tokens,
    saved templates and the invitations it made (an accepted one forgets who accepted)."""
    account_id = facilitator.id
    db.execute(
        update(Invitation)
        .where(Invitation.accepted_by == account_id)
        .values(accepted_by=None)
        .execution_options(synchronize_session=False)
    )
    for statement in (
        delete(Invitation).where(Invitation.created_by == account_id),
        delete(SessionMember).where(SessionMember.facilitator_id == account_id),
        delete(ProjectMember).where(ProjectMember.facilitator_id == account_id),
        delete(SavedTemplate).where(SavedTemplate.owner_id == account_id),
        delete(ApiToken).where(ApiToken.facilitator_id == account_id),
    ):
        db.execute(statement.execution_options(synchronize_session=False))
    db.expunge(facilitator)
    db.execute(delete(Facilitator).where(Facilitator.id == account_id))
    db.flush()
