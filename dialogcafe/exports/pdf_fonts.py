"""The bundled PDF fonts (DejaVu Sans, ``fonts/``) and text they can draw, for every PDF.

Registered once per process; shared by the report and the printed table cards, so both draw
æøå, Cyrillic and Greek the same way and a character the font lacks never leaves a box.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS = Path(__file__).parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"


@cache
def glyphs() -> frozenset[int]:
    """Register the bundled fonts once; the code points the regular face can draw."""
    regular = TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
    return frozenset(regular.face.charToGlyph)


def printable(text: str) -> str:
    """``text`` with only characters the font has: a letter it lacks falls back to its base
    letter (ő → o), joiners and variation selectors go, anything else becomes "?"."""
    drawable = glyphs()
    out = []
    for char in unicodedata.normalize("NFC", text):
        if unicodedata.category(char) == "Cf" or 0xFE00 <= ord(char) <= 0xFE0F:
            continue  # invisible joiners and selectors: nothing to draw
        if ord(char) in drawable or char == "\n":
            out.append(char)
        elif unicodedata.category(char) == "Mn":
            continue
        else:
            base = unicodedata.normalize("NFKD", char)[:1]
            out.append(base if base and ord(base) in drawable and base != char else "?")
    return "".join(out)
