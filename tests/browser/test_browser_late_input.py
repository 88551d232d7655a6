"""Nothing written is lost at a phase change: an input written offline before the harvest
arrives late in its round; one written before the close stays in the write box.

The phone keeps the round it wrote the input in with the outbox item (core/outbox.js); the
server stores it late in that round, or, once the café is closed, refuses it and the phone
puts the text back where it was written (features/compose.js).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import expect_live, join_as, outbox_size, post_with_text, write
from tests.e2e.support import ApiClient

pytestmark = pytest.mark.browser

OFFLINE = re.compile(r"\bis-offline\b")
PENDING = re.compile(r"\bis-pending\b")


def _cafe(api: ApiClient, title: str) -> dict[str, Any]:
    cafe: dict[str, Any] = api.post_json(
        "/api/sessions",
        {"title": title, "tables": 2, "topics": ["Hva nå?"], "rounds": 2, "round_minutes": 15},
        expect=201,
    )
    api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")
    return cafe


def _write_offline(phone: Page, join_code: str, text: str) -> None:
    """The phone loses the network, then its owner writes and presses Send ("Sender …")."""
    phone.context.set_offline(True)
    expect(phone.locator("[data-connection]")).to_have_class(OFFLINE)
    write(phone, text)
    expect(post_with_text(phone.locator("[data-posts]"), text)).to_have_class(PENDING)
    outbox = phone.evaluate(
        "(key) => JSON.parse(localStorage.getItem(key))", f"dialogcafe:{join_code}:outbox"
    )
    assert [(item["text"], item["round"]) for item in outbox] == [(text, 1)]


def test_an_input_sent_offline_before_the_harvest_arrives_late(
    open_page: OpenPage, api: ApiClient
) -> None:
    cafe = _cafe(api, "Sent men med")
    author, neighbour = open_page(lang="en"), open_page(lang="en")
    join_as(author, cafe["join_code"], "Per", table=1)
    join_as(neighbour, cafe["join_code"], "Siri", table=1)
    text = "Skrevet i heisen før høstingen."
    _write_offline(author, cafe["join_code"], text)

    api.post_json(f"/api/sessions/{cafe['id']}/harvest")
    author.context.set_offline(False)
    expect_live(author)

    arrived = post_with_text(author, text)
    expect(arrived).to_have_count(1)
    expect(arrived).not_to_have_class(PENDING)
    expect(arrived.locator(".post-meta")).to_contain_text("sent late")
    expect(author.locator("[data-compose-error]")).to_be_hidden()
    assert outbox_size(author, cafe["join_code"]) == 0
    expect(post_with_text(neighbour, text).locator(".post-meta")).to_contain_text("sent late")

    export = api.request("GET", f"/api/sessions/{cafe['id']}/export.json").json()
    (item,) = export["tables"][0]["rounds"][0]["inputs"]
    assert (item["text"], item["round"], item["late"]) == (text, 1, True)
    markdown = api.request("GET", f"/api/sessions/{cafe['id']}/export.md?lang=en").text
    assert "Skrevet i heisen før høstingen." in markdown and "sent late" in markdown


def test_in_a_closed_cafe_the_text_stays_in_the_write_box(
    open_page: OpenPage, api: ApiClient, tmp_path: Path
) -> None:
    cafe = _cafe(api, "Stengt for tidlig")
    phone = open_page(lang="en")
    join_as(phone, cafe["join_code"], "Kari", table=2)
    text = "Dette skrev jeg før kaféen stengte."
    _write_offline(phone, cafe["join_code"], text)

    api.post_json(f"/api/sessions/{cafe['id']}/close")
    phone.context.set_offline(False)
    expect_live(phone)

    expect(phone.locator("#text")).to_be_visible()
    expect(phone.locator("#text")).to_have_value(text)
    message = phone.locator("[data-compose-error]")
    expect(message).to_have_text("The café is closed. Your text is kept here so you can copy it.")
    expect(phone.locator("[data-compose] button[type=submit]")).to_be_hidden()
    expect(post_with_text(phone, text)).to_have_count(0)  # not shown as sent
    assert outbox_size(phone, cafe["join_code"]) == 0
    expect(phone.locator("[data-round-label]")).to_have_text("The café is over.")
    expect(phone.locator("[data-timer]")).to_be_hidden()
    phone.evaluate("window.scrollTo(0, 0)")
    phone.screenshot(path=str(tmp_path / "13F-closed.png"))
    print(json.dumps({"screenshots": str(tmp_path)}))

    phone.reload()  # the text was kept as the draft: a reload keeps it in the box
    expect_live(phone)
    expect(phone.locator("#text")).to_have_value(text)
    expect(message).to_be_visible()
