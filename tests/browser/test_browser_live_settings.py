"""What the facilitator changes reaches open pages without anyone pressing reload.

Joins fill the facilitator's "Make host" choice live; opening or closing the other tables
reaches the phones at once, and a half-written input survives the page redrawing itself.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import (
    create_session_in_form,
    expect_live,
    join_as,
    post,
    post_with_text,
    start_next_round,
    table_card,
)

pytestmark = pytest.mark.browser


def test_joins_and_settings_reach_open_pages(open_page: OpenPage) -> None:
    facilitator = open_page("facilitator", logged_in=True)
    cafe = create_session_in_form(
        facilitator,
        title="Åpne bord",
        topics=["Hva fungerer?", "Hva mangler?"],
        tables=2,
        rounds=2,
        rotation="people",
    )
    expect_live(facilitator)
    host_form = table_card(facilitator, 1).locator("[data-host-form]")
    expect(host_form).to_be_hidden()  # nobody sits at table 1 yet

    bo = open_page()
    join_as(bo, cafe.join_link, "Bo", table=2)
    start_next_round(facilitator, 1)
    other_text = "Et sted å låne verktøy."
    post(bo, other_text)

    anna = open_page()
    join_as(anna, cafe.join_link, "Anna", table=1)
    # The facilitator's page was not reloaded: Anna appears as a possible host at once.
    expect(host_form).to_be_visible()
    expect(host_form.locator("option")).to_have_text(["Anna"])

    others = anna.locator("[data-other-tables]")
    expect(post_with_text(others, other_text)).to_have_count(1)
    draft = "Jeg har ikke skrevet ferdig"
    anna.fill("#text", draft)

    _set_other_tables_hidden(facilitator, hidden=True)
    expect(others).to_be_hidden()
    expect(anna.locator("#text")).to_have_value(draft)
    expect_live(anna)

    _set_other_tables_hidden(facilitator, hidden=False)
    expect(post_with_text(others, other_text)).to_have_count(1)
    expect(anna.locator("#text")).to_have_value(draft)


def _set_other_tables_hidden(facilitator: Page, *, hidden: bool) -> None:
    """Tick or untick "Keep other tables' inputs hidden" and save (a plain form post)."""
    folded = facilitator.locator("details:has(input[name=hide_other_tables]):not([open]) > summary")
    if folded.count():  # the cockpit folds its settings panels
        folded.click()
    box = facilitator.locator("input[name=hide_other_tables]")
    box.set_checked(hidden)
    with facilitator.expect_navigation():
        box.locator("xpath=ancestor::form").locator("button[type=submit]").click()
    expect_live(facilitator)
