"""Inputs written with no network are kept, shown as "sending", and arrive exactly once.

The phone's outbox lives in localStorage and is resent after the reconnect; the server
stores by client id, so a resend cannot make a second copy. A new tab keeps the token (the
cookie) and the outbox, so an input survives a closed tab (or a reload) too.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import (
    expect_live,
    join_as,
    outbox_size,
    post,
    post_with_text,
    posts,
    write,
)
from tests.e2e.support import ApiClient

pytestmark = pytest.mark.browser

OFFLINE = re.compile(r"\bis-offline\b")
PENDING = re.compile(r"\bis-pending\b")
SOCKET_IO = re.compile(r"/socket\.io/")


def test_inputs_written_offline_arrive_exactly_once(open_page: OpenPage, api: ApiClient) -> None:
    cafe = api.post_json(
        "/api/sessions",
        {
            "title": "Uten nett",
            "tables": 2,
            "topics": ["Hva nå?"],
            "rounds": 1,
            "round_minutes": 15,
        },
        expect=201,
    )
    api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")
    author, neighbour = open_page(), open_page()
    join_as(author, cafe["join_code"], "Per", table=1)
    join_as(neighbour, cafe["join_code"], "Siri", table=1)
    post(neighbour, "Først på nett.")
    expect(post_with_text(author, "Først på nett.")).to_have_count(1)

    author.context.set_offline(True)
    expect(author.locator("[data-connection]")).to_have_class(OFFLINE)
    expect(author.locator("[data-offline-note]")).to_contain_text("lagret på telefonen")
    offline_texts = ["Skrevet i kjelleren uten dekning.", "Og en til, fortsatt uten nett."]
    for text in offline_texts:
        write(author, text)
        pending = post_with_text(author.locator("[data-posts]"), text)
        expect(pending).to_have_count(1)
        expect(pending).to_have_class(PENDING)
    assert outbox_size(author, cafe["join_code"]) == 2
    post(neighbour, "Mens Per var borte.")  # missed by the offline phone: comes with the resync
    for text in offline_texts:
        expect(post_with_text(neighbour, text)).to_have_count(0)

    author.context.set_offline(False)
    expect_live(author)
    expect(author.locator("[data-offline-note]")).to_be_hidden()
    for text in offline_texts:
        sent = post_with_text(author, text)
        expect(sent).to_have_count(1)
        expect(sent).not_to_have_class(PENDING)
        expect(post_with_text(neighbour, text)).to_have_count(1)
    expect(post_with_text(author, "Mens Per var borte.")).to_have_count(1)
    expect(posts(neighbour)).to_have_count(4)
    expect(posts(author)).to_have_count(4)
    expect(author.locator("[data-posts] .is-pending")).to_have_count(0)
    assert outbox_size(author, cafe["join_code"]) == 0, "the server has both: the outbox is empty"
    # After the resend, another live input still shows only once more (nothing doubled).
    post(neighbour, "Velkommen tilbake.")
    expect(post_with_text(author, "Velkommen tilbake.")).to_have_count(1)
    expect(posts(author)).to_have_count(5)

    _reopened_tab_keeps_token_and_outbox(author, neighbour, cafe["join_code"])


def _reopened_tab_keeps_token_and_outbox(author: Page, neighbour: Page, join_code: str) -> None:
    """An input still unsent when the tab is closed shows again in a new tab and is sent
    once, as "Per": the cookie keeps the participant, localStorage keeps the outbox."""
    context, address = author.context, author.url
    context.set_offline(True)
    expect(author.locator("[data-connection]")).to_have_class(OFFLINE)
    text = "Skrevet rett før fanen ble lukket."
    write(author, text)
    expect(post_with_text(author.locator("[data-posts]"), text)).to_have_class(PENDING)
    author.close()

    # Pages load again, but Socket.IO stays cut off (both transports) until let through.
    cut_off = True
    context.route(SOCKET_IO, lambda route: route.abort() if cut_off else route.continue_())
    context.route_web_socket(
        SOCKET_IO, lambda socket: socket.close() if cut_off else socket.connect_to_server()
    )
    context.set_offline(False)
    reopened = context.new_page()
    reopened.goto(address)
    pending = post_with_text(reopened.locator("[data-posts]"), text)
    expect(pending).to_have_count(1)  # from the outbox, before any connection
    expect(pending).to_have_class(PENDING)
    assert outbox_size(reopened, join_code) == 1
    cut_off = False
    # The network "comes back": the page reconnects at once rather than after its back-off.
    context.set_offline(True)
    context.set_offline(False)
    expect_live(reopened)
    expect(pending).not_to_have_class(PENDING)
    expect(post_with_text(reopened, text)).to_have_count(1)
    sent = post_with_text(neighbour, text)
    expect(sent).to_have_count(1)
    expect(sent.locator(".post-author")).to_have_text("Per")  # the same participant
    expect(posts(reopened)).to_have_count(6)
    expect(posts(neighbour)).to_have_count(6)
    assert outbox_size(reopened, join_code) == 0
