"""Deleting one's own account (domain/account_deletion.py): the password is checked first,
off the loop and outside any transaction; then one unit of work carries out the choices
and removes the account. After the commit the deleted cafés' files go (as after "Delete
session") and the open screens of handed-over cafés connect again, so none of the departed
account's stays in."""

from __future__ import annotations

from typing import Any

from flask import current_app

from dialogcafe.adapters import notifier
from dialogcafe.domain import account_deletion
from dialogcafe.domain.account_deletion import Belongings, Choices
from dialogcafe.extensions import get_database
from dialogcafe.services import accounts
from dialogcafe.services.erasure import remove_traces
from dialogcafe.services.ownership import load_facilitator
from dialogcafe.services.unit_of_work import UnitOfWork, run


def belongings(facilitator_id: int) -> tuple[str, Belongings]:
    """The account's e-mail, and what it owns with who could take each over (the form)."""

    def work(uow: UnitOfWork) -> tuple[str, Belongings]:
        facilitator = load_facilitator(uow.db, facilitator_id)
        return facilitator.email, account_deletion.belongings(uow.db, facilitator_id)

    return run(work)


def delete_account(
    facilitator_id: int,
    *,
    password: str,
    typed_email: object,
    cafes: Choices,
    projects: Choices,
) -> dict[str, Any]:
    """Delete the account after its password and its e-mail typed to confirm."""
    accounts.check_own_password(get_database(), facilitator_id, password)
    data_dir = current_app.config["DATA_DIR"]

    def work(uow: UnitOfWork) -> dict[str, Any]:
        facilitator = load_facilitator(uow.db, facilitator_id)
        account_deletion.check_confirmation(facilitator, typed_email)
        outcome = account_deletion.delete_account(uow.db, facilitator, cafes, projects)
        for deleted in outcome.deleted_cafes:
            uow.after_commit(remove_traces, deleted, data_dir)
        for session_id in (*outcome.handed_over_cafes, *outcome.left_cafes):
            uow.after_commit(notifier.access_changed, session_id)
        return {
            "deleted_cafes": len(outcome.deleted_cafes),
            "handed_over_cafes": len(outcome.handed_over_cafes),
            "deleted_projects": outcome.deleted_projects,
            "handed_over_projects": outcome.handed_over_projects,
        }

    return run(work)
