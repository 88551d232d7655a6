"""What every HTTP edge needs: the request body, who is asking, and errors for people."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, TypeVar

from flask import current_app, flash, g, request, session
from sqlalchemy.orm import Session

from dialogcafe.domain import errors
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import Facilitator
from dialogcafe.extensions import get_database
from dialogcafe.services import accounts
from dialogcafe.services.accounts import LOGIN_GENERATION_KEY, LOGIN_KEY
from dialogcafe.translation import describe

T = TypeVar("T")
API_BLUEPRINT = "api"
# Set on a view by ``auth.login_required``: a facilitator's page, which needs the login.
FACILITATOR_PAGE = "is_facilitator_page"


@contextmanager
def transaction() -> Iterator[Session]:
    """One unit of work against the app's database."""
    with get_database().transaction() as db:
        yield db


def error_body(error: errors.DomainError) -> dict[str, Any]:
    """The JSON every failing API call answers with; ``field`` names a bad input field."""
    body: dict[str, Any] = {"error": describe(error), "code": error.code}
    if isinstance(error, errors.InvalidField):
        body["field"] = error.params["field"]
    body.update(error.answer_fields())  # e.g. retry_after
    return body


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a specific 400 when it is missing or malformed."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise errors.BadRequest(detail=N_("The request body must be a JSON object."))
    return body


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def served_over_https() -> bool:
    """Whether this app is reached over https: its public URL says so (``config.py`` then
    makes the session cookie ``Secure``), or this request came in over TLS."""
    return bool(current_app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def login_policy() -> accounts.LoginPolicy:
    """The delays after failed log-ins and the API tokens' lifetime, from the config."""
    config = current_app.config
    return accounts.LoginPolicy(
        free_tries=config["LOGIN_FREE_TRIES"],
        first_delay=config["LOGIN_FIRST_DELAY"],
        max_delay=config["LOGIN_MAX_DELAY"],
        token_lifetime=timedelta(days=config["API_TOKEN_DAYS"]),
    )


def remember_login(login: accounts.Login) -> None:
    """Put a login in the cookie, replacing any earlier one (a participant seat stays)."""
    session.pop(LOGIN_KEY, None)
    session[LOGIN_KEY] = login.facilitator_id
    session[LOGIN_GENERATION_KEY] = login.generation
    session.permanent = True


def forget_login() -> None:
    session.pop(LOGIN_KEY, None)
    session.pop(LOGIN_GENERATION_KEY, None)


def cookie_facilitator(db: Session) -> Facilitator | None:
    """The facilitator of a login cookie that is still valid; a stale one is dropped."""
    if session.get(LOGIN_KEY) is None:
        return None
    try:
        return accounts.facilitator_for_login(
            db, session.get(LOGIN_KEY), session.get(LOGIN_GENERATION_KEY)
        )
    except errors.NotAuthenticated:
        forget_login()
        return None


def _acts_for_facilitator() -> bool:
    """The JSON API, and the pages behind ``login_required`` (which marks them)."""
    if request.blueprint == API_BLUEPRINT:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, FACILITATOR_PAGE, False))


def identify_facilitator() -> None:
    """Before every request: who is asking, as ``g.facilitator_id`` (None if nobody is).

    Only for views that act for a facilitator; the lookup itself refuses nothing, so a call
    that needs nobody (joining, getting a token) never fails because of a stale header, and
    a view that needs someone gets the reason from :func:`current_facilitator_id`. A bearer
    token wins; the login cookie counts on pages and for reading the API, never for an API
    call that changes something (a cookie would invite CSRF). A cookie from before a
    log-out is dropped.
    """
    g.facilitator_id = None
    g.facilitator_refusal = errors.NotAuthenticated()
    if not _acts_for_facilitator():
        return
    if request.headers.get("Authorization"):
        g.facilitator_refusal = errors.InvalidToken()
    token = bearer_token()
    cookie_counts = request.blueprint != API_BLUEPRINT or request.method in ("GET", "HEAD")
    if token is None and not (cookie_counts and session.get(LOGIN_KEY) is not None):
        return
    with transaction() as db:
        from_cookie = cookie_facilitator(db) if cookie_counts else None
        if token is None:
            g.facilitator_id = from_cookie.id if from_cookie is not None else None
            return
        try:
            g.facilitator_id = accounts.facilitator_for_token(db, token).id
        except errors.DomainError as exc:
            g.facilitator_refusal = exc


def current_facilitator_id() -> int:
    """The facilitator :func:`identify_facilitator` found, or the 401 why there is none."""
    facilitator_id: int | None = g.facilitator_id
    if facilitator_id is None:
        raise g.facilitator_refusal
    return facilitator_id


def wants_json() -> bool:
    """An API call, or a page's script asking for JSON (``fetch`` with ``Accept``)."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def run_form(
    action: Callable[[], T], *, flashed: tuple[type[errors.DomainError], ...] = ()
) -> T | None:
    """The one policy for a page's form action that fails.

    A script that asked for JSON gets the error as JSON, with its status; so does any
    error not in ``flashed``, or the error page for a browser (the app's error handlers).
    An error in ``flashed`` is shown as a message on the page the browser is sent back to:
    None, and the view redirects.
    """
    try:
        return action()
    except flashed as exc:
        if wants_json():
            raise
        flash(describe(exc), "error")
        return None
