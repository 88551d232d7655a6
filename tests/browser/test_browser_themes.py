"""The harvest follows the question: the facilitator gathers inputs from all tables into
themes — accepting a suggestion, and making one by hand — and the projector shows each
theme with how many inputs and tables it gathers, live."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import axe_check, expect_live, join_as, post, two_table_themes_cafe
from tests.e2e.support import ApiClient

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots")


def _shot(page: Page, selector: str, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(selector).screenshot(path=str(SHOTS / name))


def test_the_facilitator_makes_themes_and_the_projector_shows_them(
    open_page: OpenPage, api: ApiClient
) -> None:
    cafe = two_table_themes_cafe(api)
    kari, ola = open_page(), open_page()
    join_as(kari, cafe["join_code"], "Kari", table=1)
    join_as(ola, cafe["join_code"], "Ola", table=2)
    post(kari, "Trygghet i oppgangen")
    post(kari, "Mer lys ved inngangen")
    post(ola, "Trygge naboer som hilser")
    post(ola, "Lys på stien om kvelden")
    post(ola, "Gode naboer")
    api.post_json(f"/api/sessions/{cafe['id']}/harvest")

    facilitator = open_page("facilitator", lang="en", logged_in=True)
    facilitator.goto(f"/sessions/{cafe['id']}")
    expect_live(facilitator)
    projector = open_page("projector", lang="en", logged_in=True)
    projector.goto(f"/sessions/{cafe['id']}/projector")
    expect_live(projector)
    # The themes are part of the projector's results view, which the facilitator chooses.
    api.request("PUT", f"/api/sessions/{cafe['id']}/projector", json={"view": "results"})
    expect(projector.locator("[data-projector]")).to_have_attribute("data-shown", "results")
    board = projector.locator("[data-themes-board]")
    expect(board).to_be_hidden()

    section = facilitator.locator("[data-themes-root]")
    suggestions = section.locator("[data-theme-suggestions] .theme-suggestion")
    # "lys" and "tryg" are shared across both tables; "naboer" then has one input left.
    expect(suggestions).to_have_count(2)
    first = suggestions.first
    expect(first.locator("input[name=name]")).to_have_value("Lys")
    first.locator("input[name=name]").fill("Lys og belysning")
    first.get_by_role("button", name="Accept").click()

    themes = section.locator("[data-theme-list] .theme-item")
    expect(themes).to_have_count(1)
    expect(themes.first.locator(".theme-name")).to_have_text("Lys og belysning")
    expect(themes.first.locator(".theme-facts")).to_have_text("2 inputs · tables 1, 2")
    expect(suggestions).to_have_count(1)

    # Ignore the other suggestion; make a theme by hand and move an input into it.
    suggestions.first.get_by_role("button", name="Ignore").click()
    expect(suggestions).to_have_count(0)
    section.locator("#theme-new-name").fill("Trygghet")
    section.get_by_role("button", name="Make theme").click()
    expect(themes).to_have_count(2)
    item = section.locator(".theme-input").filter(has_text="Trygghet i oppgangen")
    item.get_by_label("Table 1: theme").select_option(label="Trygghet")
    item.get_by_role("button", name="Move").click()
    expect(themes.nth(1).locator(".theme-facts")).to_have_text("1 input · tables 1")
    item = section.locator(".theme-input").filter(has_text="Trygge naboer")
    item.get_by_label("Table 2: theme").select_option(label="Trygghet")
    item.get_by_role("button", name="Move").click()
    expect(themes.nth(1).locator(".theme-facts")).to_have_text("2 inputs · tables 1, 2")

    # The projector follows without a reload.
    expect(board).to_be_visible()
    names = board.locator(".projector-theme-name")
    expect(names).to_have_text(["Lys og belysning", "Trygghet"])
    expect(board.locator(".projector-theme-facts")).to_have_text(
        ["2 inputs · 2 tables", "2 inputs · 2 tables"]
    )
    axe_check(facilitator, "facilitator themes")
    _shot(facilitator, "[data-themes-root]", "13C-facilitator-themes.png")
    _shot(projector, "[data-themes-board]", "13C-projector-themes.png")

    # A reload draws the same from the server.
    facilitator.reload()
    expect(section.locator("[data-theme-list] .theme-item")).to_have_count(2)
    projector.reload()
    expect(projector.locator(".projector-theme-name")).to_have_text(
        ["Lys og belysning", "Trygghet"]
    )
