"""The facilitator's moderation page and its hide / unhide / approve and settings forms.

The forms carry the login cookie and a CSRF token (or the ``X-CSRFToken`` header for
``fetch``); the commands are the API's (``services/moderation.py``, ``services/running.py``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from dialogcafe.domain import moderation, session_settings
from dialogcafe.services import moderation as moderating
from dialogcafe.services import running
from dialogcafe.services.ownership import owned_session
from dialogcafe.views.payloads import moderated_post_payload, session_payload
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import current_facilitator_id, transaction, wants_json

bp = Blueprint("moderation", __name__)


@bp.get("/sessions/<int:session_id>/moderation")
@login_required
def moderation_page(session_id: int) -> str:
    """Every input with filters, search and hide / unhide / approve buttons."""
    with transaction() as db:
        cafe = owned_session(db, current_facilitator_id(), session_id)
        wanted = moderation.parse_filter(request.args)  # the filter form works without JS
        page = moderation.list_posts(db, cafe, wanted)
        posts = [moderated_post_payload(post) for post in page.posts]
        return render_template(
            "facilitator/moderation.html",
            cafe=cafe,
            posts=posts,
            wanted=wanted,
            more=page.more,
            counts=moderation.status_counts(db, cafe),
            tables=range(1, cafe.table_count + 1),
            rounds=range(1, max(cafe.current_round, 1) + 1),
            page={
                "session": session_payload(cafe),
                "approve_first": cafe.approve_first,
                "posts": posts,
                "more": page.more,
                "limit": page.limit,
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
