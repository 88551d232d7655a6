"""An input written with no network is kept, shown as "sending", and arrives exactly once.

The phone's outbox lives in localStorage and is resent after the reconnect; the server
stores by client id, so a resend cannot make a second copy.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

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


def test_input_written_offline_arrives_exactly_once(open_page: OpenPage, api: ApiClient) -> None:
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
    text = "Skrevet i kjelleren uten dekning."
    write(author, text)
    pending = post_with_text(author.locator("[data-posts]"), text)
    expect(pending).to_have_count(1)
    expect(pending).to_have_class(PENDING)
    expect(post_with_text(neighbour, text)).to_have_count(0)

    author.context.set_offline(False)
    expect_live(author)
    expect(pending).not_to_have_class(PENDING)
    expect(post_with_text(author, text)).to_have_count(1)
    expect(post_with_text(neighbour, text)).to_have_count(1)
    expect(posts(neighbour)).to_have_count(2)
    # After the resend, another live input still shows only once more (nothing doubled).
    post(neighbour, "Velkommen tilbake.")
    expect(post_with_text(author, "Velkommen tilbake.")).to_have_count(1)
    expect(posts(author)).to_have_count(3)
    expect(post_with_text(author, text)).to_have_count(1)

    author.reload()
    expect_live(author)
    expect(posts(author)).to_have_count(3)
    expect(post_with_text(author, text)).to_have_count(1)
    assert outbox_size(author, cafe["join_code"]) == 0, "the server has it: the outbox is empty"
