"""The facilitator's moderation page and its hide / unhide / approve and settings forms.

The forms carry the login cookie and a CSRF token (or the ``X-CSRFToken`` header for
``fetch``); the commands are the API's (``services/moderation.py``, ``services/running.py``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from werkzeug.wrappers import Response

from dialogcafe.domain import session_settings
from dialogcafe.services import moderation as moderating
from dialogcafe.services import pages, running
from dialogcafe.services.participant_erasure import erase_person
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import current_facilitator_id, wants_json

bp = Blueprint("moderation", __name__)


@bp.get("/sessions/<int:session_id>/moderation")
@login_required
def moderation_page(session_id: int) -> str:
    """Every input with filters, search and hide / unhide / approve buttons."""
    shown = pages.moderation_page(current_facilitator_id(), session_id, request.args)
    cafe = shown.cafe
    return render_template(
        "facilitator/moderation.html",
        cafe=cafe,
        posts=shown.posts,
        wanted=shown.wanted,
        more=shown.more,
        counts=shown.counts,
        person=shown.person,
        can_moderate=shown.can_moderate,
        tables=range(1, cafe.table_count + 1),
        rounds=range(1, max(cafe.current_round, 1) + 1),
        page={
            "session": shown.session,
            "approve_first": cafe.approve_first,
            "posts": shown.posts,
            "more": shown.more,
            "limit": shown.limit,
        },
    )


def _back(session_id: int) -> Response:
    target = request.form.get("next", "")
    if target == "session":
        return redirect(url_for("facilitator.show_session", session_id=session_id))
    return redirect(url_for("moderation.moderation_page", session_id=session_id))


@bp.post("/sessions/<int:session_id>/posts/<int:post_id>/<action>")
@login_required
def moderate_from_page(session_id: int, post_id: int, action: str) -> Response | dict[str, Any]:
    """A moderation button: fetch gets JSON, a plain form (no JavaScript) a redirect back."""
    reason = request.form.get("reason", "")
    result = moderating.moderate(current_facilitator_id(), session_id, post_id, action, reason)
    return result if wants_json() else _back(session_id)


@bp.post("/sessions/<int:session_id>/settings")
@login_required
def settings_from_page(session_id: int) -> Response | dict[str, Any]:
    """The approve-first switch (a form with a hidden value, or fetch)."""
    changes: dict[str, object] = {}
    for name in session_settings.BOOLEAN_SETTINGS:
        if name in request.form:
            changes[name] = request.form[name] == "on"
    result = running.change_settings(current_facilitator_id(), session_id, changes)
    return result if wants_json() else _back(session_id)


@bp.post("/sessions/<int:session_id>/participants/<int:participant_id>/erase")
@login_required
def erase_participant(session_id: int, participant_id: int) -> Response | dict[str, Any]:
    """ "Delete all inputs by this person" (their erasure request): for good, and logged."""
    result = erase_person(current_facilitator_id(), session_id, participant_id)
    if wants_json():
        return result
    count = result["erased"]
    flash(
        ngettext(
            "%(num)d input was deleted for good.", "%(num)d inputs were deleted for good.", count
        )
    )
    return redirect(url_for("moderation.moderation_page", session_id=session_id))
