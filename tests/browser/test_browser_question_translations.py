"""Questions in the participant's language, and right-to-left text everywhere.

A café's first question is translated into Arabic. A phone picks Arabic as its question
language on the join page (the interface stays English): the question shows right to left,
large, with the original under it; a wording fix of the translation reaches it live. Its
Arabic input is right to left on the projector's wall (computed direction) and in the PDF
and Word reports. axe checks each phone state; screenshots at 390 and 320 px, the
projector at 1920×1080, the facilitator's translations panel and the PDF page go to
/tmp/shots/qtrans/.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import axe_check, expect_live, post
from tests.e2e.support import ApiClient, create_cafe

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("DIALOGCAFE_SHOTS", "/tmp/shots/qtrans"))
TOPICS = ["Hva gjør et hjem trygt?", "Hva savner du i nabolaget?"]
ARABIC_QUESTION = "ما الذي يجعل المنزل آمنًا؟"
ARABIC_FIXED = "ما الذي يجعل البيت آمنًا لك؟"
ARABIC_INPUT = "نحتاج إلى إضاءة أفضل في المدخل 24 ساعة"
SIZES = {"390": {"width": 390, "height": 844}, "320": {"width": 320, "height": 640}}


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def phone_state(page: Page, name: str) -> None:
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        axe_check(page, f"phone {name} at {size} px")
        shoot(page, f"phone-{name}-{size}")
    page.set_viewport_size(SIZES["390"])


def direction(page: Page, selector: str) -> str:
    return str(page.locator(selector).first.evaluate("(e) => getComputedStyle(e).direction"))


def test_an_arabic_phone_reads_the_question_and_writes_right_to_left(
    open_page: OpenPage, api: ApiClient
) -> None:
    cafe = create_cafe(api, "Trygt hjem", TOPICS, tables=2, rounds=1)
    sid = cafe["id"]
    api.request(
        "PUT",
        f"/api/sessions/{sid}/translations",
        json={
            "questions": [
                {
                    "number": 1,
                    "translations": {"ar": ARABIC_QUESTION, "uk": "Що робить дім безпечним?"},
                }
            ]
        },
    )

    phone = open_page("phone", "en")
    phone.goto(f"/j/{cafe['join_code']}")
    choice = phone.locator("#question-language-join")
    expect(choice.locator("option[value=ar]")).to_have_text("العربية")
    choice.select_option("ar")
    phone.fill("#nickname", "Layla")
    phone.check("input[name=table][value='1']")
    axe_check(phone, "join page with the question language")
    shoot(phone, "phone-join-390")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Join").click()
    expect_live(phone)

    question = phone.locator("[data-topic]")
    expect(question).to_have_text(ARABIC_QUESTION)
    expect(question).to_have_attribute("lang", "ar")
    expect(question).to_have_attribute("dir", "rtl")
    assert direction(phone, "[data-topic]") == "rtl"
    original = phone.locator("[data-topic-original]")
    expect(original).to_be_visible()
    expect(original.locator("[data-topic-original-text]")).to_have_text(TOPICS[0])
    expect(phone.locator("html")).to_have_attribute("lang", "en")  # the interface stays
    big = question.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")
    small = original.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")
    assert big > small
    phone_state(phone, "round-arabic")

    # a fix of the translation reaches the phone live
    api.request(
        "PUT",
        f"/api/sessions/{sid}/translations",
        json={"questions": [{"number": 1, "translations": {"ar": ARABIC_FIXED}}]},
    )
    expect(question).to_have_text(ARABIC_FIXED)

    # back to the original, without a reload; then Arabic again
    phone.locator("#question-language-table").select_option("original")
    expect(question).to_have_text(TOPICS[0])
    expect(original).to_be_hidden()
    phone.locator("#question-language-table").select_option("ar")
    expect(question).to_have_text(ARABIC_FIXED)

    sent = post(phone, ARABIC_INPUT)
    assert sent.locator(".post-text").evaluate("(e) => getComputedStyle(e).direction") == "rtl"
    post(phone, "Bedre lys i gangen")
    phone_state(phone, "posted-arabic")

    # the facilitator's panel shows the translation rows
    cockpit = open_page("facilitator", "en", logged_in=True)
    cockpit.set_viewport_size({"width": 1280, "height": 900})
    cockpit.goto(f"/sessions/{sid}")
    cockpit.locator("#translations > summary").click()
    expect(cockpit.locator("#q1-text-1")).to_have_value(ARABIC_FIXED)
    assert direction(cockpit, "#q1-text-1") == "rtl"
    cockpit.locator("#translations-body").screenshot(
        path=str(SHOTS / "facilitator-translations-1280.png")
    )
    card_post = cockpit.locator(".post-text", has_text=ARABIC_INPUT).first
    expect(card_post).to_be_visible()
    assert card_post.evaluate("(e) => getComputedStyle(e).direction") == "rtl"

    # the projector's wall in the harvest
    api.post_json(f"/api/sessions/{sid}/harvest")
    api.request("PUT", f"/api/sessions/{sid}/projector", json={"view": "wall"})
    projector = open_page("projector", "en", logged_in=True)
    projector.goto(f"/sessions/{sid}/projector")
    expect_live(projector)
    wall_post = projector.locator(".projector-card-text", has_text=ARABIC_INPUT)
    expect(wall_post).to_be_visible()
    assert wall_post.evaluate("(e) => getComputedStyle(e).direction") == "rtl"
    norwegian = projector.locator(".projector-card-text", has_text="Bedre lys i gangen")
    assert norwegian.evaluate("(e) => getComputedStyle(e).direction") == "ltr"
    axe_check(projector, "projector wall with an Arabic input")
    shoot(projector, "projector-wall-1920")

    # the reports
    pdf = api.request("GET", f"/api/sessions/{sid}/export.pdf").content
    (SHOTS / "report.pdf").write_bytes(pdf)
    document = pdfium.PdfDocument(pdf)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    # Drawn with joined letter forms, right to left; read back in logical order, whole.
    assert ARABIC_INPUT in text
    document[2].render(scale=90 / 72).to_pil().save(SHOTS / "report-page-3.png")
    document.close()
    docx = Document(io.BytesIO(api.request("GET", f"/api/sessions/{sid}/export.docx").content))
    cells = [p for t in docx.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    arabic = [p for p in cells if p.text == ARABIC_INPUT]
    assert arabic
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert all(p._p.pPr.find(f"{w}bidi") is not None for p in arabic)
