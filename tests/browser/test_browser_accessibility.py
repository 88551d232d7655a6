"""axe-core (vendored) finds no serious or critical WCAG 2.1 A/AA problem on the main pages:
home, join, the participant's table, login, the facilitator's dashboard, new-session form,
session page and moderation page, and the projector (round, wall and join code), in nb and en.

Each page is checked in the state a person meets it in: the participant's table page with
a running round and inputs on it, the facilitator's session page live with inputs at the
tables. Every page's findings are collected first, so one failure lists them all.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import (
    axe_violations,
    describe_violations,
    expect_live,
    join_as,
    login,
    post,
)
from tests.e2e.support import ApiClient, create_cafe

pytestmark = pytest.mark.browser


class Findings:
    """Serious/critical violations per page, reported together at the end."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.reports: list[str] = []

    def check(self, page: Page, name: str) -> None:
        violations = axe_violations(page)
        if violations:
            self.reports.append(describe_violations(f"{name} [{self.lang}]", violations))

    def assert_clean(self) -> None:
        assert not self.reports, "\n\n".join(self.reports)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_main_pages_have_no_serious_accessibility_violations(
    lang: str, open_page: OpenPage, api: ApiClient
) -> None:
    cafe = create_cafe(
        api,
        "Tilgjengelig kafé",
        ["Hva gjør et møte tilgjengelig?", "Hva hindrer deg i å delta?"],
        rounds=2,
        start=False,
        description="Alle skal kunne delta.",
    )
    code = cafe["join_code"]
    findings = Findings(lang)

    visitor = open_page("phone", lang)
    visitor.goto("/")
    findings.check(visitor, "home page (phone)")
    visitor.goto(f"/j/{code}")
    findings.check(visitor, "join page (phone)")

    api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")
    join_as(visitor, code, "Nora", table=1)
    post(visitor, "Teleslynge og god tid.")
    findings.check(visitor, "participant table page (phone)")

    facilitator = open_page("facilitator", lang)
    facilitator.goto("/login")
    findings.check(facilitator, "login page")
    login(facilitator)
    findings.check(facilitator, "facilitator dashboard")
    facilitator.goto("/sessions/new")
    findings.check(facilitator, "new-session form")
    facilitator.goto(f"/sessions/{cafe['id']}")
    expect_live(facilitator)
    findings.check(facilitator, "facilitator session page")
    facilitator.goto(f"/sessions/{cafe['id']}/moderation")
    expect_live(facilitator)
    findings.check(facilitator, "moderation page")

    projector = open_page("projector", lang, logged_in=True)
    projector.goto(f"/sessions/{cafe['id']}/projector")
    expect_live(projector)
    findings.check(projector, "projector (round)")
    for view in ("wall", "join"):
        api.request("PUT", f"/api/sessions/{cafe['id']}/projector", json={"view": view})
        expect(projector.locator("[data-projector]")).to_have_attribute("data-shown", view)
        findings.check(projector, f"projector ({view})")

    findings.assert_clean()
