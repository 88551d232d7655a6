"""Facilitator sign-up, log-in and log-out on the web (cookie session, CSRF-protected).

The password is hashed off the event loop and between short transactions (accounts.py);
a log-out ends every login of the account (the login generation in the cookie).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from dialogcafe.clock import utcnow
from dialogcafe.domain import errors
from dialogcafe.extensions import get_database
from dialogcafe.services import accounts, api_tokens
from dialogcafe.services.accounts import LOGIN_KEY
from dialogcafe.translation import describe
from dialogcafe.web import limits
from dialogcafe.web.edge import (
    FACILITATOR_PAGE,
    cookie_facilitator,
    current_facilitator_id,
    forget_login,
    login_policy,
    remember_login,
    transaction,
)
from dialogcafe.web.i18n import safe_next

bp = Blueprint("auth", __name__)
View = TypeVar("View", bound=Callable[..., Any])


def login_required(view: View) -> View:
    """Send visitors without a login to the log-in page, then back where they were going.

    Marks the view as a facilitator's page, so ``edge.identify_facilitator`` checks the
    cookie first: one from before a log-out is gone by the time this wrapper looks.
    """

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if session.get(LOGIN_KEY) is None:
            # After logging in the browser GETs ``next``: for a form POST, that is the page
            # the form was on, not the POST-only action.
            target = request.full_path if request.method == "GET" else request.referrer
            return redirect(url_for("auth.login", next=safe_next(target)))
        return view(*args, **kwargs)

    setattr(wrapper, FACILITATOR_PAGE, True)
    return wrapper  # type: ignore[return-value]


def _delayed_page(template: str, exc: errors.RateLimited) -> tuple[str, int, dict[str, str]]:
    """The form again with the wait in words, as ``429`` with ``Retry-After``."""
    page = render_template(template, error=describe(exc), email=request.form.get("email", ""))
    return page, exc.status, {"Retry-After": str(exc.retry_after)}


@bp.route("/signup", methods=["GET", "POST"])
@limits.signups
def signup() -> str | Response:
    error = None
    if request.method == "POST":
        try:
            facilitator_id = accounts.create_facilitator(
                get_database(),
                request.form.get("email", ""),
                request.form.get("password", ""),
                now=utcnow(),
            )
        except errors.DomainError as exc:
            error = describe(exc)
        else:
            remember_login(accounts.Login(facilitator_id, generation=0))
            return redirect(url_for("facilitator.dashboard"))
    return render_template("auth/signup.html", error=error, email=request.form.get("email", ""))


@bp.route("/login", methods=["GET", "POST"])
@limits.logins
def login() -> str | Response | tuple[str, int, dict[str, str]]:
    error = None
    if request.method == "POST":
        try:
            login = accounts.authenticate(
                get_database(),
                request.form.get("email", ""),
                request.form.get("password", ""),
                now=utcnow(),
                policy=login_policy(),
            )
        except errors.RateLimited as exc:
            return _delayed_page("auth/login.html", exc)
        except errors.DomainError as exc:
            error = describe(exc)
        else:
            remember_login(login)
            return redirect(safe_next(request.args.get("next") or url_for("facilitator.dashboard")))
    return render_template("auth/login.html", error=error, email=request.form.get("email", ""))


@bp.post("/logout")
def logout() -> Response:
    """End every login of the account (this browser's, a copied cookie, other devices')."""
    if session.get(LOGIN_KEY) is not None:
        with transaction() as db:
            facilitator = cookie_facilitator(db)
            if facilitator is not None:
                accounts.end_logins(db, facilitator.id)
    forget_login()
    return redirect(url_for("facilitator.home"))


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> Response:
    """The dashboard's button: an API token stops working at once."""
    api_tokens.revoke_token(current_facilitator_id(), token_id)
    return redirect(url_for("facilitator.dashboard") + "#tokens")
