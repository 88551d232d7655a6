"""The privacy notice on the join page, on a phone at 390 and 320 CSS px.

It sits just above "Join", says how many days after the café everything is deleted (the
server's setting), and keeps the page readable: no serious axe finding, no sideways
scrolling. Screenshots go to /tmp/shots/privacy/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.helpers import (
    PHONE_SIZES,
    Problems,
    axe_violations,
    describe_violations,
    install_problem_watch,
)
from tests.e2e.support import ApiClient, ServerProcess, create_cafe

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots/privacy")
DEFAULT_RETENTION_DAYS = 90


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("width", list(PHONE_SIZES))
def test_the_join_page_says_what_happens_to_what_you_write(
    width: str, lang: str, browser: Browser, server: ServerProcess, api: ApiClient
) -> None:
    cafe = create_cafe(api, "Beboermøte", ["Hva gjør blokka trygg?"], start=False)
    problems = Problems()
    context = browser.new_context(
        base_url=server.url,
        viewport=PHONE_SIZES[width],
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        reduced_motion="reduce",
    )
    try:
        page = context.new_page()
        install_problem_watch(page, problems, label=f"join-{width}-{lang}")
        page.goto(f"/j/{cafe['join_code']}?lang={lang}")
        notice = page.locator("#privacy-notice")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text(str(DEFAULT_RETENTION_DAYS))
        join = page.locator("form button[type=submit]")
        assert join.get_attribute("aria-describedby") == "privacy-notice"
        notice_box, join_box = notice.bounding_box(), join.bounding_box()
        assert notice_box is not None and join_box is not None
        assert notice_box["y"] + notice_box["height"] <= join_box["y"]  # read before joining
        violations = axe_violations(page)
        assert not violations, describe_violations(f"join {width} {lang}", violations)
        overflow = page.evaluate(
            "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{overflow}px of sideways scrolling at {width}"
        SHOTS.mkdir(parents=True, exist_ok=True)
        notice.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"join-{lang}-{width}.png"), full_page=True)
    finally:
        context.close()
    problems.assert_none()
