"""The Projects pages: the caller's projects, one project's cafés and team, and the forms
that change them (each works without JavaScript; the services check every role again)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date, gettext
from werkzeug.wrappers import Response

from dialogcafe.domain import errors
from dialogcafe.domain.fields import form_number
from dialogcafe.domain.invitations import Target
from dialogcafe.services import invitations, projects
from dialogcafe.translation import describe
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import current_facilitator_id, run_form
from dialogcafe.web.invitations import team_panel_values

bp = Blueprint("projects", __name__)


@bp.app_template_filter("day")
def day(iso: object) -> str:
    """A ``YYYY-MM-DD`` date (or the day of an ISO moment) as the reader's language writes it."""
    try:
        return format_date(date.fromisoformat(str(iso)[:10]), format="medium")
    except ValueError:
        return ""


def _to_project(project_id: int, anchor: str = "") -> Response:
    return redirect(url_for("projects.show_project", project_id=project_id) + anchor)


@bp.get("/projects")
@login_required
def list_projects() -> str:
    shown = projects.list_projects(current_facilitator_id())
    return render_template("facilitator/projects.html", projects=shown["projects"], error=None)


@bp.post("/projects")
@login_required
def create_project() -> Response | tuple[str, int]:
    """The list page's form: a new project, opened at once; a wrong name is shown."""
    caller = current_facilitator_id()
    try:
        made = projects.create_project(
            caller, request.form.get("name", ""), request.form.get("description", "")
        )
    except errors.InvalidField as exc:
        shown = projects.list_projects(caller)
        page = render_template(
            "facilitator/projects.html",
            projects=shown["projects"],
            error=describe(exc),
            form=request.form,
        )
        return page, 400
    flash(gettext("The project is made. Add its cafés and its team."))
    return _to_project(made["id"])


@bp.get("/projects/<int:project_id>")
@login_required
def show_project(project_id: int) -> str:
    caller = current_facilitator_id()
    project = projects.show_project(caller, project_id)
    addable = projects.cafes_to_add(caller) if project["can_configure"] else []
    target = Target(project_id=project_id)
    links: dict[str, Any] = {"invitations": []}
    if project["can_manage_members"]:
        links = {
            "invitations": invitations.list_open(caller, target),
            **team_panel_values(target),
        }
    return render_template("facilitator/project.html", project=project, addable=addable, **links)


@bp.post("/projects/<int:project_id>/edit")
@login_required
def change_project(project_id: int) -> Response:
    changes = {name: request.form.get(name, "") for name in ("name", "description")}
    saved = run_form(
        lambda: projects.change_project(current_facilitator_id(), project_id, changes),
        flashed=(errors.InvalidField, errors.ReadOnlyRole),
    )
    if saved is not None:
        flash(gettext("The project is saved."))
    return _to_project(project_id, "#settings")


@bp.post("/projects/<int:project_id>/delete")
@login_required
def delete_project(project_id: int) -> Response:
    """The owner's button: the project goes, its cafés stay."""
    projects.delete_project(current_facilitator_id(), project_id)
    flash(gettext("The project is deleted. Its cafés are still on your list."))
    return redirect(url_for("projects.list_projects"))


@bp.post("/projects/<int:project_id>/sessions")
@login_required
def add_cafe(project_id: int) -> Response:
    """The project page's choice of the caller's own cafés in no project."""
    session_id = form_number(request.form.get("session_id", ""))
    if not isinstance(session_id, int):
        flash(gettext("Choose a café to add."), "error")
        return _to_project(project_id, "#cafes")
    added = run_form(
        lambda: projects.add_cafe(current_facilitator_id(), project_id, session_id),
        flashed=(errors.DomainError,),
    )
    if added is not None:
        flash(gettext("The café is in the project."))
    return _to_project(project_id, "#cafes")


@bp.post("/projects/<int:project_id>/sessions/<int:session_id>/remove")
@login_required
def remove_cafe(project_id: int, session_id: int) -> Response:
    """Take a café out; a café's owner who is not in the project goes to their list."""
    done = run_form(
        lambda: (projects.remove_cafe(current_facilitator_id(), project_id, session_id),),
        flashed=(errors.DomainError,),
    )
    if done is None:
        return _to_project(project_id, "#cafes")
    flash(gettext("The café is out of the project. It is still on its owner's list."))
    if done[0] is None:
        return redirect(url_for("facilitator.dashboard"))
    return _to_project(project_id, "#cafes")


@bp.post("/projects/<int:project_id>/members")
@login_required
def add_member(project_id: int) -> Response:
    """The team panel's form: let an account into the project."""
    added = run_form(
        lambda: projects.add_member(
            current_facilitator_id(),
            project_id,
            request.form.get("email", ""),
            request.form.get("role", ""),
        ),
        flashed=(errors.DomainError,),
    )
    if added is not None:
        flash(gettext("%(email)s is on the team.", email=request.form.get("email", "").strip()))
    return _to_project(project_id, "#team")


@bp.post("/projects/<int:project_id>/members/<int:member_id>/remove")
@login_required
def remove_member(project_id: int, member_id: int) -> Response:
    run_form(
        lambda: projects.remove_member(current_facilitator_id(), project_id, member_id),
        flashed=(errors.DomainError,),
    )
    return _to_project(project_id, "#team")
