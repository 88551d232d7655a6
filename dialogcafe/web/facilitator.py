"""The facilitator's pages: the dashboard, the new-session form, and a session's live view."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from werkzeug.wrappers import Response

from dialogcafe.domain import errors, sessions
from dialogcafe.domain.fields import form_number
from dialogcafe.domain.status import SessionStatus
from dialogcafe.services import lifecycle, pages, running
from dialogcafe.services.accounts import LOGIN_KEY
from dialogcafe.translation import describe
from dialogcafe.web import limits
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import current_facilitator_id, run_form
from dialogcafe.web.links import join_url

bp = Blueprint("facilitator", __name__)


@bp.get("/")
def home() -> str | Response:
    """Participants type a code here; facilitators go on to their sessions."""
    if session.get(LOGIN_KEY) is not None:
        return redirect(url_for("facilitator.dashboard"))
    return render_template("home.html", error=None)


@bp.get("/sessions")
@login_required
def dashboard() -> str:
    shown = pages.dashboard(current_facilitator_id())
    return render_template("facilitator/dashboard.html", cafes=shown.cafes, tokens=shown.tokens)


def _form_topics() -> list[str]:
    return request.form.get("topics", "").splitlines()


def _form_int(name: str) -> object:
    return form_number(request.form.get(name, ""))


def _form_report_details() -> dict[str, object]:
    """The report's details from a form (``_report_details.html``): an unticked box sends
    nothing, so it reads as off."""
    texts = {name: request.form.get(name, "") for name in ("event_date", "place", "organiser")}
    return {
        **texts,
        "purpose": request.form.get("purpose", ""),
        "anonymous_report": request.form.get("anonymous_report") == "1",
    }


@bp.route("/sessions/new", methods=["GET", "POST"])
@limits.session_creation
@login_required
def new_session() -> str | Response:
    error = None
    if request.method == "POST":
        try:
            plan = sessions.make_plan(
                title=request.form.get("title"),
                description=request.form.get("description", ""),
                tables=_form_int("tables"),
                topics=_form_topics(),
                rounds=_form_int("rounds"),
                round_minutes=_form_int("round_minutes"),
                rotation=request.form.get("rotation", "topics"),
                report=_form_report_details(),
            )
            session_id = lifecycle.create_session(current_facilitator_id(), plan)["id"]
        except errors.DomainError as exc:
            error = describe(exc)
        else:
            return redirect(url_for("facilitator.show_session", session_id=session_id))
    defaults = {"tables": 4, "rounds": 3, "round_minutes": 20}
    return render_template(
        "facilitator/new_session.html", error=error, form=request.form, defaults=defaults
    )


@bp.get("/sessions/<int:session_id>")
@login_required
def show_session(session_id: int) -> str:
    limit = current_app.config["FACILITATOR_STATE_POSTS"]
    shown = pages.session_page(current_facilitator_id(), session_id, limit=limit)
    cafe = shown.cafe
    return render_template(
        "facilitator/session.html",
        cafe=cafe,
        tables=shown.snapshot["tables"],
        page=shown.snapshot,
        join_url=join_url(cafe.join_code),
        can_advance=cafe.status in (SessionStatus.DRAFT, SessionStatus.RUNNING)
        and cafe.current_round < cafe.round_count,
        can_close=cafe.status != SessionStatus.CLOSED,
        is_harvest=cafe.status == SessionStatus.HARVEST,
        is_closed=cafe.status == SessionStatus.CLOSED,
        **shown.controls,
    )


@bp.post("/sessions/<int:session_id>/next")
@login_required
def next_round(session_id: int) -> Response:
    lifecycle.advance_round(current_facilitator_id(), session_id)
    return redirect(url_for("facilitator.show_session", session_id=session_id))


@bp.post("/sessions/<int:session_id>/report-details")
@login_required
def report_details(session_id: int) -> Response:
    """The report's date, place, organiser, purpose and anonymity, from the session page;
    the same validation as ``PATCH /api/sessions/<id>``. A wrong value or a closed session
    is shown on the page."""
    changes = _form_report_details()
    saved = run_form(
        lambda: running.change_settings(current_facilitator_id(), session_id, changes),
        flashed=(errors.InvalidField, errors.ReportFinal),
    )
    if saved is not None:
        flash(gettext("The report details are saved."))
    return redirect(url_for("facilitator.show_session", session_id=session_id) + "#report")


@bp.post("/sessions/<int:session_id>/close")
@login_required
def close(session_id: int) -> Response:
    lifecycle.close_session(current_facilitator_id(), session_id)
    return redirect(url_for("facilitator.show_session", session_id=session_id))
