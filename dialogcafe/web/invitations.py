"""Invitation links on the web: the owner makes and withdraws them in the Team panel, and
whoever opens ``/invite/<token>`` logs in or signs up, then accepts with a button.

The new link is shown once, on the café page the owner is sent back to: the browser keeps
it in the (signed) session cookie until that page has shown it. Nothing but its hash is
stored on the server.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from werkzeug.wrappers import Response

from dialogcafe.domain import errors
from dialogcafe.domain.fields import form_number
from dialogcafe.domain.invitations import DEFAULT_DAYS, MAX_DAYS, MIN_DAYS, Target
from dialogcafe.services import invitations
from dialogcafe.translation import describe
from dialogcafe.web.api.invitations import invitation_url
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import FACILITATOR_PAGE, current_facilitator_id, run_form

bp = Blueprint("invitations", __name__)
NEW_LINK_KEY = "new_invitation"  # the cookie's copy of a link just made, until shown


def _key(target: Target) -> dict[str, int | None]:
    return {"session_id": target.session_id, "project_id": target.project_id}


def take_new_link(target: Target) -> str | None:
    """The link just made for this café or project, once (the next view no longer has it)."""
    kept = session.get(NEW_LINK_KEY)
    if not isinstance(kept, dict) or kept.get("target") != _key(target):
        return None
    session.pop(NEW_LINK_KEY, None)
    url = kept.get("url")
    return url if isinstance(url, str) else None


def team_panel_values(target: Target) -> dict[str, Any]:
    """What the Team panel needs besides the team: the link just made, and the day limits."""
    return {
        "new_invitation_url": take_new_link(target),
        "invitation_days": {"min": MIN_DAYS, "max": MAX_DAYS, "default": DEFAULT_DAYS},
    }


def _team(target: Target) -> Response:
    if target.session_id is not None:
        return redirect(url_for("facilitator.show_session", session_id=target.session_id) + "#team")
    return redirect(url_for("projects.show_project", project_id=target.project_id) + "#team")


def _create(target: Target) -> Response:
    """The Team panel's form: a link for a role that works for the days chosen."""
    days = form_number(request.form.get("days", "")) if request.form.get("days") else None
    made = run_form(
        lambda: invitations.create(
            current_facilitator_id(), target, request.form.get("role"), days
        ),
        flashed=(errors.InvalidField, errors.TooManyInvitations),
    )
    if made is not None:
        session[NEW_LINK_KEY] = {"target": _key(target), "url": invitation_url(made["token"])}
    return _team(target)


def _withdraw(target: Target, invitation_id: int) -> Response:
    """The Team panel's button: the link stops working at once."""

    def work() -> bool:
        invitations.withdraw(current_facilitator_id(), target, invitation_id)
        return True

    if run_form(work, flashed=(errors.UnknownInvitation,)):
        flash(gettext("The invitation is withdrawn. The link no longer works."))
    return _team(target)


@bp.post("/sessions/<int:session_id>/invitations")
@login_required
def create(session_id: int) -> Response:
    return _create(Target(session_id=session_id))


@bp.post("/sessions/<int:session_id>/invitations/<int:invitation_id>/withdraw")
@login_required
def withdraw(session_id: int, invitation_id: int) -> Response:
    return _withdraw(Target(session_id=session_id), invitation_id)


@bp.post("/projects/<int:project_id>/invitations")
@login_required
def create_for_project(project_id: int) -> Response:
    return _create(Target(project_id=project_id))


@bp.post("/projects/<int:project_id>/invitations/<int:invitation_id>/withdraw")
@login_required
def withdraw_for_project(project_id: int, invitation_id: int) -> Response:
    return _withdraw(Target(project_id=project_id), invitation_id)


# Expired, used, withdrawn, or for a café or project deleted since: 410 and a clear page.
GONE = (errors.LinkInvalid, errors.LinkUsed)


def _gone(exc: errors.DomainError) -> tuple[str, int]:
    page = render_template(
        "invitation.html", gone=describe(exc), logged_in=g.facilitator_id is not None
    )
    return page, exc.status


def _signup_open() -> bool:
    return current_app.config["SIGNUP"] != "closed"


@bp.get("/invite/<token>")
def show(token: str) -> str | tuple[str, int]:
    """What the link is for and the role it gives; log in or sign up first, then Accept."""
    try:
        opened = invitations.open_link(token, g.facilitator_id)
    except GONE as exc:
        return _gone(exc)
    return render_template(
        "invitation.html",
        opened=opened,
        token=token,
        logged_in=g.facilitator_id is not None,
        signup_open=_signup_open(),
    )


# The page reads the login when there is one, and works without (it offers to log in).
setattr(show, FACILITATOR_PAGE, True)


@bp.post("/invite/<token>")
@login_required
def accept(token: str) -> Response | tuple[str, int]:
    """Accept: the role is given and the person goes to the café."""
    try:
        taken = invitations.accept(current_facilitator_id(), token)
    except GONE as exc:
        return _gone(exc)
    except errors.InvitationForOwner as exc:
        flash(describe(exc), "error")
        return redirect(url_for("invitations.show", token=token))
    if taken["session_id"] is not None:
        flash(gettext("Welcome to the team."))
        return redirect(url_for("facilitator.show_session", session_id=taken["session_id"]))
    flash(gettext("Welcome to the project's team."))
    return redirect(url_for("projects.show_project", project_id=taken["project_id"]))
