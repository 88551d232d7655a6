"""The facilitator's pages: the dashboard, the new-session form, and a session's live view."""

from __future__ import annotations

from typing import Any

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
from flask_babel import get_locale, gettext
from werkzeug.wrappers import Response

from dialogcafe.domain import editing, errors, ready_made, sessions
from dialogcafe.domain.errors import N_
from dialogcafe.domain.fields import form_number
from dialogcafe.domain.invitations import Target
from dialogcafe.domain.limits import MAX_TOPICS
from dialogcafe.domain.status import SessionStatus
from dialogcafe.domain.translations import COMMON_LANGUAGES, MAX_TRANSLATIONS, language_name
from dialogcafe.services import editing as plan_editing
from dialogcafe.services import lifecycle, members, pages, projects, running, saved_templates
from dialogcafe.services import ready_made as ready_made_sessions
from dialogcafe.services.accounts import LOGIN_KEY
from dialogcafe.translation import describe, translate
from dialogcafe.web import limits
from dialogcafe.web.api.saved_templates import shown
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import current_facilitator_id, run_form
from dialogcafe.web.invitations import team_panel_values
from dialogcafe.web.links import join_url
from dialogcafe.web.qr import qr_svg
from dialogcafe.web.retention import deletion_day, retention_values
from dialogcafe.web.translation_rows import form_translations

bp = Blueprint("facilitator", __name__)
bp.add_app_template_filter(deletion_day, "deletion_day")  # the dashboard's "Deleted on"


@bp.get("/")
def home() -> str | Response:
    """Participants type a code here; facilitators go on to their sessions."""
    if session.get(LOGIN_KEY) is not None:
        return redirect(url_for("facilitator.dashboard"))
    return render_template("home.html", error=None)


@bp.get("/sessions")
@login_required
def dashboard() -> str:
    """The caller's cafés by date, filtered by project and status (``?project=&status=``)."""
    shown = pages.dashboard(current_facilitator_id(), request.args)
    return render_template(
        "facilitator/dashboard.html",
        cafes=shown.cafes,
        tokens=shown.tokens,
        listing=shown,
        filter_error=describe(shown.error) if shown.error else None,
    )


def _form_topics() -> list[str]:
    return request.form.get("topics", "").splitlines()


def _form_int(name: str) -> object:
    return form_number(request.form.get(name, ""))


def _form_report_details() -> dict[str, object]:
    """The report's details from a form (``_report_details.html``): an unticked box sends
    nothing, so it reads as off."""
    names = ("event_date", "place", "organiser", "target_group")
    texts = {name: request.form.get(name, "") for name in names}
    return {
        **texts,
        "purpose": request.form.get("purpose", ""),
        "anonymous_report": request.form.get("anonymous_report") == "1",
    }


def _form_project() -> int | None:
    """The new-session form's optional project (an id; anything else is refused)."""
    raw = request.form.get("project", "").strip()
    if not raw:
        return None
    number = form_number(raw)
    if not isinstance(number, int):
        raise errors.UnknownProject()
    return number


def shared_question_note(tables: int, topic_count: int) -> str | None:
    """Which tables will share a question ("tables 1, 3 share question 1; …"), or None when
    every table has a question of its own. Said on the new session's page and the cockpit."""
    groups = editing.shared_questions(tables, topic_count)
    if not groups:
        return None
    parts = [
        gettext(
            "tables %(tables)s share question %(number)s",
            tables=", ".join(str(table) for table in group),
            number=group[0],
        )
        for group in groups
    ]
    return gettext("There are fewer questions than tables: %(which)s.", which="; ".join(parts))


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
            project_id = _form_project()
            session_id = lifecycle.create_session(current_facilitator_id(), plan, project_id)["id"]
        except errors.DomainError as exc:
            error = describe(exc)
        else:
            return redirect(url_for("facilitator.show_session", session_id=session_id))
    defaults = {"tables": 4, "rounds": 3, "round_minutes": 20}
    return render_template(
        "facilitator/new_session.html",
        error=error,
        form=request.form,
        defaults=defaults,
        ready_made=ready_made.built_in_plans(str(get_locale() or "")),
        own_templates=[shown(t) for t in saved_templates.list_templates(current_facilitator_id())],
        projects=projects.projects_to_configure(current_facilitator_id()),
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
        structure_open=editing.is_structure_open(cafe),
        wording_open=editing.is_wording_open(cafe),
        shared_note=shared_question_note(cafe.table_count, len(cafe.topics)),
        common_languages=[(code, language_name(code)) for code in COMMON_LANGUAGES],
        max_translations=MAX_TRANSLATIONS,
        is_harvest=cafe.status == SessionStatus.HARVEST,
        is_closed=cafe.status == SessionStatus.CLOSED,
        **_for_role(cafe, shown.controls),
        **team_panel_values(Target(session_id=cafe.id)),
        retention=retention_values(cafe),
    )


def _for_role(cafe: Any, controls: dict[str, Any]) -> dict[str, Any]:
    """The page's control flags, each off where the viewer's role cannot act (a reader sees
    the café and its downloads; the services refuse the rest anyway)."""
    run = controls["can_run"]
    return {
        **controls,
        "can_advance": run
        and cafe.status in (SessionStatus.DRAFT, SessionStatus.RUNNING)
        and cafe.current_round < cafe.round_count,
        "can_close": run and cafe.status != SessionStatus.CLOSED,
        "can_time": run and controls["can_time"],
        "can_harvest": run and controls["can_harvest"],
        "can_broadcast": run and controls["can_broadcast"],
    }


@bp.post("/sessions/<int:session_id>/next")
@login_required
def next_round(session_id: int) -> Response:
    lifecycle.advance_round(current_facilitator_id(), session_id)
    return redirect(url_for("facilitator.show_session", session_id=session_id))


@bp.post("/sessions/<int:session_id>/plan")
@login_required
def edit_plan(session_id: int) -> Response:
    """The questions, tables and rounds from the session page (``PUT /api/…/plan``'s rules);
    a wrong value or a locked plan is shown on the page."""

    def change() -> dict[str, Any]:
        # The wording form has one field per question ("topic"); the plan form one textarea.
        edit = editing.make_edit(
            topics=request.form.getlist("topic") or _form_topics(),
            tables=_form_int("tables") if "tables" in request.form else None,
            rounds=_form_int("rounds") if "rounds" in request.form else None,
            round_minutes=_form_int("round_minutes") if "round_minutes" in request.form else None,
        )
        return plan_editing.edit_plan(current_facilitator_id(), session_id, edit)

    saved = run_form(change, flashed=(errors.DomainError,))
    if saved is not None:
        flash(gettext("The questions are saved."))
    return redirect(url_for("facilitator.show_session", session_id=session_id) + "#plan")


@bp.post("/sessions/<int:session_id>/translations")
@login_required
def edit_translations(session_id: int) -> Response:
    """Every question's translations from the session page (``PUT /api/…/translations``):
    rows of ``q<n>-language`` and ``q<n>-text``; an empty text removes its language."""

    def change() -> dict[str, Any]:
        questions = [
            {"number": number, "translations": form_translations(f"q{number}")}
            for number in range(1, MAX_TOPICS + 1)
            if f"q{number}-language" in request.form
        ]
        edit = editing.make_translation_edit(questions=questions)
        return plan_editing.edit_translations(current_facilitator_id(), session_id, edit)

    saved = run_form(change, flashed=(errors.DomainError,))
    if saved is not None:
        flash(gettext("The translations are saved."))
    page = url_for("facilitator.show_session", session_id=session_id)
    return redirect(page + "#translations-body")


@bp.get("/sessions/<int:session_id>/host-qr.svg")
@login_required
def host_qr(session_id: int) -> Response:
    """The join link with the host code (``?host=``): table hosts scan it to get the host
    tools. Only those who run the café (owner, co-facilitators) see it."""
    join_code, host_code = lifecycle.join_codes(current_facilitator_id(), session_id)
    return qr_svg(host_join_url(join_code, host_code), private=True)


def host_join_url(join_code: str, host_code: str) -> str:
    """The join link that also offers the host tools (the phone reads ``?host=``)."""
    return f"{join_url(join_code)}?host={host_code}"


@bp.post("/sessions/<int:session_id>/report-details")
@login_required
def report_details(session_id: int) -> Response:
    """The report's date, place, organiser, purpose and anonymity, from the session page;
    the same validation as ``PATCH /api/sessions/<id>``. A wrong value or a closed session
    is shown on the page."""
    return _save_settings(
        session_id,
        _form_report_details(),
        flashed=(errors.InvalidField, errors.ReportFinal),
        saved=gettext("The report details are saved."),
        panel="report",
    )


@bp.post("/sessions/<int:session_id>/retention")
@login_required
def retention(session_id: int) -> Response:
    """How long the data is kept after the close (its owner only): days, or empty for the
    server's default; the same rule as ``PATCH /api/sessions/<id>``."""
    return _save_settings(
        session_id,
        {"retention_days": form_number(request.form.get("retention_days", ""))},
        flashed=(errors.InvalidField, errors.OwnerOnly),
        saved=gettext("Saved: how long the data is kept."),
        panel="retention",
    )


def _save_settings(
    session_id: int,
    changes: dict[str, Any],
    *,
    flashed: tuple[type[errors.DomainError], ...],
    saved: str,
    panel: str,
) -> Response:
    """A session-page form that changes settings (``PATCH /api/sessions/<id>``'s rules):
    ``saved`` or the refusal flashed, back to its ``panel``."""
    done = run_form(
        lambda: running.change_settings(current_facilitator_id(), session_id, changes),
        flashed=flashed,
    )
    if done is not None:
        flash(saved)
    return redirect(url_for("facilitator.show_session", session_id=session_id) + f"#{panel}")


@bp.post("/sessions/<int:session_id>/close")
@login_required
def close(session_id: int) -> Response:
    lifecycle.close_session(current_facilitator_id(), session_id)
    return redirect(url_for("facilitator.show_session", session_id=session_id))


@bp.post("/sessions/<int:session_id>/members")
@login_required
def add_member(session_id: int) -> Response:
    """The team panel's form: let an account in as co-facilitator or reader."""
    added = run_form(
        lambda: members.add_member(
            current_facilitator_id(),
            session_id,
            request.form.get("email", ""),
            request.form.get("role", ""),
        ),
        flashed=(errors.DomainError,),
    )
    if added is not None:
        flash(gettext("%(email)s is on the team.", email=request.form.get("email", "").strip()))
    return redirect(url_for("facilitator.show_session", session_id=session_id) + "#team")


@bp.post("/sessions/<int:session_id>/members/<int:member_id>/remove")
@login_required
def remove_member(session_id: int, member_id: int) -> Response:
    """The team panel's button: take someone's role away (their open screens close)."""
    run_form(
        lambda: members.remove_member(current_facilitator_id(), session_id, member_id),
        flashed=(errors.DomainError,),
    )
    return redirect(url_for("facilitator.show_session", session_id=session_id) + "#team")


@bp.post("/sessions/<int:session_id>/duplicate")
@login_required
def duplicate_session(session_id: int) -> Response:
    """The dashboard's "Copy" button: a new draft with this café's plan, opened at once."""
    copy = ready_made_sessions.duplicate_session(
        current_facilitator_id(), session_id, translate(N_("{title} (copy)"))
    )
    flash(gettext("A copy is made. Check the questions, then share the new code."))
    return redirect(url_for("facilitator.show_session", session_id=copy["id"]))


@bp.post("/sessions/new/<key>")
@login_required
@limits.session_creation
def new_from_template(key: str) -> Response:
    """The new-session page's ready-made plans and own templates: a draft, opened at once."""
    made = saved_templates.create_from_template(
        current_facilitator_id(), key, str(get_locale() or "")
    )
    return redirect(url_for("facilitator.show_session", session_id=made["id"]))
