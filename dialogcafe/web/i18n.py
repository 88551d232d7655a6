"""Language choice: the person's pick, else their browser's languages, else bokmål.

Full languages (``LANGUAGES``) serve every page. Participant languages
(``PARTICIPANT_LANGUAGES``) translate only what a participant meets
(scripts/participant_messages.py), so only participant pages, the error pages they reach and
a phone's socket answers offer them; elsewhere such a choice is passed over as if unset, and
the browser's languages choose among the full ones (docs/translations.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from babel import Locale
from flask import Blueprint, current_app, redirect, request
from werkzeug.wrappers import Response

from dialogcafe.web.edge import served_over_https

LANGUAGE_COOKIE = "dialogcafe_lang"
# Browsers set to Norwegian ("no") read bokmål; nynorsk reads bokmål where nn is not offered.
LANGUAGE_ALIASES = {"no": "nb", "nn": "nb"}
# Where participant languages are offered: the phone's pages (join, table, posting without
# JavaScript, a wrong code) and the front page, where a participant types the code.
PARTICIPANT_BLUEPRINTS = frozenset({"participant"})
PARTICIPANT_ENDPOINTS = frozenset({"facilitator.home"})
# A socket's answers (acks, a refused connection) follow the ``lang`` its page sends along
# (static/js/core/socket.js): a phone's in its participant language, a facilitator's in theirs.
SOCKET_PATH = "/socket.io"
bp = Blueprint("i18n", __name__)


def all_languages() -> dict[str, str]:
    """Every language code the app has a catalogue for → its name in that language."""
    return {**current_app.config["LANGUAGES"], **current_app.config["PARTICIPANT_LANGUAGES"]}


def participant_request() -> bool:
    """Whether this request is one a participant makes (its pages, errors, socket)."""
    return (
        request.blueprint in PARTICIPANT_BLUEPRINTS
        or request.endpoint in PARTICIPANT_ENDPOINTS
        or request.path.startswith(SOCKET_PATH)
    )


def languages() -> dict[str, str]:
    """The languages this request may be in (code → name in that language), in the
    switch's order: full languages first, then the participant ones on participant pages."""
    if participant_request():
        return all_languages()
    full: dict[str, str] = current_app.config["LANGUAGES"]
    return full


def text_direction(locale: Locale | None) -> str:
    """``rtl`` for a right-to-left interface language (Arabic, and Persian, Hebrew or Urdu
    if ever added), else ``ltr``; Babel's CLDR data knows each language's direction."""
    return "rtl" if locale is not None and locale.text_direction == "rtl" else "ltr"


def selected_locale() -> str:
    """A ``?lang=`` on the URL wins, then the remembered choice, then the browser's
    ``Accept-Language``, then the default (nb)."""
    offered = languages()
    for choice in (request.args.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if choice is not None and choice in offered:
            return choice
    return browser_locale(offered) or current_app.config["BABEL_DEFAULT_LOCALE"]


def browser_locale(languages: Mapping[str, str]) -> str | None:
    """The supported language the browser prefers most: ``en-GB`` → en, ``nn-NO`` → nn.

    Languages are tried in the browser's order, by their main tag; a tag we do not offer
    tries its alias, so ``no`` reads bokmål, and so does nynorsk on a server without nn
    (rather than the English a browser may list after it).
    """
    for tag, quality in request.accept_languages:
        if quality <= 0:
            continue
        code = tag.replace("_", "-").split("-")[0].lower()
        for candidate in (code, LANGUAGE_ALIASES.get(code)):
            if candidate in languages:
                return candidate
    return None


def safe_next(target: str | None) -> str:
    """Only same-site paths: a language link must not become an open redirect."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.netloc == request.host and parts.scheme in ("http", "https"):
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@bp.get("/lang/<code>")
def choose_language(code: str) -> Response:
    """Remember the language for a year and go back to the page the person was on."""
    response = redirect(safe_next(request.args.get("next")))
    if code in all_languages():  # a participant language too: pages that lack it pass it over
        response.set_cookie(
            LANGUAGE_COOKIE,
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=served_over_https(),  # like the session cookie: never over plain http
        )
    return response


def short_language_names() -> dict[str, str]:
    """Language code → the switch's word on a narrow phone ("Nynorsk"); the full name where
    no short one is set."""
    short: Mapping[str, str] = current_app.config.get("LANGUAGE_SHORT_NAMES") or {}
    return {code: short.get(code, name) for code, name in languages().items()}


@bp.after_app_request
def vary_on_language(response: Response) -> Response:
    """A page's language depends on these headers: shared caches must keep them apart
    (static files are the same in every language)."""
    if request.endpoint not in ("static", "plain_static"):
        response.vary.update(("Accept-Language", "Cookie"))
    return response
