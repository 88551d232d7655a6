"""Running the café over HTTP: the timer, the broadcast, the harvest, and deleting a session.

Two blueprints share the same commands. ``bp`` holds the facilitator page's actions
(login cookie and a CSRF token in the form, or ``X-CSRFToken`` for ``fetch``); they answer
JSON to ``fetch`` (``Accept: application/json``), so the page changes without a reload, and
redirect a plain form submit. ``api_bp`` lives under ``/api`` and accepts only the bearer
token. Every command commits first and only then tells the rooms (notifier.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_babel import gettext
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from dialogcafe.adapters import notifier, sqlite_worker
from dialogcafe.clock import utcnow
from dialogcafe.domain import broadcast, erasure, errors, sequence, sessions, timer
from dialogcafe.domain.errors import N_
from dialogcafe.domain.inbound import form_number
from dialogcafe.domain.models import CafeSession, Facilitator
from dialogcafe.extensions import get_database
from dialogcafe.realtime.presence import connection_counts
from dialogcafe.services.commands import start_harvest
from dialogcafe.translation import describe
from dialogcafe.views.payloads import broadcast_payload, timer_payload
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import facilitator_from_request, json_body, transaction

bp = Blueprint("facilitation", __name__)
api_bp = Blueprint("facilitation_api", __name__, url_prefix="/api")

FacilitatorLookup = Callable[[Session], Facilitator]
TIMER_ACTIONS = ("pause", "resume", "extend")


def _cookie_facilitator(db: Session) -> Facilitator:
    return facilitator_from_request(db, allow_cookie=True)


def _bearer_facilitator(db: Session) -> Facilitator:
    """State-changing API calls accept only the bearer token (a cookie would invite CSRF)."""
    return facilitator_from_request(db, allow_cookie=False)


def _bearer_then_body(db: Session) -> Facilitator:
    """Who asks comes before what they ask: check the token, then the body's shape."""
    owner = _bearer_facilitator(db)
    json_body()
    return owner


def _body_field(name: str) -> object:
    """A field of the JSON body (its shape is checked by :func:`_bearer_then_body`)."""
    body = request.get_json(silent=True)
    return body.get(name) if isinstance(body, dict) else None


# --- Commands shared by the page and the API ---------------------------------------------


def change_timer(
    who: FacilitatorLookup, session_id: int, action: str, minutes: object = None
) -> dict[str, Any]:
    """Pause, resume or extend the round's clock, then tell every screen."""
    if action not in TIMER_ACTIONS:
        raise errors.BadRequest(detail=N_("Unknown timer action: use pause, resume or extend."))
    with transaction() as db:
        cafe = sessions.get_owned_session(db, who(db), session_id)
        now = utcnow()
        if action == "pause":
            timer.pause(cafe, now=now)
        elif action == "resume":
            timer.resume(cafe, now=now)
        else:
            timer.extend(cafe, minutes, now=now)
        sequence.advance(db, cafe)
        payload = timer_payload(cafe, now=now)
        table_count = cafe.table_count
    notifier.timer_changed(session_id, table_count, payload)
    return payload


def send_broadcast(who: FacilitatorLookup, session_id: int, text: object) -> dict[str, Any]:
    """Show a message on every phone and the projector (an empty text takes it down)."""
    with transaction() as db:
        cafe = sessions.get_owned_session(db, who(db), session_id)
        broadcast.set_broadcast(cafe, text, now=utcnow())
        sequence.advance(db, cafe)
        payload = broadcast_payload(cafe)
        table_count = cafe.table_count
    notifier.broadcast_sent(session_id, table_count, payload)
    return payload


def delete_session(
    who: FacilitatorLookup, session_id: int, *, confirmation: object = None, confirm: bool
) -> dict[str, Any]:
    """Delete the session's rows, then its summary folder (files go only once rows are gone).

    ``confirm`` asks for the join code typed as ``confirmation`` (the web form); the API
    call is deliberate enough by itself.
    """
    with transaction() as db:
        cafe = sessions.get_owned_session(db, who(db), session_id)
        if confirm:
            erasure.check_confirmation(cafe, confirmation)
        result = {"id": cafe.id, "title": cafe.title, "join_code": cafe.join_code}
        erasure.delete_session(db, cafe)
    # Deleted rows are zeroed in the database file (secure_delete), but their pages are
    # still in SQLite's -wal file until a checkpoint: empty it (in a thread, not the loop).
    sqlite_worker.truncate_wal(get_database())
    result["files_deleted"] = erasure.remove_session_folder(
        current_app.config["DATA_DIR"], result["join_code"]
    )
    return {"deleted": result}


# --- The facilitator page's actions (cookie + CSRF) ---------------------------------------


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _back(session_id: int) -> Response:
    return redirect(url_for("facilitator.show_session", session_id=session_id))


def _page_action(session_id: int, run: Callable[[], dict[str, Any]]) -> Any:
    """JSON for the page's script; for a plain form, a redirect with any error flashed."""
    if _wants_json():
        return run()
    try:
        run()
    except errors.DomainError as exc:
        flash(describe(exc), "error")
    return _back(session_id)


def _form_minutes() -> object:
    return form_number(request.form.get("minutes", ""))


@bp.post("/sessions/<int:session_id>/timer/<action>")
@login_required
def timer_action(session_id: int, action: str) -> Any:
    return _page_action(
        session_id,
        lambda: change_timer(_cookie_facilitator, session_id, action, _form_minutes()),
    )


@bp.post("/sessions/<int:session_id>/broadcast")
@login_required
def broadcast_action(session_id: int) -> Any:
    text = request.form.get("text", "")
    return _page_action(session_id, lambda: send_broadcast(_cookie_facilitator, session_id, text))


@bp.post("/sessions/<int:session_id>/harvest")
@login_required
def harvest_action(session_id: int) -> Any:
    return _page_action(session_id, lambda: start_harvest(_cookie_facilitator, session_id))


@bp.post("/sessions/<int:session_id>/delete")
@login_required
def delete_action(session_id: int) -> Any:
    """Delete after the join code was typed; back to the dashboard with a note."""
    typed = request.form.get("confirm_code", "")
    if _wants_json():
        return delete_session(_cookie_facilitator, session_id, confirmation=typed, confirm=True)
    try:
        result = delete_session(_cookie_facilitator, session_id, confirmation=typed, confirm=True)
    except errors.WrongConfirmation as exc:
        flash(describe(exc), "error")
        return _back(session_id)
    flash(gettext("“%(title)s” and all its data were deleted.", title=result["deleted"]["title"]))
    return redirect(url_for("facilitator.dashboard"))


# --- JSON API (bearer) -------------------------------------------------------------------


@api_bp.post("/sessions/<int:session_id>/timer/<action>")
def api_timer(session_id: int, action: str) -> dict[str, Any]:
    if action == "extend":
        return change_timer(_bearer_then_body, session_id, action, _body_field("minutes"))
    return change_timer(_bearer_facilitator, session_id, action)


@api_bp.post("/sessions/<int:session_id>/broadcast")
def api_broadcast(session_id: int) -> dict[str, Any]:
    return send_broadcast(_bearer_then_body, session_id, _body_field("text"))


@api_bp.post("/sessions/<int:session_id>/harvest")
def api_harvest(session_id: int) -> dict[str, Any]:
    return start_harvest(_bearer_facilitator, session_id)


@api_bp.delete("/sessions/<int:session_id>")
def api_delete(session_id: int) -> dict[str, Any]:
    return delete_session(_bearer_facilitator, session_id, confirm=False)


# --- What the facilitator page needs to render its controls ------------------------------


def page_context(db: Session, cafe: CafeSession) -> dict[str, Any]:
    """Flags for the session page's controls (templates decide nothing) and live counts."""
    in_round = cafe.status == "running" and cafe.current_round >= 1
    return {
        "timer_paused": timer.is_paused(cafe),
        "can_time": in_round,
        "can_harvest": cafe.status == "running",
        "can_broadcast": cafe.status != "closed",
        "connected": connection_counts(db, cafe),
        "broadcast_limit": broadcast.MAX_BROADCAST_LENGTH,
    }
