"""Text that every export format can hold, whatever the database holds.

New input is cleaned where it arrives, but rows stored before that (or written by another
tool) may still carry NUL and other control characters, code points XML 1.0 forbids
(``U+FFFE``, ``U+FFFF``) or lone surrogates. One of them made the Word report fail
(lxml refuses it) and a surrogate failed every format at UTF-8 encoding, so the report could
not be downloaded and closing a café answered 500. Every renderer therefore passes the
summary through :func:`clean_for_output` first: one rule for Markdown, CSV, JSON and DOCX.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

# What stays: tab, newline and every character XML 1.0 allows, minus the C1 controls and
# DEL (allowed by XML, but invisible and meaningless in a report). Right-to-left marks,
# zero-width joiners, emoji and every script stay as they are.
_NOT_PRINTABLE = re.compile("[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")

T = TypeVar("T")


def clean_for_output(text: str) -> str:
    """``text`` with only characters every export format can hold and show.

    Line breaks become ``\\n`` (``\\r\\n`` and a lone ``\\r`` alike), a surrogate pair
    written as two halves becomes its character, a lone surrogate becomes U+FFFD (something
    was there), and control characters and XML-invalid code points are dropped. Clean text
    comes back unchanged (the same object).
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if _NOT_PRINTABLE.search(text) is None:
        return text
    return _NOT_PRINTABLE.sub("", text)


def clean_strings(value: T) -> T:
    """``value`` with :func:`clean_for_output` applied to every string inside it.

    Walks frozen dataclasses, tuples and lists, so a field added to the summary later is
    covered without anyone remembering to; anything unchanged comes back as the same object.
    """
    return _clean(value)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_for_output(value)
    if isinstance(value, tuple | list):
        items = [_clean(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            if not field.init:
                continue
            old = getattr(value, field.name)
            new = _clean(old)
            if new is not old:
                changes[field.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
