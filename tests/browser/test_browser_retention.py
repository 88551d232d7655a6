"""A café deleted within a week: the dashboard warns with a link to it, and the session
page's "Keeping the data" panel says the date and lets its owner choose another period."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import axe_check
from tests.e2e.support import ApiClient

pytestmark = pytest.mark.browser


def test_the_dashboard_warns_and_the_owner_keeps_the_cafe_longer(
    open_page: OpenPage, api: ApiClient
) -> None:
    plan = {"title": "Kort tid", "tables": 2, "topics": ["Hva?"], "rounds": 1, "round_minutes": 5}
    soon = api.post_json("/api/sessions", plan, expect=201)
    api.post_json("/api/sessions", {**plan, "title": "Lang tid"}, expect=201)
    api.request("PATCH", f"/api/sessions/{soon['id']}", json={"retention_days": 2})
    api.post_json(f"/api/sessions/{soon['id']}/close")

    page = open_page("facilitator", "en", logged_in=True)
    page.goto("/sessions")
    warning = page.locator("[data-deleting-soon]")
    expect(warning).to_contain_text("will be deleted within a week")
    expect(warning.get_by_role("link", name="Kort tid")).to_be_visible()
    expect(warning).not_to_contain_text("Lang tid")
    axe_check(page, "dashboard with a deletion warning")

    warning.get_by_role("link", name="Kort tid").click()
    panel = page.locator("#retention")
    expect(panel.locator("[data-retention]")).to_contain_text("2 days after closing")
    axe_check(page, "session page, retention panel open")
    page.fill("#retention-days", "60")
    panel.get_by_role("button", name="Save").click()
    expect(page.locator("#retention [data-retention]")).to_contain_text("60 days after closing")
    page.goto("/sessions")
    expect(page.locator("[data-deleting-soon]")).to_have_count(0)
