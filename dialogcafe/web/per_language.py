"""Parts of a page that depend on nothing but its language, rendered once per language.

The texts a live page's script shows (``_i18n_data.html``: sixty translated strings as
JSON) were translated and encoded again for every page view; they change only with the
language (the catalogues are compiled before the server starts), so the first page in a
language renders them and the rest reuse the result.
"""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import get_locale
from markupsafe import Markup

from dialogcafe.web.template_gettext import bound_gettext

CACHE_KEY = "dialogcafe.per_language"  # app.extensions: {(template, locale): Markup}


def per_language(template: str) -> Markup:
    """``template`` rendered in the request's language (a Jinja global)."""
    rendered: dict[tuple[str, str], Markup] = current_app.extensions[CACHE_KEY]
    key = (template, str(get_locale()))
    if key not in rendered:
        page = current_app.jinja_env.get_template(template)
        rendered[key] = Markup(page.render(bound_gettext()))
    return rendered[key]


def init_app(app: Flask) -> None:
    app.extensions[CACHE_KEY] = {}
    app.add_template_global(per_language)
