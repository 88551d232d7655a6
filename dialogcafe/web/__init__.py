"""HTTP edge: blueprints, error pages and security headers."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale
from werkzeug.wrappers import Response

from dialogcafe.extensions import csrf
from dialogcafe.web import (
    accounts,
    api,
    auth,
    error_pages,
    facilitation,
    facilitator,
    health,
    hosting,
    i18n,
    invitations,
    metrics,
    moderation,
    participant,
    projector,
    projects,
    question_language,
    saved_templates,
    themes,
)
from dialogcafe.web.edge import identify_facilitator, served_over_https
from dialogcafe.web.limits import limiter
from dialogcafe.web.request_body import init_app as init_request_body
from dialogcafe.web.template_gettext import bound_gettext

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
HSTS = "max-age=31536000"


def register_web(app: Flask) -> None:
    """Attach blueprints, map domain errors to 4xx answers, and set security headers."""
    pages = (
        i18n.bp,
        auth.bp,
        accounts.bp,
        facilitator.bp,
        participant.bp,
        projector.bp,
        moderation.bp,
        hosting.bp,
        facilitation.bp,
        themes.bp,
        invitations.bp,
        saved_templates.bp,
        projects.bp,
        question_language.bp,
    )
    for blueprint in (*pages, api.bp, health.bp):
        app.register_blueprint(blueprint)
    csrf.exempt(api.bp)  # no API call changes anything on the strength of a cookie
    # Probes (a load balancer every few seconds) change nothing and must never be refused.
    csrf.exempt(health.bp)
    limiter.exempt(health.bp)
    app.before_request(identify_facilitator)  # after the CSRF check, before any view

    error_pages.init_app(app)
    app.after_request(_security_headers)
    metrics.init_app(app)  # GET /metrics, and a count of every response while it is on
    init_request_body(app)  # the body, read whole, before any hook or view
    app.context_processor(_template_globals)
    app.context_processor(bound_gettext)


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if served_over_https():  # browsers then never try plain http for a year
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def _template_globals() -> dict[str, object]:
    locale = get_locale()
    return {
        "current_locale": str(locale),
        "text_direction": i18n.text_direction(locale),
        "languages": i18n.languages(),
        "short_language_names": i18n.short_language_names(),
    }
