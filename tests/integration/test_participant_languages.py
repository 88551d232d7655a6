"""Participant-only languages (Polish, Ukrainian, Arabic, Somali): the phone's pages, the
errors a phone meets and its socket answers are in them; facilitators' pages neither offer
them nor fall into them (a Polish cookie there reads as no choice: the browser's full
languages, else bokmål). Arabic pages are right to left."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from dialogcafe.extensions import socketio

# A few stable texts per language: the join button, the write box's label, the phone
# script's "Sent ✓", and the unknown-code error.
WORDS = {
    "pl": ("Dołącz", "Twój wpis", "Wysłano ✓", "Nie ma spotkania z takim kodem."),
    "uk": ("Приєднатися", "Ваш допис", "Надіслано ✓", "Немає зустрічі з таким кодом."),
    "ar": ("انضم", "مشاركتك", "أُرسل ✓", "لا يوجد لقاء بهذا الرمز."),
    "so": ("Ku biir", "Qoraalkaaga", "Waa la diray ✓", "Kulan koodhkaas leh ma jiro."),
}
PARTICIPANT_NAMES = ("Polski", "Українська", "العربية", "Soomaali")


def html_tag(page: str) -> str:
    match = re.search(r"<html[^>]*>", page)
    assert match is not None
    return match.group(0)


def script_texts(page: str) -> dict[str, str]:
    match = re.search(r'<script type="application/json" id="i18n-data">(.*?)</script>', page, re.S)
    assert match is not None
    texts: dict[str, str] = json.loads(match.group(1))
    return texts


def offers_participant_languages(page: str) -> bool:
    return all(name in page for name in PARTICIPANT_NAMES)


@pytest.mark.parametrize("lang", list(WORDS))
def test_the_phone_pages_speak_each_participant_language(
    client: Any, cafe: dict[str, Any], lang: str
) -> None:
    join, your_input, sent, _ = WORDS[lang]
    assert client.get(f"/lang/{lang}?next=/").status_code == 302
    page = client.get(f"/j/{cafe['join_code']}").get_data(as_text=True)
    assert join in page
    assert offers_participant_languages(page)
    direction = ' dir="rtl"' if lang == "ar" else ""
    assert html_tag(page) == f'<html lang="{lang}"{direction}>'

    response = client.post(
        f"/j/{cafe['join_code']}", data={"nickname": "Ania", "table": "1"}, follow_redirects=True
    )
    table = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="table-heading"' in table
    assert your_input in table
    assert script_texts(table)["sent"] == sent
    assert html_tag(table) == f'<html lang="{lang}"{direction}>'


@pytest.mark.parametrize("lang", list(WORDS))
def test_an_unknown_code_is_an_error_page_in_the_participant_language(
    client: Any, lang: str
) -> None:
    response = client.get(f"/j/ZZZZZ2?lang={lang}")
    assert response.status_code == 404
    assert WORDS[lang][3] in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("pl-PL,pl;q=0.9,en;q=0.5", "pl"), ("uk", "uk"), ("ar-SA", "ar"), ("so-SO", "so")],
)
def test_the_browser_language_chooses_a_participant_language_on_the_front_page(
    client: Any, accept_language: str, expected: str
) -> None:
    page = client.get("/", headers={"Accept-Language": accept_language}).get_data(as_text=True)
    assert html_tag(page).startswith(f'<html lang="{expected}"')
    assert offers_participant_languages(page)


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [(None, "nb"), ("pl-PL,en;q=0.5", "en"), ("pl,nb;q=0.8,en;q=0.5", "nb"), ("ar", "nb")],
)
def test_facilitator_pages_pass_a_participant_language_over(
    client: Any, accept_language: str | None, expected: str
) -> None:
    """A Polish cookie (set on a phone page) on the log-in page: the browser's other
    languages choose among the full ones, else bokmål; ``?lang=pl`` is passed over too."""
    client.get("/lang/pl?next=/")
    headers = {} if accept_language is None else {"Accept-Language": accept_language}
    for url in ("/login", "/login?lang=pl"):
        page = client.get(url, headers=headers).get_data(as_text=True)
        assert html_tag(page) == f'<html lang="{expected}">'
        assert not any(name in page for name in PARTICIPANT_NAMES)
        assert "language-menu" not in page  # two or three languages: the plain switch


def test_the_dashboard_offers_only_full_languages(
    client: Any, make_facilitator: Callable[..., tuple[int, str]]
) -> None:
    make_facilitator("lead@example.no", "a long password 1")
    client.post("/login", data={"email": "lead@example.no", "password": "a long password 1"})
    client.get("/lang/ar?next=/")
    response = client.get("/sessions", headers={"Accept-Language": "ar,en;q=0.5"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html_tag(page) == '<html lang="en">'  # no dir="rtl": the page is English
    assert "العربية" not in page


def test_a_phone_socket_answers_in_the_language_its_page_sends(
    app: Any, client: Any, running: dict[str, Any], make_participant: Callable[..., Any]
) -> None:
    person = make_participant(running["join_code"], table=1)
    phone = socketio.test_client(
        app, auth={"token": person["token"]}, query_string="lang=pl", flask_test_client=client
    )
    try:
        ack = phone.emit("post", {"client_id": "client-0001", "text": "  "}, callback=True)
    finally:
        phone.disconnect()
    assert ack["ok"] is False
    assert ack["error"] == "Napisz coś, zanim wyślesz."
