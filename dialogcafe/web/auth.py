"""Facilitator sign-up, log-in and log-out on the web (cookie session, CSRF-protected).

The password is hashed off the event loop and between short transactions (accounts.py);
a log-out ends every login of the account (the login generation in the cookie).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

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

from dialogcafe.clock import utcnow
from dialogcafe.domain import errors
from dialogcafe.extensions import get_database
from dialogcafe.services import account_links, accounts, api_tokens, invitations
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


def _secret() -> str:
    return str(current_app.config["SECRET_KEY"])


@dataclass(frozen=True)
class _Link:
    """A link that lets someone sign up where ``DIALOGCAFE_SIGNUP=invite`` would not: an
    account invitation (``?invite=``, for the address it names) or an invitation to a
    team (``?invitation=``, any address; its page comes next, to accept it)."""

    args: dict[str, str]  # what the form posts back with
    email: str | None = None  # the address an account invitation is for
    then: str | None = None  # where to go once the account is made


def _signup_link() -> _Link | None:
    """The request's sign-up link, if it still works (``closed`` allows none): a broken
    one raises its :class:`errors.DomainError`."""
    invite = request.args.get("invite", "")
    invitation = request.args.get("invitation", "")
    if current_app.config["SIGNUP"] == "closed":
        return None
    if invite:
        return _Link({"invite": invite}, email=account_links.invited_email(_secret(), invite))
    if invitation:
        invitations.open_link(invitation, None)
        then = url_for("invitations.show", token=invitation)
        return _Link({"invitation": invitation}, then=then)
    return None


def _signup_page(error: str | None, link: _Link | None) -> str | tuple[str, int]:
    """The sign-up form, or (no invitation where one is needed) a page that says how to get
    an account, as ``403``."""
    policy = current_app.config["SIGNUP"]
    if link is None and policy != "open":
        return render_template("auth/signup.html", closed=True, error=error), 403
    invited = link is not None and link.email is not None
    email = link.email if link is not None and link.email else request.form.get("email", "")
    return render_template(
        "auth/signup.html",
        error=error,
        email=email,
        link_args=link.args if link is not None else {},
        invited=invited,
    )


@bp.route("/signup", methods=["GET", "POST"])
@limits.signups
def signup() -> str | Response | tuple[str, int]:
    """Make an account: open to anyone, or (``DIALOGCAFE_SIGNUP``) only with an invitation
    link, or not on the web at all."""
    error = None
    link: _Link | None = None
    try:
        link = _signup_link()
    except errors.DomainError as exc:
        error = describe(exc)
    if request.method == "POST" and (link is not None or current_app.config["SIGNUP"] == "open"):
        try:
            if link is not None and link.email is not None:
                facilitator_id = account_links.sign_up_invited(
                    get_database(),
                    _secret(),
                    link.args["invite"],
                    request.form.get("password", ""),
                    now=utcnow(),
                )
            else:
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
            then = link.then if link is not None else None
            return redirect(then or url_for("facilitator.dashboard"))
    return _signup_page(error, link)


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


def _password_saved(login: accounts.Login) -> Response:
    """After a reset or a change: this browser stays logged in (the others were logged out)."""
    remember_login(login)
    flash(gettext("Your new password is saved. You are logged out on other devices."))
    return redirect(url_for("facilitator.dashboard"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limits.logins
def reset_password(token: str) -> str | Response | tuple[str, int]:
    """Set a new password with a one-time link from an admin or ``flask facilitator
    reset-password``; the person is logged in here and out everywhere else."""
    try:
        account_links.check_reset_token(_secret(), token)
    except errors.DomainError as exc:
        return render_template("auth/reset.html", broken=describe(exc)), exc.status
    error = None
    if request.method == "POST":
        try:
            login = account_links.reset_password(
                get_database(), _secret(), token, request.form.get("password", "")
            )
        except errors.DomainError as exc:
            if exc.status == 410:
                return render_template("auth/reset.html", broken=describe(exc)), exc.status
            error = describe(exc)
        else:
            return _password_saved(login)
    return render_template("auth/reset.html", error=error)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response:
    """A facilitator changes their own password; other devices are logged out."""
    error = None
    if request.method == "POST":
        try:
            login = accounts.change_password(
                get_database(),
                current_facilitator_id(),
                request.form.get("current_password", ""),
                request.form.get("password", ""),
            )
        except errors.DomainError as exc:
            error = describe(exc)
        else:
            return _password_saved(login)
    return render_template("auth/password.html", error=error)
