"""A session's life: created, its rounds started one by one, the harvest, and the close.

Each command runs in one unit of work; every table hears of the change after the commit,
and the summary files are refreshed after that (``summary_files.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import broadcast, moving, projects, report_details, retention, sessions
from dialogcafe.domain.models import CafeSession
from dialogcafe.domain.roles import Action
from dialogcafe.services.ownership import load_facilitator, owned_session
from dialogcafe.services.results import queue_results
from dialogcafe.services.retention import retention_setting
from dialogcafe.services.summary_files import refresh_summary_files
from dialogcafe.services.unit_of_work import UnitOfWork, run
from dialogcafe.views.facilitator import people_overview
from dialogcafe.views.payloads import (
    broadcast_payload,
    move_payloads,
    retention_payload,
    round_payload,
    seating_payload,
    session_payload,
    table_topics_payload,
)
from dialogcafe.views.phone import table_syntheses


def session_details(cafe: CafeSession, server_days: int) -> dict[str, Any]:
    """The session object with its current questions and how long its data is kept
    (``server_days``: ``retention.retention_setting()``); the edge adds the join links."""
    return {
        **session_payload(cafe),
        "table_topics": table_topics_payload(sessions.table_topics(cafe)),
        **report_details.details_of(cafe),
        **retention_payload(retention.retention_of(cafe, server_days)),
    }


def create_session(
    facilitator_id: int, plan: sessions.SessionPlan, project_id: int | None = None
) -> dict[str, Any]:
    """Store a new session in draft, in project ``project_id`` if given (one the owner
    may configure); answers with its details."""

    server_days = retention_setting()

    def work(uow: UnitOfWork) -> dict[str, Any]:
        owner = load_facilitator(uow.db, facilitator_id)
        project = None
        if project_id is not None:
            project = projects.project_for(uow.db, facilitator_id, project_id, Action.CONFIGURE)
        cafe = sessions.create_session(uow.db, owner, plan, now=utcnow())
        if project is not None:
            projects.add_cafe(uow.db, project, cafe, now=utcnow())
        return session_details(cafe, server_days)

    return run(work)


def show_session(facilitator_id: int, session_id: int) -> dict[str, Any]:
    """One of the facilitator's sessions, with its current questions."""
    server_days = retention_setting()
    return run(
        lambda uow: session_details(
            owned_session(uow.db, facilitator_id, session_id, Action.VIEW), server_days
        )
    )


def join_codes(facilitator_id: int, session_id: int) -> tuple[str, str]:
    """The session's join code and host code (for the facilitator's QR codes)."""

    def read(uow: UnitOfWork) -> tuple[str, str]:
        cafe = owned_session(uow.db, facilitator_id, session_id)
        return cafe.join_code, cafe.host_code

    return run(read)


def _take_down_broadcast(uow: UnitOfWork, cafe: CafeSession) -> None:
    """A phase or round change ends the facilitator's message: it was about what is over.

    Cleared while the session is still open (a closed one takes no change), and every
    screen hears the empty ``broadcast`` after the commit."""
    if not cafe.broadcast_text:
        return
    broadcast.set_broadcast(uow.db, cafe, "", now=utcnow())
    payload = broadcast_payload(cafe)
    uow.after_commit(notifier.broadcast_sent, cafe.id, cafe.table_count, payload)


def advance_round(facilitator_id: int, session_id: int) -> dict[str, Any]:
    """Start the next round and announce each table's question; answers with the overview."""

    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe = owned_session(uow.db, facilitator_id, session_id)
        _take_down_broadcast(uow, cafe)
        table_topics = sessions.advance_round(uow.db, cafe, now=utcnow())
        # The new question brings along what earlier groups said about it.
        per_table = [
            {**round_payload(cafe, t), "syntheses": table_syntheses(uow.db, cafe, t.table)}
            for t in table_topics
        ]
        overview = {**round_payload(cafe), "tables": table_topics_payload(table_topics)}
        seating = moving.round_seating(uow.db, cafe)  # people mode: who moved, repeats
        overview.update(seating_payload(seating))
        moves = move_payloads(cafe, seating, table_topics)
        uow.after_commit(notifier.people_moved, session_id, moves)
        if moves:
            uow.after_commit(notifier.people_changed, session_id, people_overview(uow.db, cafe))
        uow.after_commit(notifier.round_changed, session_id, per_table, overview)
        uow.after_commit(refresh_summary_files, session_id)
        return overview

    return run(work)


def _change_phase(
    facilitator_id: int, session_id: int, change: Callable[..., object]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Move the session to its next phase (harvest, closed) and tell every table.

    Returns the facilitators' ``round`` overview and the session object; both phases are
    announced the same way (``round`` with the new status) and write the summary files.
    """

    def work(uow: UnitOfWork) -> tuple[dict[str, Any], dict[str, Any]]:
        cafe = owned_session(uow.db, facilitator_id, session_id)
        _take_down_broadcast(uow, cafe)
        change(uow.db, cafe, now=utcnow())
        table_topics = sessions.table_topics(cafe)
        per_table = [round_payload(cafe, t) for t in table_topics]
        overview = {**round_payload(cafe), "tables": table_topics_payload(table_topics)}
        uow.after_commit(notifier.round_changed, session_id, per_table, overview)
        queue_results(uow, cafe)
        uow.after_commit(refresh_summary_files, session_id)
        return overview, session_payload(cafe)

    return run(work)


def start_harvest(facilitator_id: int, session_id: int) -> dict[str, Any]:
    """End the rounds and open the harvest; answers with the ``round`` overview."""
    return _change_phase(facilitator_id, session_id, sessions.start_harvest)[0]


def close_session(facilitator_id: int, session_id: int) -> dict[str, Any]:
    """Close the session (no more input); answers with the session object."""
    return _change_phase(facilitator_id, session_id, sessions.close_session)[1]
