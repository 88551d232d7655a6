"""Facilitator actions shared by the web pages and the JSON API.

Each runs one transaction, then tells connected phones (after the commit, so what they
are told is already stored), and refreshes the summary files on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy.orm import Session

from dialogcafe import moving, notifier, sessions
from dialogcafe.clock import utcnow
from dialogcafe.exports import FORMATS, LIVE_FORMATS, write_summary_files
from dialogcafe.hosting_snapshots import move_payloads, people_overview, seating_payload
from dialogcafe.models import Facilitator
from dialogcafe.payloads import round_payload, session_payload, table_topics_payload
from dialogcafe.summaries import SessionSummary, build_session_summary
from dialogcafe.web.edge import transaction, translate

FacilitatorLookup = Callable[[Session], Facilitator]


def save_summary_files(summary: SessionSummary, *, with_report: bool = False) -> None:
    """Keep the files under the data dir current, in the organisation's default language.

    Called after the transaction: a full disk must not undo a round change, and the
    files should not change language with whoever happened to download last. The Word
    report (``summary.docx``) is written once the session is closed, or ``with_report``
    (its download): during the café it would cost memory and stall every connection
    (``exports.LIVE_FORMATS``).
    """
    language = current_app.config["BABEL_DEFAULT_LOCALE"]
    formats = FORMATS if with_report or summary.status == "closed" else LIVE_FORMATS
    with force_locale(language):
        write_summary_files(summary, current_app.config["DATA_DIR"], translate, language, formats)


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
        summary = build_session_summary(db, cafe, now=utcnow())
    notifier.people_moved(session_id, moves)
    if people is not None:
        notifier.people_changed(session_id, people)
    notifier.round_changed(session_id, per_table, overview)
    save_summary_files(summary)
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
        summary = build_session_summary(db, cafe, now=utcnow())
        result = session_payload(cafe)
    notifier.round_changed(session_id, per_table, overview)
    save_summary_files(summary)
    return overview, result


def start_harvest(who: FacilitatorLookup, session_id: int) -> dict[str, Any]:
    """End the rounds and open the harvest; answers with the ``round`` overview."""
    return _change_phase(who, session_id, sessions.start_harvest)[0]


def close_session(who: FacilitatorLookup, session_id: int) -> dict[str, Any]:
    """Close the session (no more input); answers with the session object."""
    return _change_phase(who, session_id, sessions.close_session)[1]
