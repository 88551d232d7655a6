"""One participant's access and erasure requests, run by the café's facilitators.

Both need a role that may moderate (owner, co-facilitator): a reader sees the café but
handles nobody's personal data. An erasure is one unit of work; after its commit every
screen drops the inputs as after a hide, the summary files are written again without
them, and SQLite's log is emptied of the deleted pages (as after "Delete session").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app

from dialogcafe.adapters import notifier, sqlite_worker
from dialogcafe.clock import utcnow
from dialogcafe.domain import erasure, participant_erasure
from dialogcafe.domain.roles import Action
from dialogcafe.domain.status import PostStatus
from dialogcafe.domain.timestamps import iso
from dialogcafe.exports.files import ExportFile
from dialogcafe.exports.person_record import render_person_json
from dialogcafe.extensions import get_database
from dialogcafe.services.ownership import load_facilitator, owned_session
from dialogcafe.services.results import queue_results
from dialogcafe.services.summary_files import refresh_summary_files
from dialogcafe.services.unit_of_work import UnitOfWork, run


def person_data(facilitator_id: int, session_id: int, participant_id: int) -> ExportFile:
    """Everything the café keeps about one participant, as a JSON file to hand over."""

    def work(uow: UnitOfWork) -> ExportFile:
        cafe = owned_session(uow.db, facilitator_id, session_id, Action.MODERATE)
        person = participant_erasure.get_participant(uow.db, cafe, participant_id)
        record = participant_erasure.person_record(uow.db, person)
        return ExportFile(
            name=f"participant-{cafe.join_code}-{person.id}.json",
            content=render_person_json(cafe, record).encode(),
            media_type="application/json; charset=utf-8",
        )

    return run(work)


def _rewrite_traces(session_id: int, join_code: str, data_dir: Path) -> None:
    """After the commit: no copy of the erased text stays on disk. The WAL still holds the
    deleted pages, and the summary folder may hold any format written before (the Word
    report of an earlier download too): empty the one, delete the other and write the
    current files again."""
    sqlite_worker.truncate_wal(get_database())
    erasure.remove_session_folder(data_dir, join_code)
    refresh_summary_files(session_id)


def erase_person(facilitator_id: int, session_id: int, participant_id: int) -> dict[str, Any]:
    """Delete one participant's inputs for good and log it; answers how many went."""
    data_dir = current_app.config["DATA_DIR"]  # read here: the work may run off the app

    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe = owned_session(uow.db, facilitator_id, session_id, Action.MODERATE)
        by = load_facilitator(uow.db, facilitator_id).email
        person = participant_erasure.get_participant(uow.db, cafe, participant_id)
        done = participant_erasure.erase(uow.db, cafe, person, by=by, now=utcnow())
        all_tables = list(range(1, cafe.table_count + 1))
        for post in done.posts:
            # Like a hide: every screen that may show it drops it; no text goes out.
            gone = {
                "id": post.id,
                "table": post.table,
                "seq": done.seq,
                "status": PostStatus.HIDDEN,
            }
            uow.after_commit(notifier.post_hidden, cafe.id, gone, done.author_id, all_tables)
        queue_results(uow, cafe)
        uow.after_commit(_rewrite_traces, cafe.id, cafe.join_code, data_dir)
        return {
            "erased": len(done.posts),
            "at": iso(done.record.created_at),
            "participant": person.id,
        }

    return run(work)
