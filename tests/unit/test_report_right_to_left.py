"""Right-to-left inputs in the reports: joined Arabic letters in visual order in the PDF,
a bidi paragraph in Word, as written in Markdown."""

from __future__ import annotations

import io
from dataclasses import replace

from docx import Document
from pypdf import PdfReader

from dialogcafe.exports import bidi_text
from dialogcafe.exports.markdown import render_markdown
from dialogcafe.exports.pdf_report import render_pdf
from dialogcafe.exports.word_report import render_docx
from tests.unit.test_exports_harvest import harvest_summary

ARABIC = "نحتاج إلى سكن آمن 24 ساعة"
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_arabic_letters_are_joined_and_laid_out_from_the_right() -> None:
    # سلام: sīn initial, lām–alif final ligature, mīm isolated; drawn right to left
    assert bidi_text.shape("سلام") == "\ufeb3\ufefc\ufee1"
    assert bidi_text.visual("سلام", "rtl") == "\ufee1\ufefc\ufeb3"
    # a number inside keeps its own order, the words around it swap sides
    shown = bidi_text.visual("في 24 ساعة", "rtl")
    assert "24" in shown
    assert shown.index("24") > 0 and shown.endswith(bidi_text.shape("في")[::-1])
    # a left-to-right line reverses only the Arabic name in it, brackets mirrored
    assert bidi_text.visual("Hei (سلام) 1", "ltr") == "Hei (\ufee1\ufefc\ufeb3) 1"
    assert bidi_text.visual("Hei på deg", "ltr") == "Hei på deg"


def _with_arabic_input():  # type: ignore[no-untyped-def]
    summary = harvest_summary()
    table = summary.tables[0]
    first = table.rounds[0]
    post = replace(first.posts[0], text=ARABIC)
    rounds = (replace(first, posts=(post, *first.posts[1:])), *table.rounds[1:])
    return replace(summary, tables=(replace(table, rounds=rounds), *summary.tables[1:]))


def test_an_arabic_input_is_right_to_left_in_the_pdf() -> None:
    content = render_pdf(_with_arabic_input())
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    # drawn as joined letters (presentation forms); readers give them back in either order
    word = bidi_text.shape("نحتاج")
    assert word != "نحتاج"
    assert word in text or word[::-1] in text
    assert "?" * 3 not in text  # no letter the font lacks


def test_an_arabic_input_is_a_bidi_paragraph_in_word_and_as_written_in_markdown() -> None:
    summary = _with_arabic_input()
    document = Document(io.BytesIO(render_docx(summary)))
    cells = [c for t in document.tables for row in t.rows for c in row.cells]
    paragraphs = [p for c in cells for p in c.paragraphs] + list(document.paragraphs)
    arabic = [p for p in paragraphs if p.text == ARABIC]
    assert arabic, "the input is in the Word report as written"
    for paragraph in arabic:
        assert paragraph._p.pPr.find(f"{W_NS}bidi") is not None
        assert all(run._r.rPr.find(f"{W_NS}rtl") is not None for run in paragraph.runs)
    norwegian = [p for p in paragraphs if p.text == "Trygge trapper"]
    assert norwegian
    assert norwegian[0]._p.pPr is None or norwegian[0]._p.pPr.find(f"{W_NS}bidi") is None
    assert ARABIC in render_markdown(summary)


def test_a_long_right_to_left_cell_stays_quick_and_inside_its_column() -> None:
    summary = harvest_summary()
    table = summary.tables[0]
    first = table.rounds[0]
    post = replace(first.posts[0], text="ب" * 3000 + " " + "سلام " * 400)
    rounds = (replace(first, posts=(post,)), *table.rounds[1:])
    content = render_pdf(
        replace(summary, tables=(replace(table, rounds=rounds), *summary.tables[1:]))
    )
    assert content.startswith(b"%PDF")
