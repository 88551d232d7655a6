"""Printed material for the room: a folded table card per table and a poster for the door.

One A4 page per table, folded across the middle into a tent that stands on the table: both
halves carry the same face (the top one upside down, so each side reads upright once
folded) with the table number, the table's first question in large type, and the join QR
code with its short code and link. A last page is a poster for the door with a big QR code.
People on old phones or without a camera type the code instead, so it is printed large and
never on its own without the link.

Drawn on a reportlab canvas in the bundled DejaVu fonts; the QR code is drawn as vector
squares from the ``qrcode`` matrix, so it stays sharp on any printer.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

import qrcode
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from dialogcafe.domain.errors import N_
from dialogcafe.exports.labels import Translate, language_tag, untranslated
from dialogcafe.exports.pdf_fonts import BOLD, REGULAR, glyphs, printable

_INK = colors.HexColor("#1A1A1A")
_MUTED = colors.HexColor("#4A4A4A")
_ACCENT = colors.HexColor("#0B5D4B")  # the app's green: 7.4:1 on white
_FOLD = colors.HexColor("#9A9A9A")
_PAGE_WIDTH, _PAGE_HEIGHT = A4
_FACE_HEIGHT = _PAGE_HEIGHT / 2  # an A5 landscape face on each half of the fold
_MARGIN = 14 * mm
_CARD_QR = 52 * mm
_POSTER_QR = 120 * mm
_QUESTION_SIZES = (40, 34, 30, 26, 22, 19, 16, 14, 12)  # points: the largest that fits


@dataclass(frozen=True)
class CardTable:
    """One table as its card shows it."""

    number: int
    question: str


@dataclass(frozen=True)
class RoomPrint:
    """What the printed material shows: the café, how to join, and each table's question."""

    title: str
    join_url: str
    join_code: str
    questions_move: bool  # then the card's question is only the first round's
    tables: tuple[CardTable, ...]


def render_table_cards(
    room: RoomPrint, translate: Translate = untranslated, *, language: str = ""
) -> bytes:
    """The table cards, one A4 page each, then the door poster, as one PDF."""
    glyphs()  # registers the fonts
    output = io.BytesIO()
    canvas = Canvas(output, pagesize=A4, invariant=True, lang=language_tag(language) or None)
    canvas.setTitle(printable(room.title))
    canvas.setSubject(translate(N_("Table cards and poster")))
    canvas.setAuthor("Dialogkafé")
    canvas.setCreator("Dialogkafé")
    matrix = _qr_matrix(room.join_url)
    for table in room.tables:
        _table_page(canvas, room, table, matrix, translate)
        canvas.showPage()
    _poster_page(canvas, room, matrix, translate)
    canvas.showPage()
    canvas.save()
    return output.getvalue()


def _qr_matrix(link: str) -> list[list[bool]]:
    """The QR code's modules (True is dark), without the quiet zone (the page gives it)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(link)
    code.make(fit=True)
    return code.get_matrix()


def _draw_qr(canvas: Canvas, matrix: list[list[bool]], x: float, y: float, size: float) -> None:
    """The QR code as dark squares in a ``size`` square whose lower-left corner is x, y;
    each row's runs of dark modules are one rectangle (fewer shapes, no hairline gaps)."""
    module = size / len(matrix)
    canvas.setFillColor(colors.black)
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 1) * module
        for start, length in _dark_runs(row):
            canvas.rect(x + start * module, top, length * module, module, stroke=0, fill=1)


def _dark_runs(row: list[bool]) -> Iterator[tuple[int, int]]:
    """(start, length) of every run of dark modules in one row."""
    start = None
    for index, dark in enumerate([*row, False]):
        if dark and start is None:
            start = index
        elif not dark and start is not None:
            yield start, index - start
            start = None


def _table_page(
    canvas: Canvas,
    room: RoomPrint,
    table: CardTable,
    matrix: list[list[bool]],
    t: Translate,
) -> None:
    """One table's tent card: the face below the fold, and again upside down above it."""
    _card_face(canvas, room, table, matrix, t)
    canvas.saveState()
    canvas.translate(_PAGE_WIDTH, _PAGE_HEIGHT)
    canvas.rotate(180)
    _card_face(canvas, room, table, matrix, t)
    canvas.restoreState()
    canvas.saveState()
    canvas.setStrokeColor(_FOLD)
    canvas.setDash(4, 4)
    canvas.setLineWidth(0.6)
    canvas.line(0, _FACE_HEIGHT, _PAGE_WIDTH, _FACE_HEIGHT)
    canvas.setFont(REGULAR, 7.5)
    canvas.setFillColor(_MUTED)
    canvas.drawRightString(_PAGE_WIDTH - 6 * mm, _FACE_HEIGHT + 1.5 * mm, t(N_("Fold here")))
    canvas.restoreState()


def _card_face(
    canvas: Canvas,
    room: RoomPrint,
    table: CardTable,
    matrix: list[list[bool]],
    t: Translate,
) -> None:
    """One A5 face with its lower-left corner at the origin."""
    qr_x = _PAGE_WIDTH - _MARGIN - _CARD_QR
    qr_y = _FACE_HEIGHT - _MARGIN - _CARD_QR - 4 * mm
    _draw_qr(canvas, matrix, qr_x, qr_y, _CARD_QR)
    centre = qr_x + _CARD_QR / 2
    _centred(canvas, t(N_("Scan to join")), centre, qr_y - 8 * mm, BOLD, 14, _INK)
    _centred(canvas, t(N_("or type the code")), centre, qr_y - 15 * mm, REGULAR, 12, _MUTED)
    _centred(canvas, _spaced(room.join_code), centre, qr_y - 26 * mm, BOLD, 24, _INK)
    _fitted(canvas, room.join_url, centre, qr_y - 34 * mm, _CARD_QR + 10 * mm, 11)

    left = _MARGIN
    text_width = qr_x - left - 12 * mm
    top = _FACE_HEIGHT - _MARGIN
    canvas.setFillColor(_ACCENT)
    canvas.setFont(BOLD, 54)
    canvas.drawString(left, top - 48, t(N_("Table {number}")).format(number=table.number))
    label = N_("First question") if room.questions_move else N_("Question")
    canvas.setFillColor(_MUTED)
    canvas.setFont(REGULAR, 11)
    canvas.drawString(left, top - 72, t(label).upper())
    _question(canvas, table.question, left, top - 80, text_width, top - 80 - (_MARGIN + 14))
    canvas.setFont(REGULAR, 8.5)
    canvas.setFillColor(_MUTED)
    canvas.drawString(left, _MARGIN - 4 * mm, _clipped(f"Dialogkafé · {room.title}", text_width))


def _question(canvas: Canvas, text: str, x: float, top: float, width: float, height: float) -> None:
    """The question in the largest size that fits ``width`` × ``height`` below ``top``."""
    markup = escape(printable(text))
    for size in _QUESTION_SIZES:
        style = ParagraphStyle("q", fontName=BOLD, fontSize=size, leading=size * 1.22)
        paragraph = Paragraph(markup, style)
        _, used = paragraph.wrap(width, height)
        if used <= height or size == _QUESTION_SIZES[-1]:
            paragraph.drawOn(canvas, x, top - min(used, height))
            return


def _poster_page(canvas: Canvas, room: RoomPrint, matrix: list[list[bool]], t: Translate) -> None:
    """A poster for the door: the café's name, a big QR code, the code and the link."""
    centre = _PAGE_WIDTH / 2
    top = _PAGE_HEIGHT - 22 * mm
    _centred(canvas, "Dialogkafé", centre, top, REGULAR, 14, _MUTED)
    title_style = ParagraphStyle(
        "title", fontName=BOLD, fontSize=30, leading=36, alignment=TA_CENTER, textColor=_INK
    )
    title = Paragraph(escape(printable(room.title)), title_style)
    width = _PAGE_WIDTH - 2 * 25 * mm
    _, used = title.wrap(width, 60 * mm)
    title.drawOn(canvas, 25 * mm, top - 12 * mm - used)
    below_title = top - 12 * mm - used
    _centred(
        canvas, t(N_("Join from your phone")), centre, below_title - 16 * mm, BOLD, 24, _ACCENT
    )
    qr_top = below_title - 26 * mm
    _draw_qr(canvas, matrix, centre - _POSTER_QR / 2, qr_top - _POSTER_QR, _POSTER_QR)
    under = qr_top - _POSTER_QR
    _centred(
        canvas,
        t(N_("Point your phone's camera at the code.")),
        centre,
        under - 12 * mm,
        REGULAR,
        14,
        _INK,
    )
    _centred(
        canvas,
        t(N_("No camera? Open this address and type the code:")),
        centre,
        under - 24 * mm,
        REGULAR,
        12,
        _MUTED,
    )
    _fitted(canvas, room.join_url, centre, under - 32 * mm, width, 14)
    _centred(canvas, _spaced(room.join_code), centre, under - 50 * mm, BOLD, 44, _INK)
    _centred(canvas, t(N_("You do not need an account.")), centre, 20 * mm, REGULAR, 12, _MUTED)


def _centred(
    canvas: Canvas, text: str, x: float, y: float, font: str, size: float, colour: colors.Color
) -> None:
    canvas.setFont(font, size)
    canvas.setFillColor(colour)
    canvas.drawCentredString(x, y, printable(text))


def _fitted(canvas: Canvas, text: str, x: float, y: float, width: float, size: float) -> None:
    """A link centred on ``x``, made smaller until it fits ``width`` (never wrapped: a
    broken link is worse than a small one)."""
    text = printable(text)
    while size > 6 and stringWidth(text, REGULAR, size) > width:
        size -= 0.5
    _centred(canvas, text, x, y, REGULAR, size, _INK)


def _clipped(text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` at the footer's 8.5 pt."""
    text = printable(text)
    while text and stringWidth(text, REGULAR, 8.5) > width:
        text = text[:-2] + "…"
    return text


def _spaced(code: str) -> str:
    """A code with thin gaps between its letters, easier to read and type from paper."""
    return " ".join(code)
