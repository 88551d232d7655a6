"""A page's ``_()``, ``gettext`` and ``ngettext`` bound to its translations once per render.

Flask-Babel's Jinja callables look the request's locale and catalogue up again for every
string (several context-local look-ups each); a phone's page has about a hundred strings,
and in a join storm that was a tenth of the server's time per arriving phone
(``bench/join_path.py``). A context processor hands every render the callables bound to
the catalogue it would get anyway (``force_locale`` included, as it is read at render
time); Jinja resolves ``gettext`` from the render's context before the environment's, so
``_()`` and ``{% trans %}`` use them. Macros imported without context keep Flask-Babel's,
which give the same text. Same semantics as Jinja's "newstyle" gettext: the text is a
``%`` format string, marked safe when autoescaping.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup


def _newstyle(translate: Callable[[str], str]) -> Callable[..., str]:
    @pass_context
    def gettext(context: Context, message: str, /, **variables: Any) -> str:
        text = translate(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return gettext


def _newstyle_plural(translate: Callable[[str, str, int], str]) -> Callable[..., str]:
    @pass_context
    def ngettext(
        context: Context, singular: str, plural: str, count: int, /, **variables: Any
    ) -> str:
        variables.setdefault("num", count)
        text = translate(singular, plural, count)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return ngettext


def bound_gettext() -> dict[str, object]:
    """The render's ``gettext`` and ``ngettext`` (context processor)."""
    translations = get_translations()
    return {
        "gettext": _newstyle(translations.ugettext),
        "ngettext": _newstyle_plural(translations.ungettext),
    }
