"""Facilitator sign-up, log-in and log-out on the web (cookie session, CSRF-protected)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from dialogcafe import accounts, errors
from dialogcafe.clock import utcnow
from dialogcafe.web import limits
from dialogcafe.web.edge import LOGIN_KEY, describe, transaction
from dialogcafe.web.i18n import safe_next

bp = Blueprint("auth", __name__)
View = TypeVar("View", bound=Callable[..., Any])


def login_required(view: View) -> View:
    """Send visitors without a login to the log-in page, then back where they were going."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if session.get(LOGIN_KEY) is None:
            # After logging in the browser GETs ``next``: for a form POST, that is the page
            # the form was on, not the POST-only action.
            target = request.full_path if request.method == "GET" else request.referrer
            return redirect(url_for("auth.login", next=safe_next(target)))
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _log_in(facilitator_id: int) -> None:
    """Replace any earlier login; a participant seat this browser holds is kept."""
    session.pop(LOGIN_KEY, None)
    session[LOGIN_KEY] = facilitator_id
    session.permanent = True


@bp.route("/signup", methods=["GET", "POST"])
@limits.signups
def signup() -> str | Response:
    error = None
    if request.method == "POST":
        try:
            with transaction() as db:
                facilitator = accounts.create_facilitator(
                    db,
                    request.form.get("email", ""),
                    request.form.get("password", ""),
                    now=utcnow(),
                )
                facilitator_id = facilitator.id
        except errors.DomainError as exc:
            error = describe(exc)
        else:
            _log_in(facilitator_id)
            return redirect(url_for("facilitator.dashboard"))
    return render_template("auth/signup.html", error=error, email=request.form.get("email", ""))


@bp.route("/login", methods=["GET", "POST"])
@limits.logins
def login() -> str | Response:
    error = None
    if request.method == "POST":
        try:
            with transaction() as db:
                facilitator = accounts.authenticate(
                    db, request.form.get("email", ""), request.form.get("password", "")
                )
                facilitator_id = facilitator.id
        except errors.DomainError as exc:
            error = describe(exc)
        else:
            _log_in(facilitator_id)
            return redirect(safe_next(request.args.get("next") or url_for("facilitator.dashboard")))
    return render_template("auth/login.html", error=error, email=request.form.get("email", ""))


@bp.post("/logout")
def logout() -> Response:
    session.pop(LOGIN_KEY, None)
    return redirect(url_for("facilitator.home"))
