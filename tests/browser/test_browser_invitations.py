"""An invitation link end to end (issue 15): the owner makes a reader link in the Team panel;
someone else, in another browser, makes an account through it, accepts, and sees the café
read-only. The invitation page passes axe-core in each of its states."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import axe_check, expect_live
from tests.e2e.support import ApiClient

pytestmark = pytest.mark.browser
PASSWORD = "ninas eget passord"


def test_a_reader_link_is_made_opened_and_accepted(open_page: OpenPage, api: ApiClient) -> None:
    cafe = api.post_json(
        "/api/sessions",
        {
            "title": "Et godt sted å bo",
            "tables": 2,
            "topics": ["Hva gjør at du trives der du bor?"],
            "rounds": 2,
            "round_minutes": 15,
        },
        expect=201,
    )
    owner = open_page("facilitator", "en", logged_in=True)
    owner.goto(f"/sessions/{cafe['id']}")
    owner.locator("#team > summary").click()
    owner.select_option("#invitation-role", "reader")
    owner.fill("#invitation-days", "3")
    with owner.expect_navigation():
        owner.locator("#team form.invitation-form button[type=submit]").click()
    link = owner.locator("[data-new-invitation]").input_value()
    assert re.search(r"/invite/[\w-]+$", link), link
    expect(owner.locator("[data-invitation-list] li")).to_have_count(1)
    axe_check(owner, "team panel with a new invitation link")

    # Someone without an account opens the link in their own browser.
    nina = open_page("facilitator", "en")
    nina.goto(link)
    expect(nina.locator("main")).to_contain_text("Et godt sted å bo")
    expect(nina.locator("main")).to_contain_text("as reader")
    axe_check(nina, "invitation page, logged out")
    nina.get_by_role("link", name="Create an account").click()
    nina.fill("#email", f"nina-{uuid.uuid4().hex[:8]}@example.no")
    nina.fill("#password", PASSWORD)
    nina.locator("main form button[type=submit]").click()
    expect(nina).to_have_url(re.compile(r"/invite/"))
    axe_check(nina, "invitation page, ready to accept")
    nina.locator("[data-accept-invitation]").click()
    expect(nina).to_have_url(re.compile(rf"/sessions/{cafe['id']}$"))
    expect(nina.locator("[data-reader-note]")).to_be_visible()
    expect_live(nina)
    expect(nina.locator("form[action$='/next']")).to_have_count(0)  # a reader runs nothing

    # The link is used up; the owner's panel no longer lists it.
    nina.goto(link)
    expect(nina.locator("[data-invitation-gone]")).to_be_visible()
    axe_check(nina, "invitation page, used")
    owner.reload()
    expect(owner.locator("[data-invitation-list]")).to_have_count(0)
