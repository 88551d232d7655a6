"""A table host gathers their own table's inputs into themes from the phone in the harvest
— accepting a suggestion, making one by hand and moving an input into it — and the
projector shows the themes live. The host's phone is in Norwegian, as most are."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import (
    axe_check,
    expect_live,
    join_as,
    page_data,
    post,
    two_table_themes_cafe,
)
from tests.e2e.support import ApiClient

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots")


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("[data-host-themes]").screenshot(path=str(SHOTS / name))


def test_a_table_host_makes_themes_on_the_phone_and_the_projector_shows_them(
    open_page: OpenPage, api: ApiClient
) -> None:
    cafe = two_table_themes_cafe(api)
    kari, ola = open_page(), open_page()
    join_as(kari, cafe["join_code"], "Kari", table=1)
    join_as(ola, cafe["join_code"], "Ola", table=2)
    post(kari, "Trygghet i oppgangen")
    post(kari, "Mer lys ved inngangen")
    post(kari, "Trygge naboer som hilser")
    post(kari, "Lys på stien om kvelden")
    post(ola, "Trygt å gå hjem")
    api.post_json(f"/api/sessions/{cafe['id']}/harvest")

    projector = open_page("projector", lang="en", logged_in=True)
    projector.goto(f"/sessions/{cafe['id']}/projector")
    expect_live(projector)
    # The themes are part of the projector's results view, which the facilitator chooses.
    api.request("PUT", f"/api/sessions/{cafe['id']}/projector", json={"view": "results"})
    expect(projector.locator("[data-projector]")).to_have_attribute("data-shown", "results")
    board = projector.locator("[data-themes-board]")
    expect(board).to_be_hidden()

    section = kari.locator("[data-host-themes]")
    expect(section).to_be_hidden()
    # The facilitator makes Kari host of table 1: her phone shows the themes without a reload.
    kari_id = page_data(kari)["participant"]["id"]
    api.post_json(f"/api/sessions/{cafe['id']}/tables/1/host", {"participant_id": kari_id})
    expect(section).to_be_visible()
    expect(ola.locator("[data-host-themes]")).to_be_hidden()

    # Only table 1's inputs, each with its own "move to theme" select.
    inputs = section.locator(".theme-input")
    expect(inputs).to_have_count(4)
    expect(section.get_by_text("Trygt å gå hjem")).to_have_count(0)
    suggestions = section.locator("[data-theme-suggestions] .theme-suggestion")
    expect(suggestions).to_have_count(2)
    lys = suggestions.first
    expect(lys.get_by_label("Navn")).to_have_value("Lys")
    lys.get_by_label("Navn").fill("Lys og belysning")
    lys.get_by_role("button", name="Godta").click()

    themes = section.locator("[data-theme-list] .theme-item")
    expect(themes).to_have_count(1)
    expect(themes.first.locator(".theme-name")).to_have_text("Lys og belysning")
    expect(themes.first.locator(".theme-facts")).to_have_text("2 innspill · bord 1")
    expect(suggestions).to_have_count(1)
    suggestions.first.get_by_role("button", name="Overse").click()
    expect(suggestions).to_have_count(0)

    section.get_by_label("Navn", exact=True).last.fill("Trygghet")
    section.get_by_role("button", name="Lag tema").click()
    expect(themes).to_have_count(2)
    item = inputs.filter(has_text="Trygghet i oppgangen")
    item.get_by_label("Flytt til tema").select_option(label="Trygghet")
    item.get_by_role("button", name="Flytt", exact=True).click()
    expect(themes.nth(1).locator(".theme-facts")).to_have_text("1 innspill · bord 1")
    expect(item.get_by_label("Flytt til tema")).to_have_value(
        str(page_data_theme_id(kari, "Trygghet"))
    )

    # The projector follows; so does the host's own reload (the state carries the themes).
    expect(board).to_be_visible()
    expect(board.locator(".projector-theme-name")).to_have_text(["Lys og belysning", "Trygghet"])
    expect(board.locator(".projector-theme-facts")).to_have_text(
        ["2 inputs · 1 table", "1 input · 1 table"]
    )
    axe_check(kari, "host themes")
    kari.reload()
    expect_live(kari)
    expect(section.locator("[data-theme-list] .theme-item")).to_have_count(2)

    # Big enough to touch, and no sideways scrolling at 320 px.
    for control in section.locator("button:visible, select:visible, input:visible").all():
        box = control.bounding_box()
        assert box is not None and box["height"] >= 44, control
    _shot(kari, "G2-host-themes-390.png")
    kari.set_viewport_size({"width": 320, "height": 740})
    width = kari.evaluate("document.documentElement.scrollWidth")
    offenders = kari.evaluate(
        "Array.from(document.querySelectorAll('body *'))"
        ".filter((e) => e.getBoundingClientRect().right > 321)"
        ".slice(0, 5).map((e) => `${e.tagName}.${e.className}`)"
    )
    assert width <= 320, offenders
    _shot(kari, "G2-host-themes-320.png")


def page_data_theme_id(page: Page, name: str) -> int:
    """The id of the host's theme called ``name``, from its rename form."""
    form = page.locator("[data-host-themes] .theme-item").filter(has_text=name)
    theme_id = form.locator("[data-theme-action=rename]").get_attribute("data-theme-id")
    assert theme_id is not None
    return int(theme_id)
