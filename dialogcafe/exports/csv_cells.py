"""The one guard every CSV file puts on its text cells, against spreadsheet formula injection.

Spreadsheets run a cell that starts like a formula (``=``, ``+``, ``-``, ``@``, or a tab or
carriage return in front of one), so a participant's words could run in the organiser's
spreadsheet. Both the summary CSV and the moderation log guard their cells with
:func:`plain_text_cell`, after the text is cleaned (``output_text``): a stored control
character in front cannot hide a leading ``=``.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain_text_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it literally: a leading ``'`` stops a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text
