"""Moderation in a real browser: hide from the moderation page and the live view, and the
approve-first queue, seen on a facilitator's laptop and two phones at once."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

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
    table_card,
    write,
)

pytestmark = pytest.mark.browser


def _moderation_item(page: Page, text: str) -> Locator:
    return page.locator(".mod-item").filter(has=page.locator(".post-text").filter(has_text=text))


def test_moderation_hides_everywhere_and_approve_first_holds_inputs(open_page: OpenPage) -> None:
    facilitator = open_page("facilitator", "en")
    login(facilitator)
    cafe = create_session_in_form(
        facilitator, title="Moderation", topics=["Q1", "Q2"], tables=2, rounds=2
    )
    start_next_round(facilitator, 1)
    author = open_page("phone", "en")
    neighbour = open_page("phone", "en")
    join_as(author, cafe.join_code, "Kari", table=1)
    join_as(neighbour, cafe.join_code, "Ola", table=1)

    post(author, "Something rude")
    expect(post_with_text(neighbour, "Something rude")).to_have_count(1)
    expect(post_with_text(table_card(facilitator, 1), "Something rude")).to_have_count(1)

    # Hide with a reason from the moderation page: gone from every screen, no reload.
    moderation = facilitator.context.new_page()
    moderation.goto(f"/sessions/{cafe.id}/moderation")
    expect_live(moderation)
    axe_check(moderation, "moderation page")
    item = _moderation_item(moderation, "Something rude")
    reason = item.get_by_label("Reason (optional)")
    expect(reason).to_be_hidden()  # asked for only once "Hide…" is opened
    item.locator("[data-hide-box] > summary").click()
    expect(reason).to_be_focused()
    reason.fill("Personal attack")
    item.get_by_role("button", name="Hide", exact=True).click()
    expect(item.locator(".mod-reason")).to_have_text("Reason: Personal attack")
    for screen in (neighbour, author, table_card(facilitator, 1)):
        expect(post_with_text(screen, "Something rude")).to_have_count(0)
    expect(author.locator("[data-moderation-note]")).to_be_visible()

    # Approve first: the author sees "Waiting for approval", the neighbour nothing yet.
    moderation.get_by_role("button", name="Turn approve first on").click()
    expect(moderation.get_by_role("button", name="Turn approve first off")).to_be_visible()
    write(author, "Please check me")
    mine = post_with_text(author, "Please check me")
    expect(mine.locator("[data-awaiting]")).to_have_text("Waiting for approval")
    queued = _moderation_item(moderation, "Please check me")
    expect(queued.locator(".mod-badge")).to_have_text("Waiting")
    expect(post_with_text(neighbour, "Please check me")).to_have_count(0)
    queued.get_by_role("button", name="Approve").click()
    expect(post_with_text(neighbour, "Please check me")).to_have_count(1)
    expect(mine.locator("[data-awaiting]")).to_have_count(0)
    expect(post_with_text(table_card(facilitator, 1), "Please check me")).to_have_count(1)

    # The small Hide on the live view works too, and the moderation page follows.
    card_post = post_with_text(table_card(facilitator, 1), "Please check me")
    card_post.get_by_role("button", name="Hide this input").click()
    expect(post_with_text(neighbour, "Please check me")).to_have_count(0)
    expect(card_post).to_have_count(0)
    expect(queued.locator(".mod-badge")).to_have_text("Hidden")
    axe_check(facilitator, "session page with moderation controls")
    axe_check(author, "phone after moderation")
