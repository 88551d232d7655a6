"""A phone's question language: its own choice (a cookie), else the interface language,
else the browser's languages, else the original (domain/translations.py decides).

The choice only changes which translation of the question is shown, never the interface
language; a plain form sets it without JavaScript, features/question_language.js with.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, request, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response

from dialogcafe.domain import translations
from dialogcafe.services import pages
from dialogcafe.web import limits
from dialogcafe.web.edge import served_over_https

QUESTION_LANGUAGE_COOKIE = "dialogcafe_qlang"
MAX_BROWSER_LANGUAGES = 8  # of Accept-Language, in its order
bp = Blueprint("question_language", __name__)


def question_languages() -> list[str]:
    """The languages this request wants the question in, best first (without its own choice)."""
    browser = [tag for tag, quality in request.accept_languages if quality > 0]
    return translations.wanted_languages(
        chosen=None,
        interface=str(get_locale() or ""),
        browser=browser[:MAX_BROWSER_LANGUAGES],
        original=current_app.config["BABEL_DEFAULT_LOCALE"],
    )


def chosen_question_language() -> str | None:
    return translations.chosen_language(request.cookies.get(QUESTION_LANGUAGE_COOKIE))


def question_choice(offered: list[str]) -> dict[str, Any]:
    """What a phone's page needs: the languages wanted (its choice, else the request's),
    the choice itself, the café's languages named in themselves, the original's language."""
    chosen = chosen_question_language()
    return {
        "wanted": [chosen] if chosen else question_languages(),
        "chosen": chosen or "",
        "offered": [(tag, translations.language_name(tag)) for tag in offered],
        "original_language": current_app.config["BABEL_DEFAULT_LOCALE"],
    }


def shown_question(text: str, by_language: dict[str, str], wanted: list[str]) -> dict[str, Any]:
    """The question as the phone shows it: the translation (with its language and
    direction) and the original, or the original alone."""
    chosen = translations.choose(text, by_language if text else {}, wanted)
    return {
        "text": chosen.text,
        "language": chosen.language,
        "original": text if chosen.language else None,
    }


@bp.post("/j/<join_code>/question-language")
@limits.join_code_tries
def choose_question_language(join_code: str) -> Response:
    """Remember the question language on this device for a year ("" = automatic)."""
    code = pages.join_code_of(join_code)
    response = redirect(url_for("participant.join_page", join_code=code) + "#question")
    remember_question_language(response, request.form.get("language", ""))
    return response


def remember_question_language(response: Response, value: object) -> None:
    """Set (or, for "" or no code, clear) the device's question language on ``response``."""
    chosen = translations.chosen_language(value)
    if chosen is None:
        response.delete_cookie(QUESTION_LANGUAGE_COOKIE)
    else:
        response.set_cookie(
            QUESTION_LANGUAGE_COOKIE,
            chosen,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=False,  # features/question_language.js sets and reads it too
            secure=served_over_https(),
        )
