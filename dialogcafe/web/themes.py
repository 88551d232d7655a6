"""The facilitator page's themes section: forms that work without a script and answer
JSON to ``fetch`` (the commands are the API's, ``services/themes.py``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, request, url_for

from dialogcafe.domain import errors
from dialogcafe.domain.fields import form_number
from dialogcafe.services import themes
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import current_facilitator_id, run_form, wants_json

bp = Blueprint("themes", __name__)


def _answer(session_id: int, action: Any) -> Any:
    """Run the command; JSON for the page's script, else back to the themes section."""
    result = run_form(action, flashed=(errors.DomainError,))
    if wants_json():
        return result
    return redirect(url_for("facilitator.show_session", session_id=session_id, _anchor="themes"))


@bp.post("/sessions/<int:session_id>/themes")
@login_required
def create_theme(session_id: int) -> Any:
    """``name`` and any number of ``post_ids`` (accepting a suggestion sends its inputs)."""
    name = request.form.get("name", "")
    post_ids = [form_number(raw) for raw in request.form.getlist("post_ids")]
    return _answer(
        session_id,
        lambda: themes.create(current_facilitator_id(), session_id, name=name, post_ids=post_ids),
    )


@bp.post("/sessions/<int:session_id>/themes/<int:theme_id>/rename")
@login_required
def rename_theme(session_id: int, theme_id: int) -> Any:
    name = request.form.get("name", "")
    return _answer(
        session_id, lambda: themes.rename(current_facilitator_id(), session_id, theme_id, name=name)
    )


@bp.post("/sessions/<int:session_id>/themes/<int:theme_id>/delete")
@login_required
def delete_theme(session_id: int, theme_id: int) -> Any:
    return _answer(
        session_id, lambda: themes.delete(current_facilitator_id(), session_id, theme_id)
    )


@bp.post("/sessions/<int:session_id>/themes/place")
@login_required
def place_post(session_id: int) -> Any:
    """``post_id`` into theme ``theme_id``; an empty ``theme_id`` takes it out of its theme."""
    post_id = form_number(request.form.get("post_id", ""))
    raw_theme = request.form.get("theme_id", "").strip()
    owner = current_facilitator_id()
    if not raw_theme:
        return _answer(session_id, lambda: themes.unassign(owner, session_id, post_id))
    theme_id = form_number(raw_theme)
    return _answer(session_id, lambda: themes.move(owner, session_id, theme_id, [post_id]))
