"""The report as a PDF, the same content as the Word file, for organisers who file PDFs.

Laid out with reportlab's platypus on A4 with the Word report's margins and column widths,
in DejaVu Sans (bundled in ``fonts/`` with its licence: æøå, and Cyrillic and Greek for
participants new to Norwegian), so no system font or library is needed. A character the
font lacks (an emoji) becomes "?" instead of an empty box or a broken line. Headings are
PDF bookmarks, so a reader's outline lists every question.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import PageBreak as PdfPageBreak

from dialogcafe.domain.errors import N_
from dialogcafe.domain.output_text import clean_strings
from dialogcafe.domain.summaries import SessionSummary
from dialogcafe.domain.translations import text_direction
from dialogcafe.exports import bidi_text
from dialogcafe.exports.labels import Translate, language_tag, untranslated
from dialogcafe.exports.pdf_fonts import BOLD, REGULAR, glyphs, printable
from dialogcafe.exports.report import (
    PAGE_MARGIN_CM,
    TEXT_WIDTH_CM,
    Block,
    Chart,
    DocumentInfo,
    Field,
    Grid,
    Heading,
    PageBreak,
    Text,
    cafe_document_info,
    report_blocks,
)

_INK = colors.HexColor("#1A1A1A")
_MUTED = colors.HexColor("#4A4A4A")  # as in the Word report: 9:1 on white
_ACCENT = colors.HexColor("#0072B2")
_HEADER_FILL = colors.HexColor("#E8EEF4")
_LINES = colors.HexColor("#9A9A9A")
_LONGEST_CELL = 4_000
_LONGEST_WORD = 30  # letters: about 7 cm of 9 pt text, the narrowest text column


def _markup(text: str) -> str:
    """Text as a Paragraph's mini-markup: escaped, with its line breaks kept, and a "word"
    longer than a column (a pasted link, a stored row of 50,000 letters) cut into pieces
    that wrap: reportlab splits one long word letter by letter, in quadratic time. An
    Arabic name in a left-to-right line is shaped and reversed (bidi_text.py)."""
    lines = (
        " ".join(
            word[i : i + _LONGEST_WORD]
            for word in line.split(" ")
            for i in range(0, len(word) or 1, _LONGEST_WORD)
        )
        for line in printable(_left_to_right(text)).split("\n")
    )
    return "<br/>".join(escape(line) for line in lines)


def _left_to_right(text: str) -> str:
    if not bidi_text.has_right_to_left(text):
        return text
    return "\n".join(bidi_text.visual(line, "ltr") for line in text.split("\n"))


class _RightToLeft(Flowable):
    """A paragraph that runs right to left (an Arabic input): wrapped here, on the logical
    words, then each line laid out in visual order and set flush right. reportlab alone
    would draw it left to right, its letters unjoined (bidi_text.py)."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text, self.style = text, style
        self._inner: Paragraph | None = None

    def _lines(self, width: float) -> list[str]:
        measure = self.style.fontName, self.style.fontSize
        lines: list[str] = []
        for paragraph in self.text.split("\n"):
            line = ""
            words = (  # a word longer than a column is cut, as in _markup
                word[i : i + _LONGEST_WORD]
                for word in paragraph.split(" ")
                for i in range(0, len(word) or 1, _LONGEST_WORD)
            )
            for word in words:
                candidate = f"{line} {word}" if line else word
                shaped = printable(bidi_text.shape(candidate))
                if line and pdfmetrics.stringWidth(shaped, *measure) > width:
                    lines.append(line)
                    line = word
                else:
                    line = candidate
            lines.append(line)
        return [printable(bidi_text.visual(line, "rtl")) for line in lines]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        style = ParagraphStyle(f"{self.style.name}-rtl", self.style, alignment=TA_RIGHT)
        markup = "<br/>".join(escape(line) for line in self._lines(available_width - 2))
        self._inner = Paragraph(markup, style)
        width, height = self._inner.wrap(available_width, available_height)
        self.width, self.height = width, height
        return width, height

    def split(self, available_width: float, available_height: float) -> list[Any]:
        self.wrap(available_width, available_height)
        assert self._inner is not None
        return self._inner.split(available_width, available_height)

    def draw(self) -> None:
        assert self._inner is not None
        self._inner.drawOn(self.canv, 0, 0)

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)


def _paragraph(text: str, style: ParagraphStyle) -> Flowable:
    """``text`` set the way it runs: a right-to-left one (by its first strong letter, as a
    browser's dir="auto") from the right, everything else as usual."""
    if text_direction(text) == "rtl":
        return _RightToLeft(text, style)
    return Paragraph(_markup(text), style)


@cache
def _styles() -> dict[str, ParagraphStyle]:
    glyphs()
    body = ParagraphStyle(
        "body", fontName=REGULAR, fontSize=10.5, leading=14, textColor=_INK, spaceAfter=6
    )
    return {
        "body": body,
        "muted": ParagraphStyle("muted", body, fontSize=9, leading=12, textColor=_MUTED),
        "note": ParagraphStyle(
            "note", body, fontSize=9, leading=12, textColor=_MUTED, keepWithNext=1
        ),
        "label": ParagraphStyle("label", body, fontName=BOLD, spaceAfter=2, keepWithNext=1),
        "quote": ParagraphStyle(
            "quote",
            body,
            leftIndent=0.6 * cm,
            borderPadding=(2, 0, 2, 6),
            borderColor=_ACCENT,
            borderWidth=0,
            textColor=_INK,
            spaceAfter=10,
        ),
        "caption": ParagraphStyle(
            "caption", body, fontSize=9, leading=12, textColor=_MUTED, alignment=TA_CENTER
        ),
        "cell": ParagraphStyle("cell", body, fontSize=9, leading=11.5, spaceAfter=0),
        "head": ParagraphStyle("head", body, fontName=BOLD, fontSize=9, leading=11.5),
        0: ParagraphStyle(  # type: ignore[dict-item]
            "title",
            body,
            fontName=BOLD,
            fontSize=26,
            leading=32,
            spaceAfter=18,
        ),
        1: ParagraphStyle(  # type: ignore[dict-item]
            "h1",
            body,
            fontName=BOLD,
            fontSize=17,
            leading=22,
            spaceBefore=6,
            spaceAfter=10,
            textColor=_ACCENT,
            keepWithNext=1,
        ),
        2: ParagraphStyle(  # type: ignore[dict-item]
            "h2",
            body,
            fontName=BOLD,
            fontSize=13,
            leading=17,
            spaceBefore=10,
            spaceAfter=6,
            keepWithNext=1,
        ),
        3: ParagraphStyle(  # type: ignore[dict-item]
            "h3",
            body,
            fontName=BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        4: ParagraphStyle(  # type: ignore[dict-item]
            "h4",
            body,
            fontName=BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=6,
            spaceAfter=3,
            textColor=_MUTED,
            keepWithNext=1,
        ),
    }


class _Bookmark(Flowable):
    """An invisible mark that puts the heading after it into the PDF's outline."""

    def __init__(self, title: str, level: int) -> None:
        super().__init__()
        self.title, self.level = title, level
        self.width = self.height = 0
        # Kept with its heading, or a chain of headings and notes kept together breaks here.
        self.keepWithNext = 1

    def draw(self) -> None:
        key = f"h{id(self)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(self.title, key, level=self.level - 1, closed=False)


def _cell(text: str) -> str:
    """A cell's text, at most :data:`_LONGEST_CELL` characters: an input holds at most 1,000
    (``posting.MAX_POST_LENGTH``), but a row stored otherwise could hold a book, and a row
    split over dozens of pages takes reportlab minutes."""
    return text if len(text) <= _LONGEST_CELL else text[: _LONGEST_CELL - 1] + "…"


def _grid(grid: Grid) -> Table:
    styles = _styles()
    rows = [[Paragraph(_markup(text), styles["head"]) for text in grid.header]]
    rows += [[_paragraph(_cell(text), styles["cell"]) for text in row] for row in grid.rows]
    table = Table(
        rows, colWidths=[w * cm for w in grid.widths], repeatRows=1, hAlign="LEFT", splitInRow=1
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, _LINES),
                ("BACKGROUND", (0, 0), (-1, 0), _HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _flowables(block: Block) -> list[Any]:
    styles = _styles()
    if isinstance(block, Heading):
        title = printable(block.text)
        paragraph = _paragraph(block.text, styles[block.level])  # type: ignore[index]
        if not block.level:  # the title page: the title a third down the page
            return [Spacer(1, 5 * cm), paragraph]
        return [_Bookmark(title, block.level), paragraph]
    if isinstance(block, Text):
        return [_paragraph(block.text, styles[block.style])]
    if isinstance(block, Field):
        return [Paragraph(f"<b>{_markup(block.label)}:</b> {_markup(block.value)}", styles["body"])]
    if isinstance(block, Grid):
        return [_grid(block), Spacer(1, 8)]
    if isinstance(block, Chart):
        width = TEXT_WIDTH_CM * cm
        image = Image(io.BytesIO(block.png), width=width, height=width * 9 / 16)
        return [KeepTogether([image, Paragraph(_markup(block.caption), styles["caption"])])]
    if isinstance(block, PageBreak):
        return [PdfPageBreak()]
    raise TypeError(f"no PDF layout for {block!r}")  # pragma: no cover - every Block is above


def render_pdf(
    summary: SessionSummary, translate: Translate = untranslated, *, language: str = ""
) -> bytes:
    """The report (:func:`report.report_blocks`) as an A4 PDF with page numbers."""
    summary = clean_strings(summary)
    return render_blocks_pdf(
        report_blocks(summary, translate, language),
        cafe_document_info(summary, translate),
        translate,
        language=language,
    )


def render_blocks_pdf(
    blocks: Iterable[Block], info: DocumentInfo, translate: Translate, *, language: str = ""
) -> bytes:
    """Any report's blocks (a café's, a project's) as an A4 PDF with page numbers."""
    story = [f for block in blocks for f in _flowables(block)]
    output = io.BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=A4,
        leftMargin=PAGE_MARGIN_CM * cm,
        rightMargin=PAGE_MARGIN_CM * cm,
        topMargin=PAGE_MARGIN_CM * cm,
        bottomMargin=PAGE_MARGIN_CM * cm,
        title=printable(info.title),
        subject=info.subject,
        author="Dialogkafé",
        creator="Dialogkafé",
        lang=language_tag(language) or None,
        invariant=True,
    )
    page_label = translate(N_("Page {page}"))

    def number(canvas: Any, doc: Any) -> None:
        """The page number at the foot of every page but the title page."""
        if doc.page == 1:
            return
        canvas.saveState()
        canvas.setFont(REGULAR, 8.5)
        canvas.setFillColor(_MUTED)
        canvas.drawCentredString(A4[0] / 2, 1.3 * cm, page_label.format(page=doc.page))
        canvas.restoreState()

    document.build(story, onFirstPage=number, onLaterPages=number)
    return output.getvalue()
