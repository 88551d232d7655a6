"""One participant's access and erasure requests in a real browser: from an input on the
moderation page to "All inputs by this person", the JSON download, and erasing, which
every phone follows at once. A screenshot of the panel goes to /tmp/shots/privacy/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import (
    axe_check,
    create_session_in_form,
    expect_live,
    join_as,
    login,
    post,
    post_with_text,
    start_next_round,
)

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots/privacy")


def test_finding_downloading_and_erasing_one_persons_inputs(open_page: OpenPage) -> None:
    facilitator = open_page("facilitator", "en")
    login(facilitator)
    cafe = create_session_in_form(facilitator, title="Privacy", topics=["Q1"], tables=1, rounds=1)
    start_next_round(facilitator, 1)
    kari = open_page("phone", "en")
    ola = open_page("phone", "en")
    join_as(kari, cafe.join_code, "Kari", table=1)
    join_as(ola, cafe.join_code, "Ola", table=1)
    post(kari, "My neighbour in 3B is loud")
    post(ola, "More benches")

    moderation = facilitator.context.new_page()
    moderation.goto(f"/sessions/{cafe.id}/moderation")
    expect_live(moderation)
    post(kari, "Better lights")  # arrives live, and is found by person too
    expect(moderation.locator(".mod-item").filter(has_text="Better lights")).to_have_count(1)
    item = moderation.locator(".mod-item").filter(has_text="My neighbour in 3B is loud")
    item.get_by_role("link", name="All inputs by this person").click()

    panel = moderation.locator("[data-mod-person]")
    expect(panel).to_contain_text("Kari")
    expect(panel).to_contain_text("2 inputs")
    expect(moderation.locator(".mod-item")).to_have_count(2)
    expect(moderation.locator(".mod-item").filter(has_text="More benches")).to_have_count(0)
    axe_check(moderation, "moderation page, one person")

    with moderation.expect_download() as download_info:
        panel.get_by_role("link", name="Download what is kept about this person (JSON)").click()
    path = download_info.value.path()
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    assert sorted(i["text"] for i in document["inputs"]) == [
        "Better lights",
        "My neighbour in 3B is loud",
    ]

    panel.locator(".mod-erase-box > summary").click()
    SHOTS.mkdir(parents=True, exist_ok=True)
    panel.screenshot(path=str(SHOTS / "moderation-person-en.png"))
    panel.get_by_role("button", name="Delete 2 inputs for good").click()
    expect(moderation.get_by_text("2 inputs were deleted for good.")).to_be_visible()
    for phone in (kari, ola):
        expect(post_with_text(phone, "My neighbour in 3B is loud")).to_have_count(0)
        expect(post_with_text(phone, "Better lights")).to_have_count(0)
    expect(post_with_text(ola, "More benches")).to_have_count(1)
