"""Invitation links' rules: a member's role only, 1 to 30 days, once, withdrawn at once, a
hash stored, and never a role for the owner."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, invitations, projects, roles
from dialogcafe.domain.codes import token_hash
from dialogcafe.domain.invitations import State, Target
from dialogcafe.domain.models import (
    CafeSession,
    Facilitator,
    Invitation,
    Project,
    ProjectMember,
)
from dialogcafe.domain.roles import Action, Role


@pytest.fixture
def guest(db: Session, now: datetime) -> Facilitator:
    person = Facilitator(email="ola@example.no", password_hash="unused", created_at=now)
    db.add(person)
    db.flush()
    return person


def _invite(
    db: Session, cafe: CafeSession, now: datetime, role: object = "reader", days: object = None
) -> tuple[str, Invitation]:
    return invitations.create(
        db,
        Target(session_id=cafe.id),
        role=role,
        days=days,
        created_by=cafe.facilitator_id,
        now=now,
    )


@pytest.mark.parametrize("role", ["co_facilitator", "reader"])
def test_a_member_role_is_given(role: str) -> None:
    assert invitations.clean_role(role) == Role(role)


@pytest.mark.parametrize("role", ["owner", "admin", "", None, 1, ["reader"]])
def test_no_other_role(role: object) -> None:
    with pytest.raises(errors.InvalidField) as caught:
        invitations.clean_role(role)
    assert caught.value.params["field"] == "role"


@pytest.mark.parametrize(("days", "kept"), [(None, 7), (1, 1), (30, 30), (14, 14)])
def test_days_from_one_to_thirty(days: object, kept: int) -> None:
    assert invitations.clean_days(days) == kept


@pytest.mark.parametrize("days", [0, 31, -1, 2.5, "7", True, 10**12])
def test_days_out_of_bounds(days: object) -> None:
    with pytest.raises(errors.InvalidField) as caught:
        invitations.clean_days(days)
    assert caught.value.params["field"] == "days"


def test_only_the_hash_is_stored_and_it_expires_when_said(
    db: Session, cafe: CafeSession, now: datetime
) -> None:
    token, invitation = _invite(db, cafe, now, days=3)
    assert invitation.token_hash == token_hash(token) and token not in invitation.token_hash
    assert invitation.expires_at == now + timedelta(days=3)
    assert invitations.find(db, token).id == invitation.id
    assert invitations.state_of(invitation, now=now + timedelta(days=3, seconds=-1)) is State.OPEN
    assert invitations.state_of(invitation, now=now + timedelta(days=3)) is State.EXPIRED


def test_an_expired_link_gives_nothing(
    db: Session, cafe: CafeSession, guest: Facilitator, now: datetime
) -> None:
    _, invitation = _invite(db, cafe, now, days=1)
    with pytest.raises(errors.InvitationExpired) as caught:
        invitations.accept(db, invitation, guest, now=now + timedelta(days=1))
    assert caught.value.status == 410
    assert roles.role_of(db, guest.id, cafe) is None
    assert (
        invitations.open_invitations(db, Target(session_id=cafe.id), now=now + timedelta(days=2))
        == []
    )


def test_accepted_once(db: Session, cafe: CafeSession, guest: Facilitator, now: datetime) -> None:
    token, invitation = _invite(db, cafe, now, role="co_facilitator")
    assert invitations.accept(db, invitation, guest, now=now) is Role.CO_FACILITATOR
    assert roles.role_of(db, guest.id, cafe) is Role.CO_FACILITATOR
    assert invitation.accepted_by == guest.id and invitation.accepted_at == now
    other = Facilitator(email="eve@example.no", password_hash="x", created_at=now)
    db.add(other)
    db.flush()
    with pytest.raises(errors.LinkUsed):
        invitations.accept(db, invitations.find(db, token), other, now=now)
    assert roles.role_of(db, other.id, cafe) is None
    assert invitations.open_invitations(db, Target(session_id=cafe.id), now=now) == []


def test_a_withdrawn_link_is_gone(
    db: Session, cafe: CafeSession, guest: Facilitator, now: datetime
) -> None:
    token, invitation = _invite(db, cafe, now)
    invitations.withdraw(db, Target(session_id=cafe.id), invitation.id, now=now)
    with pytest.raises(errors.InvitationGone) as caught:
        invitations.find(db, token)
    assert caught.value.status == 410
    with pytest.raises(errors.UnknownInvitation):
        invitations.withdraw(db, Target(session_id=cafe.id), invitation.id, now=now)


def test_a_used_or_expired_link_cannot_be_withdrawn(
    db: Session, cafe: CafeSession, guest: Facilitator, now: datetime
) -> None:
    _, used = _invite(db, cafe, now)
    invitations.accept(db, used, guest, now=now)
    _, old = _invite(db, cafe, now, days=1)
    for invitation, when in ((used, now), (old, now + timedelta(days=2))):
        with pytest.raises(errors.UnknownInvitation):
            invitations.withdraw(db, Target(session_id=cafe.id), invitation.id, now=when)


def test_another_cafes_link_cannot_be_withdrawn_through_this_one(
    db: Session, make_cafe: object, cafe: CafeSession, now: datetime
) -> None:
    other = make_cafe()  # type: ignore[operator]
    _, theirs = _invite(db, other, now)
    with pytest.raises(errors.UnknownInvitation):
        invitations.withdraw(db, Target(session_id=cafe.id), theirs.id, now=now)


def test_the_owner_gets_no_role_and_the_link_stays_open(
    db: Session, cafe: CafeSession, owner: Facilitator, now: datetime
) -> None:
    _, invitation = _invite(db, cafe, now)
    with pytest.raises(errors.InvitationForOwner):
        invitations.accept(db, invitation, owner, now=now)
    assert invitations.state_of(invitation, now=now) is State.OPEN
    assert roles.role_of(db, owner.id, cafe) is Role.OWNER


def test_a_member_takes_the_links_role(
    db: Session, cafe: CafeSession, guest: Facilitator, now: datetime
) -> None:
    roles.add_member(db, cafe, guest, "co_facilitator", now=now)
    _, invitation = _invite(db, cafe, now, role="reader")
    invitations.accept(db, invitation, guest, now=now)
    assert roles.role_of(db, guest.id, cafe) is Role.READER


@pytest.mark.parametrize("token", ["", "x" * 101, None, 5, "not-a-token"])
def test_a_wrong_token_finds_nothing(db: Session, token: object) -> None:
    with pytest.raises(errors.InvitationGone):
        invitations.find(db, token)


def test_open_links_are_bounded_and_old_rows_pruned(
    db: Session, cafe: CafeSession, now: datetime
) -> None:
    for _ in range(invitations.MAX_OPEN):
        _invite(db, cafe, now)
    with pytest.raises(errors.TooManyInvitations):
        _invite(db, cafe, now)
    later = now + timedelta(days=7) + invitations.KEPT_AFTER_EXPIRY + timedelta(seconds=1)
    _invite(db, cafe, later)  # the old ones expired long ago: pruned, room again
    assert len(list(db.scalars(select(Invitation)))) == 1


def test_a_project_invitation_makes_a_project_member(
    db: Session, owner: Facilitator, guest: Facilitator, now: datetime
) -> None:
    project = Project(owner_id=owner.id, name="Bolig for velferd", created_at=now)
    db.add(project)
    db.flush()
    target = Target(project_id=project.id)
    _, invitation = invitations.create(
        db, target, role="reader", days=2, created_by=owner.id, now=now
    )
    with pytest.raises(errors.InvitationForOwner):
        invitations.accept(db, invitation, owner, now=now)
    assert invitations.accept(db, invitation, guest, now=now) is Role.READER
    member = db.scalar(select(ProjectMember).where(ProjectMember.facilitator_id == guest.id))
    assert member is not None and member.role == "reader" and member.project_id == project.id
    assert projects.role_in_project(db, guest.id, project) is Role.READER
    with pytest.raises(errors.ReadOnlyRole):
        projects.project_for(db, guest.id, project.id, Action.MANAGE_MEMBERS)
    assert projects.project_for(db, owner.id, project.id, Action.MANAGE_MEMBERS) is project


def test_a_target_is_a_cafe_or_a_project() -> None:
    for wrong in (Target, lambda: Target(session_id=1, project_id=2)):
        with pytest.raises(ValueError):
            wrong()
