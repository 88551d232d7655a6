"""Deleting a session for good: its rows, then what is left of them on disk.

The summary folder goes only once the rows are gone (after the commit), so a failed
delete never leaves a session whose files are missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app

from dialogcafe.adapters import sqlite_worker
from dialogcafe.domain import erasure
from dialogcafe.domain.roles import Action
from dialogcafe.extensions import get_database
from dialogcafe.services.ownership import owned_session
from dialogcafe.services.unit_of_work import UnitOfWork, run


def remove_traces(deleted: dict[str, Any], data_dir: Path) -> None:
    """Deleted rows are zeroed in the database file (secure_delete), but their pages are
    still in SQLite's -wal file until a checkpoint: empty it (in a thread, not the loop);
    then the summary folder."""
    sqlite_worker.truncate_wal(get_database())
    deleted["files_deleted"] = erasure.remove_session_folder(data_dir, deleted["join_code"])


def delete_session(
    facilitator_id: int, session_id: int, *, confirmation: object = None, confirm: bool
) -> dict[str, Any]:
    """Delete the session and every row and file that belongs to it.

    ``confirm`` asks for the join code typed as ``confirmation`` (the web form); the API
    call is deliberate enough by itself.
    """
    data_dir = current_app.config["DATA_DIR"]  # read here: the work may run off the app

    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe = owned_session(uow.db, facilitator_id, session_id, Action.DELETE)
        if confirm:
            erasure.check_confirmation(cafe, confirmation)
        deleted = {"id": cafe.id, "title": cafe.title, "join_code": cafe.join_code}
        erasure.delete_session(uow.db, cafe)
        uow.after_commit(remove_traces, deleted, data_dir)
        return {"deleted": deleted}

    return run(work)
