"""Running the café: the round's clock, the message to everyone, and the session's switches.

Each command changes what every screen shows, in one unit of work, and tells the rooms
after the commit; the domain bumps the change counter (``sequence.py``) itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import broadcast, report_details, retention, session_settings, timer
from dialogcafe.domain import projector as domain_projector
from dialogcafe.domain.roles import Action
from dialogcafe.domain.translations import clean_translations
from dialogcafe.services.ownership import owned_session
from dialogcafe.services.results import queue_results
from dialogcafe.services.retention import retention_setting
from dialogcafe.services.unit_of_work import UnitOfWork, run
from dialogcafe.views import projector
from dialogcafe.views.payloads import (
    broadcast_payload,
    retention_payload,
    session_payload,
    timer_payload,
)


def change_timer(
    facilitator_id: int, session_id: int, action: str, minutes: object = None
) -> dict[str, Any]:
    """Pause, resume or extend (by ``minutes``) the round's clock; answers with the timer."""
    timer.check_action(action)

    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe = owned_session(uow.db, facilitator_id, session_id)
        now = utcnow()
        if action == "pause":
            timer.pause(uow.db, cafe, now=now)
        elif action == "resume":
            timer.resume(uow.db, cafe, now=now)
        else:
            timer.extend(uow.db, cafe, minutes, now=now)
        payload = timer_payload(cafe, now=now)
        uow.after_commit(notifier.timer_changed, session_id, cafe.table_count, payload)
        return payload

    return run(work)


def send_broadcast(
    facilitator_id: int, session_id: int, text: object, translations: object = None
) -> dict[str, Any]:
    """Show a message on every phone and the projector (an empty text takes it down), with
    its ``translations`` when given (``{language: text}``)."""
    checked = (
        None
        if translations is None
        else clean_translations(translations, max_length=broadcast.MAX_BROADCAST_LENGTH)
    )

    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe = owned_session(uow.db, facilitator_id, session_id)
        broadcast.set_broadcast(uow.db, cafe, text, now=utcnow(), translations=checked)
        payload = broadcast_payload(cafe)
        uow.after_commit(notifier.broadcast_sent, session_id, cafe.table_count, payload)
        return payload

    return run(work)


def change_settings(
    facilitator_id: int, session_id: int, changes: Mapping[str, object]
) -> dict[str, Any]:
    """Apply session settings (all validated first), then update every facilitator view;
    answers with the session object and every setting."""

    server_days = retention_setting()
    # How long the data is kept decides when it is deleted: the owner's choice alone.
    action = Action.DELETE if retention.FIELD in changes else Action.RUN

    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe = owned_session(uow.db, facilitator_id, session_id, action)
        session_settings.update_settings(uow.db, cafe, changes)
        current = session_settings.settings_of(cafe)
        uow.after_commit(notifier.settings_changed, session_id, cafe.table_count, current)
        if "show_results" in changes:  # shown: the tables need the results themselves
            queue_results(uow, cafe)
        return {
            **session_payload(cafe),
            **current,
            **report_details.details_of(cafe),
            **retention_payload(retention.retention_of(cafe, server_days)),
        }

    return run(work)


def projector_choice(facilitator_id: int, session_id: int) -> dict[str, Any]:
    """What the projector shows now (the ``projector`` payload): its word cloud counted anew."""
    return run(
        lambda uow: projector.projector_state(
            uow.db, owned_session(uow.db, facilitator_id, session_id, Action.VIEW)
        )
    )


def choose_projector_view(facilitator_id: int, session_id: int, view: object) -> dict[str, Any]:
    """Store what the projector shows (domain/projector.py; an unknown view is refused); the
    projector switches at once. Answers with the ``projector`` payload."""

    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe = owned_session(uow.db, facilitator_id, session_id)
        cafe.projector_view = domain_projector.checked_view(view)
        payload = projector.projector_state(uow.db, cafe)
        uow.after_commit(notifier.projector_changed, session_id, payload)
        return payload

    return run(work)
