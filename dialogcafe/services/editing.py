"""Editing a café's questions, tables and rounds from the cockpit or the API.

The changed wording reaches every screen the way a round change does (``round`` with each
table's question, the round number unchanged, so phones only swap the text), followed by
the timer, so a paused clock stays paused on every screen.
"""

from __future__ import annotations

from typing import Any

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import editing, sessions
from dialogcafe.domain.models import CafeSession
from dialogcafe.services.lifecycle import session_details
from dialogcafe.services.ownership import owned_session
from dialogcafe.services.retention import retention_setting
from dialogcafe.services.unit_of_work import UnitOfWork, run
from dialogcafe.views.payloads import (
    broadcast_payload,
    round_payload,
    table_topics_payload,
    timer_payload,
)


def edit_plan(facilitator_id: int, session_id: int, edit: editing.PlanEdit) -> dict[str, Any]:
    """Apply a checked change to the plan; answers with the session's details."""
    server_days = retention_setting()

    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe = owned_session(uow.db, facilitator_id, session_id)
        editing.apply_edit(uow.db, cafe, edit)
        _announce_questions(uow, cafe)
        return session_details(cafe, server_days)

    return run(work)


def edit_translations(
    facilitator_id: int, session_id: int, edit: editing.TranslationEdit
) -> dict[str, Any]:
    """Replace translations of questions (and of the message to everyone); every phone
    gets its question again, as after a wording fix. Answers with all translations."""

    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe = owned_session(uow.db, facilitator_id, session_id)
        editing.apply_translations(uow.db, cafe, edit)
        if edit.questions:
            _announce_questions(uow, cafe)
        if edit.message is not None:
            message = broadcast_payload(cafe)
            uow.after_commit(notifier.broadcast_sent, session_id, cafe.table_count, message)
        return editing.translations_of(cafe)

    return run(work)


def _announce_questions(uow: UnitOfWork, cafe: CafeSession) -> None:
    """After the commit, each table hears its question (``round``, the number unchanged)
    and, while a round runs, the timer."""
    table_topics = sessions.table_topics(cafe)
    per_table = [round_payload(cafe, t) for t in table_topics]
    overview = {**round_payload(cafe), "tables": table_topics_payload(table_topics)}
    uow.after_commit(notifier.round_changed, cafe.id, per_table, overview)
    if cafe.current_round >= 1:
        timer = timer_payload(cafe, now=utcnow())
        uow.after_commit(notifier.timer_changed, cafe.id, cafe.table_count, timer)
