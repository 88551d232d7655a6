"""HTTP edge: blueprints, error pages and security headers."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from dialogcafe.domain import errors
from dialogcafe.extensions import csrf
from dialogcafe.translation import describe
from dialogcafe.web import (
    api,
    auth,
    facilitation,
    facilitator,
    hosting,
    i18n,
    limits,
    moderation,
    participant,
    projector,
    themes,
)
from dialogcafe.web.edge import error_body, identify_facilitator, served_over_https, wants_json
from dialogcafe.web.request_body import init_app as init_request_body

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
HSTS = "max-age=31536000"
# An error answer's body: a rendered page, or JSON for programs.
ErrorBody = str | dict[str, Any]


def register_web(app: Flask) -> None:
    """Attach blueprints, map domain errors to 4xx answers, and set security headers."""
    pages = (
        i18n.bp,
        auth.bp,
        facilitator.bp,
        participant.bp,
        projector.bp,
        moderation.bp,
        hosting.bp,
        facilitation.bp,
        themes.bp,
    )
    for blueprint in (*pages, api.bp):
        app.register_blueprint(blueprint)
    csrf.exempt(api.bp)  # no API call changes anything on the strength of a cookie
    app.before_request(identify_facilitator)  # after the CSRF check, before any view

    app.register_error_handler(errors.DomainError, _domain_error)
    app.register_error_handler(errors.RateLimited, _rate_limited)
    app.register_error_handler(RateLimitExceeded, _limit_exceeded)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.after_request(_security_headers)
    init_request_body(app)  # the body, read whole, before any hook or view
    for unreachable in (OperationalError, InterfaceError):
        app.register_error_handler(unreachable, _database_unavailable)
    app.context_processor(_template_globals)


def _domain_error(error: errors.DomainError) -> tuple[ErrorBody, int]:
    if wants_json():
        return error_body(error), error.status
    return render_template("error.html", message=describe(error), status=error.status), error.status


def _database_unavailable(error: Exception) -> tuple[ErrorBody, int]:
    """The database refused or could not be reached (locked, gone, disk full): nothing was
    stored and the same request may be sent again, so 503 ``unavailable``, not a 500."""
    current_app.logger.warning("Database unavailable: %s", error)
    return _domain_error(errors.Unavailable())


def _rate_limited(error: errors.RateLimited) -> tuple[ErrorBody, int, dict[str, str]]:
    """429 with ``Retry-After``: JSON with ``retry_after`` for programs, a page for people."""
    headers = {"Retry-After": str(error.retry_after)}
    if wants_json():
        return error_body(error), error.status, headers
    page = render_template(
        "error.html",
        message=describe(error),
        status=error.status,
        heading=_("Please wait a moment"),
    )
    return page, error.status, headers


def _limit_exceeded(_error: RateLimitExceeded) -> tuple[ErrorBody, int, dict[str, str]]:
    return _rate_limited(limits.refusal())


def _csrf_error(error: CSRFError) -> tuple[ErrorBody, int]:
    return _http_error(error)


def _http_error(error: HTTPException) -> tuple[ErrorBody, int]:
    status = error.code or 500
    if wants_json():
        return {"error": error.description, "code": error.name.lower().replace(" ", "_")}, status
    return render_template("error.html", message=error.description, status=status), status


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if served_over_https():  # browsers then never try plain http for a year
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def _template_globals() -> dict[str, object]:
    return {"current_locale": str(get_locale()), "languages": i18n.languages()}
