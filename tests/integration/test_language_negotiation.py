"""The page language: a ``?lang=`` or the switch's cookie, else the browser's
``Accept-Language`` among the supported languages, else bokmål. Nynorsk is a language of
its own; plain Norwegian (``no``) reads bokmål."""

from __future__ import annotations

from typing import Any

import pytest

ENGLISH_HOME = "Join a dialogue café"
NORWEGIAN_HOME = "Bli med i en dialogkafé"
NYNORSK_HOME = "Bli med i ein dialogkafé"


def home_language(client: Any, accept_language: str | None) -> str:
    headers = {} if accept_language is None else {"Accept-Language": accept_language}
    response = client.get("/", headers=headers)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Accept-Language" in response.headers["Vary"]  # caches keep the languages apart
    if ENGLISH_HOME in page:
        assert '<html lang="en">' in page
        return "en"
    if NYNORSK_HOME in page:
        assert '<html lang="nn">' in page
        return "nn"
    assert NORWEGIAN_HOME in page and '<html lang="nb">' in page
    return "nb"


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("en-GB", "en"),
        ("en-US,en;q=0.9", "en"),
        ("en", "en"),
        ("nb-NO", "nb"),
        ("nb-NO,nb;q=0.9,no;q=0.8,nn;q=0.7,en-US;q=0.6,en;q=0.5", "nb"),
        ("no", "nb"),
        ("no-NO,nn;q=0.8", "nb"),  # plain Norwegian first: bokmål
        ("nn", "nn"),
        ("nn-NO,en;q=0.5", "nn"),
        ("nn-NO,nb;q=0.9,en;q=0.5", "nn"),
        ("en-GB,nn;q=0.5", "en"),
        ("de", "nb"),  # nothing fits: bokmål
        ("de-DE,en;q=0.3", "en"),  # English is the best of what we have
        ("fr, nb;q=0.2", "nb"),
        ("en;q=0", "nb"),  # "not English"
        ("*", "nb"),
        ("", "nb"),
        (None, "nb"),
    ],
)
def test_the_browser_language_chooses_among_the_supported_ones(
    client: Any, accept_language: str | None, expected: str
) -> None:
    assert home_language(client, accept_language) == expected


def test_the_language_switch_wins_over_the_browser(client: Any) -> None:
    assert client.get("/lang/en?next=/").status_code == 302
    assert home_language(client, "nb-NO") == "en"
    assert client.get("/lang/nb?next=/").status_code == 302
    assert home_language(client, "en-GB") == "nb"


def test_the_language_switch_offers_nynorsk(client: Any) -> None:
    assert client.get("/lang/nn?next=/").status_code == 302
    assert home_language(client, "en-GB") == "nn"
    page = client.get("/?lang=en").get_data(as_text=True)
    # The full name, and the short one a narrow phone shows instead (three names must fit).
    assert '<span class="language-long">Norsk nynorsk</span>' in page
    assert '<span class="language-short">Nynorsk</span>' in page
    assert 'lang="en">English<' in page  # no short name set: the name alone


@pytest.mark.parametrize(("accept_language", "expected"), [("nn-NO", "nb"), ("nn,en;q=0.5", "nb")])
def test_nynorsk_reads_bokmal_where_nynorsk_is_not_offered(
    build_app: Any, accept_language: str, expected: str
) -> None:
    app = build_app(LANGUAGES={"nb": "Norsk bokmål", "en": "English"})
    assert home_language(app.test_client(), accept_language) == expected


def test_a_lang_parameter_wins_over_the_browser(client: Any) -> None:
    page = client.get("/?lang=en", headers={"Accept-Language": "nb"}).get_data(as_text=True)
    assert ENGLISH_HOME in page


def test_static_files_do_not_vary_by_language(client: Any) -> None:
    with client.get("/static/css/pages.css") as response:
        assert response.status_code == 200
        assert "Accept-Language" not in response.headers.get("Vary", "")
