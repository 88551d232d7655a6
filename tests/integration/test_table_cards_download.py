"""The table cards over HTTP: the owner's café only, in the page's language, with the link
a phone scans."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from pypdf import PdfReader

Bearer = Callable[[str], dict[str, str]]


def test_the_owner_downloads_a_card_per_table_and_the_poster(
    client: Any, host: str, cafe: dict[str, Any], bearer: Bearer
) -> None:
    response = client.get(f"/api/sessions/{cafe['id']}/cards.pdf", headers=bearer(host))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert f'filename="dialogkafe-{cafe["join_code"]}-table-cards.pdf"' in disposition
    pages = PdfReader(io.BytesIO(response.data)).pages
    assert len(pages) == cafe["tables"] + 1
    first = " ".join(pages[0].extract_text().split())
    assert "Bord 1" in first  # the page's language: bokmål unless chosen otherwise
    assert cafe["topics"][0] in first
    assert f"/j/{cafe['join_code']}" in first


def test_the_cards_follow_the_chosen_language(
    client: Any, host: str, cafe: dict[str, Any], bearer: Bearer, english: None
) -> None:
    response = client.get(f"/api/sessions/{cafe['id']}/cards.pdf", headers=bearer(host))
    assert "Table 1" in PdfReader(io.BytesIO(response.data)).pages[0].extract_text()


def test_nobody_else_gets_the_cards(
    client: Any,
    cafe: dict[str, Any],
    make_facilitator: Callable[..., tuple[int, str]],
    bearer: Bearer,
) -> None:
    _, other = make_facilitator("other@example.no")
    response = client.get(f"/api/sessions/{cafe['id']}/cards.pdf", headers=bearer(other))
    assert response.status_code == 404
    assert response.get_json()["code"] == "unknown_session"
    assert client.get(f"/api/sessions/{cafe['id']}/cards.pdf").status_code == 401
