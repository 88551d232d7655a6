"""Running the café from the facilitator's page: the timer, the broadcast, the harvest, and
deleting a session.

The forms carry the login cookie and a CSRF token (or ``X-CSRFToken`` for ``fetch``). They
answer JSON to ``fetch`` (``Accept: application/json``), so the page changes without a
reload, and redirect a plain form submit (``edge.run_form``). The commands are the API's
(``services/``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from dialogcafe.domain import broadcast, errors, timer
from dialogcafe.domain.fields import form_number
from dialogcafe.domain.models import CafeSession
from dialogcafe.domain.status import SessionStatus
from dialogcafe.services import erasure, lifecycle, running
from dialogcafe.services.presence import connection_counts
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import current_facilitator_id, run_form, wants_json

bp = Blueprint("facilitation", __name__)


def _back(session_id: int) -> Response:
    return redirect(url_for("facilitator.show_session", session_id=session_id))


def _answer(session_id: int, result: dict[str, Any] | None) -> Any:
    """JSON for the page's script; a plain form goes back to the session page."""
    return result if wants_json() else _back(session_id)


@bp.post("/sessions/<int:session_id>/timer/<action>")
@login_required
def timer_action(session_id: int, action: str) -> Any:
    minutes = form_number(request.form.get("minutes", ""))
    result = run_form(
        lambda: running.change_timer(current_facilitator_id(), session_id, action, minutes),
        flashed=(errors.DomainError,),
    )
    return _answer(session_id, result)


@bp.post("/sessions/<int:session_id>/broadcast")
@login_required
def broadcast_action(session_id: int) -> Any:
    text = request.form.get("text", "")
    result = run_form(
        lambda: running.send_broadcast(current_facilitator_id(), session_id, text),
        flashed=(errors.DomainError,),
    )
    return _answer(session_id, result)


@bp.post("/sessions/<int:session_id>/harvest")
@login_required
def harvest_action(session_id: int) -> Any:
    result = run_form(
        lambda: lifecycle.start_harvest(current_facilitator_id(), session_id),
        flashed=(errors.DomainError,),
    )
    return _answer(session_id, result)


@bp.post("/sessions/<int:session_id>/delete")
@login_required
def delete_action(session_id: int) -> Any:
    """Delete after the join code was typed; back to the dashboard with a note."""
    owner = current_facilitator_id()
    typed = request.form.get("confirm_code", "")
    result = run_form(
        lambda: erasure.delete_session(owner, session_id, confirmation=typed, confirm=True),
        flashed=(errors.WrongConfirmation,),
    )
    if wants_json() or result is None:
        return _answer(session_id, result)
    flash(gettext("“%(title)s” and all its data were deleted.", title=result["deleted"]["title"]))
    return redirect(url_for("facilitator.dashboard"))


def page_context(db: Session, cafe: CafeSession) -> dict[str, Any]:
    """Flags for the session page's controls (templates decide nothing) and live counts."""
    in_round = cafe.status == SessionStatus.RUNNING and cafe.current_round >= 1
    return {
        "timer_paused": timer.is_paused(cafe),
        "can_time": in_round,
        "can_harvest": cafe.status == SessionStatus.RUNNING,
        "can_broadcast": cafe.status != SessionStatus.CLOSED,
        "connected": connection_counts(db, cafe),
        "broadcast_limit": broadcast.MAX_BROADCAST_LENGTH,
    }
