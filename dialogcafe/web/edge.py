"""What every HTTP edge needs: the request body, who is asking, and errors for people."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import request, session
from flask_babel import gettext
from sqlalchemy.orm import Session

from dialogcafe import accounts, errors
from dialogcafe.errors import N_
from dialogcafe.extensions import get_database
from dialogcafe.models import Facilitator

LOGIN_KEY = "facilitator_id"


@contextmanager
def transaction() -> Iterator[Session]:
    """One unit of work against the app's database."""
    with get_database().transaction() as db:
        yield db


def translate(message: str) -> str:
    """Translate a domain message template into the request's language."""
    return gettext(message) if message else message


def describe(error: errors.DomainError) -> str:
    return error.describe(translate)


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


def facilitator_from_request(db: Session, *, allow_cookie: bool) -> Facilitator:
    """The facilitator behind a bearer token, or (where safe from CSRF) the login cookie."""
    token = bearer_token()
    if token is not None:
        return accounts.facilitator_for_token(db, token)
    if allow_cookie and session.get(LOGIN_KEY) is not None:
        facilitator = accounts.get_facilitator(db, session[LOGIN_KEY])
        if facilitator is not None:
            return facilitator
    if request.headers.get("Authorization"):
        raise errors.InvalidToken()
    raise errors.NotAuthenticated()
