"""Moderation over HTTP: the facilitator's moderation page, its actions, and the JSON API.

Two blueprints share the same commands. ``bp`` holds the pages and their form/fetch
actions (login cookie, CSRF token in the form or the ``X-CSRFToken`` header); ``api_bp``
lives under ``/api`` and, like the rest of the API, accepts only the bearer token for
anything that changes state. Emits happen after the commit (notifier.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for
from sqlalchemy.orm import Session

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import errors, moderation, sequence, session_settings, sessions
from dialogcafe.domain.errors import N_
from dialogcafe.domain.inbound import form_number
from dialogcafe.domain.models import Facilitator
from dialogcafe.domain.posting import POST_STATUSES
from dialogcafe.exports.moderation_log import render_log_csv
from dialogcafe.translation import translate
from dialogcafe.views.payloads import moderated_post_payload, session_payload
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import facilitator_from_request, json_body, transaction

bp = Blueprint("moderation", __name__)
api_bp = Blueprint("moderation_api", __name__, url_prefix="/api")

FacilitatorLookup = Callable[[Session], Facilitator]
ACTIONS = (moderation.HIDE, moderation.UNHIDE, moderation.APPROVE)


def _cookie_facilitator(db: Session) -> Facilitator:
    return facilitator_from_request(db, allow_cookie=True)


def _bearer_facilitator(db: Session) -> Facilitator:
    """State-changing API calls accept only the bearer token (a cookie would invite CSRF)."""
    return facilitator_from_request(db, allow_cookie=False)


# --- Commands shared by the page and the API ---------------------------------------------


def moderate(
    who: FacilitatorLookup, session_id: int, post_id: int, action: str, reason: object = ""
) -> dict[str, Any]:
    """Hide, unhide or approve one input, then tell every screen that shows it."""
    if action not in ACTIONS:
        raise errors.BadRequest(detail=N_("Unknown moderation action."))
    with transaction() as db:
        cafe = sessions.get_owned_session(db, who(db), session_id)
        post = moderation.get_post(db, cafe, post_id)
        now = utcnow()
        if action == moderation.HIDE:
            change = moderation.hide(db, post, reason=reason, now=now)
        elif action == moderation.UNHIDE:
            change = moderation.unhide(db, post, now=now)
        else:
            change = moderation.approve(db, post, now=now)
        payload = moderated_post_payload(change.post)
        author_id = change.post.participant_id
        tables = list(range(1, cafe.table_count + 1))
    if action == moderation.HIDE:
        notifier.post_hidden(session_id, payload, author_id, tables)
    else:
        notifier.post_shown(session_id, payload, author_id)
    return {"post": payload, "previous": change.previous}


def change_settings(
    who: FacilitatorLookup, session_id: int, changes: dict[str, object]
) -> dict[str, Any]:
    """Apply session settings (all validated first), then update every facilitator view."""
    with transaction() as db:
        cafe = sessions.get_owned_session(db, who(db), session_id)
        applied = session_settings.update_settings(cafe, changes)
        if "hide_other_tables" in applied:  # what phones may see changed as a whole
            sequence.resync(db, cafe)
        current = session_settings.settings_of(cafe)
        result = {**session_payload(cafe), **current}
        table_count = cafe.table_count
    notifier.settings_changed(session_id, table_count, current)
    return result


def _page_size() -> tuple[int, int]:
    limit = form_number(request.args.get("limit", ""))
    offset = form_number(request.args.get("offset", ""))
    return (
        limit if isinstance(limit, int) else moderation.DEFAULT_PAGE_SIZE,
        offset if isinstance(offset, int) else 0,
    )


def list_posts(who: FacilitatorLookup, session_id: int) -> dict[str, Any]:
    """One page of inputs with the filters in the query string, and the counts per state."""
    limit, offset = _page_size()
    with transaction() as db:
        cafe = sessions.get_owned_session(db, who(db), session_id)
        wanted = moderation.parse_filter(request.args)
        page = moderation.list_posts(db, cafe, wanted, limit=limit, offset=offset)
        return {
            "posts": [moderated_post_payload(post) for post in page.posts],
            "more": page.more,
            "offset": page.offset,
            "limit": page.limit,
            "counts": moderation.status_counts(db, cafe),
            "approve_first": cafe.approve_first,
        }


# --- Facilitator pages --------------------------------------------------------------------


@bp.get("/sessions/<int:session_id>/moderation")
@login_required
def moderation_page(session_id: int) -> str:
    """Every input with filters, search and hide / unhide / approve buttons."""
    with transaction() as db:
        cafe = sessions.get_owned_session(db, _cookie_facilitator(db), session_id)
        wanted = moderation.parse_filter(request.args)  # the filter form works without JS
        page = moderation.list_posts(db, cafe, wanted)
        posts = [moderated_post_payload(post) for post in page.posts]
        return render_template(
            "facilitator/moderation.html",
            cafe=cafe,
            posts=posts,
            wanted=wanted,
            statuses=POST_STATUSES,
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


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _back(session_id: int) -> Response:
    target = request.form.get("next", "")
    if target == "session":
        return redirect(url_for("facilitator.show_session", session_id=session_id))
    return redirect(url_for("moderation.moderation_page", session_id=session_id))


@bp.post("/sessions/<int:session_id>/posts/<int:post_id>/<action>")
@login_required
def moderate_from_page(session_id: int, post_id: int, action: str) -> Response | dict[str, Any]:
    """A moderation button: fetch gets JSON, a plain form (no JavaScript) a redirect back."""
    result = moderate(
        _cookie_facilitator, session_id, post_id, action, request.form.get("reason", "")
    )
    return result if _wants_json() else _back(session_id)


@bp.post("/sessions/<int:session_id>/settings")
@login_required
def settings_from_page(session_id: int) -> Response | dict[str, Any]:
    """The approve-first switch (a form with a hidden value, or fetch)."""
    changes: dict[str, object] = {}
    for name in session_settings.BOOLEAN_SETTINGS:
        if name in request.form:
            changes[name] = request.form[name] == "on"
    result = change_settings(_cookie_facilitator, session_id, changes)
    return result if _wants_json() else _back(session_id)


# --- JSON API -----------------------------------------------------------------------------


@api_bp.patch("/sessions/<int:session_id>")
def patch_session(session_id: int) -> dict[str, Any]:
    """Change settings: ``approve_first``, ``hide_other_tables``, ``dots_per_participant``."""
    with transaction() as db:
        _bearer_facilitator(db)  # who asks comes before what they ask
    return change_settings(_bearer_facilitator, session_id, json_body())


def _api_reason() -> object:
    if not request.get_data():
        return ""
    return json_body().get("reason", "")


@api_bp.post("/sessions/<int:session_id>/posts/<int:post_id>/<action>")
def moderate_api(session_id: int, post_id: int, action: str) -> dict[str, Any]:
    """``hide`` (optional ``{"reason": …}``), ``unhide`` or ``approve`` one input."""
    with transaction() as db:
        _bearer_facilitator(db)
    reason = _api_reason() if action == moderation.HIDE else ""
    return moderate(_bearer_facilitator, session_id, post_id, action, reason)


@api_bp.get("/sessions/<int:session_id>/posts")
def posts_api(session_id: int) -> dict[str, Any]:
    """Inputs for moderation: ``?table=&round=&status=&q=&limit=&offset=``."""
    return list_posts(_cookie_facilitator, session_id)


@api_bp.get("/sessions/<int:session_id>/moderation.csv")
def moderation_log_csv(session_id: int) -> Response:
    """The organiser's log of every hide, unhide and approval, with reasons."""
    with transaction() as db:
        cafe = sessions.get_owned_session(db, _cookie_facilitator(db), session_id)
        content = render_log_csv(moderation.moderation_log(db, cafe), translate)
        name = f"moderation-{cafe.join_code}.csv"
    return Response(
        content,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
