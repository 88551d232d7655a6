"""A facilitator's own templates on the web: "Save as template" on a café's page, and
Delete on the new-session page (using one is ``facilitator.new_from_template``)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from dialogcafe.domain import errors
from dialogcafe.services import saved_templates
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import current_facilitator_id, run_form

bp = Blueprint("saved_templates", __name__)


@bp.post("/sessions/<int:session_id>/template")
@login_required
def save(session_id: int) -> Response:
    """Keep this café's questions, tables, rounds and settings to start new cafés from."""
    saved = run_form(
        lambda: saved_templates.save_template(
            current_facilitator_id(), session_id, request.form.get("name", "")
        ),
        flashed=(errors.InvalidField, errors.TooManyTemplates),
    )
    if saved is not None:
        flash(
            gettext(
                "Saved as the template “%(name)s”. You find it when you make a new session.",
                name=saved["name"],
            )
        )
    return redirect(url_for("facilitator.show_session", session_id=session_id) + "#report")


@bp.post("/templates/<key>/delete")
@login_required
def delete(key: str) -> Response:
    def work() -> bool:
        saved_templates.delete_template(current_facilitator_id(), key)
        return True

    if run_form(work, flashed=(errors.UnknownTemplate,)):
        flash(gettext("The template is deleted."))
    return redirect(url_for("facilitator.new_session"))
