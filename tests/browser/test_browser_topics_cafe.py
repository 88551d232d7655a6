"""A two-round café in "topics" mode, in real Chromium: a facilitator's laptop and three phones.

The facilitator makes the session with the web form; the phones join through the link the
QR code encodes; inputs reach the people at the same table (and only them) and the
facilitator at once; round 2 changes the question on every phone without a reload; the
downloaded Markdown report holds every input.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import (
    create_session_in_form,
    post,
    post_with_text,
    posts,
    qr_encodes,
    start_next_round,
    table_card,
)
from tests.browser.helpers import join_as as join

pytestmark = pytest.mark.browser

TOPICS = [
    "Hva gjør et hjem trygt?",
    "Hvem spør du om hjelp i oppgangen?",
    "Hva vil du endre i fellesarealene?",
]


def _topic(page: Page) -> str:
    return (page.locator("[data-topic]").text_content() or "").strip()


def test_two_round_topics_cafe(open_page: OpenPage, tmp_path: Path) -> None:
    facilitator = open_page("facilitator", logged_in=True)
    cafe = create_session_in_form(
        facilitator,
        title="Trivsel i borettslaget",
        topics=TOPICS,
        tables=3,
        rounds=2,
        minutes=15,
    )
    # The link shown (and encoded in the QR code) is the join page for the code.
    assert cafe.join_link.endswith(f"/j/{cafe.join_code}")
    qr = facilitator.request.get(f"/j/{cafe.join_code}/qr.svg")
    assert qr.ok
    assert qr.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in qr.text()
    assert qr_encodes(qr.text(), cafe.join_link), "the QR code should encode the join link"
    qr_image = facilitator.locator("img.qr")
    expect(qr_image).to_have_attribute("src", re.compile(rf"/j/{cafe.join_code}/qr\.svg$"))
    assert facilitator.evaluate(
        "(img) => img.complete && img.naturalWidth > 0", qr_image.element_handle()
    )

    kari, ola, aisha = open_page(), open_page(), open_page()
    assert join(kari, cafe.join_link, "Kari", table=1) == 1
    assert join(ola, cafe.join_link, "Ola", table=1) == 1
    assert join(aisha, cafe.join_link, "Aisha", table=2) == 2
    for phone in (kari, ola, aisha):
        expect(phone.locator("[data-compose]")).to_be_hidden()
    expect(table_card(facilitator, 1).locator("[data-people]")).to_have_text("2")
    expect(table_card(facilitator, 2).locator("[data-people]")).to_have_text("1")

    # Round 1: the write box opens on every phone without a reload.
    start_next_round(facilitator, 1)
    for phone in (kari, ola, aisha):
        expect(phone.locator("[data-compose]")).to_be_visible()
    round_one_topics = {phone: _topic(phone) for phone in (kari, ola, aisha)}
    assert round_one_topics[kari] == TOPICS[0]
    assert round_one_topics[aisha] == TOPICS[1]

    texts = {
        "kari-1": "Å kjenne naboene gjør meg trygg.",
        "aisha-1": "Lys i oppgangen om kvelden.",
        "ola-1": "Vaktmesteren svarer alltid.",
    }
    post(kari, texts["kari-1"])
    expect(post_with_text(ola, texts["kari-1"])).to_have_count(1)
    post(aisha, texts["aisha-1"])
    post(ola, texts["ola-1"])
    # Kari heard Ola (who posted after Aisha), so Aisha's input would have arrived by now
    # had it been sent to table 1: each table hears only itself.
    expect(post_with_text(kari, texts["ola-1"])).to_have_count(1)
    expect(posts(kari)).to_have_count(2)
    expect(posts(ola)).to_have_count(2)
    expect(posts(aisha)).to_have_count(1)
    expect(post_with_text(aisha, texts["aisha-1"])).to_have_count(1)
    # The facilitator sees every table, live.
    expect(table_card(facilitator, 1).locator(".post")).to_have_count(2)
    expect(table_card(facilitator, 2).locator(".post")).to_have_count(1)
    expect(post_with_text(table_card(facilitator, 2), texts["aisha-1"])).to_have_count(1)
    expect(table_card(facilitator, 1).locator("[data-count]")).to_have_text("2")

    # Round 2: the questions move on; the phones change without a reload.
    for phone in (kari, ola, aisha):
        phone.evaluate("window.__sameDocument = true")
    start_next_round(facilitator, 2)
    for phone in (kari, ola, aisha):
        expect(phone.locator("[data-topic]")).not_to_have_text(round_one_topics[phone])
        expect(phone.locator("[data-round-alert]")).to_be_visible()
        assert phone.evaluate("window.__sameDocument === true"), "the phone reloaded"
    assert _topic(kari) == _topic(ola) == TOPICS[1]
    assert _topic(aisha) == TOPICS[2]
    expect(table_card(facilitator, 1).locator("[data-topic]")).to_have_text(TOPICS[1])
    # Round 1's inputs move to "earlier rounds"; the round-2 list starts empty.
    expect(posts(kari)).to_have_count(0)
    expect(post_with_text(kari.locator("[data-earlier-posts]"), texts["kari-1"])).to_have_count(1)

    texts["kari-2"] = "Et felles verksted i kjelleren."
    texts["aisha-2"] = "Benker i gården, og mer grønt."
    post(kari, texts["kari-2"])
    post(aisha, texts["aisha-2"])
    expect(post_with_text(ola, texts["kari-2"])).to_have_count(1)
    expect(post_with_text(table_card(facilitator, 2), texts["aisha-2"])).to_have_count(1)

    # The downloaded report holds every input and every question that was discussed.
    facilitator.locator("#downloads:not([open]) > summary").click()  # a folded panel
    with facilitator.expect_download() as download_info:
        facilitator.locator("#downloads a[href$='export.md']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".md")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    report = saved.read_text(encoding="utf-8")
    for text in texts.values():
        assert report.count(text) == 1, f"{text!r} should be in the report exactly once"
    for topic in TOPICS:
        assert topic in report
    assert "Trivsel i borettslaget" in report
