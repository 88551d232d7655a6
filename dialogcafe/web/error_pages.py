"""Every failure a person or a program meets: a translated page, or the JSON error shape.

People get ``error.html`` in their own language (``i18n.selected_locale``) with a plain
heading, what happened, and a way back; the JSON API and scripts asking for JSON keep
``{"error": ..., "code": ...}`` (``edge.error_body`` for domain errors).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, render_template, request, url_for
from flask_babel import gettext
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from dialogcafe.adapters import metrics
from dialogcafe.domain import errors
from dialogcafe.domain.errors import N_
from dialogcafe.translation import describe
from dialogcafe.web import limits
from dialogcafe.web.edge import error_body, wants_json

# An error answer's body: a rendered page, or JSON for programs.
ErrorBody = str | dict[str, Any]

# Heading and plain explanation for each HTTP status a person may meet.
PAGE_TEXTS: dict[int, tuple[str, str]] = {
    400: (
        N_("Something was wrong"),
        N_("The page could not use what was sent. Go back and try again."),
    ),
    401: (N_("Please log in"), N_("You need to log in to see this page.")),
    403: (N_("No access"), N_("You do not have access to this page.")),
    404: (
        N_("We cannot find this page"),
        N_(
            "The address may be wrong, or the page is gone. "
            "To join a café, type its code on the front page."
        ),
    ),
    405: (
        N_("This did not work"),
        N_("The page cannot be used like that. Go back and try again."),
    ),
    408: (N_("This took too long"), N_("Check the connection and try again.")),
    409: (N_("This did not work"), N_("Something changed in the meantime. Go back and try again.")),
    413: (
        N_("Too much at once"),
        N_("What you sent is too large. Send less, or in smaller parts."),
    ),
    429: (
        N_("Please wait a moment"),
        N_("Too many tries in a short time. Wait a little and try again."),
    ),
    500: (
        N_("Something went wrong on our side"),
        N_("It is not your fault. Wait a moment and try again."),
    ),
    503: (
        N_("Please try again soon"),
        N_("The server is busy just now. Wait a moment and try again."),
    ),
}
CSRF_TEXTS = (
    N_("The page was open too long"),
    N_("For your safety, the form has expired. Go back, reload the page and send again."),
)


def _texts(status: int) -> tuple[str, str]:
    fallback = PAGE_TEXTS[500] if status >= 500 else PAGE_TEXTS[400]
    return PAGE_TEXTS.get(status, fallback)


def _way_back(status: int) -> tuple[str, str]:
    """Back to the café a participant was in (its join page), else to the front page."""
    join_code = (request.view_args or {}).get("join_code")
    if status != 404 and isinstance(join_code, str) and join_code.isalnum():
        return url_for("participant.join_page", join_code=join_code), gettext("Back to the café")
    return url_for("facilitator.home"), gettext("Go to the front page")


def error_page(status: int, *, message: str | None = None, heading: str | None = None) -> str:
    """The error page for ``status``; a domain error's own message replaces the general one."""
    default_heading, default_message = _texts(status)
    back_url, back_label = _way_back(status)
    return render_template(
        "error.html",
        status=status,
        heading=heading or gettext(default_heading),
        message=message or gettext(default_message),
        back_url=back_url,
        back_label=back_label,
    )


def _domain_error(error: errors.DomainError) -> tuple[ErrorBody, int]:
    if wants_json():
        return error_body(error), error.status
    return error_page(error.status, message=describe(error)), error.status


def _database_unavailable(error: Exception) -> tuple[ErrorBody, int]:
    """The database refused or could not be reached (locked, gone, disk full): nothing was
    stored and the same request may be sent again, so 503 ``unavailable``, not a 500."""
    # The statement's parameters are never in the error (database.py: hide_parameters).
    current_app.logger.warning(
        "Database unavailable: %s", error, extra={"event": "database_unavailable"}
    )
    if wants_json():  # a phone's script or a program: it sends the same request again
        return _domain_error(errors.Unavailable())
    return error_page(errors.Unavailable.status), errors.Unavailable.status  # "try again soon"


def _rate_limited(error: errors.RateLimited) -> tuple[ErrorBody, int, dict[str, str]]:
    """429 with ``Retry-After``: JSON with ``retry_after`` for programs, a page for people."""
    headers = {"Retry-After": str(error.retry_after)}
    if wants_json():
        return error_body(error), error.status, headers
    return error_page(error.status, message=describe(error)), error.status, headers


def _limit_exceeded(error: RateLimitExceeded) -> tuple[ErrorBody, int, dict[str, str]]:
    metrics.current().rate_limited("http", limits.limit_name(error))
    return _rate_limited(limits.refusal())


def _csrf_error(error: CSRFError) -> tuple[ErrorBody, int]:
    status = error.code or 400
    if wants_json():
        return _http_json(error), status
    heading, message = CSRF_TEXTS
    return error_page(status, heading=gettext(heading), message=gettext(message)), status


def _http_json(error: HTTPException) -> dict[str, Any]:
    return {"error": error.description, "code": error.name.lower().replace(" ", "_")}


def _http_error(error: HTTPException) -> tuple[ErrorBody, int]:
    """Any other HTTP error (404, 405, 413, an unhandled fault's 500 ...)."""
    status = error.code or 500
    if wants_json():
        return _http_json(error), status
    return error_page(status), status


def init_app(app: Flask) -> None:
    """Map every failure to its answer: domain errors, limits, CSRF, HTTP, the database."""
    app.register_error_handler(errors.DomainError, _domain_error)
    app.register_error_handler(errors.RateLimited, _rate_limited)
    app.register_error_handler(RateLimitExceeded, _limit_exceeded)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    for unreachable in (OperationalError, InterfaceError):
        app.register_error_handler(unreachable, _database_unavailable)
