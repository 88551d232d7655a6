"""Polish, Ukrainian and Somali phones: the join page and a round fit 390 and 320 CSS px
(longer words than bokmål's must wrap, not push the page sideways), pass axe, and speak the
language. Screenshots go to /tmp/shots/languages/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import axe_check, join_as, post
from tests.browser.reflow import assert_reflows
from tests.e2e.support import ApiClient

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots/languages")
SIZES = {"390": {"width": 390, "height": 844}, "320": {"width": 320, "height": 640}}
JOIN = {"pl": "Dołącz", "uk": "Приєднатися", "so": "Ku biir"}
SENT = {"pl": "Wysłano ✓", "uk": "Надіслано ✓", "so": "Waa la diray ✓"}


def check_state(page: Page, state: str, lang: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    for width, size in SIZES.items():
        page.set_viewport_size(size)
        page.screenshot(path=SHOTS / f"{state}-{width}-{lang}.png", full_page=True)
        where = f"{state} at {width} px ({lang})"
        axe_check(page, where)
        assert_reflows(page, where)
    page.set_viewport_size(SIZES["390"])


@pytest.mark.parametrize("lang", list(JOIN))
def test_a_phone_in_a_participant_language_joins_and_writes(
    open_page: OpenPage, api: ApiClient, lang: str
) -> None:
    cafe = api.post_json(
        "/api/sessions",
        {
            "title": "Trygt hjem",
            "tables": 2,
            "topics": ["Hva gjør et hjem trygt?"],
            "rounds": 1,
            "round_minutes": 5,
        },
        expect=201,
    )
    phone = open_page("phone", lang)
    phone.goto(f"/j/{cafe['join_code']}")
    expect(phone.locator("html")).to_have_attribute("lang", lang)
    expect(phone.locator("main form button[type=submit]")).to_have_text(JOIN[lang])
    check_state(phone, "join", lang)

    join_as(phone, cafe["join_code"], "Ania", table=1)
    api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")
    expect(phone.locator("[data-compose]")).to_be_visible()
    post(phone, "Światło na schodach")
    expect(phone.locator("[data-sent]")).to_have_text(SENT[lang])
    check_state(phone, "sent", lang)
