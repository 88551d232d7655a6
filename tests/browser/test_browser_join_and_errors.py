"""The front page's code box and the error pages on a phone, at 390×844 and 320 CSS px.

A wrong join code stays in the box with its error linked to it; the 404 page speaks the
browser's language (``Accept-Language`` from the context's locale, no language cookie):
bokmål for nb-NO, English for en-GB. Every state is checked by axe-core (no serious or
critical violation) and for reflow (no sideways scrolling). Screenshots go to
/tmp/shots/misc/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import WAIT_MS
from tests.browser.helpers import (
    Problems,
    axe_violations,
    describe_violations,
    install_problem_watch,
)
from tests.e2e.support import ApiClient, ServerProcess, create_cafe

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots/misc")
PHONES = {
    "390": {"width": 390, "height": 844},
    "320": {"width": 320, "height": 640},
}
NOT_FOUND = {"nb-NO": "Vi finner ikke denne siden", "en-GB": "We cannot find this page"}
BACK = {"nb-NO": "Gå til forsiden", "en-GB": "Go to the front page"}


def check(page: Page, where: str) -> None:
    """No serious/critical axe finding, and nothing wider than the screen."""
    violations = axe_violations(page)
    assert not violations, describe_violations(where, violations)
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{where}: {overflow}px of sideways scrolling"


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", list(PHONES))
def test_wrong_code_and_404_pages_on_a_phone(
    width: str, browser: Browser, server: ServerProcess, api: ApiClient
) -> None:
    cafe = create_cafe(api, "Beboermøte", ["Hva gjør blokka trygg?"], start=False)
    problems = Problems()
    contexts: list[Any] = []

    def phone(locale: str) -> Page:
        """A phone with no language chosen: the browser's locale sends Accept-Language."""
        context = browser.new_context(
            viewport=PHONES[width],
            base_url=server.url,
            locale=locale,
            is_mobile=True,
            has_touch=True,
            reduced_motion="reduce",
        )
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        page = context.new_page()
        install_problem_watch(page, problems, label=f"{locale}@{width}")
        return page

    try:
        page = phone("nb-NO")
        page.goto("/")
        box = page.get_by_label("Kode", exact=True)
        expect(box).to_have_attribute("autocomplete", "off")
        expect(box).to_have_attribute("autocapitalize", "characters")
        check(page, f"front page nb {width}")
        typed = "acd-34x9"
        box.fill(typed)
        page.get_by_role("button", name="Bli med").click()
        expect(page.get_by_role("alert")).to_contain_text("Vi finner ingen dialogkafé")
        box = page.get_by_label("Kode", exact=True)
        expect(box).to_have_value(typed)  # kept: fix one character, not all of them
        expect(box).to_have_attribute("aria-invalid", "true")
        expect(box).to_have_attribute("aria-describedby", "form-error code-hint")
        expect(box).to_be_focused()
        check(page, f"wrong code nb {width}")
        shoot(page, f"browser-wrongcode-nb-{width}")

        box.fill(cafe["join_code"].lower())
        page.get_by_role("button", name="Bli med").click()
        expect(page).to_have_url(f"{server.url}/j/{cafe['join_code']}")

        for locale in ("nb-NO", "en-GB"):
            lost = phone(locale)
            response = lost.goto("/no/such/page")
            assert response is not None and response.status == 404
            expect(lost.get_by_role("heading", level=1)).to_have_text(NOT_FOUND[locale])
            expect(lost.locator("html")).to_have_attribute("lang", locale[:2])
            check(lost, f"404 {locale} {width}")
            shoot(lost, f"browser-404-{locale[:2]}-{width}")
            lost.get_by_role("link", name=BACK[locale]).click()
            expect(lost).to_have_url(f"{server.url}/")
    finally:
        for context in contexts:
            context.close()
    problems.assert_none()
