"""Naming table hosts: the JSON API call and the facilitator page's "Make host" form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from dialogcafe.adapters import notifier
from dialogcafe.domain import errors, hosting, sessions
from dialogcafe.domain.models import Facilitator
from dialogcafe.translation import describe
from dialogcafe.views.payloads import host_payload
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import facilitator_from_request, json_body, transaction

api_bp = Blueprint("hosting_api", __name__, url_prefix="/api")
bp = Blueprint("hosting", __name__)


def make_host(
    who: Callable[[Session], Facilitator], session_id: int, table: int, participant_id: object
) -> dict[str, Any]:
    """Make someone at ``table`` its host (replacing any other), then tell the room."""
    with transaction() as db:
        cafe = sessions.get_owned_session(db, who(db), session_id)
        change = hosting.assign_host(db, cafe, table=table, participant_id=participant_id)
        payload = host_payload(change.table, change.host)
    notifier.host_changed(session_id, payload)
    return payload


@api_bp.post("/sessions/<int:session_id>/tables/<int:table>/host")
def api_make_host(session_id: int, table: int) -> dict[str, Any]:
    """``{"participant_id": 12}`` → ``{"table": 2, "host": {"id": 12, "nickname": …}}``."""
    body = json_body()
    return make_host(
        lambda db: facilitator_from_request(db, allow_cookie=False),
        session_id,
        table,
        body.get("participant_id"),
    )


@bp.post("/sessions/<int:session_id>/tables/<int:table>/host")
@login_required
def form_make_host(session_id: int, table: int) -> Response:
    """The facilitator page's per-table form; errors come back as a flash message."""
    try:
        make_host(
            lambda db: facilitator_from_request(db, allow_cookie=True),
            session_id,
            table,
            request.form.get("participant_id", ""),
        )
    except errors.UnknownParticipant as exc:
        flash(describe(exc), "error")
    except errors.NotAtTable as exc:
        flash(describe(exc), "error")
    return redirect(url_for("facilitator.show_session", session_id=session_id))
