"""The vote's results, live: phones vote, the facilitator watches and shows the results, and
the projector's results view follows each dot without a reload.

Screenshots of the projector (1920x1080) and the facilitator's panel land in the test's
temporary folder (printed), to look at type size, bars and contrast.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import axe_check, expect_live, join_as, post
from tests.e2e.support import ApiClient, create_cafe

pytestmark = pytest.mark.browser

TOPICS = ["Hva gjør et hjem trygt?", "Hvordan blir beboerne hørt?"]


def vote_for(phone: Page, text: str, times: int = 1) -> None:
    """Press "+" on the input ``text`` in the phone's vote list, waiting for each ack."""
    item = phone.locator("[data-vote-list] .vote-item").filter(has_text=text)
    plus = item.locator(".vote-button").last
    count = item.locator(".vote-count")
    for n in range(1, times + 1):
        plus.click()
        expect(count).to_contain_text(str(n))


def ranked(view: Page | Locator, question: int) -> Locator:
    """The ranked inputs of one question in a results view."""
    return view.locator(".results-question").nth(question).locator(".results-item")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_projector_shows_the_results_live_once_the_facilitator_shows_them(
    open_page: OpenPage, api: ApiClient, lang: str, tmp_path: Path
) -> None:
    cafe = create_cafe(api, "Et trygt hjem for alle", TOPICS, tables=2, rounds=1)
    kari, ola = open_page(lang=lang), open_page(lang=lang)
    join_as(kari, cafe["join_code"], "Kari", table=1)
    join_as(ola, cafe["join_code"], "Ola", table=2)
    post(kari, "Lys i trappa og ved postkassene")
    post(kari, "Naboer som hilser på hverandre")
    post(ola, "Faste møter med vaktmesteren")
    api.request("PATCH", f"/api/sessions/{cafe['id']}", json={"dots_per_participant": 3})

    facilitator = open_page("facilitator", lang, logged_in=True)
    facilitator.goto(f"/sessions/{cafe['id']}")
    expect_live(facilitator)
    projector = open_page("projector", lang, logged_in=True)
    projector.goto(f"/sessions/{cafe['id']}/projector")
    expect_live(projector)
    panel = facilitator.locator(".results-panel")
    expect(panel).to_be_hidden()

    api.post_json(f"/api/sessions/{cafe['id']}/harvest")
    expect(panel).to_be_visible()  # no reload: the harvest's `results` fill it
    for phone in (kari, ola):
        expect(phone.locator("[data-vote]")).to_be_visible()  # the harvest reloads phones
    expect_live(projector)
    results = projector.locator("[data-results]")
    expect(results).to_be_hidden()  # only the facilitator sees them so far

    vote_for(ola, "Lys i trappa", 1)
    expect(ranked(panel, 0).first).to_contain_text("Lys i trappa")
    expect(ranked(panel, 0).first.locator(".results-dots")).to_contain_text("1")
    expect(kari.locator("[data-results]")).to_be_hidden()

    switch = facilitator.locator("[data-results-button]")
    switch.click()
    expect(switch).to_have_attribute("aria-checked", "true")
    expect(results).to_be_visible()
    expect(projector.locator("[data-view='wall']")).to_be_hidden()
    expect(kari.locator("[data-results]")).to_be_visible()

    vote_for(kari, "Naboer som hilser", 2)
    vote_for(ola, "Naboer som hilser", 1)
    vote_for(kari, "Faste møter", 1)
    first = ranked(results, 0).first
    expect(first).to_contain_text("Naboer som hilser")
    expect(first.locator(".results-dots")).to_contain_text("3")
    expect(ranked(results, 1).first.locator(".results-dots")).to_contain_text("1")
    expect(results.locator("[data-results-totals]")).to_contain_text(re.compile(r"5\D+2"))
    axe_check(projector, f"projector results ({lang})")
    axe_check(facilitator, f"facilitator results panel ({lang})")

    projector.screenshot(path=str(tmp_path / f"13B-projector-results-{lang}.png"))
    panel.screenshot(path=str(tmp_path / f"13B-facilitator-results-{lang}.png"))
    kari.screenshot(path=str(tmp_path / f"13B-phone-results-{lang}.png"), full_page=True)

    switch.click()
    expect(switch).to_have_attribute("aria-checked", "false")
    expect(results).to_be_hidden()
    expect(kari.locator("[data-results]")).to_be_hidden()
    print(json.dumps({"screenshots": str(tmp_path)}))
