"""Right-to-left text for the PDF: Arabic letters joined, and lines in visual order.

reportlab draws characters one after another, left to right, as stored: an Arabic input
came out as separate letters in reverse order. Its own support needs two optional native
packages (uharfbuzz for shaping, rlbidi for order) that this app does not ship, so the
PDF does the two steps a café needs itself, with the bundled DejaVu Sans, which has the
Arabic presentation forms:

* shaping: each Arabic (and Persian) letter becomes its isolated, final, initial or medial
  form by its neighbours, and lām–alif becomes one ligature;
* ordering: a right-to-left line is laid out from the right; runs of Latin letters and
  numbers inside it keep their own order, and brackets are mirrored. A left-to-right line
  with an Arabic name in it reverses only that name.

It is the simple case of the Unicode bidi algorithm (one level of embedding), which is
what a café's inputs hold; the direction of a paragraph comes from
``domain.translations.text_direction``, as the web pages' ``dir="auto"`` decides.
"""

from __future__ import annotations

import unicodedata

# letter: (isolated, final, initial, medial); only two forms: joins on the right side only.
_FORMS: dict[str, tuple[int, ...]] = {
    "\u0621": (0xFE80,),
    "\u0622": (0xFE81, 0xFE82),
    "\u0623": (0xFE83, 0xFE84),
    "\u0624": (0xFE85, 0xFE86),
    "\u0625": (0xFE87, 0xFE88),
    "\u0626": (0xFE89, 0xFE8A, 0xFE8B, 0xFE8C),
    "\u0627": (0xFE8D, 0xFE8E),
    "\u0628": (0xFE8F, 0xFE90, 0xFE91, 0xFE92),
    "\u0629": (0xFE93, 0xFE94),
    "\u062a": (0xFE95, 0xFE96, 0xFE97, 0xFE98),
    "\u062b": (0xFE99, 0xFE9A, 0xFE9B, 0xFE9C),
    "\u062c": (0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0),
    "\u062d": (0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4),
    "\u062e": (0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8),
    "\u062f": (0xFEA9, 0xFEAA),
    "\u0630": (0xFEAB, 0xFEAC),
    "\u0631": (0xFEAD, 0xFEAE),
    "\u0632": (0xFEAF, 0xFEB0),
    "\u0633": (0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4),
    "\u0634": (0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8),
    "\u0635": (0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC),
    "\u0636": (0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0),
    "\u0637": (0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4),
    "\u0638": (0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8),
    "\u0639": (0xFEC9, 0xFECA, 0xFECB, 0xFECC),
    "\u063a": (0xFECD, 0xFECE, 0xFECF, 0xFED0),
    "\u0640": (0x0640, 0x0640, 0x0640, 0x0640),
    "\u0641": (0xFED1, 0xFED2, 0xFED3, 0xFED4),
    "\u0642": (0xFED5, 0xFED6, 0xFED7, 0xFED8),
    "\u0643": (0xFED9, 0xFEDA, 0xFEDB, 0xFEDC),
    "\u0644": (0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0),
    "\u0645": (0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4),
    "\u0646": (0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8),
    "\u0647": (0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC),
    "\u0648": (0xFEED, 0xFEEE),
    "\u0649": (0xFEEF, 0xFEF0, 0xFBE8, 0xFBE9),
    "\u064a": (0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4),
    "\u067e": (0xFB56, 0xFB57, 0xFB58, 0xFB59),  # Persian pe
    "\u0686": (0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D),  # che
    "\u0698": (0xFB8A, 0xFB8B),  # zhe
    "\u06a9": (0xFB8E, 0xFB8F, 0xFB90, 0xFB91),  # keheh
    "\u06af": (0xFB92, 0xFB93, 0xFB94, 0xFB95),  # gaf
    "\u06cc": (0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF),  # Farsi yeh
}
# lām followed by an alif: one ligature (isolated, final)
_LAM_ALEF = {
    "\u0622": (0xFEF5, 0xFEF6),
    "\u0623": (0xFEF7, 0xFEF8),
    "\u0625": (0xFEF9, 0xFEFA),
    "\u0627": (0xFEFB, 0xFEFC),
}
_LAM = "\u0644"
_MIRROR = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<",
           "«": "»", "»": "«"}  # fmt: skip


def _transparent(char: str) -> bool:
    """Harakat and other marks: they sit on a letter and do not break its joining."""
    return unicodedata.category(char) == "Mn"


def _joins_left(char: str | None) -> bool:
    """Whether ``char`` connects to the letter after it (it has an initial form)."""
    return char is not None and len(_FORMS.get(char, ())) == 4


def _joins(char: str | None) -> bool:
    return char is not None and char in _FORMS and char != "\u0621"


def shape(text: str) -> str:
    """Arabic letters in ``text`` replaced by their joined presentation forms (logical
    order kept: :func:`visual` lays the line out)."""
    letters = list(text)
    out: list[str] = []
    previous: str | None = None  # the last letter before this one, marks skipped
    index = 0
    while index < len(letters):
        char = letters[index]
        if char not in _FORMS:
            out.append(char)
            if not _transparent(char):
                previous = None
            index += 1
            continue
        following = _next_letter(letters, index + 1)
        joined_before = _joins_left(previous)
        if char == _LAM and following is not None and following[0] in _LAM_ALEF:
            isolated, final = _LAM_ALEF[following[0]]
            out.append(chr(final if joined_before else isolated))
            out.extend(letters[index + 1 : following[1]])  # marks on the lām
            previous = letters[following[1]]  # an alif: nothing joins after it
            index = following[1] + 1
            continue
        forms = _FORMS[char]
        joined_after = _joins_left(char) and following is not None and _joins(following[0])
        if joined_before and joined_after:
            form = forms[3]
        elif joined_before:
            form = forms[1] if len(forms) > 1 else forms[0]
        elif joined_after:
            form = forms[2]
        else:
            form = forms[0]
        out.append(chr(form))
        previous = char
        index += 1
    return "".join(out)


def _next_letter(letters: list[str], start: int) -> tuple[str, int] | None:
    for index in range(start, len(letters)):
        if not _transparent(letters[index]):
            return letters[index], index
    return None


def _strength(char: str) -> str:
    """``"R"`` (right-to-left letter), ``"L"`` (left-to-right letter or a number) or ``"N"``."""
    kind = unicodedata.bidirectional(char)
    if kind in ("R", "AL"):
        return "R"
    if kind in ("L", "EN", "AN"):
        return "L"
    return "N"


def _runs(line: str, base: str) -> list[tuple[str, str]]:
    """``line`` cut into runs of one direction; neutrals between two runs of the same
    direction join them, otherwise they take the base direction."""
    strengths = [_strength(c) for c in line]
    resolved = list(strengths)
    for index, strength in enumerate(strengths):
        if strength != "N":
            continue
        before = next((s for s in reversed(strengths[:index]) if s != "N"), base)
        after = next((s for s in strengths[index + 1 :] if s != "N"), base)
        resolved[index] = before if before == after else base
    runs: list[tuple[str, str]] = []
    for char, direction in zip(line, resolved, strict=True):
        if runs and runs[-1][0] == direction:
            runs[-1] = (direction, runs[-1][1] + char)
        else:
            runs.append((direction, char))
    return runs


def _reversed_run(run: str) -> str:
    return "".join(_MIRROR.get(c, c) for c in reversed(run))


def visual(line: str, direction: str) -> str:
    """One line (no line breaks) shaped and in the order it is drawn left to right."""
    base = "R" if direction == "rtl" else "L"
    runs = _runs(shape(line), base)
    if base == "R":
        runs.reverse()
    return "".join(_reversed_run(text) if kind == "R" else text for kind, text in runs)


def has_right_to_left(text: str) -> bool:
    return any(_strength(c) == "R" for c in text)
