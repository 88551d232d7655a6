"""The phone's "Large text" switch (the "Aa" in its header): larger type and strong
contrast, kept on the device, in every state a phone meets, at 320 and 390 CSS px.

A phone switches it on at the join page at 320 px (what 200 % zoom gives), reloads (still
on, and already on before any script ran), joins, and walks a café: waiting, a round with
an input sent, the offline note, "Go to table 2", voting, the results and the closed
page. In each state and at both widths: no sideways scrolling and every control reachable
and big enough to tap (tests/browser/reflow.py), axe-core finds no serious or critical
violation, and the main texts reach 7:1 (WCAG AAA). Screenshots go to /tmp/shots/large-text/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import check_phone_state, expect_live, join_as, post
from tests.browser.reflow import contrast_of
from tests.e2e.support import ApiClient

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots/large-text")
SIZES: dict[str, ViewportSize] = {
    "320": {"width": 320, "height": 640},
    "390": {"width": 390, "height": 844},
}
AAA = 7.0
# The texts a person reads in each state, where they are shown (checked when visible).
READ_TEXTS = (
    ".question",
    ".question-label",
    ".post-text",
    ".post-meta",
    ".hint",
    ".lead",
    ".round-line",
    ".cafe-title",
    "[data-offline-note]",
    ".waiting-card p",
    ".dots-left",
    ".closed-card p",
)

# Whether <html> had the class when the <body> began (before any module script can run).
AT_FIRST_PAINT = """
new MutationObserver((changes, observer) => {
  if (!document.body) return;
  window.__largeWhenBodyStarted = document.documentElement.classList.contains("large-text");
  observer.disconnect();
}).observe(document, { childList: true, subtree: true });
"""


def is_large(page: Page) -> bool:
    large: bool = page.evaluate("document.documentElement.classList.contains('large-text')")
    return large


def _contrast(page: Page, where: str) -> None:
    """Every text a person reads in this state at AAA contrast (7:1)."""
    for selector in READ_TEXTS:
        for element in page.locator(selector).all():
            if element.is_visible():
                ratio = contrast_of(element)
                assert ratio >= AAA, f"{where}: {selector} has contrast {ratio:.2f}:1"


def check_state(page: Page, state: str, lang: str) -> None:
    """The state at both widths: reflow, axe, AAA contrast of its texts, screenshots."""
    check_phone_state(page, state, lang, SHOTS, direction="ltr", also=_contrast)
    page.set_viewport_size(SIZES["320"])


def test_large_text_switch_is_remembered_and_off_by_default(
    open_page: OpenPage, api: ApiClient
) -> None:
    cafe = api.post_json(
        "/api/sessions",
        {"title": "Aa", "tables": 1, "topics": ["Hva?"], "rounds": 1, "round_minutes": 5},
        expect=201,
    )
    phone = open_page("phone", "en")
    phone.goto(f"/j/{cafe['join_code']}")
    toggle = phone.locator("[data-display-toggle]")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    base = phone.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    large = phone.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert 1.2 <= large / base <= 1.5, f"large text is {large / base:.2f} × the normal size"
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert not is_large(phone)
    # The browser's own zoom is never locked.
    viewport = phone.locator("meta[name=viewport]").get_attribute("content") or ""
    assert "user-scalable" not in viewport and "maximum-scale" not in viewport


@pytest.mark.parametrize("lang", ["en"])  # the same CSS in every language
def test_large_text_in_every_phone_state(open_page: OpenPage, api: ApiClient, lang: str) -> None:
    cafe = api.post_json(
        "/api/sessions",
        {
            "title": "Et godt nabolag for alle som bor her",
            "description": "Vi vil høre hva du mener. Det du skriver, leser kommunen.",
            "tables": 2,
            "topics": ["Hva gjør et hjem trygt for deg og naboene dine?", "Hva savner du?"],
            "rounds": 2,
            "round_minutes": 15,
            "rotation": "people",
        },
        expect=201,
    )
    sid, code = cafe["id"], cafe["join_code"]
    api.request("PATCH", f"/api/sessions/{sid}", json={"dots_per_participant": 3})
    phone = open_page("phone", lang)
    phone.set_viewport_size(SIZES["320"])

    # Switched on at the join page at 320 px; after a reload it is on before scripts run.
    phone.add_init_script(AT_FIRST_PAINT)
    phone.goto(f"/j/{code}")
    phone.locator("[data-display-toggle]").click()
    phone.reload()
    expect(phone.locator("[data-display-toggle]")).to_have_attribute("aria-pressed", "true")
    assert is_large(phone)
    assert phone.evaluate("window.__largeWhenBodyStarted") is True  # no flash of small text
    check_state(phone, "join", lang)

    join_as(phone, code, "Kari Nordmann", table=1)
    assert is_large(phone)
    # Hege stays seated at table 1 and Ola sits at table 2, so at the round change Kari moves
    # (seating.py: stay-seated people never move; a mover goes to another table).
    hege, ola = open_page("phone", lang), open_page("phone", lang)
    hege.goto(f"/j/{code}")
    hege.check("input[name=table][value='1']")
    hege.check("#stay_seated")
    with hege.expect_navigation():
        hege.locator("main form button[type=submit]").click()
    join_as(ola, code, "Ola", table=2)
    # The switch works on the table page too (and off again is the normal size).
    toggle = phone.locator("[data-display-toggle]")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert not is_large(phone)
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(phone.locator("[data-waiting]")).to_be_visible()
    check_state(phone, "waiting", lang)

    api.post_json(f"/api/sessions/{sid}/rounds/next")
    expect(phone.locator("[data-compose]")).to_be_visible()
    post(phone, "Lys i trappa om kvelden, og at noen hilser når vi møtes.")
    check_state(phone, "round", lang)

    phone.context.set_offline(True)
    expect(phone.locator("[data-offline-note]")).to_be_visible()
    check_state(phone, "offline", lang)
    phone.context.set_offline(False)
    expect_live(phone)

    api.post_json(f"/api/sessions/{sid}/rounds/next")
    expect(phone.locator("[data-move-screen]")).to_be_visible()
    check_state(phone, "moving", lang)
    phone.locator("[data-move-done]").click()
    expect(phone.locator("#table-heading")).to_contain_text("2")

    api.post_json(f"/api/sessions/{sid}/harvest")
    expect(phone.locator("[data-vote]")).to_be_visible()
    phone.locator("[data-add-dot]").first.click()
    expect(phone.locator(".dot-marks")).to_have_text("●●○")  # one dot spent
    check_state(phone, "vote", lang)

    api.request("PATCH", f"/api/sessions/{sid}", json={"show_results": True})
    expect(phone.locator("[data-results]")).to_be_visible()
    check_state(phone, "results", lang)

    api.post_json(f"/api/sessions/{sid}/close")
    expect(phone.locator("[data-closed-screen]")).to_be_visible()
    check_state(phone, "closed", lang)
    phone.reload()
    assert is_large(phone)

    # The pages a participant meets around the café keep it: a wrong code, the front page.
    phone.goto("/j/NOSUCHCODE")
    assert is_large(phone)
    check_state(phone, "wrong-code", lang)
    phone.goto("/")
    assert is_large(phone)
    check_state(phone, "front-page", lang)
