"""Every state a phone meets in one people-move café with a table host and dots, at
390×844 and at 320×640 CSS px (what 200 % zoom gives), in bokmål and English.

Two phones walk it: Mona, who moves at the round change, and Hege, who opened the host QR
(``?host=<code>``) and so hosts table 1 and stays. A third phone at table 2 writes so the
others see another table's input arrive live. Each state is checked at both widths: axe
finds no serious or critical violation, the page reflows (no sideways scrolling, every
control in view or reachable by scrolling, big enough to tap), and the clock is readable
(contrast ≥ 4.5:1). The clock's "2 minutes left" and "time is up" come from the page's
own clock moved forward (Playwright's clock), never from sleeping; pause goes through
the API. Screenshots of each state go to /tmp/shots/phone/.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import (
    axe_check,
    expect_live,
    join_as,
    post,
    post_with_text,
    watch_other_tables,
)
from tests.browser.reflow import assert_reflows, contrast_of
from tests.e2e.support import ApiClient, RecordingClient, ServerProcess

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots/phone")
SIZES = {"390": {"width": 390, "height": 844}, "320": {"width": 320, "height": 640}}
TOPICS = ["Hva gjør et hjem trygt?", "Hva savner du i nabolaget?"]
WORDS = {
    "nb": {
        "sent": "Sendt ✓",
        "round1": "Runde 1 har startet.",
        "moved": "Du sitter nå ved bord 2.",
        "stayed": "Du blir ved bord 1. Nye folk kommer. Spørsmålet er det samme.",
        "go": "Gå til bord 2",
        "seated": "Jeg sitter ved bord 2",
        "left": re.compile(r"^\d+:\d\d igjen$"),
        "paused": re.compile(r"^På pause · \d+:\d\d$"),
        "time_up": "Tiden er ute",
        "saved": "Bordets hovedpunkter er lagret.",
        "thanks": "Takk for at du deltok",
        "rounds_over": "Rundene er ferdige.",
    },
    "en": {
        "sent": "Sent ✓",
        "round1": "Round 1 has started.",
        "moved": "You are now at table 2.",
        "stayed": "You stay at table 1. New people are coming. The question is the same.",
        "go": "Go to table 2",
        "seated": "I am at table 2",
        "left": re.compile(r"^\d+:\d\d left$"),
        "paused": re.compile(r"^Paused · \d+:\d\d$"),
        "time_up": "Time is up",
        "saved": "The table's main points are saved.",
        "thanks": "Thank you for taking part",
        "rounds_over": "The rounds are over.",
    },
}


def check_state(page: Page, state: str, lang: str) -> None:
    """The state at both widths: axe, reflow, a readable clock, and a screenshot of each."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, size in SIZES.items():
        page.set_viewport_size(size)
        where = f"{state} at {width} px ({lang})"
        page.screenshot(path=SHOTS / f"{state}-{width}-{lang}.png", full_page=True)
        axe_check(page, where)
        assert_reflows(page, where)
        timer = page.locator("[data-timer]")
        if timer.is_visible():
            ratio = contrast_of(timer)
            assert ratio >= 4.5, f"{where}: the clock's contrast is {ratio:.2f}:1"
    page.set_viewport_size(SIZES["390"])


def in_view(page: Page, selector: str) -> bool:
    """Whether the element is inside the viewport now (a person sees it without scrolling)."""
    inside: bool = page.locator(selector).evaluate(
        "(e) => { const r = e.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }"
    )
    return inside


def host_code_of(server: ServerProcess, api: ApiClient, session_id: int) -> str:
    """The session's host code, as the facilitator's live view receives it."""
    facilitator = RecordingClient("facilitator")
    facilitator.connect(server.url, {"token": api.token, "session": session_id})
    try:
        assert facilitator.wait_for_event("state")
        code: str = facilitator.events("state")[0]["host_code"]
    finally:
        facilitator.disconnect()
    return code


def move_clock(page: Page, minutes: float) -> None:
    """Set the phone's clock ``minutes`` from the real now (timers are not fired early)."""
    page.clock.set_system_time(datetime.now() + timedelta(minutes=minutes))


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_phone_in_every_state(
    open_page: OpenPage, api: ApiClient, server: ServerProcess, lang: str
) -> None:
    words = WORDS[lang]
    cafe = api.post_json(
        "/api/sessions",
        {
            "title": "Trygt hjem",
            "tables": 2,
            "topics": TOPICS,
            "rounds": 2,
            "round_minutes": 5,
            "rotation": "people",
        },
        expect=201,
    )
    sid, code = cafe["id"], cafe["join_code"]
    api.request("PATCH", f"/api/sessions/{sid}", json={"dots_per_participant": 3})

    mona, hege, other = open_page("phone", lang), open_page("phone", lang), open_page("phone", lang)
    for phone in (mona, hege):
        phone.clock.install()  # the clock runs as usual until a test moves it
    join_as(mona, code, "Mona", table=1)
    # The host QR: the join link with ?host=<code>, kept through the join form.
    join_as(hege, f"{server.url}/j/{code}?host={host_code_of(server, api, sid)}", "Hege", table=1)
    join_as(other, code, "Ola", table=2)

    # Waiting: a welcome, no write box yet.
    expect(mona.locator("[data-waiting]")).to_be_visible()
    expect(mona.locator("[data-compose]")).to_be_hidden()
    check_state(mona, "waiting", lang)

    # Round 1 (five minutes): the question, the write box, "Round 1 has started".
    api.post_json(f"/api/sessions/{sid}/rounds/next")
    expect(mona.locator("[data-round-alert]")).to_have_text(words["round1"])
    expect(mona.locator("[data-timer]")).to_have_text(words["left"])
    api.post_json(f"/api/sessions/{sid}/broadcast", {"text": "Kaffe i gangen"})
    expect(mona.locator("[data-broadcast]")).to_be_visible()
    check_state(mona, "round", lang)

    # Send: "Sent ✓" next to the button, in view, and the input right below the box.
    mona.set_viewport_size(SIZES["320"])
    post(mona, "Lys i trappa om kvelden")
    expect(mona.locator("[data-sent]")).to_have_text(words["sent"])
    assert in_view(mona, "[data-sent]")
    first = mona.locator("[data-posts] > .post").first
    expect(first).to_have_class(re.compile(r"\bis-mine\b"))
    mona.set_viewport_size(SIZES["390"])
    check_state(mona, "sent", lang)

    # Another table's input arrives live where the other tables are open.
    for phone in (mona, hege):
        watch_other_tables(phone)
    post(other, "Benker i parken")
    expect(post_with_text(mona.locator("[data-other-list]"), "Benker i parken")).to_have_count(1)
    expect(post_with_text(hege.locator("[data-other-list]"), "Benker i parken")).to_have_count(1)

    # Host tools, claimed with the host QR's code: the table's main points are saved.
    expect(hege.locator("[data-host-tools]")).to_be_visible()
    hege.fill("#synthesis-text", "Lys og folk som bryr seg.")
    hege.locator("[data-synthesis-form] button[type=submit]").click()
    expect(hege.locator("[data-synthesis-status]")).to_have_text(words["saved"])
    check_state(hege, "host", lang)

    # Two minutes left (the phone's clock moved on), then paused, then time is up.
    move_clock(mona, 3.5)
    expect(mona.locator("[data-timer]")).to_have_class(re.compile(r"\bis-ending\b"))
    check_state(mona, "ending", lang)
    move_clock(mona, 0)
    api.post_json(f"/api/sessions/{sid}/timer/pause")
    expect(mona.locator("[data-timer]")).to_have_text(words["paused"])
    check_state(mona, "paused", lang)
    api.post_json(f"/api/sessions/{sid}/timer/resume")
    expect(mona.locator("[data-timer]")).to_have_text(words["left"])
    move_clock(mona, 6)
    expect(mona.locator("[data-timer]")).to_have_text(words["time_up"])
    expect(mona.locator("[data-timer-signal]")).to_be_visible()
    check_state(mona, "time-up", lang)
    move_clock(mona, 0)

    # Round 2: Mona moves ("Go to table 2", a normal screen at any width), Hege stays.
    api.post_json(f"/api/sessions/{sid}/rounds/next")
    expect(mona.locator("[data-move-title]")).to_have_text(words["go"])
    check_state(mona, "move", lang)
    mona.locator("[data-move-done]").click()
    expect(mona.locator("[data-round-alert]")).to_have_text(words["moved"])
    expect(mona.locator("#table-heading")).to_contain_text("2")
    expect(mona.locator("[data-broadcast]")).to_be_hidden()  # the message went with round 1
    expect(mona.locator("[data-sent]")).to_be_empty()
    check_state(mona, "moved", lang)
    expect(hege.locator("[data-round-alert]")).to_have_text(words["stayed"])
    expect(hege.locator("[data-synthesis-status]")).to_have_text("")
    expect(hege.locator("[data-broadcast]")).to_be_hidden()
    check_state(hege, "stayed", lang)

    # The harvest opens on voting: ●●● to spend, "+" off when none are left.
    api.post_json(f"/api/sessions/{sid}/harvest")
    expect(mona.locator("[data-vote]")).to_be_visible()
    expect(mona.locator("[data-round-label]")).to_have_text(words["rounds_over"])  # said once
    expect(mona.locator("[data-harvest-intro]")).to_be_hidden()  # the vote says what to do
    expect(mona.locator(".dot-marks")).to_have_text("●●●")
    check_state(mona, "vote", lang)
    plus = mona.locator("[data-add-dot]").first
    plus.click()
    expect(mona.locator(".dot-marks")).to_have_text("●●○")
    plus.click()
    plus.click()
    expect(mona.locator(".dot-marks")).to_have_text("○○○")
    expect(plus).to_be_disabled()
    check_state(mona, "voted", lang)

    # Results shown to the room, then the café closes: a thank-you, live and on reload.
    api.request("PATCH", f"/api/sessions/{sid}", json={"show_results": True})
    expect(mona.locator("[data-results]")).to_be_visible()
    check_state(mona, "results", lang)
    api.post_json(f"/api/sessions/{sid}/close")
    expect(mona.locator("[data-closed-screen]")).to_contain_text(words["thanks"])
    expect(mona.locator("[data-vote]")).to_be_hidden()
    expect(mona.locator("[data-compose]")).to_be_hidden()
    check_state(mona, "closed", lang)
    mona.reload()
    expect_live(mona)
    expect(mona.locator("[data-closed-screen]")).to_be_visible()
    expect(mona.locator("[data-vote]")).to_be_hidden()
    expect(mona.locator("[data-results]")).to_be_visible()
