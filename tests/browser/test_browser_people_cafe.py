"""The issue's whole evening in real Chromium: "people move" mode, one facilitator, a
projector and three phones.

Two tables, two rounds. The phones join through the link the projector's QR code encodes;
Kari becomes the host of table 1 with the host code; people write, like, and the host
writes for someone without a phone and sums the round up; the facilitator hides an input
and it leaves every screen; at the round change the others move ("Go to table N") so they
meet new people, and the next group at table 1 reads the host's synthesis; the downloaded
facilitator's message reaches every screen; in the harvest the projector shows the
synthesis and the most-liked input; the report has the right content (and not the
hidden input). axe checks the host tools, the move screen, the moderation page and the
projector's harvest on the way.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import (
    axe_check,
    create_session_in_form,
    expect_live,
    join_as,
    post,
    post_with_text,
    posts,
    qr_encodes,
    start_next_round,
    table_card,
    watch_other_tables,
)

pytestmark = pytest.mark.browser

TOPICS = ["Hva gjør nabolaget trygt?", "Hva savner du i nærmiljøet?"]


def _table_of(phone: Page) -> int:
    """The table the phone says it is at (its heading), read the way a person reads it."""
    heading = phone.locator("#table-heading").text_content() or ""
    match = re.search(r"\d+", heading)
    assert match, f"no table number in {heading!r}"
    return int(match.group())


def test_people_move_cafe_on_every_screen(open_page: OpenPage, tmp_path: Path) -> None:
    facilitator = open_page("facilitator", logged_in=True)
    cafe = create_session_in_form(
        facilitator,
        title="Nabolaget vårt",
        topics=TOPICS,
        tables=2,
        rounds=2,
        minutes=20,
        rotation="people",
    )
    host_code = (facilitator.locator(".host-code").text_content() or "").strip()
    assert host_code

    # The projector shows the QR code and the code while people arrive.
    projector = open_page("projector", logged_in=True)
    projector.goto(f"/sessions/{cafe.id}/projector")
    expect_live(projector)
    expect(projector.locator("[data-view='join']")).to_be_visible()
    expect(projector.locator("[data-join-code]")).to_have_text(cafe.join_code)
    expect(projector.locator("img.projector-qr")).to_have_attribute(
        "src", re.compile(rf"/j/{cafe.join_code}/qr\.svg$")
    )
    qr_link = projector.locator(".projector-url").text_content() or ""
    assert qr_link.strip() == cafe.join_link
    qr_src = projector.locator("img.projector-qr").get_attribute("src") or ""
    assert qr_encodes(projector.request.get(qr_src).text(), cafe.join_link)

    kari, ola, aisha = open_page(), open_page(), open_page()
    join_as(kari, cafe.join_link, "Kari", table=1)
    join_as(ola, cafe.join_link, "Ola", table=1)
    join_as(aisha, cafe.join_link, "Aisha", table=2)
    expect(table_card(facilitator, 1).locator("[data-people]")).to_have_text("2")
    expect(table_card(facilitator, 2).locator("[data-people]")).to_have_text("1")
    # Presence: the facilitator sees who is connected at each table, live.
    expect(table_card(facilitator, 1).locator("[data-connected]")).to_have_text("2")
    expect(table_card(facilitator, 2).locator("[data-connected]")).to_have_text("1")

    # Kari becomes the table host with the code the facilitator gives her.
    kari.locator("[data-become-host] summary").click()
    kari.fill("#host-code", host_code)
    kari.locator("[data-become-host-form] button[type=submit]").click()
    expect(kari.locator("[data-host-tools]")).to_be_visible()
    expect(ola.locator("[data-host-tools]")).to_be_hidden()
    expect(table_card(facilitator, 1).locator("[data-host-name]")).to_have_text("Kari")

    start_next_round(facilitator, 1)
    for phone in (kari, ola, aisha):
        expect(phone.locator("[data-compose]")).to_be_visible()
    expect(kari.locator("[data-topic]")).to_have_text(TOPICS[0])
    expect(aisha.locator("[data-topic]")).to_have_text(TOPICS[1])
    expect(projector.locator("[data-round-label]")).to_contain_text("1")
    # Every screen counts down the same round (the exact second is not asserted).
    for screen in (kari, projector, facilitator):
        expect(screen.locator("[data-timer]").last).to_contain_text(re.compile(r"\b(20|19):\d\d\b"))

    # Round 1: inputs, a like, an input for someone without a phone.
    kari_text = "Gatelys på stien ned til bussen."
    ola_text = "Kjøp billige sykler hos oss"
    aisha_text = "En møteplass for ungdom."
    watch_other_tables(kari)  # opened, the other tables' list is live
    post(kari, kari_text)
    post(ola, ola_text)
    post(aisha, aisha_text)
    expect(post_with_text(ola, kari_text)).to_have_count(1)
    # Another table's input: live under the other tables, not in Kari's table's list.
    expect(post_with_text(kari.locator("[data-posts]"), aisha_text)).to_have_count(0)
    expect(post_with_text(kari.locator("[data-other-list]"), aisha_text)).to_have_count(1)
    wall = projector.locator("[data-wall]")
    for text in (kari_text, ola_text, aisha_text):
        expect(post_with_text(wall, text)).to_have_count(1)

    like = post_with_text(ola, kari_text).locator("[data-like-for]")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(post_with_text(kari, kari_text).locator(".like-number")).to_have_text(
        re.compile(r"^\s*1\s*$")
    )

    berit_text = "Flere benker langs turveien."
    kari.fill("#on-behalf-name", "Berit")
    kari.fill("#on-behalf-text", berit_text)
    kari.locator("[data-on-behalf-form] button[type=submit]").click()
    for phone in (kari, ola):
        behalf = post_with_text(phone, berit_text)
        expect(behalf).to_have_count(1)
        expect(behalf.locator(".post-behalf")).to_contain_text("Berit")
    axe_check(kari, "host's phone with host tools")

    # The facilitator hides Ola's spam on the moderation page: it leaves every screen.
    spam_id = post_with_text(ola, ola_text).get_attribute("data-post-id")
    assert spam_id
    moderation = open_page("facilitator", logged_in=True)
    moderation.goto(f"/sessions/{cafe.id}/moderation")
    expect_live(moderation)
    axe_check(moderation, "moderation page")
    item = moderation.locator(f".mod-item[data-post-id='{spam_id}']")
    item.locator("[data-hide-box] > summary").click()
    item.locator("input[name=reason]").fill("Reklame")
    item.locator("form[data-action=hide] button[type=submit]").click()
    expect(item).to_have_attribute("data-status", "hidden")
    for screen in (kari, ola, facilitator, projector):
        expect(post_with_text(screen, ola_text)).to_have_count(0)
    expect(post_with_text(kari, kari_text)).to_have_count(1)
    expect(post_with_text(projector.locator("[data-wall]"), kari_text)).to_have_count(1)

    # The host sums up round 1; the facilitator sees it on the table's card.
    synthesis = "Trygghet handler om lys, benker og steder å møtes."
    kari.fill("#synthesis-text", synthesis)
    kari.locator("[data-synthesis-form] button[type=submit]").click()
    expect(kari.locator("[data-synthesis-status]")).not_to_be_empty()
    expect(table_card(facilitator, 1).locator("[data-table-syntheses]")).to_contain_text(synthesis)

    # Round 2: the host stays, the others swap tables so everybody meets someone new. The
    # outcome is fixed by the rules (seating.py): hosts never move and a mover always
    # goes to a different table than the one they left, so Ola → 2 and Aisha → 1.
    start_next_round(facilitator, 2)
    for phone, new_table in ((ola, 2), (aisha, 1)):
        screen = phone.locator("[data-move-screen]")
        expect(screen).to_be_visible()
        expect(phone.locator("[data-move-title]")).to_contain_text(str(new_table))
        expect(phone.locator("[data-move-topic]")).to_contain_text(TOPICS[new_table - 1])
    axe_check(ola, "phone showing 'Go to table N'")
    for phone, new_table in ((ola, 2), (aisha, 1)):
        phone.locator("[data-move-done]").click()
        expect(phone.locator("[data-move-screen]")).to_be_hidden()
        expect_live(phone)
        expect(phone.locator("#table-heading")).to_contain_text(str(new_table))
        expect(phone.locator("[data-topic]")).to_have_text(TOPICS[new_table - 1])
    expect(kari.locator("[data-move-screen]")).to_be_hidden()
    assert _table_of(kari) == 1
    # The next group at table 1 reads what the group before found.
    expect(aisha.locator("[data-syntheses]")).to_be_visible()
    expect(aisha.locator("[data-synthesis-list]")).to_contain_text(synthesis)

    round_two = {"aisha": "Bra at vi fikk snakke sammen.", "ola": "Et nabolagsbibliotek."}
    post(aisha, round_two["aisha"])
    expect(post_with_text(kari, round_two["aisha"])).to_have_count(1)
    post(ola, round_two["ola"])
    expect(post_with_text(kari.locator("[data-posts]"), round_two["ola"])).to_have_count(0)
    expect(post_with_text(kari.locator("[data-other-list]"), round_two["ola"])).to_have_count(1)
    expect(posts(kari)).to_have_count(1)
    expect(post_with_text(table_card(facilitator, 2), round_two["ola"])).to_have_count(1)
    expect(post_with_text(projector.locator("[data-wall]"), round_two["ola"])).to_have_count(1)

    # A message from the facilitator reaches every phone and the projector.
    message = "Ti minutter igjen av siste runde."
    facilitator.fill("#broadcast-text", message)
    facilitator.locator("form[action$='/broadcast'] button[type=submit]").click()
    for phone in (kari, ola, aisha):
        expect(phone.locator("[data-broadcast-text]")).to_have_text(message)
    expect(projector.locator("[data-broadcast]")).to_contain_text(message)

    # The harvest: the projector shows the tables' main points, and its wall every shown
    # input but the hidden one.
    facilitator.locator("details:has(form[action$='/harvest']) > summary").click()
    with projector.expect_navigation():  # the projector redraws itself for the harvest
        facilitator.locator("form[action$='/harvest'] button[type=submit]").click()
    expect_live(projector)
    expect(projector.locator("[data-view='syntheses']")).to_be_visible()
    expect(projector.locator("[data-syntheses]")).to_contain_text(synthesis)
    expect(post_with_text(projector.locator("[data-wall]"), kari_text)).to_have_count(1)
    expect(projector.locator("body")).not_to_contain_text("billige sykler")
    axe_check(projector, "projector in the harvest")
    # The facilitator shows the word cloud: the shown inputs' words, never the hidden one's.
    facilitator.locator("#projector > summary").click()
    facilitator.locator("[data-projector-form] button[value='cloud']").click()
    expect(facilitator.locator("[data-projector-form] button[value='cloud']")).to_have_attribute(
        "aria-pressed", "true"
    )
    cloud = projector.locator("[data-view='cloud']")
    expect(cloud).to_be_visible()
    expect(cloud.locator("[data-cloud]")).to_contain_text("gatelys")
    expect(cloud).not_to_contain_text("sykler")

    # The report: every shown input, the host's synthesis, the one written for Berit;
    # never the hidden input.
    expect_live(facilitator)
    facilitator.locator("#downloads:not([open]) > summary").click()  # a folded panel
    with facilitator.expect_download() as download_info:
        facilitator.locator("#downloads a[href$='export.md']").click()
    saved = tmp_path / "summary.md"
    download_info.value.save_as(saved)
    report = saved.read_text(encoding="utf-8")
    for text in (kari_text, aisha_text, berit_text, synthesis, *round_two.values()):
        assert text in report, f"{text!r} is missing from the report"
    assert "Berit" in report
    assert "billige sykler" not in report
    for topic in TOPICS:
        assert topic in report

    # The Word report for the municipality has the same content.
    with facilitator.expect_download() as download_info:
        facilitator.locator("#downloads a[href$='export.docx']").click()
    saved_docx = tmp_path / "summary.docx"
    download_info.value.save_as(saved_docx)
    with zipfile.ZipFile(saved_docx) as docx:
        document = re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode("utf-8"))
    for text in (kari_text, aisha_text, berit_text, synthesis, *round_two.values()):
        assert html.escape(text, quote=False) in document, f"{text!r} is missing from the DOCX"
    assert "billige sykler" not in document
