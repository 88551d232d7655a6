"""The printed table cards and door poster: every table, its question, and a QR code that
a phone's camera reads as the join link (rendered to pixels and decoded, as a camera would)."""

from __future__ import annotations

import io

import pypdfium2
import zxingcpp
from pypdf import PdfReader

from dialogcafe.exports.table_cards import CardTable, RoomPrint, render_table_cards

ROOM = RoomPrint(
    title="Et trygt hjem for alle",
    join_url="https://kafe.example.no/j/K7P3XR",
    join_code="K7P3XR",
    questions_move=True,
    tables=(
        CardTable(1, "Hva gjør et hjem trygt for deg?"),
        CardTable(2, "Hvordan vil du bli hørt når kommunen planlegger boliger? " * 4),
        CardTable(3, "Hva trenger du for å bo godt når du blir eldre?"),
    ),
)


def _decoded(pdf: bytes, page_index: int) -> list[str]:
    """The QR codes on one page, read from a 100 dpi rendering."""
    document = pypdfium2.PdfDocument(pdf)
    image = document[page_index].render(scale=100 / 72).to_pil()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def test_a_card_per_table_then_the_poster() -> None:
    pdf = render_table_cards(ROOM)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 4
    for number, page in enumerate(pages[:3], start=1):
        text = page.extract_text()
        assert text.count(f"Table {number}") == 2  # both halves of the fold
        assert "K 7 P 3 X R" in text and ROOM.join_url in text
    assert "Hva gjør et hjem trygt for deg?" in " ".join(pages[0].extract_text().split())
    assert "FIRST QUESTION" in pages[0].extract_text()
    poster = pages[3].extract_text()
    assert "Et trygt hjem for alle" in poster and "Join from your phone" in poster


def test_every_qr_code_reads_as_the_join_link() -> None:
    pdf = render_table_cards(ROOM)
    for page_index in range(4):
        found = _decoded(pdf, page_index)
        assert found and set(found) == {ROOM.join_url}, (page_index, found)


def test_a_long_question_and_odd_letters_still_fit_and_print() -> None:
    room = RoomPrint(
        title="Kafé 👍 " + "lang tittel " * 20,
        join_url=ROOM.join_url,
        join_code=ROOM.join_code,
        questions_move=False,
        tables=(CardTable(1, "Ord " * 125 + "Привіт ő"),),
    )
    text = PdfReader(io.BytesIO(render_table_cards(room))).pages[0].extract_text()
    assert "QUESTION" in text and "FIRST QUESTION" not in text
    assert "Привіт ő" in text and "Kafé ? lang" in text


def test_the_cards_speak_the_asked_language() -> None:
    norwegian = {"Table {number}": "Bord {number}", "Scan to join": "Skann for å bli med"}
    pdf = render_table_cards(ROOM, lambda text: norwegian.get(text, text), language="nb")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Bord 1" in text and "Skann for å bli med" in text
