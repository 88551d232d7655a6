"""An organiser with reader rights downloads a project's combined report (issue 15).

Three cafés of one series run on the real server, with phones posting over Socket.IO: two
ask the same question, one is anonymous and one has an input the facilitator hid. The
organiser has their own account, is a reader of the project only, and downloads the report
from the project page in a browser. The JSON holds every café, every question and every
visible input exactly once, no hidden text and no nickname from the anonymous café; the
Word file has the same inputs and no nickname from the anonymous café either.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from typing import Any

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import axe_check
from tests.e2e.support import ApiClient, RecordingClient, ServerProcess, join

pytestmark = pytest.mark.browser
SHARED = "Hva er et godt hjem?"
PASSWORD = "organisatorens passord"


def _cafe(api: ApiClient, title: str, topics: list[str], **details: Any) -> dict[str, Any]:
    cafe = api.post_json(
        "/api/sessions",
        {"title": title, "tables": 2, "topics": topics, "rounds": 1, "round_minutes": 10},
        expect=201,
    )
    if details:
        api.request("PATCH", f"/api/sessions/{cafe['id']}", json=details)
    api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")
    return dict(cafe)


def _post(server: ServerProcess, cafe: dict[str, Any], nickname: str, table: int, text: str) -> int:
    phone = RecordingClient(f"{nickname}-{table}")
    phone.connect(server.url, {"token": join(server, cafe["join_code"], table, nickname)})
    try:
        ack = phone.call("post", {"client_id": uuid.uuid4().hex, "text": text})
    finally:
        phone.disconnect()
    assert ack["ok"], ack
    return int(ack["post"]["id"])


def _inputs(summary: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        item
        for table in summary["tables"]
        for section in table["rounds"]
        for item in section["inputs"]
    ]


def test_an_organiser_downloads_the_combined_report_of_three_cafes(
    open_page: OpenPage, api: ApiClient, server: ServerProcess
) -> None:
    tag = uuid.uuid4().hex[:6]
    cafes = [
        _cafe(
            api,
            f"Grünerløkka {tag}",
            [SHARED, "Hva trenger du fra naboene?"],
            place="Grünerløkka",
            target_group="Unge voksne",
        ),
        _cafe(api, f"Tøyen {tag}", [SHARED], place="Tøyen", target_group="Eldre"),
        _cafe(
            api,
            f"Rusomsorg {tag}",
            ["Hva hjelper deg å bo trygt?"],
            target_group="Rusomsorg",
            anonymous_report=True,
        ),
    ]
    written = {
        cafes[0]["id"]: [("Mona", 1, "Lys i trappa"), ("Per", 2, "Å kjenne naboene")],
        cafes[1]["id"]: [("Ali", 1, "Et sted å være sammen"), ("Eva", 2, "Lave husleier")],
        cafes[2]["id"]: [("Hemmelig Navn", 1, "Ro om natta"), ("Hemmelig Navn", 2, "Skjult tekst")],
    }
    ids = {
        (cafe["id"], text): _post(server, cafe, who, table, text)
        for cafe in cafes
        for who, table, text in written[cafe["id"]]
    }
    hidden = ids[(cafes[2]["id"], "Skjult tekst")]
    api.post_json(f"/api/sessions/{cafes[2]['id']}/posts/{hidden}/hide", {"reason": "Test"})

    project = api.post_json("/api/projects", {"name": f"Bolig for velferd {tag}"}, expect=201)
    for cafe in cafes:
        api.request("PUT", f"/api/projects/{project['id']}/sessions/{cafe['id']}")

    # The organiser makes an account and is let into the project as a reader.
    email = f"organisator-{tag}@example.no"
    organiser = open_page("facilitator", "nb")
    organiser.goto("/signup")
    organiser.fill("#email", email)
    organiser.fill("#password", PASSWORD)
    organiser.locator("main form button[type=submit]").click()
    expect(organiser).to_have_url(re.compile(r"/sessions$"))
    api.post_json(
        f"/api/projects/{project['id']}/members", {"email": email, "role": "reader"}, expect=201
    )

    organiser.goto(f"/projects/{project['id']}")
    for cafe in cafes:
        expect(organiser.locator("main")).to_contain_text(cafe["title"])
    expect(organiser.locator("main form")).to_have_count(0)  # a reader changes nothing
    axe_check(organiser, "project page, reader")

    with organiser.expect_download() as download:
        organiser.locator("a[href$='/export.json']").click()
    report = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert [cafe["title"] for cafe in report["cafes"]] == [cafe["title"] for cafe in cafes]
    assert [question["text"] for question in report["shared_questions"]] == [SHARED]
    for cafe, entry in zip(cafes, report["cafes"], strict=True):
        summary = entry["summary"]
        expected = {text for _, _, text in written[cafe["id"]]} - {"Skjult tekst"}
        texts = [item["text"] for item in _inputs(summary)]
        assert sorted(texts) == sorted(expected)  # every visible input, once
        assert set(summary["session"]["topics"]) == set(
            api.request("GET", f"/api/sessions/{cafe['id']}").json()["topics"]
        )
    text = json.dumps(report, ensure_ascii=False)
    assert "Skjult tekst" not in text and "Hemmelig Navn" not in text
    assert report["cafes"][2]["anonymous"] is True
    groups = {group["target_group"]: group for group in report["target_groups"]}
    assert groups["Eldre"]["input_count"] == 2 and groups["Rusomsorg"]["input_count"] == 1

    with organiser.expect_download() as download:
        organiser.locator("a[href$='/export.docx']").click()
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    words = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    for cafe in cafes:
        assert cafe["title"] in words
        for _, _, written_text in written[cafe["id"]]:
            assert (written_text in words) == (written_text != "Skjult tekst")
    assert "Hemmelig Navn" not in words

    # Someone outside the project gets nothing, and the reader cannot change the project.
    stranger = ApiClient(server.url)
    try:
        stranger.request("GET", f"/api/projects/{project['id']}/export.json", expect=401)
    finally:
        stranger.close()
    reader_api = ApiClient(server.url)
    try:
        reader_api.log_in(email, PASSWORD)
        reader_api.request("GET", f"/api/projects/{project['id']}/export.xlsx")
        reader_api.request(
            "PATCH", f"/api/projects/{project['id']}", json={"name": "Nytt navn"}, expect=403
        )
    finally:
        reader_api.close()
