"""What every HTTP edge needs: the request body, who is asking, and errors for people."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from flask import current_app, request, session
from sqlalchemy.orm import Session

from dialogcafe.domain import errors
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import Facilitator
from dialogcafe.extensions import get_database
from dialogcafe.services import accounts
from dialogcafe.translation import describe

LOGIN_KEY = "facilitator_id"
# The account's login generation when the cookie was issued: a log-out bumps the stored
# one, so every cookie issued before it (a copied one included) stops working.
LOGIN_GENERATION_KEY = "login_generation"


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


def facilitator_from_request(db: Session, *, allow_cookie: bool) -> Facilitator:
    """The facilitator behind a bearer token, or (where safe from CSRF) the login cookie."""
    token = bearer_token()
    if token is not None:
        return accounts.facilitator_for_token(db, token)
    if allow_cookie:
        facilitator = cookie_facilitator(db)
        if facilitator is not None:
            return facilitator
    if request.headers.get("Authorization"):
        raise errors.InvalidToken()
    raise errors.NotAuthenticated()
