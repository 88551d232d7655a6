"""The projector page and the facilitator's switches for it and for likes and dots.

The projector is a facilitator page (the login cookie of the laptop that drives the
projector), so it may show every table; what it shows is decided in
:mod:`dialogcafe.views.projector`.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from dialogcafe.domain.fields import form_number
from dialogcafe.domain.status import SessionStatus
from dialogcafe.services import pages, running
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import current_facilitator_id
from dialogcafe.web.links import join_url

bp = Blueprint("projector", __name__)


def _table_choice(raw: str | None, table_count: int) -> int | None:
    """``?table=k`` keeps the wall on one table across reloads; anything else means all."""
    if raw and raw.isdecimal() and 1 <= int(raw) <= table_count:
        return int(raw)
    return None


@bp.get("/sessions/<int:session_id>/projector")
@login_required
def show(session_id: int) -> str:
    """The big screen: join code while people arrive, then the round, wall and harvest."""
    limit = current_app.config["FACILITATOR_STATE_POSTS"]
    shown = pages.projector_page(current_facilitator_id(), session_id, wall_limit=limit)
    cafe, snapshot = shown.cafe, shown.snapshot
    chosen = _table_choice(request.args.get("table"), cafe.table_count)
    return render_template(
        "projector.html",
        cafe=cafe,
        page={**snapshot, "table_filter": chosen},
        snapshot=snapshot,
        chosen_table=chosen,
        join_url=join_url(cafe.join_code),
        show_join=cafe.status == SessionStatus.DRAFT or request.args.get("join") == "1",
        is_draft=cafe.status == SessionStatus.DRAFT,  # the join code stays up till round 1
        is_harvest=cafe.status == SessionStatus.HARVEST,
        is_closed=cafe.status == SessionStatus.CLOSED,
    )


@bp.post("/sessions/<int:session_id>/projector/word-cloud")
@login_required
def word_cloud(session_id: int) -> Response:
    """Show or hide the word cloud; the projector switches at once via ``projector``."""
    show = request.form.get("show") == "1"
    running.show_word_cloud(current_facilitator_id(), session_id, show)
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
