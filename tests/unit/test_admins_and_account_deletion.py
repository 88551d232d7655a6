"""Admins (the last one stays) and deleting one's own account: every branch of the rules,
on the domain alone (no Flask)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogcafe.domain import account_deletion, admins, errors, roles
from dialogcafe.domain.models import (
    ApiToken,
    CafeSession,
    Facilitator,
    Invitation,
    Project,
    ProjectCafe,
    ProjectMember,
    SavedTemplate,
    SessionMember,
    Topic,
)
from dialogcafe.domain.roles import Role

MakeAccount = Callable[..., Facilitator]


@pytest.fixture
def make_account(db: Session, now: datetime) -> MakeAccount:
    def make(email: str, *, admin: bool = False) -> Facilitator:
        account = Facilitator(email=email, password_hash="unused", created_at=now, is_admin=admin)
        db.add(account)
        db.flush()
        return account

    return make


def _count(db: Session, model: type[object], *where: object) -> int:
    return int(db.scalar(select(func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]


# --- admins ---------------------------------------------------------------------------------


def test_the_first_account_is_the_first_admin(db: Session, make_account: MakeAccount) -> None:
    assert admins.is_first_account(db)
    make_account("first@example.no")
    assert not admins.is_first_account(db)


def test_only_admins_see_the_accounts(make_account: MakeAccount) -> None:
    admins.require_admin(make_account("a@example.no", admin=True))
    with pytest.raises(errors.AdminOnly) as caught:
        admins.require_admin(make_account("b@example.no"))
    assert caught.value.status == 404


def test_the_list_counts_cafes_owned(
    db: Session,
    owner: Facilitator,
    make_cafe: Callable[..., CafeSession],
    make_account: MakeAccount,
) -> None:
    make_cafe()
    make_cafe()
    make_account("other@example.no")
    rows = {row.email: row for row in admins.accounts(db)}
    assert rows["host@example.no"].cafes_owned == 2
    assert rows["other@example.no"].cafes_owned == 0


def test_the_last_admin_stays_one(db: Session, make_account: MakeAccount) -> None:
    first = make_account("a@example.no", admin=True)
    second = make_account("b@example.no")
    with pytest.raises(errors.LastAdmin):
        admins.set_admin(db, first, False)
    admins.set_admin(db, second, True)
    admins.set_admin(db, first, False)
    assert (first.is_admin, second.is_admin) == (False, True)
    admins.set_admin(db, first, False)  # not an admin: nothing to refuse


def test_an_unknown_account_id_is_a_404(db: Session) -> None:
    for account_id in (0, 999, 2**70):
        with pytest.raises(errors.UnknownAccountId):
            admins.account(db, account_id)


# --- the form's choices ---------------------------------------------------------------------


def test_choices_from_a_form() -> None:
    fields = {"cafe-3": "delete", "cafe-4": "to-12", "project-5": "delete", "password": "x"}
    assert account_deletion.choices_from_form(fields, "cafe-") == {3: None, 4: 12}
    assert account_deletion.choices_from_form(fields, "project-") == {5: None}


@pytest.mark.parametrize(
    "fields",
    [{"cafe-x": "delete"}, {"cafe-0": "delete"}, {"cafe-" + "9" * 30: "delete"}],
)
def test_a_broken_form_is_a_400(fields: dict[str, str]) -> None:
    with pytest.raises(errors.BadRequest):
        account_deletion.choices_from_form(fields, "cafe-")


@pytest.mark.parametrize("value", ["", "keep", "to-", "to-abc", None])
def test_an_unknown_choice_is_refused(value: object) -> None:
    with pytest.raises((errors.InvalidField, errors.BadRequest)):
        account_deletion.parse_choice(value)


def test_the_confirmation_is_ones_own_address(owner: Facilitator) -> None:
    account_deletion.check_confirmation(owner, " Host@Example.no ")
    for typed in ("", "other@example.no", None, 3):
        with pytest.raises(errors.WrongAccountConfirmation):
            account_deletion.check_confirmation(owner, typed)


# --- deleting -------------------------------------------------------------------------------


@pytest.fixture
def helper(db: Session, make_account: MakeAccount) -> Facilitator:
    return make_account("helper@example.no")


def _team(db: Session, cafe: CafeSession, account: Facilitator, role: Role, now: datetime) -> None:
    roles.add_member(db, cafe, account, role, now=now)


def test_delete_with_everything(
    db: Session, owner: Facilitator, make_cafe: Callable[..., CafeSession], now: datetime
) -> None:
    cafe = make_cafe()
    cafe_id = cafe.id
    db.add(ApiToken(facilitator_id=owner.id, token_hash="h", created_at=now, expires_at=now))
    db.add(SavedTemplate(owner_id=owner.id, name="Mal", plan_json="{}", created_at=now))
    db.flush()
    outcome = account_deletion.delete_account(db, owner, {cafe_id: None}, {})
    assert [c["id"] for c in outcome.deleted_cafes] == [cafe_id]
    assert db.get(CafeSession, cafe_id) is None
    assert _count(db, Topic, Topic.session_id == cafe_id) == 0  # the erasure path ran
    assert _count(db, Facilitator) == 0
    assert _count(db, ApiToken) == 0 and _count(db, SavedTemplate) == 0


def test_hand_over_makes_the_co_facilitator_the_owner(
    db: Session,
    owner: Facilitator,
    helper: Facilitator,
    make_cafe: Callable[..., CafeSession],
    now: datetime,
) -> None:
    cafe = make_cafe()
    _team(db, cafe, helper, Role.CO_FACILITATOR, now)
    cafe_id, helper_id = cafe.id, helper.id
    outcome = account_deletion.delete_account(db, owner, {cafe_id: helper_id}, {})
    assert outcome.handed_over_cafes == [cafe_id]
    kept = db.get(CafeSession, cafe_id)
    assert kept is not None and kept.facilitator_id == helper_id
    assert _count(db, SessionMember, SessionMember.session_id == cafe_id) == 0
    assert _count(db, Topic, Topic.session_id == cafe_id) == 3


def test_only_a_co_facilitator_can_take_over(
    db: Session,
    owner: Facilitator,
    helper: Facilitator,
    make_cafe: Callable[..., CafeSession],
    now: datetime,
) -> None:
    cafe = make_cafe()
    _team(db, cafe, helper, Role.READER, now)
    assert account_deletion.belongings(db, owner.id).cafes[0].heirs == ()
    with pytest.raises(errors.ChoicesOutdated):
        account_deletion.delete_account(db, owner, {cafe.id: helper.id}, {})
    assert db.get(Facilitator, owner.id) is not None


def test_a_cafe_made_since_the_form_refuses_it_whole(
    db: Session, owner: Facilitator, make_cafe: Callable[..., CafeSession]
) -> None:
    seen = make_cafe()
    make_cafe(title="Made in another tab")
    with pytest.raises(errors.ChoicesOutdated) as caught:
        account_deletion.delete_account(db, owner, {seen.id: None}, {})
    assert caught.value.status == 409
    assert _count(db, CafeSession) == 2 and db.get(Facilitator, owner.id) is not None


def test_a_cafe_gone_since_the_form_refuses_it_whole(db: Session, owner: Facilitator) -> None:
    with pytest.raises(errors.ChoicesOutdated):
        account_deletion.delete_account(db, owner, {404: None}, {})


def test_the_last_admin_stays_while_others_have_accounts(
    db: Session, owner: Facilitator, helper: Facilitator
) -> None:
    owner.is_admin = True
    with pytest.raises(errors.LastAdminLeaving):
        account_deletion.delete_account(db, owner, {}, {})
    helper.is_admin = True
    db.flush()
    account_deletion.delete_account(db, owner, {}, {})
    assert db.get(Facilitator, helper.id) is not None


def test_the_only_account_may_leave(db: Session, owner: Facilitator) -> None:
    owner.is_admin = True
    account_deletion.delete_account(db, owner, {}, {})
    assert _count(db, Facilitator) == 0


def test_projects_are_handed_over_or_deleted_and_others_cafes_stay(
    db: Session,
    owner: Facilitator,
    helper: Facilitator,
    make_account: MakeAccount,
    now: datetime,
) -> None:
    other = make_account("other@example.no")
    other_cafe = CafeSession(
        facilitator_id=other.id,
        title="Andres kafé",
        join_code="OTHER1",
        table_count=1,
        round_count=1,
        round_minutes=10,
        rotation="topics",
        created_at=now,
    )
    kept = Project(owner_id=owner.id, name="Beholdes", created_at=now)
    gone = Project(owner_id=owner.id, name="Slettes", created_at=now)
    db.add_all([other_cafe, kept, gone])
    db.flush()
    db.add_all(
        [
            ProjectMember(
                project_id=kept.id, facilitator_id=helper.id, role="co_facilitator", added_at=now
            ),
            ProjectCafe(session_id=other_cafe.id, project_id=gone.id, added_at=now),
            Invitation(
                token_hash="t",
                project_id=gone.id,
                role="reader",
                created_by=owner.id,
                created_at=now,
                expires_at=now,
            ),
        ]
    )
    db.flush()
    kept_id, gone_id, other_cafe_id = kept.id, gone.id, other_cafe.id
    with pytest.raises(errors.ChoicesOutdated):  # a project without co-facilitators
        account_deletion.delete_account(db, owner, {}, {kept_id: None, gone_id: helper.id})
    outcome = account_deletion.delete_account(db, owner, {}, {kept_id: helper.id, gone_id: None})
    assert (outcome.handed_over_projects, outcome.deleted_projects) == (1, 1)
    db.expire_all()
    project = db.get(Project, kept_id)
    assert project is not None and project.owner_id == helper.id
    assert _count(db, ProjectMember) == 0
    assert db.get(Project, gone_id) is None and _count(db, ProjectCafe) == 0
    assert db.get(CafeSession, other_cafe_id) is not None
    assert _count(db, Invitation) == 0


def test_memberships_in_others_cafes_end(
    db: Session,
    owner: Facilitator,
    helper: Facilitator,
    make_cafe: Callable[..., CafeSession],
    now: datetime,
) -> None:
    cafe = make_cafe()
    _team(db, cafe, helper, Role.READER, now)
    outcome = account_deletion.delete_account(db, helper, {}, {})
    assert outcome.left_cafes == [cafe.id]
    assert _count(db, SessionMember) == 0
    assert db.get(CafeSession, cafe.id) is not None
