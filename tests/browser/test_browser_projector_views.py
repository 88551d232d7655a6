"""The projector at 1920×1080, every view, in bokmål and English.

One café walks through the views the facilitator chooses (over the API and with the
projector's own keys): each must fit the screen (and a small 1280×720 beamer) without a
scrollbar, show no form control, pass axe, and be readable from the back of a hall
(question ≥ 40 px, inputs ≥ 32 px). The status line shows only when offline. The choice
survives a reload, the wall pages through more inputs than one screen holds and jumps to
the newest page when one arrives, a table host's main points appear live, the themes are
the results view until the vote is shown, and the results list only inputs with dots.
Screenshots of every view go to /tmp/shots/projector/ (DIALOGCAFE_SHOTS overrides it).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import axe_check, expect_live
from tests.e2e.support import ApiClient, RecordingClient, ServerProcess, create_cafe

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("DIALOGCAFE_SHOTS", "/tmp/shots/projector"))
INPUTS = 14  # more than two screens of six

TEXTS = [
    "Vi trenger flere benker i gården, så eldre kan hvile på vei hjem fra butikken.",
    "Bedre lys i oppgangen",
    "Et felles rom der vi kan møtes uten å avtale noe på forhånd, med kaffe og aviser.",
    "Vaktmesteren bør ha faste tider",
    "Informasjon på flere språk, også på oppslagstavla i kjelleren og i heisen.",
    "Trygge lekeplasser",
]

MEASURE = """() => {
  const root = document.documentElement;
  const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
  return {
    scrollHeight: root.scrollHeight, scrollWidth: root.scrollWidth,
    height: innerHeight, width: innerWidth,
    controls: [...document.querySelectorAll("input, select, textarea, button")].filter(shown)
      .map((e) => e.outerHTML.slice(0, 80)),
  };
}"""


def font_px(page: Page, selector: str) -> float:
    """The computed font size of the first visible element matching ``selector``.

    Waited for in the page: a live view redraws itself (a new synthesis, the next page), and
    an element measured while it is being replaced has no computed size yet.
    """
    size = page.wait_for_function(
        """selector => {
            const shown = [...document.querySelectorAll(selector)].find(
                (e) => e.isConnected && e.getClientRects().length > 0);
            const px = shown ? parseFloat(getComputedStyle(shown).fontSize) : NaN;
            return Number.isFinite(px) ? px : null;
        }""",
        arg=selector,
    )
    return float(size.json_value())


def check_view(page: Page, view: str, lang: str) -> None:
    """The shown view fits, has no control, passes axe; a screenshot for people to look at."""
    expect(page.locator("[data-projector]")).to_have_attribute("data-shown", view)
    expect(page.locator(f'[data-view="{view}"]')).to_be_visible()
    measured = page.evaluate(MEASURE)
    assert measured["scrollHeight"] <= measured["height"], f"{view}: scrolls vertically"
    assert measured["scrollWidth"] <= measured["width"], f"{view}: scrolls sideways"
    assert measured["controls"] == [], f"{view}: form controls {measured['controls']}"
    axe_check(page, f"projector {view} [{lang}]")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{view}-{lang}.png"))
    # A small beamer (1280×720) gets the same view, still without a scrollbar.
    full = page.viewport_size
    page.set_viewport_size({"width": 1280, "height": 720})
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")
    small = page.evaluate(MEASURE)
    assert small["scrollHeight"] <= small["height"], f"{view}: scrolls at 1280×720"
    assert small["scrollWidth"] <= small["width"], f"{view}: scrolls sideways at 1280×720"
    page.screenshot(path=str(SHOTS / f"{view}-{lang}-720.png"))
    assert full is not None
    page.set_viewport_size(full)


def choose(api: ApiClient, session_id: int, view: str) -> dict[str, Any]:
    answer: dict[str, Any] = api.request(
        "PUT", f"/api/sessions/{session_id}/projector", json={"view": view}
    ).json()
    return answer


class Phone:
    """A participant's socket, joined over HTTP: writes inputs and, as host, main points."""

    def __init__(self, server: ServerProcess, code: str, table: int, nickname: str) -> None:
        joined = ApiClient(server.url).post_json(
            f"/api/join/{code}", {"table": table, "nickname": nickname}, expect=201
        )
        self.id = joined["participant"]["id"]
        self.socket = RecordingClient(nickname)
        self.socket.connect(server.url, {"token": joined["participant"]["token"]})

    def write(self, text: str) -> int:
        ack = self.socket.call("post", {"client_id": str(uuid.uuid4()), "text": text})
        assert ack["ok"], ack
        post_id: int = ack["post"]["id"]
        return post_id

    def like(self, post_id: int) -> None:
        assert self.socket.call("like", {"post_id": post_id, "liked": True})["ok"]

    def vote(self, post_id: int) -> None:
        assert self.socket.call("vote", {"post_id": post_id, "add": True})["ok"]

    def synthesis(self, text: str) -> None:
        assert self.socket.call("synthesis", {"text": text})["ok"]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_projector_view_fits_a_hall_screen(
    lang: str, open_page: OpenPage, api: ApiClient, server: ServerProcess
) -> None:
    cafe = create_cafe(
        api,
        "Bomiljø på Haugen",
        ["Hva gjør det godt å bo her?", "Hva bør vi endre først i nabolaget vårt?"],
        tables=4,
        rounds=2,
        start=False,
    )
    sid = cafe["id"]
    projector = open_page("projector", lang, logged_in=True)
    projector.goto(f"/sessions/{sid}/projector")
    expect_live(projector)

    # Before round 1, "auto" is the join screen: the QR code and the code, big.
    check_view(projector, "join", lang)
    expect(projector.locator("[data-join-code]")).to_have_text(cafe["join_code"])
    # Connected is no news to a hall: the status line shows only when offline.
    expect(projector.locator("[data-connection]")).to_be_hidden()

    api.post_json(f"/api/sessions/{sid}/rounds/next")  # the projector reloads on its own
    expect(projector.locator("[data-projector]")).to_have_attribute("data-shown", "round")
    expect_live(projector)
    check_view(projector, "round", lang)
    assert font_px(projector, ".projector-question") >= 40
    expect(projector.locator("[data-corner] img")).to_be_visible()  # late arrivals
    expect(projector.locator("[data-corner]")).to_contain_text(cafe["join_code"])
    # Every timer state stays readable (timer.js sets these classes).
    for state in ("is-ending", "is-paused", "is-over"):
        projector.evaluate(
            "s => document.querySelectorAll('[data-timer]').forEach(e => e.classList.add(s))",
            state,
        )
        axe_check(projector, f"projector round, timer {state} [{lang}]")
        projector.evaluate(
            "s => document.querySelectorAll('[data-timer]').forEach(e => e.classList.remove(s))",
            state,
        )

    kari, ola = (
        Phone(server, cafe["join_code"], 1, "Kari"),
        Phone(server, cafe["join_code"], 2, "Ola"),
    )
    ids = [
        (kari if n % 2 else ola).write(f"{TEXTS[n % len(TEXTS)]} ({n + 1})") for n in range(INPUTS)
    ]
    ola.like(ids[0])
    ola.like(ids[2])

    choose(api, sid, "wall")
    check_view(projector, "wall", lang)
    assert font_px(projector, ".projector-card-text") >= 32
    pages = projector.locator('[data-pages="wall"]')
    expect(pages).to_have_text("1 / 3")
    expect(projector.locator(".projector-card").locator("visible=true")).to_have_count(6)
    projector.keyboard.press("ArrowRight")
    expect(pages).to_have_text("2 / 3")
    # Something new: the wall goes back to the first page, where the newest input is.
    kari.write("Helt nytt innspill fra bord 1")
    expect(pages).to_have_text("1 / 3")
    expect(projector.get_by_text("Helt nytt innspill fra bord 1")).to_be_visible()

    # A view chosen by key on the projector itself stays after a reload.
    projector.keyboard.press("?")
    expect(projector.locator("[data-keys-hint]")).to_be_visible()
    projector.keyboard.press("?")
    expect(projector.locator("[data-keys-hint]")).to_be_hidden()
    projector.keyboard.press("s")
    check_view(projector, "syntheses", lang)
    projector.reload()
    expect_live(projector)
    expect(projector.locator("[data-projector]")).to_have_attribute("data-shown", "syntheses")
    # A table host's main points appear without a reload.
    api.post_json(f"/api/sessions/{sid}/tables/1/host", {"participant_id": kari.id})
    kari.synthesis("Flere benker og bedre lys.\nEt møterom for alle.")
    expect(projector.get_by_text("Flere benker og bedre lys.")).to_be_visible()
    api.post_json(f"/api/sessions/{sid}/tables/2/host", {"participant_id": ola.id})
    ola.synthesis("Vi vil ha informasjon på flere språk og faste tider for vaktmesteren.")
    expect(projector.locator("[data-syntheses] .projector-card")).to_have_count(2)
    check_view(projector, "syntheses", lang)
    assert font_px(projector, ".projector-syntheses-question") >= 40
    assert font_px(projector, "[data-syntheses] .projector-card-text") >= 32

    choose(api, sid, "cloud")
    check_view(projector, "cloud", lang)
    assert projector.locator(".cloud-word").count() > 3
    ola.write("Sykkelstativ, sykkelstativ, sykkelstativ og flere sykkelstativ!")
    expect(projector.locator(".cloud-word", has_text="sykkelstativ")).to_be_visible()  # live
    assert projector.get_by_text("Kari", exact=True).count() == 0  # never a name

    # A message to everyone is a banner; an empty one takes it down.
    api.post_json(f"/api/sessions/{sid}/broadcast", {"text": "Ti minutter igjen, så pause."})
    expect(projector.locator("[data-broadcast]")).to_have_text("Ti minutter igjen, så pause.")
    choose(api, sid, "wall")
    check_view(projector, "wall", lang)
    projector.screenshot(path=str(SHOTS / f"wall-broadcast-{lang}.png"))
    api.post_json(f"/api/sessions/{sid}/broadcast", {"text": ""})
    expect(projector.locator("[data-broadcast]")).to_be_hidden()

    # After the rounds: the results, live, with the themes if there are any.
    with projector.expect_navigation():  # a new phase: the projector redraws itself
        api.post_json(f"/api/sessions/{sid}/harvest")
    expect_live(projector)
    choose(api, sid, "results")
    for name, chosen in (("Benker og lys", ids[:3]), ("Møteplasser", ids[3:5])):
        api.post_json(f"/api/sessions/{sid}/themes", {"name": name, "post_ids": chosen}, expect=201)
    expect(projector.locator(".projector-theme-name")).to_have_text(
        ["Benker og lys", "Møteplasser"]
    )
    # Before the vote is shown the themes are the view: big cards, counts readable from afar.
    check_view(projector, "results", lang)
    projector.screenshot(path=str(SHOTS / f"themes-{lang}.png"))
    assert font_px(projector, ".projector-theme-name") >= 40
    assert font_px(projector, ".projector-theme-facts") >= 24
    # Dots on table 1's inputs only: table 2's liked inputs are no vote result.
    api.request("PATCH", f"/api/sessions/{sid}", json={"dots_per_participant": 3})
    ola.vote(ids[1])
    ola.vote(ids[3])
    api.request("PATCH", f"/api/sessions/{sid}", json={"show_results": True})
    expect(projector.locator(".results-question").first).to_be_visible()
    check_view(projector, "results", lang)
    assert font_px(projector, ".results-text") >= 32
    assert font_px(projector, ".projector-theme-facts") >= 24
    expect(projector.locator(".results-item")).to_have_count(2)
    expect(projector.locator('.results-item[data-dots="0"]')).to_have_count(0)
    no_dots = "Ingen prikker ennå." if lang == "nb" else "No dots yet."
    expect(projector.locator(".results-question").nth(1)).to_contain_text(no_dots)
    choose(api, sid, "auto")  # "auto" in the harvest with results shown: the results
    expect(projector.locator("[data-projector]")).to_have_attribute("data-shown", "results")
    projector.keyboard.press("j")
    check_view(projector, "join", lang)
    kari.socket.disconnect()
    ola.socket.disconnect()
