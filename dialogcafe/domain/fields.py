"""What anything sent to the café may hold, cleaned once and checked with one wording.

Clients are untrusted: both edges (``web/inbound_request.py``, ``realtime/events.py``) pass
every value through :func:`clean_value` before any rule sees it, and rules read fields only
with :func:`whole_number`, :func:`flag` and :func:`text`, so every field is refused the same
way. What cleaning does and why: docs/security.md. No Flask here, so both edges share it.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any, TypeGuard

from dialogcafe.domain import errors
from dialogcafe.domain.errors import N_
from dialogcafe.domain.output_text import clean_for_output

MAX_DEPTH = 8
MAX_ITEMS = 5_000
MAX_SAFE_INTEGER = 2**53 - 1
# A form or query field read as a number: more digits than this is no count or id of ours.
MAX_NUMBER_DIGITS = 9


def clean_text(text: str) -> str:
    """``text`` as it may be stored: the same rule the exports apply to whatever the
    database holds (``output_text.clean_for_output``), so one rule decides what a text may
    contain, going in and coming out."""
    return clean_for_output(text)


def clean_value(value: Any) -> Any:
    """A JSON-shaped ``value`` with every text cleaned; :class:`errors.BadRequest` when a
    number is out of range or the value nests too deep or holds too much."""
    budget = [MAX_ITEMS]
    return _clean(value, 0, budget)


def _clean(value: Any, depth: int, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise errors.BadRequest(detail=N_("The request holds too many values."))
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise errors.BadRequest(detail=N_("A number in the request is too large."))
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise errors.BadRequest(detail=N_("A number in the request is not a number."))
        return value
    if depth >= MAX_DEPTH:
        raise errors.BadRequest(detail=N_("The request is nested too deeply."))
    if isinstance(value, dict):
        return {
            clean_text(str(key)): _clean(item, depth + 1, budget) for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_clean(item, depth + 1, budget) for item in value]
    # Anything else (bytes from a binary socket packet): not a shape the café reads.
    raise errors.BadRequest(detail=N_("The request holds a value of an unknown kind."))


def form_number(raw: str) -> object:
    """A form or query field as an ``int`` when it is a short run of digits, else as sent,
    so the rule that reads it refuses it with its own message (never an overflow)."""
    raw = raw.strip()
    if raw.isdecimal() and len(raw) <= MAX_NUMBER_DIGITS:
        return int(raw)
    return raw


def is_whole_number(value: object) -> TypeGuard[int]:
    """An ``int`` that is no ``bool``: Python counts ``True`` as 1, but JSON's ``true`` is no
    count or id."""
    return isinstance(value, int) and not isinstance(value, bool)


def whole_number(
    value: object, *, field: str, minimum: int, maximum: int, problem: str | None = None
) -> int:
    """``value`` as a whole number from ``minimum`` to ``maximum`` for ``field``.

    By default the refusal says which was wrong ("must be a whole number", or "must be
    between {low} and {high}"); a field whose one ``problem`` says both passes its own.
    """
    if problem is not None:
        if not is_whole_number(value) or not minimum <= value <= maximum:
            raise errors.InvalidField(field=field, problem=problem, low=minimum, high=maximum)
        return value
    if not is_whole_number(value):
        raise errors.InvalidField(field=field, problem=N_("must be a whole number"))
    if not minimum <= value <= maximum:
        raise errors.InvalidField(
            field=field, problem=N_("must be between {low} and {high}"), low=minimum, high=maximum
        )
    return value


def flag(value: object, *, field: str) -> bool:
    """``value`` as a switch: only a real ``true`` or ``false``, never ``"false"`` or 0."""
    if not isinstance(value, bool):
        raise errors.InvalidField(field=field, problem=N_("must be true or false"))
    return value


def text(
    value: object, *, field: str, max_length: int, required: bool = False, one_line: bool = False
) -> str:
    """``value`` as a trimmed text of at most ``max_length`` characters for ``field``.

    ``None`` reads as no text. ``one_line`` also turns every run of spaces and line breaks
    into one space (a name, not a paragraph); ``required`` refuses an empty text.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise errors.InvalidField(field=field, problem=N_("must be text"))
    value = " ".join(value.split()) if one_line else value.strip()
    if required and not value:
        raise errors.InvalidField(field=field, problem=N_("is required"))
    if len(value) > max_length:
        raise errors.InvalidField(
            field=field, problem=N_("at most {limit} characters"), limit=max_length
        )
    return value


def calendar_date(value: object, *, field: str) -> date | None:
    """``value`` as a day written ``YYYY-MM-DD`` (what a date input sends); ``None`` or ``""``
    reads as no date."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise errors.InvalidField(field=field, problem=N_("must be a date written YYYY-MM-DD"))
