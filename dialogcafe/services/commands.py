"""Facilitator actions shared by the web pages and the JSON API.

Each runs one transaction, then tells connected phones (after the commit, so what they
are told is already stored), and refreshes the summary files on disk: last, from a read of
its own, and never able to fail the action (a failure is logged; a download writes them again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy.orm import Session

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import moving, sessions
from dialogcafe.domain.models import CafeSession, Facilitator
from dialogcafe.domain.summaries import SessionSummary, build_session_summary
from dialogcafe.exports.files import (
    FORMATS,
    LIVE_FORMATS,
    MEDIA_TYPES,
    ExportFile,
    read_current_file,
    render,
    write_summary_files,
)
from dialogcafe.translation import translate
from dialogcafe.views.hosting_snapshots import move_payloads, people_overview, seating_payload
from dialogcafe.views.payloads import round_payload, session_payload, table_topics_payload
from dialogcafe.web.edge import transaction

FacilitatorLookup = Callable[[Session], Facilitator]
logger = logging.getLogger(__name__)


def _formats(summary: SessionSummary, *, with_report: bool) -> tuple[str, ...]:
    """The formats kept under the data dir: the Word report once closed or when asked for."""
    return FORMATS if with_report or summary.status == "closed" else LIVE_FORMATS


def save_summary_files(summary: SessionSummary, *, with_report: bool = False) -> bool:
    """Keep the files under the data dir current, in the organisation's default language;
    whether they were written.

    Called after the transaction: a full disk must not undo a round change, and the
    files should not change language with whoever happened to download last. The Word
    report (``summary.docx``) is written once the session is closed, or ``with_report``
    (its download): during the café it would cost memory and stall every connection
    (``exports.LIVE_FORMATS``). Files this process already wrote with the same content are
    left alone (``only_if_stale``); stale or missing ones are written again. Never raises: the
    change it follows is committed, and every download checks and writes the files again, so
    a failure is logged, not answered 500.
    """
    language = current_app.config["BABEL_DEFAULT_LOCALE"]
    formats = _formats(summary, with_report=with_report)
    try:
        with force_locale(language):
            write_summary_files(
                summary,
                current_app.config["DATA_DIR"],
                translate,
                language,
                formats,
                only_if_stale=True,
            )
    except OSError as exc:  # a full disk, a folder gone or not writable: the operator's to fix
        logger.error("could not write the summary files of session %s: %s", summary.join_code, exc)
        return False
    except Exception:
        logger.exception("could not render the summary files of session %s", summary.join_code)
        return False
    return True


def download(summary: SessionSummary, fmt: str, language: str) -> ExportFile:
    """The download of ``fmt`` in the request's ``language``, after refreshing the files.

    When the files are in that language, the file just written (or already current) is
    served instead of rendering it again: the Word report takes seconds in a big café, and
    rendering holds the event loop. Otherwise, or when the files could not be written, the
    download is rendered on its own, so a disk problem never costs the facilitator the file.
    """
    default_language = current_app.config["BABEL_DEFAULT_LOCALE"]
    formats = _formats(summary, with_report=fmt == "docx")
    if save_summary_files(summary, with_report=fmt == "docx") and language == default_language:
        content = read_current_file(
            summary,
            current_app.config["DATA_DIR"],
            default_language,
            formats,
            f"summary.{fmt}",
        )
        if content is not None:
            return ExportFile(
                name=f"dialogkafe-{summary.join_code}.{fmt}",
                content=content,
                media_type=MEDIA_TYPES[fmt],
            )
    return render(summary, fmt, translate, language=language)


def refresh_summary_files(session_id: int) -> bool:
    """Compile the session afresh and write its files, after a committed state change.

    A read of its own, after the change's commit: the change never waits for (or rolls back
    because of) compiling, rendering or disk I/O, and no file is written while the SQLite
    write lock is held. Never raises (see :func:`save_summary_files`).
    """
    try:
        with transaction() as db:
            cafe = db.get(CafeSession, session_id)
            if cafe is None:  # deleted in the meantime: nothing to write
                return False
            summary = build_session_summary(db, cafe, now=utcnow())
    except Exception:
        logger.exception("could not compile the summary of session id %s", session_id)
        return False
    return save_summary_files(summary)


def advance_round(who: FacilitatorLookup, session_id: int) -> dict[str, Any]:
    """Start the next round and announce each table's question."""
    with transaction() as db:
        cafe = sessions.get_owned_session(db, who(db), session_id)
        table_topics = sessions.advance_round(db, cafe, now=utcnow())
        per_table = [round_payload(cafe, t) for t in table_topics]
        overview = {**round_payload(cafe), "tables": table_topics_payload(table_topics)}
        seating = moving.round_seating(db, cafe)  # people mode: who moved, repeat encounters
        overview.update(seating_payload(seating))
        moves = move_payloads(seating, table_topics)
        people = people_overview(db, cafe) if moves else None
    notifier.people_moved(session_id, moves)
    if people is not None:
        notifier.people_changed(session_id, people)
    notifier.round_changed(session_id, per_table, overview)
    refresh_summary_files(session_id)
    return overview


def _change_phase(
    who: FacilitatorLookup, session_id: int, change: Callable[..., object]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Move the session to its next phase (harvest, closed) and tell every table.

    Returns the facilitators' ``round`` overview and the session object; both phases are
    announced the same way (``round`` with the new status) and write the summary files.
    """
    with transaction() as db:
        cafe = sessions.get_owned_session(db, who(db), session_id)
        change(db, cafe, now=utcnow())
        table_topics = sessions.table_topics(cafe)
        per_table = [round_payload(cafe, t) for t in table_topics]
        overview = {**round_payload(cafe), "tables": table_topics_payload(table_topics)}
        result = session_payload(cafe)
    notifier.round_changed(session_id, per_table, overview)
    refresh_summary_files(session_id)
    return overview, result


def start_harvest(who: FacilitatorLookup, session_id: int) -> dict[str, Any]:
    """End the rounds and open the harvest; answers with the ``round`` overview."""
    return _change_phase(who, session_id, sessions.start_harvest)[0]


def close_session(who: FacilitatorLookup, session_id: int) -> dict[str, Any]:
    """Close the session (no more input); answers with the session object."""
    return _change_phase(who, session_id, sessions.close_session)[1]
