"""Project roles: the role table for a project, every cell; what a project role makes
someone in the project's cafés; and the combination with their own café role (the stronger
counts), checked through ``roles.role_of``, the one function every edge asks."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, projects, roles
from dialogcafe.domain.models import CafeSession, Facilitator, Project
from dialogcafe.domain.roles import Action, Role

A = Action
# What each project role may do with the project itself.
PROJECT_TABLE: dict[Role | None, dict[Action, type[errors.DomainError] | None]] = {
    Role.OWNER: dict.fromkeys(Action),
    Role.CO_FACILITATOR: {
        A.VIEW: None,
        A.DOWNLOAD: None,
        A.RUN: None,
        A.MODERATE: None,
        A.CONFIGURE: None,
        A.MANAGE_MEMBERS: errors.ProjectOwnerOnly,
        A.DELETE: errors.ProjectOwnerOnly,
    },
    Role.READER: {
        A.VIEW: None,
        A.DOWNLOAD: None,
        A.RUN: errors.ProjectReadOnly,
        A.MODERATE: errors.ProjectReadOnly,
        A.CONFIGURE: errors.ProjectReadOnly,
        A.MANAGE_MEMBERS: errors.ProjectReadOnly,
        A.DELETE: errors.ProjectReadOnly,
    },
    None: dict.fromkeys(Action, errors.UnknownProject),
}
PROJECT_CELLS = [
    (role, action, outcome)
    for role, row in PROJECT_TABLE.items()
    for action, outcome in row.items()
]
# What a project role lets someone do in each of the project's cafés (no café role of their own).
CAFE_TABLE: dict[Role | None, dict[Action, bool]] = {
    Role.OWNER: {a: a not in (A.MANAGE_MEMBERS, A.DELETE) for a in Action},
    Role.CO_FACILITATOR: {a: a not in (A.MANAGE_MEMBERS, A.DELETE) for a in Action},
    Role.READER: {a: a in (A.VIEW, A.DOWNLOAD) for a in Action},
    None: dict.fromkeys(Action, False),
}
CAFE_CELLS = [
    (role, action, allowed) for role, row in CAFE_TABLE.items() for action, allowed in row.items()
]


def test_the_tables_cover_every_role_and_action() -> None:
    for table in (PROJECT_TABLE, CAFE_TABLE):
        assert set(table) == {*Role, None}
        assert all(set(row) == set(Action) for row in table.values())


@pytest.fixture
def make_account(db: Session, now: datetime) -> Callable[[str], Facilitator]:
    def make(email: str) -> Facilitator:
        account = Facilitator(email=email, password_hash="unused", created_at=now)
        db.add(account)
        db.flush()
        return account

    return make


@pytest.fixture
def project(db: Session, make_account: Callable[[str], Facilitator], now: datetime) -> Project:
    organiser = make_account("organiser@example.no")
    return projects.create_project(db, organiser, "Bolig for velferd", "", now=now)


def _person_with(
    db: Session,
    project: Project,
    role: Role | None,
    make_account: Callable[[str], Facilitator],
    now: datetime,
) -> int:
    """The id of someone whose project role is ``role``."""
    if role is Role.OWNER:
        return project.owner_id
    person = make_account(f"{role or 'nobody'}@example.no")
    if role is not None:
        projects.add_member(db, project, person, role, now=now)
    return person.id


@pytest.mark.parametrize(("role", "action", "outcome"), PROJECT_CELLS)
def test_each_project_cell(
    db: Session,
    project: Project,
    make_account: Callable[[str], Facilitator],
    now: datetime,
    role: Role | None,
    action: Action,
    outcome: type[errors.DomainError] | None,
) -> None:
    person = _person_with(db, project, role, make_account, now)
    assert projects.role_in_project(db, person, project) is role
    if outcome is None:
        assert projects.project_for(db, person, project.id, action) is project
    else:
        with pytest.raises(outcome):
            projects.project_for(db, person, project.id, action)


@pytest.mark.parametrize(("role", "action", "allowed"), CAFE_CELLS)
def test_each_cell_of_a_project_role_in_its_cafes(
    db: Session,
    project: Project,
    cafe: CafeSession,
    make_account: Callable[[str], Facilitator],
    now: datetime,
    role: Role | None,
    action: Action,
    allowed: bool,
) -> None:
    projects.add_cafe(db, project, cafe, now=now)
    person = _person_with(db, project, role, make_account, now)
    assert roles.may(roles.role_of(db, person, cafe), action) is allowed
    if allowed:
        assert roles.session_for(db, person, cafe.id, action) is cafe
    else:
        with pytest.raises((errors.OwnerOnly, errors.ReadOnlyRole, errors.SessionNotFound)):
            roles.session_for(db, person, cafe.id, action)


ROLES = (None, *Role)


@pytest.mark.parametrize(("cafe_role", "project_role"), list(itertools.product(ROLES, ROLES)))
def test_the_stronger_role_counts(cafe_role: Role | None, project_role: Role | None) -> None:
    strength = {None: 0, Role.READER: 1, Role.CO_FACILITATOR: 2, Role.OWNER: 3}
    from_project = roles.CAFE_ROLE_FROM_PROJECT.get(project_role) if project_role else None
    expected = max((cafe_role, from_project), key=lambda r: strength[r])
    assert roles.combined_role(cafe_role, project_role) is expected
    # Only a café's own owner deletes it or chooses its team, whatever the project says.
    if cafe_role is not Role.OWNER:
        assert not roles.may(roles.combined_role(cafe_role, project_role), Action.DELETE)


def test_role_of_combines_a_cafe_role_and_a_project_role(
    db: Session,
    project: Project,
    cafe: CafeSession,
    make_account: Callable[[str], Facilitator],
    now: datetime,
) -> None:
    person = make_account("kari@example.no")
    roles.add_member(db, cafe, person, Role.READER, now=now)
    projects.add_cafe(db, project, cafe, now=now)
    projects.add_member(db, project, person, Role.CO_FACILITATOR, now=now)
    assert roles.role_of(db, person.id, cafe) is Role.CO_FACILITATOR
    projects.add_member(db, project, person, Role.READER, now=now)
    assert roles.role_of(db, person.id, cafe) is Role.READER
    projects.remove_member(db, project, person.id)
    assert roles.role_of(db, person.id, cafe) is Role.READER  # their own café role stays
    roles.remove_member(db, cafe, person.id)
    assert roles.role_of(db, person.id, cafe) is None
    # The project's owner co-facilitates its cafés, until the café is taken out.
    assert roles.role_of(db, project.owner_id, cafe) is Role.CO_FACILITATOR
    projects.remove_cafe(db, project, cafe.id)
    assert roles.role_of(db, project.owner_id, cafe) is None


def test_a_cafe_is_in_at_most_one_project(
    db: Session,
    project: Project,
    cafe: CafeSession,
    make_account: Callable[[str], Facilitator],
    now: datetime,
) -> None:
    other = projects.create_project(db, make_account("other@example.no"), "Other", "", now=now)
    assert projects.add_cafe(db, project, cafe, now=now) is True
    assert projects.add_cafe(db, project, cafe, now=now) is False
    with pytest.raises(errors.CafeInOtherProject):
        projects.add_cafe(db, other, cafe, now=now)
    with pytest.raises(errors.CafeNotInProject):
        projects.remove_cafe(db, other, cafe.id)
    assert projects.delete_project(db, project) == [cafe.id]
    assert projects.add_cafe(db, other, cafe, now=now) is True


@pytest.mark.parametrize("name", ["", "   ", "x" * 201, None, 7])
def test_a_project_name_is_one_to_two_hundred_characters(name: object) -> None:
    with pytest.raises(errors.InvalidField):
        projects.clean_name(name)
    assert projects.clean_name("  Bolig \n for velferd ") == "Bolig for velferd"
    assert projects.clean_name("x" * 200) == "x" * 200
