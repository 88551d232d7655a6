"""The role table, every cell: what an owner, a co-facilitator, a reader and a stranger may do."""

from __future__ import annotations

import pytest

from dialogcafe.domain import errors, roles
from dialogcafe.domain.roles import Action, Role

A = Action
EXPECTED: dict[Role | None, dict[Action, type[errors.DomainError] | None]] = {
    Role.OWNER: dict.fromkeys(Action),
    Role.CO_FACILITATOR: {
        A.VIEW: None,
        A.DOWNLOAD: None,
        A.RUN: None,
        A.MODERATE: None,
        A.CONFIGURE: None,
        A.MANAGE_MEMBERS: errors.OwnerOnly,
        A.DELETE: errors.OwnerOnly,
    },
    Role.READER: {
        A.VIEW: None,
        A.DOWNLOAD: None,
        A.RUN: errors.ReadOnlyRole,
        A.MODERATE: errors.ReadOnlyRole,
        A.CONFIGURE: errors.ReadOnlyRole,
        A.MANAGE_MEMBERS: errors.ReadOnlyRole,
        A.DELETE: errors.ReadOnlyRole,
    },
    None: dict.fromkeys(Action, errors.UnknownSession),
}
CELLS = [
    (role, action, outcome) for role, row in EXPECTED.items() for action, outcome in row.items()
]


def test_the_table_covers_every_role_and_action() -> None:
    assert set(EXPECTED) == {*Role, None}
    assert all(set(row) == set(Action) for row in EXPECTED.values())


@pytest.mark.parametrize(("role", "action", "outcome"), CELLS)
def test_each_cell(
    role: Role | None, action: Action, outcome: type[errors.DomainError] | None
) -> None:
    assert roles.may(role, action) is (outcome is None)
    if outcome is None:
        assert roles.check(role, action) is role
    else:
        with pytest.raises(outcome):
            roles.check(role, action)


def test_a_stranger_cannot_tell_a_cafe_from_a_missing_one() -> None:
    with pytest.raises(errors.UnknownSession) as caught:
        roles.check(None, Action.VIEW)
    assert caught.value.status == 404


def test_owners_hand_out_only_the_two_member_roles() -> None:
    assert roles.MEMBER_ROLES == (Role.CO_FACILITATOR, Role.READER)
