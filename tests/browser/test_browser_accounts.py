"""Accounts in a real browser: an admin makes a reset link that a second browser uses to
choose a new password and log in; the accounts page, the link page and the delete-account
page pass axe-core (WCAG 2.1 A/AA, serious and critical) in nb and en."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import axe_check, login
from tests.e2e.support import FACILITATOR_EMAIL, ApiClient, ServerProcess, create_cafe

pytestmark = pytest.mark.browser
PASSWORD = "a first password"
NEW_PASSWORD = "a second password"


def _sign_up(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/signup")
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/sessions$"))


def _log_out(page: Page) -> None:
    page.locator(".site-header form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_an_admin_makes_a_reset_link_that_another_browser_uses(open_page: OpenPage) -> None:
    email = f"glemsk-{uuid.uuid4().hex[:8]}@example.no"
    person = open_page("facilitator", "en")
    _sign_up(person, email)
    _log_out(person)

    admin = open_page("facilitator", "en", logged_in=True)
    admin.goto("/sessions")
    admin.get_by_role("link", name="Accounts").click()
    expect(admin).to_have_url(re.compile(r"/admin/accounts$"))
    row = admin.get_by_role("listitem").filter(has=admin.get_by_role("heading", name=email))
    row.get_by_role("button", name="Make a reset link").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text(f"Reset link for {email}")
    link = admin.locator("#made-link").input_value()
    assert "/reset/" in link

    stranger = open_page("facilitator", "en")  # another browser: no cookies of the admin's
    stranger.goto(link)
    stranger.fill("#password", NEW_PASSWORD)
    stranger.locator("main form button[type=submit]").click()
    expect(stranger).to_have_url(re.compile(r"/sessions$"))
    _log_out(stranger)
    login(stranger, email, NEW_PASSWORD)
    stranger.goto(link)  # once only
    stranger.fill("#password", "a third password")
    stranger.locator("main form button[type=submit]").click()
    expect(stranger.locator("main")).to_contain_text("used already")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_account_pages_pass_axe(lang: str, open_page: OpenPage, server: ServerProcess) -> None:
    email = f"tilgjengelig-{lang}-{uuid.uuid4().hex[:8]}@example.no"
    member = open_page("facilitator", lang)
    _sign_up(member, email)
    own = ApiClient(server.url)
    own.log_in(email, PASSWORD)
    cafe = create_cafe(own, "Kafé med medhjelper", ["Hva er et godt hjem?"], start=False)
    create_cafe(own, "Kafé uten medhjelper", ["Hva er et godt hjem?"], start=False)
    own.post_json(
        f"/api/sessions/{cafe['id']}/members",
        {"email": FACILITATOR_EMAIL, "role": "co_facilitator"},
        expect=201,
    )
    own.close()

    member.goto("/account/delete")
    expect(member.locator(f"select[name='cafe-{cafe['id']}']")).to_be_visible()
    axe_check(member, f"delete-account page [{lang}]")

    admin = open_page("facilitator", lang, logged_in=True)
    admin.goto("/admin/accounts")
    expect(admin.locator(".account-list")).to_contain_text(email)
    axe_check(admin, f"accounts page [{lang}]")
    admin.locator(".account-row", has_text=email).locator("form").first.locator("button").click()
    expect(admin.locator("button[data-copy]")).to_be_visible()  # the script ran
    expect(admin.locator("#made-link")).to_be_visible()
    axe_check(admin, f"reset link page [{lang}]")
