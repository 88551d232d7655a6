"""A phone in Arabic, a participant-only right-to-left language, through a whole café.

The join page and the table page are in Arabic with ``<html dir="rtl">``, so the body's
computed direction is rtl and the layout mirrors (the input's coloured edge on the start
side, the fold's arrow pointing the way the text reads). The phone joins, waits, writes an
input in a round and gives dots in the harvest; every state is checked by axe (no serious
or critical violation) and reflows at 390 and 320 CSS px. Screenshots go to
/tmp/shots/rtl/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import check_phone_state, expect_live, join_as, post
from tests.e2e.support import ApiClient

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots/rtl")


def check_state(page: Page, state: str) -> None:
    """Right to left, axe-clean and reflowing at 390 and 320 px; a screenshot of each."""
    check_phone_state(page, state, "ar", SHOTS, direction="rtl")


def start_edge(page: Page, selector: str) -> str:
    """Which side of the element has the thick coloured edge (``border-inline-start``)."""
    side: str = page.locator(selector).first.evaluate(
        "(e) => { const s = getComputedStyle(e);"
        " return parseFloat(s.borderRightWidth) > parseFloat(s.borderLeftWidth)"
        " ? 'right' : 'left'; }"
    )
    return side


def test_a_phone_in_arabic_joins_writes_and_votes_right_to_left(
    open_page: OpenPage, api: ApiClient
) -> None:
    cafe = api.post_json(
        "/api/sessions",
        {
            "title": "بيت آمن",
            "tables": 2,
            "topics": ["ما الذي يجعل البيت آمنًا؟"],
            "rounds": 1,
            "round_minutes": 5,
            "rotation": "people",
        },
        expect=201,
    )
    sid, code = cafe["id"], cafe["join_code"]
    api.request("PATCH", f"/api/sessions/{sid}", json={"dots_per_participant": 3})
    phone = open_page("phone", "ar")

    phone.goto(f"/j/{code}")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone.locator("html")).to_have_attribute("lang", "ar")
    expect(phone.locator("main form button[type=submit]")).to_have_text("انضم")
    expect(phone.locator(".language-current")).to_have_text("العربية")
    check_state(phone, "join")
    # The many languages fold into a menu named by the current one; it opens at the start.
    phone.locator(".language-menu > summary").click()
    expect(phone.locator(".language-menu a[lang=pl]")).to_be_visible()
    check_state(phone, "language-menu")
    phone.locator(".language-menu > summary").click()

    join_as(phone, code, "ليلى", table=1)
    expect(phone.locator("#waiting-heading")).to_have_text("أهلًا وسهلًا!")
    check_state(phone, "waiting")

    api.post_json(f"/api/sessions/{sid}/rounds/next")
    expect(phone.locator("[data-round-alert]")).to_have_text("بدأت الجولة 1.")
    expect(phone.locator("[data-connection]")).to_have_text("متصل")
    check_state(phone, "round")

    mine = post(phone, "إضاءة في الدرج ليلًا")
    expect(phone.locator("[data-sent]")).to_have_text("أُرسل ✓")
    assert start_edge(phone, "[data-posts] > .post") == "right"
    expect(mine).to_be_visible()
    check_state(phone, "sent")

    api.post_json(f"/api/sessions/{sid}/harvest")
    expect(phone.locator("[data-vote]")).to_be_visible()
    expect(phone.locator("[data-round-label]")).to_have_text("انتهت الجولات.")
    check_state(phone, "vote")
    phone.locator("[data-add-dot]").first.click()
    expect(phone.locator(".dot-marks")).to_have_text("●●○")
    check_state(phone, "voted")

    phone.reload()
    expect_live(phone)
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
