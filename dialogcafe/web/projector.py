"""The projector page, the facilitator's choice of what it shows, and likes and dots.

The projector is a facilitator page (the login cookie of the laptop that drives the
projector), so it may show every table; what it shows is decided in
:mod:`dialogcafe.views.projector`.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from dialogcafe.domain import errors
from dialogcafe.domain.fields import form_number
from dialogcafe.domain.status import SessionStatus
from dialogcafe.services import pages, running
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import current_facilitator_id, run_form, wants_json
from dialogcafe.web.links import join_url

bp = Blueprint("projector", __name__)


@bp.get("/sessions/<int:session_id>/projector")
@login_required
def show(session_id: int) -> str:
    """The big screen: one view at a time, the one the facilitator chose (``projector_view``)."""
    limit = current_app.config["FACILITATOR_STATE_POSTS"]
    shown = pages.projector_page(current_facilitator_id(), session_id, wall_limit=limit)
    cafe, snapshot = shown.cafe, shown.snapshot
    return render_template(
        "projector.html",
        cafe=cafe,
        page={
            **snapshot,
            "csrf": generate_csrf(),
            "view_url": url_for("projector.choose_view", session_id=cafe.id),
            "state_url": url_for("api.projector_state", session_id=cafe.id),
        },
        snapshot=snapshot,
        join_url=join_url(cafe.join_code),
        is_running=cafe.status == SessionStatus.RUNNING,
        is_harvest=cafe.status == SessionStatus.HARVEST,
        is_closed=cafe.status == SessionStatus.CLOSED,
    )


@bp.post("/sessions/<int:session_id>/projector/view")
@login_required
def choose_view(session_id: int) -> Any:
    """Form ``view=…`` (the session page's projector panel, or the projector's own keys by
    ``fetch`` with ``X-CSRFToken``): JSON to a script, back to the session page otherwise."""
    view = request.form.get("view", "")
    result = run_form(
        lambda: running.choose_projector_view(current_facilitator_id(), session_id, view),
        flashed=(errors.InvalidField,),
    )
    if wants_json():
        return result
    return redirect(url_for("facilitator.show_session", session_id=session_id))


@bp.post("/sessions/<int:session_id>/projector/word-cloud")
@login_required
def word_cloud(session_id: int) -> Response:
    """The older on/off switch for the word cloud (``show=1|0``): the cloud, or ``auto``."""
    view = "cloud" if request.form.get("show") == "1" else "auto"
    running.choose_projector_view(current_facilitator_id(), session_id, view)
    return redirect(url_for("facilitator.show_session", session_id=session_id))


@bp.post("/sessions/<int:session_id>/reactions")
@login_required
def settings(session_id: int) -> Response:
    """Likes and dot-voting settings from the session page's form.

    Goes through the one generic settings path (``session_settings``, the same as
    ``PATCH /api/sessions/<id>``), so validation and the ``settings`` emit are shared.
    """
    changes: dict[str, object] = {
        "hide_other_tables": request.form.get("hide_other_tables") == "1",
        "dots_per_participant": form_number(request.form.get("dots_per_participant", "") or "0"),
    }
    running.change_settings(current_facilitator_id(), session_id, changes)
    return redirect(url_for("facilitator.show_session", session_id=session_id))
