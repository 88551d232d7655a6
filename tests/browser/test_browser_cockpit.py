"""The facilitator's cockpit at 1440×900, in bokmål and English: one café walked from
waiting to closed, each state checked by axe with the bar in view, run by keyboard where a
facilitator would, with the approval queue, question editing and the fewer-questions warning.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import (
    axe_check,
    create_session_in_form,
    expect_live,
    join_as,
    post_with_text,
    table_card,
    write,
)
from tests.e2e.support import ApiClient, ServerProcess

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots/cockpit")
WORDS = {
    "nb": {
        "waiting": "Ikke startet",
        "round": "Runde {n} av 2",
        "over": "Rundene er ferdige",
        "closed": "Avsluttet",
        "up": "Tiden er ute",
    },
    "en": {
        "waiting": "Not started",
        "round": "Round {n} of 2",
        "over": "Rounds are over",
        "closed": "Closed",
        "up": "Time is up",
    },
}


def _bar(page: Page) -> Locator:
    return page.locator("[data-cockpit-bar]")


def _check_state(page: Page, lang: str, name: str, status: str) -> None:
    """axe finds nothing serious, and the bar stays in view with the right round, even
    scrolled to the bottom; a screenshot of the state (top of the page) for people to look at."""
    expect(page.locator("[data-round-status]")).to_have_text(status)
    page.evaluate("window.scrollTo(0, 0)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"cockpit-{name}-{lang}.png"))
    axe_check(page, f"cockpit {name} ({lang})")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(_bar(page)).to_be_in_viewport()
    page.evaluate("window.scrollTo(0, 0)")


def _tab_to(page: Page, target: Locator, limit: int = 40) -> None:
    """Press Tab until ``target`` has the focus (a keyboard-only facilitator)."""
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("(element) => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def _set_seconds_left(server: ServerProcess, page: Page, session_id: int, seconds: int) -> None:
    """Pause, change the seconds kept in the stored session, resume: the clock then shows
    ``seconds`` left on every screen at once (no waiting for real time to pass)."""
    pause = page.locator("[data-timer-control=pause] button")
    if pause.is_visible():
        pause.click()
    expect(page.locator("[data-timer]")).to_have_class(re.compile(r"\bis-paused\b"))
    with sqlite3.connect(server.data_dir / "dialogcafe.sqlite3") as db:
        db.execute(
            "UPDATE cafe_sessions SET paused_remaining = ? WHERE id = ?", (seconds, session_id)
        )
    page.locator("[data-timer-control=resume] button").click()
    expect(page.locator("[data-timer]")).not_to_have_class(re.compile(r"\bis-paused\b"))


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_cockpit_walks_a_cafe_from_waiting_to_closed(
    open_page: OpenPage, server: ServerProcess, api: ApiClient, lang: str
) -> None:
    words = WORDS[lang]
    facilitator = open_page("facilitator", lang, logged_in=True)

    # The new-session form warns, as you type, which tables will share a question.
    facilitator.goto("/sessions/new")
    facilitator.fill("#topics", "Hva er trygt?\nHva mangler?")
    facilitator.fill("#tables", "3")
    expect(facilitator.locator("[data-shared-warning]")).to_contain_text("1, 3")
    SHOTS.mkdir(parents=True, exist_ok=True)
    facilitator.screenshot(path=str(SHOTS / f"new-session-warning-{lang}.png"), full_page=True)

    cafe = create_session_in_form(
        facilitator,
        title="Et trygt hjem",
        topics=["Hva gjør et hjem trygt?", "Hva mangler i nabolaget?"],
        tables=3,
        rounds=2,
        minutes=15,
    )
    expect_live(facilitator)
    expect(facilitator.locator("[data-shared-note]")).to_contain_text("1, 3")
    facilitator.screenshot(path=str(SHOTS / f"cockpit-shared-note-{lang}.png"))

    kari = open_page("phone", lang)
    join_as(kari, cafe.join_link, "Kari", table=1)
    expect(table_card(facilitator, 1).locator("[data-people]")).to_have_text("1")

    # Before round 1 the plan changes whole: a third question ends the shared question.
    plan = facilitator.locator("#plan")
    facilitator.fill("#topics", "Hva gjør et hjem trygt for deg?\nHva mangler?\nHvem hjelper?")
    with facilitator.expect_navigation():
        plan.locator("button[type=submit]").click()
    expect_live(facilitator)
    expect(facilitator.locator("[data-shared-note]")).to_have_count(0)
    expect(kari.locator("[data-topic]")).to_have_text("Hva gjør et hjem trygt for deg?")
    expect(table_card(facilitator, 1).locator("[data-topic]")).to_have_text(
        "Hva gjør et hjem trygt for deg?"
    )
    _check_state(facilitator, lang, "waiting", words["waiting"])
    # Beside the empty tables: what to do before round 1; its links open their panels.
    before = facilitator.locator(".before-start")
    expect(before).to_be_visible()
    before.locator("[data-open-panel=plan]").click()
    expect(plan).to_have_attribute("open", "")

    # The host QR (a second code, for table hosts) is in the folded hosts panel.
    facilitator.locator("#hosts > summary").click()
    host_qr = facilitator.locator("img.host-qr")
    expect(host_qr).to_be_visible()
    facilitator.wait_for_function(
        "() => { const img = document.querySelector('img.host-qr');"
        " return img.complete && img.naturalWidth > 0; }"
    )
    facilitator.locator(".cockpit-side").screenshot(path=str(SHOTS / f"cockpit-panels-{lang}.png"))
    facilitator.locator("#hosts > summary").click()

    # Approve first, from the folded moderation panel.
    facilitator.locator("#moderation > summary").click()
    facilitator.locator("#moderation [data-approve-first-button]").click()
    expect(facilitator.locator("[data-waiting-queue]")).to_be_visible()

    # Keyboard only: Tab to "Start round 1…", Enter opens the question, Tab, Enter starts.
    _tab_to(facilitator, facilitator.locator("[data-next-summary]"))
    facilitator.keyboard.press("Enter")
    yes = facilitator.locator("form[action$='/next'] button[type=submit]")
    expect(yes).to_be_visible()
    facilitator.screenshot(path=str(SHOTS / f"cockpit-confirm-{lang}.png"))
    facilitator.keyboard.press("Tab")
    expect(yes).to_be_focused()
    with facilitator.expect_navigation():
        facilitator.keyboard.press("Enter")
    expect_live(facilitator)
    expect(facilitator.locator("[data-round-status]")).to_have_text(words["round"].format(n=1))
    expect(facilitator.locator(".before-start")).to_have_count(0)

    # An input waits for approval: it shows in the queue, and Approve puts it on its card.
    write(kari, "Lys i trappa")
    queue = facilitator.locator("[data-waiting-queue]")
    waiting = queue.locator(".waiting-item").filter(has_text="Lys i trappa")
    expect(waiting).to_have_count(1)
    expect(queue.locator("[data-waiting-count]")).to_have_text("1")
    _check_state(facilitator, lang, "round-waiting-input", words["round"].format(n=1))
    # 200 % zoom on the laptop (720×450 CSS px): one column, no sideways scrolling.
    facilitator.set_viewport_size({"width": 720, "height": 450})
    facilitator.screenshot(path=str(SHOTS / f"cockpit-zoom-200-{lang}.png"), full_page=True)
    assert facilitator.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    facilitator.set_viewport_size({"width": 1440, "height": 900})
    waiting.locator("form[data-action=approve] button").click()
    expect(queue.locator("[data-waiting-count]")).to_have_text("0")
    expect(post_with_text(table_card(facilitator, 1), "Lys i trappa")).to_have_count(1)

    # After round 1 the wording can still be fixed; the phone shows it at once.
    facilitator.locator("#plan > summary").click()
    facilitator.fill("#topic-1", "Hva gjør hjemmet ditt trygt?")
    with facilitator.expect_navigation():
        facilitator.locator("#plan button[type=submit]").click()
    expect(kari.locator("[data-topic]")).to_have_text("Hva gjør hjemmet ditt trygt?")
    expect_live(facilitator)

    # Two minutes left, then paused by keyboard, then time up.
    timer = facilitator.locator("[data-timer]")
    _set_seconds_left(server, facilitator, cafe.id, 100)
    expect(timer).to_have_text(re.compile(r"\b1:[0-3]\d\b"))
    _check_state(facilitator, lang, "two-minutes", words["round"].format(n=1))
    pause = facilitator.locator("[data-timer-control=pause] button")
    _tab_to(facilitator, pause)
    facilitator.keyboard.press("Enter")
    expect(timer).to_have_class(re.compile(r"\bis-paused\b"))
    _check_state(facilitator, lang, "paused", words["round"].format(n=1))
    _set_seconds_left(server, facilitator, cafe.id, 0)
    expect(timer).to_have_text(words["up"])
    expect(timer).to_have_class(re.compile(r"\bis-over\b"))
    # Time is up: no pause to offer, but more minutes are.
    expect(facilitator.locator("[data-timer-control=pause]")).to_be_hidden()
    expect(facilitator.locator("[data-timer-control=extend]")).to_be_visible()
    _check_state(facilitator, lang, "time-up", words["round"].format(n=1))

    # Round 2, started elsewhere (the API): the bar follows without a reload, and as it is
    # the last round the next step is now ending the rounds, after a confirmation.
    api.post_json(f"/api/sessions/{cafe.id}/rounds/next")
    expect(facilitator.locator("[data-round-status]")).to_have_text(words["round"].format(n=2))
    expect(facilitator.locator("[data-next-round]")).to_have_count(0)
    expect(_bar(facilitator).locator("[data-harvest-confirm]")).to_be_visible()
    facilitator.locator("details:has(form[action$='/harvest']) > summary").click()
    facilitator.locator("form[action$='/harvest'] button[type=submit]").click()
    expect(timer).to_be_hidden()
    _check_state(facilitator, lang, "harvest", words["over"])

    facilitator.locator("[data-cockpit-bar] details:has(form[action$='/close']) > summary").click()
    with facilitator.expect_navigation():
        facilitator.locator("[data-cockpit-bar] form[action$='/close'] button").click()
    expect_live(facilitator)
    _check_state(facilitator, lang, "closed", words["closed"])
    expect(facilitator.locator("#downloads")).to_have_attribute("open", "")
    # Closed: nobody can join, so the join panel no longer offers the code or the QR.
    expect(facilitator.locator("#join [data-join-closed]")).to_have_count(1)
    expect(facilitator.locator("#join img.qr")).to_have_count(0)
