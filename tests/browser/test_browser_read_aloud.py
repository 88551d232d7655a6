"""Read aloud on the phone: the browser's own speech synthesis, only with a fitting voice.

The device's voices are stubbed in the test (never in the app): an init script replaces
``speechSynthesis.getVoices``/``speak``/``cancel`` and ``SpeechSynthesisUtterance`` with a
recorder, so a test sees what would have been said, in which language, and nothing is
played. With a Norwegian voice the question's "Read aloud" shows and reads the question
with ``lang`` nb; pressing again stops. With no voice, an English voice only, or no speech
synthesis at all, there is no button. Voices that load late (``voiceschanged``) bring
the button then. "Read inputs aloud" gives every input a button of its own, and is kept on
the device. Screenshots go to /tmp/shots/read-aloud/.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import axe_check, join_as, post
from tests.browser.reflow import assert_reflows
from tests.e2e.support import ApiClient

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots/read-aloud")
QUESTION = "Hva gjør et hjem trygt?"
QUESTION_EN = "What makes a home safe?"
NORWEGIAN = [{"name": "Norsk", "lang": "nb-NO"}]
ENGLISH = [{"name": "English", "lang": "en-GB"}]

# The recorder: what the page asks the speech engine to do lands in window.__speech.
_STUB = """
(() => {
  const voices = %(voices)s;
  const late = %(late)s;
  let loaded = !late;
  window.__speech = { spoken: [], cancelled: 0, last: null };
  class Utterance extends EventTarget {
    constructor(text) { super(); this.text = text; this.lang = ""; this.voice = null; }
  }
  const synth = new EventTarget();
  synth.getVoices = () => (loaded ? voices : []);
  synth.speak = (utterance) => {
    window.__speech.spoken.push({ text: utterance.text, lang: utterance.lang,
                                  voice: utterance.voice && utterance.voice.lang });
    window.__speech.last = utterance;
  };
  synth.cancel = () => { window.__speech.cancelled += 1; };
  window.__loadVoices = () => { loaded = true; synth.dispatchEvent(new Event("voiceschanged")); };
  window.__finishSpeaking = () => window.__speech.last.dispatchEvent(new Event("end"));
  const own = (name, value) => Object.defineProperty(window, name, { value, configurable: true });
  own("speechSynthesis", synth);
  own("SpeechSynthesisUtterance", Utterance);
})();
"""
_NO_SPEECH = """
Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });
"""


def with_voices(page: Page, voices: list[dict[str, str]], *, late: bool = False) -> Page:
    """Give the phone these voices (``late``: only after ``window.__loadVoices()``)."""
    page.add_init_script(_STUB % {"voices": json.dumps(voices), "late": json.dumps(late)})
    return page


def spoken(page: Page) -> list[dict[str, Any]]:
    said: list[dict[str, Any]] = page.evaluate("window.__speech.spoken")
    return said


def shoot(page: Page, state: str, lang: str) -> None:
    """The state at 320 and 390 px: reflow, axe, and a screenshot of each."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((320, 640), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        where = f"{state} with read aloud at {width} px ({lang})"
        assert_reflows(page, where)
        axe_check(page, where)
        page.screenshot(path=SHOTS / f"{state}-{width}-{lang}.png", full_page=True)


def running_cafe(api: ApiClient) -> dict[str, Any]:
    cafe: dict[str, Any] = api.post_json(
        "/api/sessions",
        {
            "title": "Trygt hjem",
            "description": "Vi vil høre hva du mener",
            "tables": 1,
            "topics": [QUESTION],
            "rounds": 1,
            "round_minutes": 15,
        },
        expect=201,
    )
    api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")
    return cafe


def test_a_norwegian_voice_reads_the_question_and_the_inputs(
    open_page: OpenPage, api: ApiClient
) -> None:
    cafe = running_cafe(api)
    phone = with_voices(open_page("phone", "nb"), NORWEGIAN)

    # The join page reads the café's title and intro.
    phone.goto(f"/j/{cafe['join_code']}")
    join_button = phone.locator("[data-read-aloud]")
    expect(join_button).to_be_visible()
    join_button.click()
    assert spoken(phone) == [
        {"text": "Trygt hjem. Vi vil høre hva du mener", "lang": "nb", "voice": "nb-NO"}
    ]
    expect(join_button).to_have_class("read-button is-reading")
    shoot(phone, "join", "nb")

    join_as(phone, cafe["join_code"], "Kari", table=1)
    read = phone.locator(".question-card [data-read-aloud]")
    expect(read).to_be_visible()
    read.click()
    assert spoken(phone) == [{"text": QUESTION, "lang": "nb", "voice": "nb-NO"}]
    expect(read).to_have_class("read-button is-reading")
    read.click()  # pressing again stops
    expect(read).to_have_class("read-button")
    assert phone.evaluate("window.__speech.cancelled") >= 1
    read.click()
    phone.evaluate("window.__finishSpeaking()")  # the end of the text: the button is ready again
    expect(read).to_have_class("read-button")

    # One switch gives every input its own button; it is kept on the device.
    post(phone, "Lys i trappa")
    switch = phone.locator("[data-read-inputs]")
    expect(switch).to_have_attribute("aria-pressed", "false")
    expect(phone.locator("[data-posts] .read-post")).to_be_hidden()
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    read.click()
    cancelled = phone.evaluate("window.__speech.cancelled")
    phone.locator("[data-posts] .read-post").first.click()  # stops the question, reads the input
    assert spoken(phone)[-1] == {"text": "Lys i trappa", "lang": "nb", "voice": "nb-NO"}
    assert phone.evaluate("window.__speech.cancelled") == cancelled + 1
    expect(read).to_have_class("read-button")
    phone.reload()
    expect(phone.locator("[data-read-inputs]")).to_have_attribute("aria-pressed", "true")
    expect(phone.locator("[data-posts] .read-post")).to_be_visible()
    post(phone, "Benker i parken")  # a new input gets its button as it arrives
    expect(phone.locator("[data-posts] .read-post")).to_have_count(2)

    shoot(phone, "round", "nb")


def test_no_button_without_a_voice_for_the_language(open_page: OpenPage, api: ApiClient) -> None:
    cafe = running_cafe(api)
    silent = with_voices(open_page("phone", "nb"), [])
    english_only = with_voices(open_page("phone", "nb"), ENGLISH)
    no_speech = open_page("phone", "nb")
    no_speech.add_init_script(_NO_SPEECH)
    for phone in (silent, english_only, no_speech):
        phone.goto(f"/j/{cafe['join_code']}")
        expect(phone.locator("[data-display-toggle]")).to_be_visible()  # the page's script ran
        expect(phone.locator("[data-read-aloud]")).to_be_hidden()
        join_as(phone, cafe["join_code"], "Ola", table=1)
        expect(phone.locator("[data-display-toggle]")).to_be_visible()
        expect(phone.locator("[data-read-aloud]")).to_be_hidden()
        expect(phone.locator("[data-read-inputs]")).to_be_hidden()

    # The question is written in Norwegian: an English phone shows it as written (lang nb),
    # and with only an English voice there is nothing to read it with.
    english = with_voices(open_page("phone", "en"), ENGLISH)
    join_as(english, cafe["join_code"], "Ann", table=1)
    expect(english.locator(".question-card [data-read-aloud]")).to_be_hidden()
    # Given an English translation, the English phone shows it and reads it in English.
    api.request(
        "PUT",
        f"/api/sessions/{cafe['id']}/translations",
        json={"questions": [{"number": 1, "translations": {"en": QUESTION_EN}}]},
    )
    english.reload()
    english.locator(".question-card [data-read-aloud]").click()
    assert spoken(english) == [{"text": QUESTION_EN, "lang": "en", "voice": "en-GB"}]
    english.locator("[data-display-toggle]").click()  # with large text too
    english.locator("[data-read-inputs]").click()
    post(english, "Good light on the stairs")
    shoot(english, "round-large", "en")


def test_voices_that_load_late_and_the_question_s_own_language(
    open_page: OpenPage, api: ApiClient
) -> None:
    cafe = running_cafe(api)
    phone = with_voices(open_page("phone", "nb"), NORWEGIAN, late=True)
    join_as(phone, cafe["join_code"], "Per", table=1)
    read = phone.locator(".question-card [data-read-aloud]")
    expect(phone.locator("[data-display-toggle]")).to_be_visible()
    expect(read).to_be_hidden()
    phone.evaluate("window.__loadVoices()")
    expect(read).to_be_visible()
    # A question shown in a translation carries its lang: no Norwegian voice reads English.
    phone.locator("[data-topic]").evaluate("(e) => e.setAttribute('lang', 'en')")
    expect(read).to_be_hidden()
    phone.locator("[data-topic]").evaluate("(e) => e.setAttribute('lang', 'nn')")
    expect(read).to_be_visible()  # a bokmål voice reads nynorsk
    read.click()
    assert spoken(phone) == [{"text": QUESTION, "lang": "nn", "voice": "nb-NO"}]
