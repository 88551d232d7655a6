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
from werkzeug.wrappers import Response

from dialogcafe.domain import errors
from dialogcafe.domain.fields import form_number
from dialogcafe.services import erasure, lifecycle, running
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import current_facilitator_id, run_form, wants_json
from dialogcafe.web.translation_rows import form_translations

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
    # The Translations panel's form (``?translations=1``) sends the message with its rows;
    # the bar's sends the text only.
    rows = form_translations("m") if request.args.get("translations") else None
    result = run_form(
        lambda: running.send_broadcast(current_facilitator_id(), session_id, text, rows),
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
