"""The summary files: kept current under the data dir after each phase change, and downloaded.

The files are written after the change's commit, from a read of their own, and never fail
the change they follow: a full disk is logged, and every download checks and writes them
again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import current_app
from flask_babel import force_locale

from dialogcafe.clock import utcnow
from dialogcafe.domain import sessions
from dialogcafe.domain.errors import N_, BadRequest
from dialogcafe.domain.models import CafeSession
from dialogcafe.domain.roles import Action
from dialogcafe.domain.status import SessionStatus
from dialogcafe.domain.summaries import SessionSummary, build_session_summary
from dialogcafe.exports.files import (
    FORMATS,
    LIVE_FORMATS,
    MEDIA_TYPES,
    ExportFile,
    read_current_file,
    render,
    render_table,
    write_summary_files,
)
from dialogcafe.services.ownership import owned_session
from dialogcafe.services.unit_of_work import UnitOfWork, run
from dialogcafe.translation import translate

logger = logging.getLogger(__name__)


def _formats(summary: SessionSummary, *, with_report: bool) -> tuple[str, ...]:
    """The formats kept under the data dir: the Word report once closed or when asked for."""
    return FORMATS if with_report or summary.status == SessionStatus.CLOSED else LIVE_FORMATS


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
        logger.error(
            "could not write the summary files of session %s: %s",
            summary.join_code,
            exc,
            extra={"event": "summary_files_not_written"},
        )
        return False
    except Exception:
        logger.exception(
            "could not render the summary files of session %s",
            summary.join_code,
            extra={"event": "summary_files_not_rendered"},
        )
        return False
    return True


def refresh_summary_files(session_id: int) -> bool:
    """Compile the session afresh and write its files, after a committed state change.

    A read of its own, after the change's commit: the change never waits for (or rolls back
    because of) compiling, rendering or disk I/O, and no file is written while the SQLite
    write lock is held. Never raises (see :func:`save_summary_files`).
    """

    zone = current_app.config["TIMEZONE"]  # read here: the work may run in another thread

    def compile_summary(uow: UnitOfWork) -> SessionSummary | None:
        cafe = uow.db.get(CafeSession, session_id)
        if cafe is None:  # deleted in the meantime: nothing to write
            return None
        return build_session_summary(uow.db, cafe, now=utcnow(), timezone=zone)

    try:
        summary = run(compile_summary)
    except Exception:
        logger.exception(
            "could not compile the summary of session id %s",
            session_id,
            extra={"event": "summary_not_compiled", "session_id": session_id},
        )
        return False
    return summary is not None and save_summary_files(summary)


def _owned_summary(
    facilitator_id: int, session_id: int, check: Callable[[CafeSession], object]
) -> SessionSummary:
    """The summary of one of the facilitator's sessions, compiled now, once ``check`` (of
    what was asked for) has passed."""

    zone = current_app.config["TIMEZONE"]  # read here: the work may run in another thread

    def work(uow: UnitOfWork) -> SessionSummary:
        cafe = owned_session(uow.db, facilitator_id, session_id, Action.DOWNLOAD)
        check(cafe)
        return build_session_summary(uow.db, cafe, now=utcnow(), timezone=zone)

    return run(work)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise BadRequest(detail=N_("Unknown format: use md, csv, json, docx, xlsx or pdf."))


def download(facilitator_id: int, session_id: int, fmt: str, language: str) -> ExportFile:
    """The download of ``fmt`` in the request's ``language``, after refreshing the files.

    When the files are in that language, the file just written (or already current) is
    served instead of rendering it again: the Word report takes seconds in a big café, and
    rendering holds the event loop. Otherwise, or when the files could not be written, the
    download is rendered on its own, so a disk problem never costs the facilitator the file.
    """
    summary = _owned_summary(facilitator_id, session_id, lambda _cafe: _check_format(fmt))
    default_language = current_app.config["BABEL_DEFAULT_LOCALE"]
    report = fmt not in LIVE_FORMATS  # the Word, Excel and PDF files: written when asked for
    formats = _formats(summary, with_report=report)
    if save_summary_files(summary, with_report=report) and language == default_language:
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


def table_download(facilitator_id: int, session_id: int, table: int) -> ExportFile:
    """One table's summary (e.g. for its host, or as an appendix); the session's files are
    refreshed too, never failing the download (see :func:`save_summary_files`)."""
    summary = _owned_summary(
        facilitator_id, session_id, lambda cafe: sessions.check_table(cafe, table)
    )
    exported = render_table(summary, table, translate)
    save_summary_files(summary)
    return exported
