"""The report's details: set on the new-session form and the API, changed until closing,
and printed on the Word and PDF reports' title page."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from pypdf import PdfReader

Bearer = Callable[[str], dict[str, str]]
DETAILS = {
    "event_date": "2026-12-01",
    "place": "Fjellsiden bydelshus",
    "organiser": "Bergen kommune",
    "purpose": "Høre beboerne før boligplanen",
    "anonymous_report": True,
}


def test_the_api_takes_the_details_and_changes_them_until_closing(
    client: Any, host: str, bearer: Bearer, make_session: Callable[..., dict[str, Any]]
) -> None:
    created = make_session(host, **DETAILS)
    assert {key: created[key] for key in DETAILS} == DETAILS
    url = f"/api/sessions/{created['id']}"
    changed = client.patch(
        url, json={"place": "  Bergen\n rådhus ", "event_date": None}, headers=bearer(host)
    )
    assert changed.status_code == 200
    assert (changed.json["place"], changed.json["event_date"]) == ("Bergen rådhus", None)
    assert client.get(url, headers=bearer(host)).json["organiser"] == "Bergen kommune"

    wrong = client.patch(url, json={"event_date": "1. desember"}, headers=bearer(host))
    assert (wrong.status_code, wrong.json["code"], wrong.json["field"]) == (
        400,
        "invalid_field",
        "event_date",
    )
    too_long = client.patch(url, json={"organiser": "x" * 201}, headers=bearer(host))
    assert too_long.status_code == 400

    assert client.post(f"{url}/close", headers=bearer(host)).status_code == 200
    final = client.patch(url, json={"purpose": "Nytt formål"}, headers=bearer(host))
    assert (final.status_code, final.json["code"]) == (409, "session_closed")


def test_the_pdf_download_has_the_title_page(
    client: Any,
    host: str,
    bearer: Bearer,
    make_session: Callable[..., dict[str, Any]],
    english: None,
) -> None:
    cafe = make_session(host, **DETAILS)
    response = client.get(f"/api/sessions/{cafe['id']}/export.pdf", headers=bearer(host))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    first = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "1 December 2026" in first and "Fjellsiden bydelshus" in first


def test_the_forms_set_and_change_the_details(
    client: Any, auth: Any, host: str, bearer: Bearer
) -> None:
    assert auth.login("host@example.no").status_code == 302
    form = {
        "title": "Et trygt hjem",
        "topics": "Trygg bolig",
        "tables": "2",
        "rounds": "1",
        "round_minutes": "20",
        "rotation": "topics",
        "event_date": "2026-12-01",
        "place": "Bydelshuset",
        "organiser": "",
        "purpose": "",
        "anonymous_report": "1",
    }
    created = client.post("/sessions/new", data=form)
    assert created.status_code == 302
    page = created.headers["Location"]
    api = "/api" + page
    stored = client.get(api, headers=bearer(host)).json
    assert (stored["event_date"], stored["place"], stored["anonymous_report"]) == (
        "2026-12-01",
        "Bydelshuset",
        True,
    )
    assert 'name="place" maxlength="200" value="Bydelshuset"' in client.get(page).get_data(
        as_text=True
    )
    details = {"event_date": "", "place": "Rådhuset", "organiser": "Bergen kommune", "purpose": ""}
    saved = client.post(f"{page}/report-details", data=details)  # the box unticked: off
    assert saved.status_code == 302
    stored = client.get(api, headers=bearer(host)).json
    assert (stored["event_date"], stored["place"], stored["anonymous_report"]) == (
        None,
        "Rådhuset",
        False,
    )
    refused = client.post(f"{page}/report-details", data={**details, "event_date": "i går"})
    assert refused.status_code == 302
    assert "må være en dato skrevet ÅÅÅÅ-MM-DD" in client.get(page).get_data(as_text=True)
