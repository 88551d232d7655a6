"""Every error a person meets is a page in their language with a way back; programs (the
API, scripts asking for JSON) keep the JSON error shape."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

Headers = dict[str, str]


def heading(page: str) -> str:
    match = re.search(r"<h1[^>]*>([^<]*)</h1>", page)
    assert match is not None
    return match.group(1).strip()


def way_back(page: str) -> str:
    match = re.search(r'<a class="button button-primary button-large" href="([^"]*)"', page)
    assert match is not None
    return match.group(1)


@pytest.mark.parametrize(
    ("headers", "lang", "title", "back"),
    [
        ({}, "nb", "Vi finner ikke denne siden", "Gå til forsiden"),
        ({"Accept-Language": "en-GB"}, "en", "We cannot find this page", "Go to the front page"),
        ({"Accept-Language": "nb-NO"}, "nb", "Vi finner ikke denne siden", "Gå til forsiden"),
    ],
)
def test_the_404_page_is_in_the_negotiated_language(
    client: Any, headers: Headers, lang: str, title: str, back: str
) -> None:
    response = client.get("/no/such/page", headers=headers)
    assert response.status_code == 404 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert heading(page) == title
    assert back in page and way_back(page) == "/"
    assert "Not Found" not in page and "The requested URL" not in page  # werkzeug's English


def test_the_language_switch_wins_on_error_pages_too(client: Any) -> None:
    client.get("/lang/en?next=/")
    page = client.get("/nowhere", headers={"Accept-Language": "nb"}).get_data(as_text=True)
    assert heading(page) == "We cannot find this page"


def test_an_unknown_join_code_is_a_plain_404_page(client: Any) -> None:
    response = client.get("/j/ZZZZZ2", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "No café has that code. Check the code and try again." in page
    assert way_back(page) == "/"


def test_method_not_allowed_is_translated(client: Any) -> None:
    response = client.delete("/")
    assert response.status_code == 405
    page = response.get_data(as_text=True)
    assert heading(page) == "Det gikk ikke"
    assert "Siden kan ikke brukes på den måten." in page


def test_a_too_large_form_is_translated(client: Any, cafe: dict[str, Any]) -> None:
    response = client.post(f"/j/{cafe['join_code']}", data={"nickname": "x" * 300_000})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert heading(page) == "For mye på en gang"
    # A participant's failure leads back to their café's page, not the front page.
    assert way_back(page) == f"/j/{cafe['join_code']}"
    assert "Tilbake til kaféen" in page


def test_a_missing_csrf_token_is_explained(csrf_app: Any) -> None:
    response = csrf_app.test_client().post("/login", data={"email": "a@b.no", "password": "x"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert heading(page) == "Siden var åpen for lenge"
    assert "last inn siden på nytt" in page


def test_an_unexpected_fault_is_a_translated_500(build_app: Callable[..., Any]) -> None:
    app = build_app(PROPAGATE_EXCEPTIONS=False)

    def broken() -> str:
        raise RuntimeError("a bug")

    app.add_url_rule("/broken", view_func=broken)
    client = app.test_client()
    response = client.get("/broken", headers={"Accept-Language": "en-GB"})
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert heading(page) == "Something went wrong on our side"
    assert "It is not your fault." in page and "a bug" not in page
    nb = client.get("/broken").get_data(as_text=True)
    assert heading(nb) == "Noe gikk galt hos oss"


def test_programs_keep_the_json_error_shape(client: Any, cafe: dict[str, Any]) -> None:
    api = client.get("/api/nothing-here", headers={"Accept-Language": "nb"})
    assert api.status_code == 404 and api.get_json()["code"] == "not_found"
    assert set(api.get_json()) == {"error", "code"}
    asked = client.get("/nowhere", headers={"Accept": "application/json"})
    assert asked.status_code == 404 and asked.get_json()["code"] == "not_found"
    method = client.delete("/api/sessions")
    assert method.status_code == 405 and method.get_json()["code"] == "method_not_allowed"
    large = client.post(
        f"/api/join/{cafe['join_code']}",
        data=json.dumps({"nickname": "x" * 300_000}),
        content_type="application/json",
    )
    assert large.status_code == 413 and large.is_json
    unknown = client.get("/api/sessions/999999", headers={"Accept": "application/json"})
    assert unknown.is_json and "error" in unknown.get_json()
