"""The facilitator page's "Make host" form (the API call is in ``web/api/hosting.py``)."""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from werkzeug.wrappers import Response

from dialogcafe.domain import errors
from dialogcafe.services import hosting
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import current_facilitator_id, run_form

bp = Blueprint("hosting", __name__)


@bp.post("/sessions/<int:session_id>/tables/<int:table>/host")
@login_required
def form_make_host(session_id: int, table: int) -> Response:
    """The per-table form; someone not (or no longer) at the table comes back as a message."""
    chosen = request.form.get("participant_id", "")
    run_form(
        lambda: hosting.make_host(current_facilitator_id(), session_id, table, chosen),
        flashed=(errors.UnknownParticipant, errors.NotAtTable),
    )
    return redirect(url_for("facilitator.show_session", session_id=session_id))
